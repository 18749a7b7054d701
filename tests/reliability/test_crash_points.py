"""SIGKILL at random points of the pledge flow, restart, carry on: nothing lost, nothing doubled.

The bot runs as a real `python -m bot run` process (tests/flows/test_crash_recovery.py's
spawn) against the in-test emulator. At random steps of the flow the delegate acts and the
process is killed a random few milliseconds later: before the update is fetched, while it is
handled, between the commit and the answer. A new process starts; the delegate looks at what
they see and, as people do, does the step again only if it does not show as done. At the end
the pledge holds its title and both lines once, the group heard of it once, and the delegate
saw one confirmation. `SOAK=1` kills at more points, over more runs.
"""

from __future__ import annotations

import asyncio
import random
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.emulator import BotApiEmulator
from tests.flows.conftest import ALICE, Harness
from tests.flows.test_crash_recovery import _spawn
from tests.flows.year_setup import make_bloc, open_year, pledge_of
from tests.reliability.conftest import SOAK, scaled
from tests.reliability.test_faults import STEPS, Step

#: What the delegate does at each step of test_faults.STEPS, straight on the emulator (the
#: bot is another process: nothing here waits for it).
ACTS: dict[str, Callable[[BotApiEmulator], object]] = {
    "/pledge": lambda e: e.send_text(ALICE, ALICE, "/pledge"),
    "title": lambda e: e.press(ALICE, ALICE, text="Bằng khen"),
    "next": lambda e: e.press(ALICE, ALICE, text="Tiếp"),
    "text 9": lambda e: e.send_text(ALICE, ALICE, "Dòng một."),
    "text 19": lambda e: e.send_text(ALICE, ALICE, "Dòng hai."),
    "review": lambda e: e.press(ALICE, ALICE, text="Xem lại"),
    "register": lambda e: e.press(ALICE, ALICE, text="✅"),
}


class Bot:
    """The bot process: started, killed, started again."""

    def __init__(self, h: Harness, folder: Path) -> None:
        self.h, self.folder = h, folder
        self.process: subprocess.Popen[bytes] | None = None
        self.kills = 0

    async def start(self) -> None:
        polls = len(self.h.emu.calls("getUpdates"))
        self.process = _spawn(self.h, self.folder)
        for _ in range(800):  # ready once it polls
            if len(self.h.emu.calls("getUpdates")) > polls:
                return
            await asyncio.sleep(0.01)
        raise AssertionError("the bot process never polled")

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None
            self.kills += 1

    def forget_cut_connections(self) -> None:
        """A request cut by the kill is the client's doing, not an emulator bug."""
        errors = self.h.emu.internal_errors
        errors[:] = [e for e in errors if "Connection lost" not in e]


async def _shows(h: Harness, step: Step, seconds: float) -> bool:
    for _ in range(int(seconds / 0.02)):
        try:
            if step.done(h):
                return True
        except IndexError:  # no screen yet
            pass
        await asyncio.sleep(0.02)
    return False


async def _do(h: Harness, bot: Bot, step: Step, kill_after: float | None) -> None:
    """The step, perhaps with a kill `kill_after` seconds into it; again until it shows."""
    for _ in range(4):
        ACTS[step.name](h.emu)
        if kill_after is not None:
            await asyncio.sleep(kill_after)
            bot.kill()
            await bot.start()
            kill_after = None
        if await _shows(h, step, 3.0):
            return
    seen = [m.text[:60] for m in h.emu.all_bot_messages(ALICE)[-6:]]
    raise AssertionError(f"step {step.name} never showed as done; the delegate saw {seen}")


@pytest.mark.parametrize("run", range(scaled(1, 6)))
async def test_sigkill_at_random_points_of_the_pledge_flow(
    harness: Harness, tmp_path: Path, run: int
) -> None:
    rng = random.Random(run if not SOAK else None)
    await harness.start()
    bloc = await make_bloc(harness, delegates={"DLK": [ALICE]})
    await open_year(harness)
    await harness.say(ALICE, ALICE, "/start")
    await harness.stop()
    group_before = len(harness.emu.bot_messages(harness.group))
    kills = set(rng.sample(range(len(STEPS)), scaled(2, len(STEPS))))
    bot = Bot(harness, tmp_path)
    await bot.start()
    try:
        for i, step in enumerate(STEPS):
            await _do(harness, bot, step, rng.uniform(0.0, 0.25) if i in kills else None)
        await asyncio.sleep(0.3)  # a doubled group line or confirmation would show by now
    finally:
        bot.kill()
        bot.forget_cut_connections()
    await harness.start()
    await harness.settle()
    pledge = await pledge_of(harness, bloc, "DLK")
    assert pledge is not None and pledge.commitments == "Dòng một.\nDòng hai.", pledge
    assert len(pledge.title_ids) == 1
    lines = [m.text for m in harness.emu.bot_messages(harness.group)[group_before:]]
    assert lines.count("✅ DLK đã đăng ký thi đua — 1/3 đơn vị") == 1, lines
    seen = [m.text for m in harness.emu.bot_messages(ALICE) if "Đã đăng ký thi đua" in m.text]
    assert len(seen) == 1, seen
    assert bot.kills == len(kills) + 1

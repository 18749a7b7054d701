"""SIGKILL at random points of the flows, restart, carry on: nothing lost, nothing doubled.

The bot runs as a real `python -m bot run` process (tests/flows/test_crash_recovery.py's
spawn) against the in-test emulator. At random steps of a flow (tests/reliability/scripts.py:
the pledge, the self-assessment) the delegate acts and the process is killed a random few
milliseconds later: before the update is fetched, while it is handled, between the commit and
the answer. A new process starts; the delegate looks at what they see and, as people do, does
the step again only if it does not show as done. At the end the flow's result is stored once
and whole, the group heard of it once, the delegate saw one confirmation. `SOAK=1` kills at
every step, over more runs (by default: one kill a flow, to stay fast).
"""

from __future__ import annotations

import asyncio
import random
import signal
import subprocess
from pathlib import Path

import pytest

from tests.flows.conftest import Harness
from tests.flows.test_crash_recovery import _spawn
from tests.reliability.conftest import SOAK, scaled
from tests.reliability.scripts import SCRIPTS, Delegate, Script, Step, poll


class BotProcess:
    """The bot as another process: started, killed, started again."""

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


CASES = [(script, run) for script in SCRIPTS for run in range(scaled(1, 4))]


@pytest.mark.parametrize(("script", "run"), CASES, ids=[f"{s.name}-{run}" for s, run in CASES])
async def test_sigkill_at_random_points_and_the_flow_is_done_once(
    harness: Harness, tmp_path: Path, script: Script, run: int
) -> None:
    rng = random.Random(None if SOAK else f"{script.name}{run}")
    await harness.start()
    scene = await script.prepare(harness)
    await harness.stop()
    group_before = len(harness.emu.bot_messages(harness.group))
    steps = len(script.steps)
    kills = set(rng.sample(range(steps), steps if SOAK else 1))
    bot = BotProcess(harness, tmp_path)

    async def kill_soon() -> None:
        await asyncio.sleep(rng.uniform(0.0, 0.25))
        bot.kill()
        await bot.start()

    async def look_again(step: Step) -> None:
        await poll(harness.emu, step, 8.0)  # an answer lost to the kill comes within ~5 s

    alice = Delegate(harness, look_again, tries=4)
    await bot.start()
    try:
        for i, step in enumerate(script.steps):
            await alice.do(step, kill_soon if i in kills else None)
        await asyncio.sleep(0.3)  # a doubled group line or confirmation would show by now
    finally:
        bot.kill()
        bot.forget_cut_connections()
    await harness.start()
    await harness.settle()
    await script.verify(harness, scene, group_before)
    assert bot.kills == len(kills) + 1

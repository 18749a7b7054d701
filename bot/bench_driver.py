"""The benchmark's people and the bot process they talk to (the emulator runs in this process).

`Watch` sees every message the bot sends or edits, per chat, so a person's step waits for
*its* answer and its latency is known. `BotProcess` starts a bot in another process and reads
that process's CPU time and resident memory (psutil), so the figures are the bot's alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bot.constants import DEPLOYED_FLAGS
from bot.emulator import BotApiEmulator

ANSWER_TIMEOUT = 20.0
MIB = 1024 * 1024


class Watch:
    """Counts the bot's sends and edits per chat, and wakes whoever waits for one."""

    def __init__(self, emu: BotApiEmulator) -> None:
        self.count: dict[int, int] = defaultdict(int)
        self._changed = asyncio.Event()
        check = emu.flood_check

        def counting(chat):  # type: ignore[no-untyped-def]
            check(chat)
            self.count[chat.id] += 1
            self._changed.set()

        emu.flood_check = counting  # type: ignore[method-assign]

    async def answer(self, chat: int, seen: int, timeout: float = ANSWER_TIMEOUT) -> bool:
        """Wait until the bot sent or edited something in `chat` beyond `seen`."""
        deadline = time.monotonic() + timeout
        while self.count[chat] <= seen:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 0.5))
        return True


@dataclass
class Tally:
    """What a phase measured: answer latencies, updates sent, unanswered steps."""

    latencies: list[float] = field(default_factory=list)
    updates: int = 0
    unanswered: int = 0
    missing_buttons: int = 0


class People:
    """Acts as people in the emulator: say, press a labelled button, and time the answer."""

    def __init__(self, emu: BotApiEmulator, watch: Watch, tally: Tally) -> None:
        self.emu, self.watch, self.tally = emu, watch, tally

    async def say(self, chat: int, user: int, text: str) -> None:
        seen = self.watch.count[chat]
        started = time.monotonic()
        self.emu.send_text(chat, user, text)
        await self._timed(chat, seen, started)

    async def press(self, chat: int, user: int, label: str, *, exact: bool = False) -> None:
        """Press the newest button whose label contains `label` (is `label`, with `exact`)."""
        seen = self.watch.count[chat]
        started = time.monotonic()
        target = self._with_button(chat, label, exact)
        if target is not None:
            self.emu.press(chat, user, message_id=target[0], data=target[1])
        else:  # the bare bot shows no buttons: press its last message, same update kind
            self.tally.missing_buttons += label != "*"
            last = self.emu.last_bot_message(chat)
            if last is None:
                return
            self.emu.press_forged(chat, user, last.message_id, "x")
        await self._timed(chat, seen, started)

    def _with_button(self, chat: int, label: str, exact: bool) -> tuple[int, str] | None:
        for message in reversed(self.emu.bot_messages(chat)):
            for row in message.buttons:
                for button in row:
                    if button.text == label or (not exact and label in button.text):
                        return message.message_id, button.callback_data or ""
        return None

    async def _timed(self, chat: int, seen: int, started: float) -> None:
        self.tally.updates += 1
        if await self.watch.answer(chat, seen):
            self.tally.latencies.append(time.monotonic() - started)
        else:
            self.tally.unanswered += 1


class BotProcess:
    """A bot in its own process: `python -m bot.bench_bot …`, stopped with SIGTERM."""

    def __init__(self, kind: str, emu: BotApiEmulator, token: str, database: Path | None) -> None:
        # Both bots run as the bot is deployed (`make run`): `-OO`, without docstrings.
        args = [sys.executable, *DEPLOYED_FLAGS, "-m", "bot.bench_bot", kind, emu.base_url, token]
        if database is not None:
            args.append(str(database))
        root = Path(__file__).resolve().parent.parent
        env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
        self.emu = emu
        self.popen = subprocess.Popen(args, env=env)
        self.process = psutil.Process(self.popen.pid)

    async def ready(self, timeout: float = 60.0) -> None:
        """Wait until the bot polls for updates (start-up and post_init done)."""
        deadline = time.monotonic() + timeout
        while not any(m.lower() == "getupdates" for m, _ in self.emu.calls()):
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the bot process did not start")
            await asyncio.sleep(0.05)

    def signal_profiler(self, on: bool) -> None:
        """With BENCH_PROFILE set, start or stop (and save) the bot's cProfile of a phase."""
        if os.environ.get("BENCH_PROFILE"):
            self.popen.send_signal(signal.SIGUSR1 if on else signal.SIGUSR2)

    def cpu_seconds(self) -> float:
        times = self.process.cpu_times()
        return times.user + times.system

    def rss_mib(self) -> float:
        return self.process.memory_info().rss / MIB

    def peak_rss_mib(self) -> float:
        """The most resident memory the process has had (Linux's VmHWM; else the current)."""
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.popen.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / MIB
        return self.rss_mib()

    async def stop(self) -> None:
        self.popen.terminate()
        for _ in range(200):
            if self.popen.poll() is not None:
                return
            await asyncio.sleep(0.05)
        self.popen.kill()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

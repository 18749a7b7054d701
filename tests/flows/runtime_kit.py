"""Helpers of the runtime tests: what the emulator accepted and when, windows over it."""

from __future__ import annotations

import time

from bot.emulator import BotApiEmulator
from bot.rate_limit import ChatRateLimiter
from tests.flows.conftest import Harness


def record_sends(emu: BotApiEmulator) -> list[tuple[float, int]]:
    """(monotonic time, chat id) of every send/edit the emulator accepted from now on."""
    accepted: list[tuple[float, int]] = []
    check = emu.flood_check

    def checking(chat):  # type: ignore[no-untyped-def]
        check(chat)
        accepted.append((time.monotonic(), chat.id))

    emu.flood_check = checking  # type: ignore[method-assign]
    return accepted


def most_in_window(times: list[float], window: float) -> int:
    """The largest number of instants inside any half-open window of `window` seconds."""
    times = sorted(times)
    best, start = 0, 0
    for end, instant in enumerate(times):
        while times[start] <= instant - window:
            start += 1
        best = max(best, end - start + 1)
    return best


def refused(emu: BotApiEmulator, status: int = 429) -> int:
    return sum(1 for r in emu.call_log if r.status == status)


def limiter_of(harness: Harness) -> ChatRateLimiter:
    assert harness.app is not None
    limiter = harness.app.bot.rate_limiter
    assert isinstance(limiter, ChatRateLimiter)
    return limiter


def add_people(emu: BotApiEmulator, first: int, count: int) -> list[int]:
    return [emu.add_user(first + i, f"Người {i}", language_code="vi") for i in range(count)]

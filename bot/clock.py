"""Time is injected: production uses the system clock, tests a clock they can move, and the
sandbox real time moved ahead by `:time`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SettableClock(Clock, Protocol):
    """A clock that can be put at an instant (`Scheduler.walk` moves one from job to job)."""

    def set(self, instant: datetime) -> None: ...


class MovableClock:
    """A clock for tests and the demo: it stands still until moved."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def move(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, instant: datetime) -> None:
        self._now = instant.astimezone(UTC)


class ShiftedClock:
    """Real time moved ahead by `offset`: the sandbox's clock.

    Why not a `MovableClock`: without `:time` the sandbox must behave as the bot does, its time
    going on by itself; `:time` only makes the offset grow (`set` to a later instant).
    """

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def set(self, instant: datetime) -> None:
        self.offset = instant.astimezone(UTC) - datetime.now(UTC)


def to_db(instant: datetime) -> str:
    """Instants are stored as ISO-8601 text in UTC (portable across SQL engines)."""
    return instant.astimezone(UTC).isoformat(timespec="seconds")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)

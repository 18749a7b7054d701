"""Flood control: Telegram's sending limits, so a bot that sends too fast gets 429s in tests.

Telegram documents roughly one message a second per private chat (short bursts tolerated),
twenty a minute per group and thirty a second overall. When a limit is hit it answers 429 with
``retry_after`` and keeps refusing that chat until the time has passed. The controller models
exactly that with a monotonic clock (injectable for tests) and never sleeps.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from .errors import ApiError, too_many_requests


@dataclass
class FloodLimits:
    """Limits applied to send/edit methods. Mutable: tests may switch them on and off."""

    enabled: bool = True
    chat_per_second: float = 1.0
    chat_burst: int = 3
    group_per_minute: int = 20
    global_per_second: int = 30


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class FloodController:
    """Decides, per request, whether Telegram would answer 429 (and consumes quota if not)."""

    def __init__(self, limits: FloodLimits, clock: Callable[[], float] = time.monotonic):
        self.limits = limits
        self.clock = clock
        self._private: dict[int, _Bucket] = {}
        self._groups: dict[int, deque[float]] = {}
        self._global: deque[float] = deque()
        self._banned_until: dict[int | None, float] = {}

    def reset(self) -> None:
        """Forget all history (for example after changing the limits)."""
        self._private.clear()
        self._groups.clear()
        self._global.clear()
        self._banned_until.clear()

    def check(self, chat_id: int, *, is_private: bool) -> None:
        """Raise a 429 :class:`ApiError` if sending to ``chat_id`` now exceeds a limit."""
        if not self.limits.enabled:
            return
        now = self.clock()
        for key in (None, chat_id):
            until = self._banned_until.get(key, 0.0)
            if until > now:
                raise too_many_requests(_seconds(until - now))
        wait = self._global_wait(now)
        if wait > 0:
            raise self._ban(None, now, wait)
        wait = self._private_wait(chat_id, now) if is_private else self._group_wait(chat_id, now)
        if wait > 0:
            raise self._ban(chat_id, now, wait)
        self._global.append(now)
        if is_private:
            self._private[chat_id].tokens -= 1
        else:
            self._groups[chat_id].append(now)

    def _ban(self, key: int | None, now: float, wait: float) -> ApiError:
        seconds = _seconds(wait)
        self._banned_until[key] = now + seconds
        return too_many_requests(seconds)

    def _global_wait(self, now: float) -> float:
        window = self._global
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) < self.limits.global_per_second:
            return 0.0
        return window[0] + 1.0 - now

    def _private_wait(self, chat_id: int, now: float) -> float:
        rate, burst = self.limits.chat_per_second, max(self.limits.chat_burst, 1)
        bucket = self._private.setdefault(chat_id, _Bucket(float(burst), now))
        bucket.tokens = min(float(burst), bucket.tokens + (now - bucket.stamp) * rate)
        bucket.stamp = now
        if bucket.tokens >= 1.0:
            return 0.0
        return (1.0 - bucket.tokens) / rate if rate > 0 else 60.0

    def _group_wait(self, chat_id: int, now: float) -> float:
        window = self._groups.setdefault(chat_id, deque())
        while window and window[0] <= now - 60.0:
            window.popleft()
        if len(window) < self.limits.group_per_minute:
            return 0.0
        return window[0] + 60.0 - now


def _seconds(wait: float) -> int:
    """Telegram always reports whole seconds, at least one."""
    return max(1, math.ceil(wait - 1e-9))

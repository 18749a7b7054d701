"""The update queue behind ``getUpdates``: ids, offsets, long polling, allowed_updates.

It follows Telegram's documented semantics because PTB's ``Updater`` depends on them: an
update stays pending until a later ``getUpdates`` passes an ``offset`` above its id; a negative
offset forgets all but the last updates; ``allowed_updates`` applies to updates created after
the call (the default leaves out ``chat_member`` and reactions); a second concurrent
``getUpdates`` ends the first with 409 Conflict. ``settle()`` uses the confirmation watermark to
know when the bot has really taken every update.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from .errors import ApiError

DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class UpdateQueue:
    """Pending updates plus the long-poll waiters."""

    def __init__(self, on_change: Callable[[], None] | None = None):
        self._pending: list[dict[str, Any]] = []
        self._next_id = 1
        self._allowed: frozenset[str] | None = None
        self._waiters: set[asyncio.Future[str]] = set()
        self._on_change = on_change or (lambda: None)
        self.last_id = 0
        self.confirmed_upto = 0
        self.delivered_upto = 0

    # ---------------------------------------------------------------- producing

    def is_allowed(self, kind: str) -> bool:
        if self._allowed is None:
            return kind not in DEFAULT_EXCLUDED
        return kind in self._allowed

    def push(self, kind: str, payload: dict[str, Any]) -> int | None:
        """Enqueue one update; returns its id, or None if allowed_updates filters it out."""
        if not self.is_allowed(kind):
            return None
        update_id = self._next_id
        self._next_id += 1
        self.last_id = update_id
        self._pending.append({"update_id": update_id, kind: payload})
        self._wake("update")
        self._on_change()
        return update_id

    @property
    def pending(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed (a copy)."""
        return list(self._pending)

    @property
    def settled(self) -> bool:
        return self.confirmed_upto >= self.last_id

    def drop_pending(self) -> None:
        """``drop_pending_updates``: everything so far counts as confirmed."""
        self._pending.clear()
        self.confirmed_upto = self.delivered_upto = self.last_id
        self._on_change()

    def close(self) -> None:
        """Release every long poll (server shutdown)."""
        self._wake("closed")

    # ---------------------------------------------------------------- consuming

    def _confirm(self, offset: int | None) -> None:
        if not offset:
            return
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
            self.confirmed_upto = max(self.confirmed_upto, offset - 1)
        else:
            self._pending = self._pending[offset:]
            first = self._pending[0]["update_id"] if self._pending else self.last_id + 1
            self.confirmed_upto = max(self.confirmed_upto, first - 1)
        self._on_change()

    def set_allowed(self, allowed_updates: list[str] | None) -> None:
        if allowed_updates is None:
            return
        self._allowed = frozenset(allowed_updates) if allowed_updates else None

    async def get(
        self,
        *,
        offset: int | None,
        limit: int | None,
        timeout: float,
        allowed_updates: list[str] | None,
    ) -> list[dict[str, Any]]:
        """One ``getUpdates`` call: confirm, then return pending or wait up to ``timeout``."""
        self._wake("conflict")
        self._confirm(offset)
        self.set_allowed(allowed_updates)
        limit = min(max(limit or 100, 1), 100)
        if not self._pending and timeout > 0:
            waiter: asyncio.Future[str] = asyncio.get_running_loop().create_future()
            self._waiters.add(waiter)
            try:
                with contextlib.suppress(TimeoutError):
                    reason = await asyncio.wait_for(asyncio.shield(waiter), timeout)
                    if reason == "conflict":
                        raise ApiError(409, _CONFLICT)
            finally:
                self._waiters.discard(waiter)
        batch = [dict(u) for u in self._pending[:limit]]
        if batch:
            self.delivered_upto = max(self.delivered_upto, batch[-1]["update_id"])
        return batch

    def _wake(self, reason: str) -> None:
        for waiter in list(self._waiters):
            if not waiter.done():
                waiter.set_result(reason)
        self._waiters.clear()

"""Concurrent across chats, in order within one: PTB's `BaseUpdateProcessor` keyed by chat.

Handled one at a time, a throttled group or a slow file held every other chat behind it. With
this processor each update names its *keys*: the chat it came from and the person who sent
it. Updates sharing a key run strictly in the order they arrived; updates with no key in
common run concurrently. A person's update in a group therefore waits for earlier updates of
that group *and* for that person's earlier private steps, so a flow never sees its steps out
of order, while another bloc is never held up.

Ordering is a chain per key: on arrival (before any await) an update takes the key's tail and
becomes the new tail, then waits for the updates it follows. Taking every key at once in
arrival order cannot deadlock (each waits only for earlier arrivals). Waiting does not take a
worker slot: `workers` bounds the updates actually running, `max_concurrent_updates` only how
many may be in flight at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

#: Updates accepted at once (running or waiting for their turn).
MAX_IN_FLIGHT = 4096
#: Updates actually being handled at the same moment.
WORKERS = 32


def keys_of(update: object) -> tuple[Hashable, ...]:
    """The chat and the person of an update; updates sharing one are handled in order."""
    if not isinstance(update, Update):
        return ()
    keys: list[Hashable] = []
    chat = update.effective_chat
    user = update.effective_user
    if chat is not None and (user is None or chat.id != user.id):
        keys.append(("chat", chat.id))
    if user is not None:
        keys.append(("user", user.id))
    return tuple(keys)


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Runs updates concurrently unless they share a chat or a person."""

    def __init__(self, max_concurrent_updates: int = MAX_IN_FLIGHT, workers: int = WORKERS):
        super().__init__(max_concurrent_updates)
        self._workers = asyncio.Semaphore(workers)
        self._tails: dict[Hashable, asyncio.Future[None]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        keys = keys_of(update)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        before = [self._tails[k] for k in keys if k in self._tails]
        for key in keys:
            self._tails[key] = done
        try:
            for earlier in before:
                await asyncio.shield(earlier)
            async with self._workers:
                await coroutine
        finally:
            done.set_result(None)
            for key in keys:
                if self._tails.get(key) is done:
                    del self._tails[key]

    @property
    def waiting_keys(self) -> int:
        """Keys with an update running or queued (for tests: it drains back to zero)."""
        return len(self._tails)

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close: PTB awaits the running updates itself."""

"""Reads that every update repeats (the person's units, the open year, its deadlines, the
bloc's titles, the flow's draft), answered from memory while the tables they come from are
unchanged.

Why: a pledge step asked the same rows 3 times over and 11–14 statements in all, each about
290 µs through aiosqlite's thread. Validity is exact, not timed: `Database` counts the writes
to each table; a cached value carries the counts of its tables when its read began and is used
only while they are the same. Inside a transaction nothing is cached or served (a transaction
re-reads on purpose, and may read what it has not committed). Values are deep-copied on the way
out, so a caller changing what it got changes nothing here. Bounded (LRU).
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from bot.caches import LruDict
from storage.db import Database

T = TypeVar("T")

#: Entries kept (each a small model or list of models).
READ_CACHE_SIZE = 4096


class ReadCache:
    def __init__(self, db: Database, size: int = READ_CACHE_SIZE) -> None:
        self.db = db
        self._entries = LruDict(size)
        self.hits = self.misses = 0

    async def get(
        self, key: Hashable, tables: tuple[str, ...], load: Callable[[], Awaitable[T]]
    ) -> T:
        db = self.db
        if db.in_transaction():
            return await load()
        stamp = (db.versions["*"], *(db.versions[t] for t in tables))
        hit = self._entries.get(key)
        if hit is not None and hit[0] == stamp:
            self.hits += 1
            return _copy(hit[1])
        self.misses += 1
        value = await load()
        self._entries[key] = (stamp, _copy(value))
        return value


def _copy(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return copy.deepcopy(value)

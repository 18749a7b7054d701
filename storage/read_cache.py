"""Reads that every update repeats (the person's units, the open year, its deadlines, the
bloc's titles, the flow's draft), answered from memory while the tables they come from are
unchanged.

Why: a pledge step asked the same rows 3 times over and 11–14 statements in all, each about
290 µs through aiosqlite's thread. Validity is exact, not timed: `Database` counts the writes
to each table; a cached value carries the counts of its tables when its read began and is used
only while they are the same. Inside a transaction nothing is cached or served (a transaction
re-reads on purpose, and may read what it has not committed). Values are deep-copied on the way
out, so a caller changing what it got changes nothing here. Bounded (LRU).

A table that holds one row per person (`flows`: the drafts) is better followed per person: a
repository that is the only writer of such rows names them with a *mark* (`"flows:<user>"`),
calls `touch(mark)` after each write and reads with `marks=(mark,)` instead of the table, so
one person's step no longer throws away everybody's cached draft. Marks are bounded too: when
one is forgotten, an epoch moves and every mark-stamped value is read afresh once.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Awaitable, Callable, Hashable
from datetime import date, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel

from bot.caches import LruDict
from storage.db import Database

T = TypeVar("T")

#: Entries kept (each a small model or list of models).
READ_CACHE_SIZE = 4096


class ReadCache:
    def __init__(self, db: Database, size: int = READ_CACHE_SIZE) -> None:
        self.db = db
        self._entries = LruDict(size)
        self._marks = LruDict(size)
        self._writes = itertools.count(1)
        self._epoch = 0
        self.hits = self.misses = 0

    def touch(self, mark: Hashable) -> None:
        """The rows `mark` names were written: values read under it are stale."""
        marks = self._marks
        if mark not in marks and len(marks) >= marks.maxsize:
            self._epoch += 1  # a mark is about to be forgotten: its readers must not match 0
        marks[mark] = next(self._writes)

    def put(
        self,
        key: Hashable,
        value: Any,
        *,
        tables: tuple[str, ...] = (),
        marks: tuple[Hashable, ...] = (),
    ) -> None:
        """Remember what a write just stored (write-through), so the next read is a hit.

        Only outside a transaction: a write inside one is not committed yet.
        """
        if self.db.in_transaction():
            return
        self._entries[key] = (self._stamp(tables, marks), _copy(value))

    async def get(
        self,
        key: Hashable,
        tables: tuple[str, ...],
        load: Callable[[], Awaitable[T]],
        *,
        marks: tuple[Hashable, ...] = (),
        shared: bool = False,
    ) -> T:
        """The value of `key`, read by `load` unless cached since the last write to `tables`
        (or `marks`). `shared`: the value is handed out as it is, never copied, for rows that
        are never rewritten (a stored scale version, with the whole scale in it)."""
        if self.db.in_transaction():
            return await load()
        stamp = self._stamp(tables, marks)
        hit = self._entries.get(key)
        if hit is not None and hit[0] == stamp:
            self.hits += 1
            return hit[1] if shared else _copy(hit[1])
        self.misses += 1
        value = await load()
        self._entries[key] = (stamp, value if shared else _copy(value))
        return value

    def _stamp(self, tables: tuple[str, ...], marks: tuple[Hashable, ...]) -> tuple[int, ...]:
        """The write counts a cached value is valid for (every table's, then every mark's)."""
        versions = self.db.versions
        stamp = (versions["*"], *(versions[t] for t in tables))
        if marks:
            stamp += (self._epoch, *(self._marks.get(m, 0) for m in marks))
        return stamp


#: Values nobody can change in place: shared between the cache and its callers as they are.
_IMMUTABLE = (str, int, float, Decimal, date, time, timedelta, Enum, bytes, type(None))


def _copy(value: Any) -> Any:
    """A deep copy of what reads return (models, lists, dicts of plain values).

    Why not `copy.deepcopy`: its memo and reduce machinery was the largest cost of a cache
    hit. Immutable values are shared, and so is a frozen model (`Record`) or a tuple holding
    only such values: nobody can change them in place, and most cached reads are exactly that
    (a year, a unit, a bloc). Any other model is copied by pydantic's own shallow copy (fields
    set, extras and private attributes kept) with its mutable fields copied the same way.
    """
    if isinstance(value, _IMMUTABLE):
        return value
    if isinstance(value, list):
        return [_copy(item) for item in value]
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, tuple) and type(value) is tuple:
        items = tuple(_copy(item) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, BaseModel):
        changed = {}
        for name, item in value.__dict__.items():
            if not isinstance(item, _IMMUTABLE):
                copied = _copy(item)
                if copied is not item:
                    changed[name] = copied
        if not changed and value.model_config.get("frozen"):
            return value
        clone = copy.copy(value)
        clone.__dict__.update(changed)
        return clone
    return copy.deepcopy(value)

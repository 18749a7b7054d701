"""Bounded in-memory caches: what `services.cache.setdefault(name, {})` hands out.

The caches (user profiles, parsed scales, group-admin checks) are never the source of truth,
but unbounded they grow with every person the bot has ever seen. `Caches` keeps the call sites
unchanged (a dict of dicts) and gives each named cache a least-recently-used bound.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

#: Entries kept per named cache; others get `DEFAULT_SIZE`.
CACHE_SIZES: dict[str, int] = {"profiles": 2000, "scales": 32, "chat_status": 2000}
DEFAULT_SIZE = 1000


class LruDict(OrderedDict[Any, Any]):
    """A dict that forgets its least recently used entry beyond `maxsize`."""

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize

    def __getitem__(self, key: Any) -> Any:
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:
            return self[key]
        return default

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.maxsize:
            self.popitem(last=False)


class Caches(dict[str, Any]):
    """Named caches, each an `LruDict` bounded by `sizes` (or `default`)."""

    def __init__(self, sizes: dict[str, int] | None = None, default: int = DEFAULT_SIZE) -> None:
        super().__init__()
        self.sizes = CACHE_SIZES if sizes is None else sizes
        self.default = default

    def setdefault(self, name: str, default: Any = None) -> Any:
        if name not in self:
            self[name] = LruDict(self.sizes.get(name, self.default))
        return self[name]

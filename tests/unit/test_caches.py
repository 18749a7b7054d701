"""The in-memory caches stay bounded however many people the bot sees."""

from __future__ import annotations

from bot.caches import Caches, LruDict


def test_a_named_cache_keeps_its_most_recent_entries() -> None:
    caches = Caches({"profiles": 3})
    profiles = caches.setdefault("profiles", {})
    for user in range(10):
        profiles[user] = f"p{user}"
        profiles.get(0)  # read often: kept
    assert isinstance(profiles, LruDict) and len(profiles) == 3
    assert set(profiles) == {0, 8, 9}
    assert caches.setdefault("profiles", {}) is profiles
    assert profiles.pop(0, None) == "p0" and profiles.pop(0, None) is None


def test_other_caches_get_the_default_bound() -> None:
    caches = Caches({}, default=5)
    other = caches.setdefault("chat_status", {})
    for key in range(100):
        other[key] = key
    assert len(other) == 5

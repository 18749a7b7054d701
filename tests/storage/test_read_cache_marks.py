"""Drafts cached per person; a transaction's BEGIN rides with its first statement; `batch`
is one transaction in one hand-off. Each test reads what SQLite ran (its trace) or holds."""

from __future__ import annotations

import pytest

from bot.clock import MovableClock
from storage.cached import CachedFlowRepo
from storage.db import Database
from storage.flows import FlowRepo
from storage.read_cache import ReadCache
from storage.users import UserRepo


async def _people(db: Database, clock: MovableClock, *ids: int) -> None:
    for user_id in ids:
        await UserRepo(db).seen(
            user_id=user_id,
            username=None,
            first_name=f"P{user_id}",
            last_name=None,
            language_code="vi",
            private=True,
            now=clock.now(),
        )


async def _traced(db: Database, work) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    await db._conn.set_trace_callback(seen.append)
    try:
        await work()
    finally:
        await db._conn.set_trace_callback(None)
    return seen


async def test_one_persons_step_keeps_the_others_drafts_cached(
    db: Database, clock: MovableClock
) -> None:
    await _people(db, clock, 1, 2)
    flows = CachedFlowRepo(db, ReadCache(db))
    await flows.save(1, "pledge", "titles", {"n": 1}, clock.now())
    await flows.save(2, "pledge", "titles", {"n": 2}, clock.now())

    async def both_read_after_a_step_of_person_1() -> None:
        await flows.save(1, "pledge", "review", {"n": 11}, clock.now())
        mine, theirs = await flows.get(1, "pledge"), await flows.active(2)
        assert mine is not None and mine.step == "review" and mine.data == {"n": 11}
        assert theirs is not None and theirs.data == {"n": 2}

    ran = await _traced(db, both_read_after_a_step_of_person_1)
    assert len(ran) == 1 and ran[0].startswith("INSERT INTO flows")
    await flows.discard(1, "pledge")
    assert await flows.get(1, "pledge") is None
    assert await flows.get(2, "pledge") is not None


async def test_a_forgotten_mark_never_makes_an_old_value_look_fresh(
    db: Database, clock: MovableClock
) -> None:
    await _people(db, clock, *range(1, 6))
    await FlowRepo(db).save(1, "pledge", "titles", {"n": 1}, clock.now())  # no mark yet
    flows = CachedFlowRepo(db, ReadCache(db, size=2))  # two marks at most
    assert (await flows.get(1, "pledge")).data == {"n": 1}  # type: ignore[union-attr]
    await db.execute("UPDATE flows SET data = '{\"n\": 9}' WHERE user_id = 1")
    flows.cache.touch(("flows", 1))
    for other in range(2, 5):  # person 1's mark is pushed out: it reads as "none" again
        flows.cache.touch(("flows", other))
    assert (await flows.get(1, "pledge")).data == {"n": 9}  # type: ignore[union-attr]


async def test_begin_goes_with_the_first_statement_and_an_empty_transaction_costs_nothing(
    db: Database,
) -> None:
    await db.execute("CREATE TABLE t (v INTEGER NOT NULL)")

    async def empty() -> None:
        async with db.transaction():
            pass

    assert await _traced(db, empty) == []

    async def failing() -> None:
        async with db.transaction():
            await db.execute("INSERT INTO t (v) VALUES (1)")
            await db.execute("INSERT INTO t (v) VALUES (NULL)")  # NOT NULL: the whole is undone

    with pytest.raises(Exception, match="NOT NULL"):
        await failing()
    assert await db.fetch_value("SELECT COUNT(*) FROM t") == 0
    async with db.transaction():
        await db.execute("INSERT INTO t (v) VALUES (2)")
    assert await db.fetch_value("SELECT v FROM t") == 2


async def test_batch_is_all_or_nothing(db: Database) -> None:
    await db.execute("CREATE TABLE t (v INTEGER NOT NULL)")
    with pytest.raises(Exception, match="NOT NULL"):
        await db.batch(
            [("INSERT INTO t (v) VALUES (?)", (1,)), ("INSERT INTO t (v) VALUES (NULL)", ())]
        )
    assert await db.fetch_value("SELECT COUNT(*) FROM t") == 0
    await db.batch([("INSERT INTO t (v) VALUES (?)", (1,)), ("INSERT INTO t (v) VALUES (?)", (2,))])
    assert await db.fetch_value("SELECT SUM(v) FROM t") == 3
    assert db.versions["t"] == 4  # every statement counted, so cached reads of t are stale

"""Elections, the roll and the secret ballots in a fresh migrated database.

The secrecy tests read the database as an intruder with a copy of it would: every table, every
column, in the order rows come back without ORDER BY. They prove that what is stored cannot tell
which unit cast which ballot.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosqlite import IntegrityError

from bot.clock import MovableClock
from bot.domain.ballots import ElectionKind, ElectionRules
from bot.domain.elections import NO_TITLE, LeaderSource, Role, head_ballot
from storage.blocs import BlocRepo
from storage.db import Database, open_database
from storage.elections import ElectionRepo
from storage.pledges import TitleRepo
from storage.units import UnitRepo
from storage.years import YearRepo


async def _bloc(db: Database, clock: MovableClock, units: int = 5) -> tuple[int, int, list[int]]:
    bloc = await BlocRepo(db).create(
        chat_id=-100, name="Khối", language="vi", timezone="Asia/Ho_Chi_Minh", by=1, now=clock.now()
    )
    year = await YearRepo(db).open(bloc.id, 2026, by=1, now=clock.now())
    repo = UnitRepo(db)
    ids = [(await repo.add(bloc.id, f"U{i:02d}", f"U {i}", clock.now())).id for i in range(units)]
    return bloc.id, year.id, ids


async def _head(db: Database, clock: MovableClock, units: int = 5) -> tuple[int, list[int]]:
    bloc_id, year_id, ids = await _bloc(db, clock, units)
    election = await ElectionRepo(db).open(
        bloc_id=bloc_id,
        year_id=year_id,
        kind=ElectionKind.HEAD,
        rules=ElectionRules(),
        candidates={NO_TITLE: ids},
        roll=ids,
        by=1,
        now=clock.now(),
    )
    return election.id, ids


async def _dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows as they come back without ORDER BY."""
    tables = [
        row["name"]
        for row in await db.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: [tuple(r) for r in await db.fetch_all(f"SELECT * FROM {t}")] for t in tables}


async def test_a_ballot_row_names_no_unit_user_or_time(db: Database, clock: MovableClock) -> None:
    election_id, units = await _head(db, clock)
    receipt = await ElectionRepo(db).cast(election_id, units[0], head_ballot(units[2]))
    assert receipt is not None
    columns = [row["name"] for row in await db.fetch_all("PRAGMA table_info(ballots)")]
    assert columns == ["id", "election_id", "receipt", "choice"]
    dump = await _dump(db)
    holding_receipt = [t for t, rows in dump.items() if any(receipt in r for r in rows)]
    assert holding_receipt == ["ballots"]
    choice = dump["ballots"][0][3]
    assert [t for t, rows in dump.items() if any(choice in map(str, r) for r in rows)] == [
        "ballots"
    ]
    voted_columns = [row["name"] for row in await db.fetch_all("PRAGMA table_info(election_voted)")]
    assert voted_columns == ["election_id", "unit_id"]
    assert dump["flows"] == []


async def _world(tmp_path: Path, name: str, clock: MovableClock, swap: bool) -> dict[str, Any]:
    """Units 0 and 1 vote, in that order at the same instants; `swap` exchanges their choices."""
    db = await open_database(tmp_path / f"{name}.sqlite3")
    try:
        election_id, units = await _head(db, clock)
        choices = [units[3], None]
        if swap:
            choices.reverse()
        for unit, choice in zip(units[:2], choices, strict=True):
            assert await ElectionRepo(db).cast(election_id, unit, head_ballot(choice))
        dump = await _dump(db)
    finally:
        await db.close()
    dump["schema_version"] = [row[:2] for row in dump["schema_version"]]
    # What differs between any two runs anyway: the random id and receipt of each ballot.
    dump["ballots"] = sorted((row[1], row[3]) for row in dump["ballots"])
    return dump


async def test_swapping_two_units_choices_leaves_the_database_the_same(
    tmp_path: Path, clock: MovableClock
) -> None:
    """Whatever an intruder computes from the stored data is the same in both worlds."""
    assert await _world(tmp_path, "a", clock, swap=False) == await _world(
        tmp_path, "b", clock, swap=True
    )


async def test_ballots_do_not_come_back_in_the_order_they_were_cast(
    db: Database, clock: MovableClock
) -> None:
    election_id, units = await _head(db, clock, units=20)
    repo = ElectionRepo(db)
    for unit in units:  # unit k votes for candidate k: the casting order is the units' order
        assert await repo.cast(election_id, unit, head_ballot(unit))
    stored = [row["choice"] for row in await db.fetch_all("SELECT choice FROM ballots")]
    cast_order = [f'{{"unit":{unit}}}' for unit in units]
    assert sorted(stored) == sorted(cast_order) and stored != cast_order  # 1 in 20! by chance
    assert [c["unit"] for c in await repo.ballots(election_id)] != units
    ids = [row["id"] for row in await db.fetch_all("SELECT id FROM ballots")]
    assert all(len(i) == 32 for i in ids) and ids == sorted(ids)


async def test_two_delegates_pressing_at_once_store_one_ballot(
    db: Database, clock: MovableClock
) -> None:
    election_id, units = await _head(db, clock)
    repo = ElectionRepo(db)
    receipts = await asyncio.gather(
        repo.cast(election_id, units[0], head_ballot(units[1])),
        repo.cast(election_id, units[0], head_ballot(units[2])),
    )
    assert sorted(r is None for r in receipts) == [False, True]
    assert len(await repo.ballots(election_id)) == 1
    assert await repo.voted(election_id) == {units[0]}
    assert await repo.turnout(election_id) == (1, 5)
    assert await repo.receipts(election_id) == [r for r in receipts if r]


async def test_a_unit_off_the_roll_cannot_vote(db: Database, clock: MovableClock) -> None:
    election_id, _ = await _head(db, clock)
    with pytest.raises(IntegrityError):
        await ElectionRepo(db).cast(election_id, 999, head_ballot(None))
    assert await ElectionRepo(db).ballots(election_id) == []


async def test_one_open_election_of_a_kind_closing_once_and_deadlines(
    db: Database, clock: MovableClock
) -> None:
    bloc_id, year_id, units = await _bloc(db, clock)
    repo = ElectionRepo(db)
    common: dict[str, Any] = {"bloc_id": bloc_id, "year_id": year_id, "roll": units, "by": 1}
    head = await repo.open(
        kind=ElectionKind.HEAD,
        rules=ElectionRules(),
        candidates={NO_TITLE: units},
        now=clock.now(),
        **common,
    )
    with pytest.raises(IntegrityError):
        await repo.open(
            kind=ElectionKind.HEAD, rules=head.rules, candidates={}, now=clock.now(), **common
        )
    runoff_due = clock.now() + timedelta(hours=48)
    flag = await TitleRepo(db).add(bloc_id, "Cờ thi đua", clock.now())
    merit = await TitleRepo(db).add(bloc_id, "Bằng khen", clock.now())
    commendation = await repo.open(
        kind=ElectionKind.COMMENDATION,
        rules=ElectionRules(self_approval=True),
        candidates={merit.id: units[2:], flag.id: units[:2]},
        quotas={merit.id: 3, flag.id: 1},
        due_at=runoff_due,
        now=clock.now(),
        **common,
    )
    assert await repo.candidates(commendation.id) == {
        merit.id: tuple(units[2:]),
        flag.id: tuple(units[:2]),
    }
    assert list(await repo.quotas(commendation.id)) == [merit.id, flag.id]
    assert commendation.rules.self_approval and commendation.due_at == runoff_due
    assert [e.id for e in await repo.open_of_bloc(bloc_id)] == [head.id, commendation.id]
    assert await repo.due(clock.now()) == []
    await YearRepo(db).set_deadline(year_id, "election", clock.now(), by=1, now=clock.now())
    assert [e.id for e in await repo.due(clock.now())] == [head.id]
    assert [e.id for e in await repo.due(runoff_due)] == [head.id, commendation.id]
    assert await repo.close(head.id, by=None, now=clock.now(), result={"outcome": "void"})
    assert not await repo.close(head.id, by=1, now=clock.now(), result={})
    closed = await repo.get(head.id)
    assert closed is not None and not closed.is_open and closed.closed_by is None
    assert closed.result == {"outcome": "void"}
    assert [e.id for e in await repo.of_year(year_id)] == [head.id, commendation.id]


async def test_rules_default_until_set_and_leaders_per_year(
    db: Database, clock: MovableClock
) -> None:
    bloc_id, _, units = await _bloc(db, clock)
    repo = ElectionRepo(db)
    assert await repo.rules(bloc_id) == ElectionRules()
    await repo.set_rules(bloc_id, ElectionRules(runoff_hours=24), by=1, now=clock.now())
    assert (await repo.rules(bloc_id)).runoff_hours == 24
    await repo.set_leader(
        bloc_id, 2027, Role.HEAD, units[0], source=LeaderSource.MEETING, by=1, now=clock.now()
    )
    await repo.set_leader(
        bloc_id, 2027, Role.HEAD, units[1], source=LeaderSource.MEETING, by=2, now=clock.now()
    )
    leaders = await repo.leaders(bloc_id, 2027)
    assert list(leaders) == [Role.HEAD] and leaders[Role.HEAD].unit_id == units[1]
    assert await repo.leaders(bloc_id, 2026) == {}
    assert not await UnitRepo(db).delete_unused(units[1])


async def test_two_connections_casting_at_once_store_one_ballot(
    tmp_path: Path, clock: MovableClock
) -> None:
    """Two processes on one database file: the roll's key still lets exactly one ballot in."""
    path = tmp_path / "shared.sqlite3"
    first = await open_database(path)
    second = await open_database(path)
    try:
        election_id, units = await _head(first, clock)
        receipts = await asyncio.gather(
            ElectionRepo(first).cast(election_id, units[0], head_ballot(units[1])),
            ElectionRepo(second).cast(election_id, units[0], head_ballot(units[2])),
        )
        assert sorted(r is None for r in receipts) == [False, True]
        assert len(await ElectionRepo(second).ballots(election_id)) == 1
    finally:
        await first.close()
        await second.close()


async def test_the_progress_message_is_remembered(db: Database, clock: MovableClock) -> None:
    election_id, _ = await _head(db, clock)
    await ElectionRepo(db).set_progress_message(election_id, 4242)
    election = await ElectionRepo(db).get(election_id)
    assert election is not None and election.progress_message_id == 4242

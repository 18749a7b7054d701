"""Years, deadlines, scale versions, titles and pledges in a fresh migrated database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosqlite import IntegrityError

from bot.clock import MovableClock
from storage.blocs import BlocRepo
from storage.cached import CachedScaleRepo
from storage.db import Database, migrate
from storage.pledges import PledgeRepo, TitleRepo
from storage.read_cache import ReadCache
from storage.scales import ScaleRepo
from storage.units import UnitRepo
from storage.years import YearRepo


async def _bloc(db: Database, clock: MovableClock) -> int:
    bloc = await BlocRepo(db).create(
        chat_id=-100, name="Khối", language="vi", timezone="Asia/Ho_Chi_Minh", by=1, now=clock.now()
    )
    return bloc.id


async def test_one_open_year_per_bloc_and_closed_years_stay(
    db: Database, clock: MovableClock
) -> None:
    bloc_id = await _bloc(db, clock)
    years = YearRepo(db)
    y2025 = await years.open(bloc_id, 2025, by=1, now=clock.now())
    with pytest.raises(IntegrityError):
        await years.open(bloc_id, 2026, by=1, now=clock.now())
    assert await years.close(y2025.id, by=1, now=clock.now())
    assert not await years.close(y2025.id, by=1, now=clock.now())
    y2026 = await years.open(bloc_id, 2026, by=1, now=clock.now())
    assert (await years.current(bloc_id)) == y2026
    assert (await years.latest(bloc_id)) == y2026
    old = await years.by_number(bloc_id, 2025)
    assert old is not None and not old.is_open and old.closed_at == clock.now()


async def test_deadlines_are_stored_in_utc_and_replaced(db: Database, clock: MovableClock) -> None:
    years = YearRepo(db)
    year = await years.open(await _bloc(db, clock), 2026, by=1, now=clock.now())
    due = clock.now() + timedelta(days=20)
    await years.set_deadline(year.id, "pledge", due, by=1, now=clock.now())
    await years.set_deadline(year.id, "pledge", due + timedelta(days=1), by=2, now=clock.now())
    found = await years.deadlines(year.id)
    assert list(found) == ["pledge"] and found["pledge"].set_by == 2
    assert await years.deadline(year.id, "pledge") == due + timedelta(days=1)
    raw = await db.fetch_value("SELECT due_at FROM deadlines")
    assert raw.endswith("+00:00")


async def test_scale_versions_count_up(db: Database, clock: MovableClock) -> None:
    year = await YearRepo(db).open(await _bloc(db, clock), 2026, by=1, now=clock.now())
    scales = ScaleRepo(db)
    first = await scales.add_version(
        year.id, name="A", source="sample", body={"name": "A"}, by=1, now=clock.now()
    )
    second = await scales.add_version(
        year.id, name="B", source="b.yaml", body={"name": "B", "x": "8.5"}, by=1, now=clock.now()
    )
    assert (first.version, second.version) == (1, 2)
    current = await scales.current(year.id)
    assert current is not None and current.body == {"name": "B", "x": "8.5"}
    assert (await scales.get(first.id)) == first


async def test_pledges_keep_titles_and_reopening_ends_on_register(
    db: Database, clock: MovableClock
) -> None:
    bloc_id = await _bloc(db, clock)
    year = await YearRepo(db).open(bloc_id, 2026, by=1, now=clock.now())
    unit = await UnitRepo(db).add(bloc_id, "DLK", "Đắk Lắk", clock.now())
    titles = TitleRepo(db)
    assert not await titles.ever_had(bloc_id)
    flag = await titles.add(bloc_id, "Cờ thi đua", clock.now())
    merit = await titles.add(bloc_id, "Bằng khen", clock.now())
    pledges = PledgeRepo(db)
    pledge, first = await pledges.save(
        year.id,
        unit.id,
        title_ids=[merit.id, flag.id],
        commitments="Cam kết",
        by=5,
        now=clock.now(),
    )
    assert first and pledge.title_ids == (flag.id, merit.id)
    assert await pledges.reopen(year.id, unit.id, by=1, now=clock.now())
    assert not await pledges.reopen(year.id, unit.id, by=1, now=clock.now())
    reopened = await pledges.get(year.id, unit.id)
    assert reopened is not None and reopened.reopened
    clock.move(timedelta(hours=1))
    again, first = await pledges.save(
        year.id, unit.id, title_ids=[merit.id], commitments="Mới", by=6, now=clock.now()
    )
    assert not first and again.title_ids == (merit.id,) and not again.reopened
    assert again.first_registered_at < again.updated_at and again.updated_by == 6
    assert await titles.remove(merit.id, clock.now())
    assert [t.name for t in await titles.active(bloc_id)] == ["Cờ thi đua"]
    assert (await titles.all(bloc_id))[merit.id].removed
    assert (await pledges.of_year(year.id))[unit.id].title_ids == (merit.id,)
    assert await pledges.count(year.id) == 1
    assert not await UnitRepo(db).delete_unused(unit.id)  # the pledge keeps the unit


async def test_a_unit_without_a_pledge_can_be_reopened(db: Database, clock: MovableClock) -> None:
    bloc_id = await _bloc(db, clock)
    year = await YearRepo(db).open(bloc_id, 2026, by=1, now=clock.now())
    unit = await UnitRepo(db).add(bloc_id, "KTM", "Kon Tum", clock.now())
    pledges = PledgeRepo(db)
    assert await pledges.reopen(year.id, unit.id, by=1, now=clock.now())
    assert await pledges.is_reopened(year.id, unit.id)
    assert await pledges.get(year.id, unit.id) is None and await pledges.count(year.id) == 0
    title = await TitleRepo(db).add(bloc_id, "Bằng khen", clock.now())
    pledge, first = await pledges.save(
        year.id, unit.id, title_ids=[title.id], commitments="Muộn", by=7, now=clock.now()
    )
    assert first and pledge.registered_by == 7 and not pledge.reopened
    assert not await pledges.is_reopened(year.id, unit.id)


async def test_a_database_of_migration_2_gets_years_with_its_blocs_kept(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "old.sqlite3")
    try:
        await migrate(db, target=2)
        await db.execute(
            "INSERT INTO blocs (id, chat_id, name, language, timezone, created_by, created_at)"
            " VALUES (4, -9, 'Khối cũ', 'vi', 'Asia/Ho_Chi_Minh', 1, '2025-01-01T00:00:00+00:00')"
        )
        assert "0003_years_scales_pledges.sql" in await migrate(db)
        clock = MovableClock(datetime(2026, 1, 5, tzinfo=UTC))
        year = await YearRepo(db).open(4, 2026, by=1, now=clock.now())
        assert year.bloc_id == 4 and (await BlocRepo(db).get(4)) is not None
    finally:
        await db.close()


async def test_cached_scale_versions_are_shared_and_a_new_version_is_served_at_once(
    db: Database, clock: MovableClock
) -> None:
    """A stored version is never rewritten, so the read cache hands out the one it holds (a
    whole scale is not copied per screen); adding a version still replaces it at once."""
    year = await YearRepo(db).open(await _bloc(db, clock), 2026, by=1, now=clock.now())
    scales = CachedScaleRepo(db, ReadCache(db))
    first = await scales.add_version(
        year.id, name="A", source="sample", body={"name": "A"}, by=1, now=clock.now()
    )
    read = await scales.current(year.id)
    assert read == first and (await scales.current(year.id)) is read
    assert (await scales.get(first.id)) is (await scales.get(first.id))
    second = await scales.add_version(
        year.id, name="B", source="b.yaml", body={"name": "B"}, by=1, now=clock.now()
    )
    assert (await scales.current(year.id)) == second

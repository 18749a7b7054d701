"""Reminder settings, the sent-nudge log, unreachable people and the process lease."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.clock import MovableClock
from bot.domain.calendar import Phase
from bot.domain.reminders import Offset, QuietHours, ReminderSettings
from bot.instance_lock import AlreadyRunning, InstanceLock
from storage.blocs import BlocRepo
from storage.db import Database, open_database
from storage.reminders import GROUP_UNIT, NudgeKey, ReminderRepo
from storage.units import UnitRepo
from storage.years import YearRepo


async def _key(db: Database, clock: MovableClock, point: str = "7d") -> NudgeKey:
    bloc = await BlocRepo(db).create(
        chat_id=-100, name="Khối", language="vi", timezone="Asia/Ho_Chi_Minh", by=1, now=clock.now()
    )
    year = await YearRepo(db).open(bloc.id, 2026, by=1, now=clock.now())
    return NudgeKey(
        bloc_id=bloc.id,
        year_id=year.id,
        phase=Phase.MIDYEAR,
        due_at=clock.now() + timedelta(days=10),
        point=point,
    )


async def test_settings_default_until_saved_then_round_trip(
    db: Database, clock: MovableClock
) -> None:
    repo = ReminderRepo(db)
    key = await _key(db, clock)
    stored = await repo.settings(key.bloc_id)
    assert stored.settings == ReminderSettings() and stored.changed_at is None
    custom = ReminderSettings(
        offsets=(Offset(amount=5, unit="d"), Offset(amount=12, unit="h")),
        quiet=QuietHours(start=time(22, 0), end=time(6, 45)),
        weekends=True,
        disabled=frozenset({Phase.PLEDGE, Phase.ELECTION}),
    )
    async with db.transaction():
        await repo.save(key.bloc_id, custom, by=7, now=clock.now())
    stored = await repo.settings(key.bloc_id)
    assert stored.settings == custom and stored.changed_at == clock.now()
    clock.move(timedelta(hours=1))
    async with db.transaction():
        await repo.save(key.bloc_id, ReminderSettings(quiet=None), by=7, now=clock.now())
    stored = await repo.settings(key.bloc_id)
    assert stored.settings == ReminderSettings(quiet=None) and stored.changed_at == clock.now()
    assert await repo.blocs_with_settings() == [key.bloc_id]


async def test_a_nudge_is_logged_once_even_when_claimed_concurrently(
    db: Database, clock: MovableClock
) -> None:
    repo = ReminderRepo(db)
    key = await _key(db, clock)
    claims = await asyncio.gather(
        *(repo.claim(key, kind="private", unit_id=3, chat_id=30, now=clock.now()) for _ in range(5))
    )
    won = [c for c in claims if c is not None]
    assert len(won) == 1
    assert await repo.claim(key, kind="digest", unit_id=GROUP_UNIT, chat_id=-100, now=clock.now())
    assert await repo.sent_to(key) == {(3, 30), (GROUP_UNIT, -100)}
    assert [n.id for n in await repo.queued()] == sorted(n.id for n in await repo.logged(key))
    await repo.mark(won[0], "sent", now=clock.now())
    assert [n.unit_id for n in await repo.queued()] == [GROUP_UNIT]
    last = await repo.last_point(key.bloc_id, key.year_id, Phase.MIDYEAR)
    assert last is not None and last.key == key and last.kind == "digest"


async def test_another_deadline_or_point_is_another_nudge(
    db: Database, clock: MovableClock
) -> None:
    repo = ReminderRepo(db)
    key = await _key(db, clock)
    assert await repo.claim(key, kind="private", unit_id=3, chat_id=30, now=clock.now())
    moved = key.model_copy(update={"due_at": key.due_at + timedelta(days=2)})
    other = key.model_copy(update={"point": "3d"})
    for k in (moved, other):
        assert await repo.claim(k, kind="private", unit_id=3, chat_id=30, now=clock.now())
    assert not await repo.claim(key, kind="private", unit_id=3, chat_id=30, now=clock.now())


async def test_unreachable_people_are_listed_per_bloc_until_they_write(
    db: Database, clock: MovableClock
) -> None:
    repo = ReminderRepo(db)
    key = await _key(db, clock)
    units = UnitRepo(db)
    bdi = await units.add(key.bloc_id, "BDI", "Bình Định", clock.now())
    gla = await units.add(key.bloc_id, "GLA", "Gia Lai", clock.now())
    for unit, user in ((bdi, 10), (gla, 20), (gla, 21)):
        await units.add_delegate(unit.id, user, by=1, now=clock.now())
    await repo.mark_unreachable(21, "forbidden", now=clock.now())
    await repo.mark_unreachable(10, "forbidden", now=clock.now())
    await repo.mark_unreachable(10, "forbidden", now=clock.now())
    assert await repo.unreachable() == {10, 21}
    assert await repo.unreachable_in_bloc(key.bloc_id) == [("BDI", 10), ("GLA", 21)]
    assert await repo.reachable_again(10)
    assert not await repo.reachable_again(10)
    assert await repo.unreachable_in_bloc(key.bloc_id) == [("GLA", 21)]


# --- one process per database -------------------------------------------------------------------


async def test_a_second_process_is_refused_while_the_first_holds_the_lease(
    db: Database, clock: MovableClock
) -> None:
    first = InstanceLock(db, clock=clock, host="srv", pid=os.getpid())
    await first.acquire()
    other_host = InstanceLock(db, clock=clock, host="elsewhere", pid=1)
    with pytest.raises(AlreadyRunning) as caught:
        await other_host.acquire()
    assert f"pid {os.getpid()} on srv" in str(caught.value)
    assert await first.renew()
    clock.move(timedelta(seconds=61))  # the first stopped renewing: its lease expired
    await other_host.acquire()
    assert not await first.renew()
    await first.release()  # not ours any more: changes nothing
    with pytest.raises(AlreadyRunning):
        await InstanceLock(db, clock=clock, host="third", pid=2).acquire()
    await other_host.release()
    await InstanceLock(db, clock=clock, host="third", pid=2).acquire()


async def test_a_live_process_on_this_host_keeps_it_a_dead_one_does_not(
    db: Database, clock: MovableClock
) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        await InstanceLock(db, clock=clock, host="srv", pid=sleeper.pid).acquire()
        with pytest.raises(AlreadyRunning):
            await InstanceLock(db, clock=clock, host="srv", pid=os.getpid()).acquire()
    finally:
        sleeper.kill()
        sleeper.wait()
    await InstanceLock(db, clock=clock, host="srv", pid=os.getpid()).acquire()
    # the same process may rebuild its Application on the same database
    await InstanceLock(db, clock=clock, host="srv", pid=os.getpid()).acquire()


async def test_two_databases_do_not_share_a_lease(tmp_path: Path, clock: MovableClock) -> None:
    one = await open_database(tmp_path / "a.sqlite3")
    two = await open_database(tmp_path / "b.sqlite3")
    try:
        await InstanceLock(one, clock=clock, host="x", pid=1).acquire()
        await InstanceLock(two, clock=clock, host="y", pid=2).acquire()
    finally:
        await one.close()
        await two.close()

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
from storage.outbox import OutboxRepo, Outgoing
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


async def _claim(repo: ReminderRepo, key: NudgeKey, unit: int, chat: int, now: object) -> bool:
    return await repo.claim(
        key,
        kind="private",
        unit_id=unit,
        chat_id=chat,
        message_key=key.message_key(unit, chat),
        now=now,  # type: ignore[arg-type]
    )


async def test_a_nudge_is_recorded_once_even_when_claimed_concurrently(
    db: Database, clock: MovableClock
) -> None:
    repo = ReminderRepo(db)
    key = await _key(db, clock)
    claims = await asyncio.gather(*(_claim(repo, key, 3, 30, clock.now()) for _ in range(5)))
    assert claims.count(True) == 1
    assert await repo.claim(
        key, kind="digest", unit_id=GROUP_UNIT, chat_id=-100, message_key=None, now=clock.now()
    )
    assert await repo.sent_to(key) == {(3, 30), (GROUP_UNIT, -100)}
    assert await repo.closed_rounds() == {(key.bloc_id, Phase.MIDYEAR, key.due_at, "7d")}
    rows = await repo.round_rows(key)
    assert [(r.kind, r.outcome) for r in rows] == [("private", None), ("digest", None)]
    await db.execute(
        "INSERT INTO sent_log (key, chat_id, outcome, done_at) VALUES (?, 30, 'sent', 'x')",
        (key.message_key(3, 30),),
    )
    assert (await repo.round_rows(key))[0].outcome == "sent"


async def test_another_deadline_or_point_is_another_nudge(
    db: Database, clock: MovableClock
) -> None:
    repo = ReminderRepo(db)
    key = await _key(db, clock)
    assert await _claim(repo, key, 3, 30, clock.now())
    moved = key.model_copy(update={"due_at": key.due_at + timedelta(days=2)})
    other = key.model_copy(update={"point": "3d"})
    for k in (moved, other):
        assert await _claim(repo, k, 3, 30, clock.now())
    assert not await _claim(repo, key, 3, 30, clock.now())
    assert len({k.message_key(3, 30) for k in (key, moved, other)}) == 3


async def test_nudges_of_a_changed_deadline_are_taken_back_from_the_outbox(
    db: Database, clock: MovableClock
) -> None:
    repo = ReminderRepo(db)
    key = await _key(db, clock)
    years = YearRepo(db)
    await years.set_deadline(key.year_id, "midyear", key.due_at, by=1, now=clock.now())
    outbox = OutboxRepo(db)
    for unit, chat in ((3, 30), (4, 40)):
        assert await _claim(repo, key, unit, chat, clock.now())
        await outbox.add(Outgoing(key.message_key(unit, chat), chat, "Nhắc"), now=clock.now())
    assert await repo.withdraw_stale() == 0
    await years.set_deadline(
        key.year_id, "midyear", key.due_at + timedelta(days=1), by=1, now=clock.now()
    )
    assert await repo.withdraw_stale() == 2
    assert await outbox.pending() == []


async def test_open_deadlines_and_settings_in_bulk(db: Database, clock: MovableClock) -> None:
    repo = ReminderRepo(db)
    key = await _key(db, clock)
    years = YearRepo(db)
    await years.set_deadline(key.year_id, "pledge", key.due_at, by=1, now=clock.now())
    found = await repo.open_deadlines()
    assert [(d.bloc_id, d.phase, d.due_at, d.timezone) for d in found] == [
        (key.bloc_id, Phase.PLEDGE, key.due_at, "Asia/Ho_Chi_Minh")
    ]
    assert await repo.open_deadlines(key.bloc_id + 1) == []
    assert await repo.all_settings() == {}
    async with db.transaction():
        await repo.save(
            key.bloc_id, ReminderSettings(disabled=frozenset({Phase.PLEDGE})), by=1, now=clock.now()
        )
    assert (await repo.all_settings())[key.bloc_id].settings.disabled == {Phase.PLEDGE}


async def test_unreachable_delegates_of_a_bloc(db: Database, clock: MovableClock) -> None:
    repo = ReminderRepo(db)
    key = await _key(db, clock)
    units = UnitRepo(db)
    bdi = await units.add(key.bloc_id, "BDI", "Bình Định", clock.now())
    gla = await units.add(key.bloc_id, "GLA", "Gia Lai", clock.now())
    for unit, user in ((bdi, 10), (gla, 20), (gla, 21)):
        await units.add_delegate(unit.id, user, by=1, now=clock.now())
    for chat in (21, 10, 999):
        await db.execute(
            "INSERT INTO unreachable (chat_id, reason, since) VALUES (?, 'forbidden', 'x')", (chat,)
        )
    assert await repo.unreachable_in_bloc(key.bloc_id) == [("BDI", 10), ("GLA", 21)]


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

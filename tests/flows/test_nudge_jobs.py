"""Nudge jobs on the scheduler: planned from the database, caught up at start-up, moved by a
change of deadline or settings, never doubled; the clock is moved, nothing sleeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import nudge_jobs
from bot.domain.calendar import Phase
from bot.domain.reminders import ReminderSettings
from bot.nudge_jobs import job_id, next_tick
from bot.nudging import FOLLOW_UP
from storage.reminders import OpenDeadline, ReminderRepo, StoredSettings
from tests.flows.conftest import Harness
from tests.flows.nudge_kit import ADMIN, Nudges, days

DUE = datetime(2026, 1, 16, 10, 0, tzinfo=UTC)  # Friday 16/01 17:00 in Vietnam
SEVEN, THREE, ONE = DUE - days(7), DUE - days(3), DUE - days(1)
MORNING = datetime(2026, 1, 16, 1, 0, tzinfo=UTC)


async def _jobs(bot: Harness) -> tuple[Nudges, None]:
    """The Application's nudges (its start-up task defined the `nudge` jobs)."""
    n = Nudges(bot)
    n.app_nudger()
    return n, None


def _at(bot: Harness) -> list[tuple[str, datetime]]:
    return [(j.id, j.at) for j in bot.services.scheduler.planned("nudge:")]


async def _run(bot: Harness) -> None:
    await bot.services.scheduler.run_due()
    await bot.settle()


async def test_a_round_runs_at_its_time_then_the_job_moves_to_the_next(bot: Harness) -> None:
    n, _ = await _jobs(bot)
    bloc, year, _ = await n.bloc(1, 3)
    await n.deadline(year, DUE)
    scheduler = bot.services.scheduler
    await scheduler.rebuild("nudge")
    assert _at(bot) == [(job_id(bloc.id, Phase.PLEDGE), SEVEN)]
    bot.clock.set(SEVEN)
    await _run(bot)
    assert n.per_person([10_001, 10_002, 10_003]) == {10_001: 1, 10_002: 1, 10_003: 1}
    assert _at(bot) == [("nudge:1:pledge", SEVEN + FOLLOW_UP)]  # the digest waits its turn
    bot.clock.move(FOLLOW_UP)
    await _run(bot)
    assert len(n.group_texts(bloc)) == 1
    assert _at(bot) == [("nudge:1:pledge", THREE)]
    for moment in (THREE, ONE, MORNING):
        bot.clock.set(moment)
        await _run(bot)
        bot.clock.move(FOLLOW_UP)
        await _run(bot)
    assert n.per_person([10_001]) == {10_001: 4}
    assert _at(bot) == [("nudge:1:pledge", DUE)]
    bot.clock.set(DUE)
    await _run(bot)
    assert "0/3" in n.group_texts(bloc)[-1]
    assert _at(bot) == []  # nothing is left to do for that deadline


async def test_start_up_catches_up_what_was_due_while_down_once(bot: Harness) -> None:
    n, _ = await _jobs(bot)
    bloc, year, _ = await n.bloc(1, 2)
    await n.deadline(year, DUE)
    bot.clock.set(THREE + timedelta(hours=2))
    await bot.services.scheduler.rebuild("nudge")
    assert _at(bot) == [("nudge:1:pledge", bot.clock.now())]
    await _run(bot)
    bot.clock.move(FOLLOW_UP)
    await _run(bot)
    assert n.per_person([10_001, 10_002]) == {10_001: 1, 10_002: 1}
    await bot.restart()  # a restart plans again: nothing is due twice
    n2, _ = await _jobs(bot)
    await bot.services.scheduler.rebuild("nudge")
    assert _at(bot) == [("nudge:1:pledge", ONE)]
    await _run(bot)
    assert n2.per_person([10_001, 10_002]) == {10_001: 1, 10_002: 1}
    assert len(n2.group_texts(bloc)) == 1


async def test_a_changed_deadline_or_setting_moves_the_job(bot: Harness) -> None:
    n, _ = await _jobs(bot)
    bloc, year, _ = await n.bloc(1, 2)
    await n.deadline(year, DUE)
    scheduler = bot.services.scheduler
    await scheduler.rebuild("nudge")
    await n.deadline(year, DUE + days(7))
    await scheduler.rebuild("nudge")
    assert _at(bot) == [("nudge:1:pledge", SEVEN + days(7))]
    async with bot.services.db.transaction():
        await ReminderRepo(bot.services.db).save(
            bloc.id,
            ReminderSettings(disabled=frozenset({Phase.PLEDGE})),
            by=ADMIN,
            now=bot.clock.now(),
        )
    await scheduler.rebuild("nudge")
    assert _at(bot) == []


async def test_nudges_queued_for_an_old_deadline_are_not_sent(bot: Harness) -> None:
    n, _ = await _jobs(bot)
    _, year, _ = await n.bloc(1, 3)
    await n.deadline(year, DUE)
    bot.clock.set(SEVEN)
    bot.emu.faults.fail_next(6, status=502, methods={"sendMessage"})  # all wait for a retry
    await bot.services.scheduler.rebuild("nudge")
    await _run(bot)
    assert n.per_person([10_001, 10_002, 10_003]) == {10_001: 0, 10_002: 0, 10_003: 0}
    await n.deadline(year, DUE + days(14))  # while the round is being sent
    await bot.services.scheduler.rebuild("nudge")
    bot.clock.move(timedelta(minutes=5))
    await _run(bot)
    assert n.per_person([10_001, 10_002, 10_003]) == {10_001: 0, 10_002: 0, 10_003: 0}
    assert _at(bot) == [("nudge:1:pledge", SEVEN + days(14))]


def _deadline(**changes: object) -> OpenDeadline:
    base = {
        "bloc_id": 1,
        "year_id": 1,
        "timezone": "Asia/Ho_Chi_Minh",
        "phase": Phase.PLEDGE,
        "due_at": DUE,
        "set_at": SEVEN - days(30),
    }
    return OpenDeadline(**{**base, **changes})  # type: ignore[arg-type]


async def test_many_blocs_are_planned_a_page_at_a_time_and_none_is_left_out(
    bot: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nudge_jobs, "PLAN_PAGE", 2)  # five blocs: pages of 2, 2 and 1
    n, _ = await _jobs(bot)
    for number in range(1, 6):
        _, year, _ = await n.bloc(number, 1)
        await n.deadline(year, DUE)
    await bot.services.scheduler.rebuild("nudge")
    assert _at(bot) == [(job_id(b, Phase.PLEDGE), SEVEN) for b in range(1, 6)]


def test_next_tick_rules() -> None:
    rules = StoredSettings(settings=ReminderSettings())
    d = _deadline()
    assert next_tick(d, rules, set(), SEVEN - days(1), set()) == SEVEN
    assert next_tick(d, rules, set(), SEVEN + days(1), set()) == SEVEN + days(1)  # not done: now
    done = {(1, Phase.PLEDGE, DUE, "7d")}
    assert next_tick(d, rules, done, SEVEN + days(1), set()) == THREE
    assert next_tick(d, rules, set(), DUE, set()) == DUE  # the after-deadline line
    assert next_tick(d, rules, {(1, Phase.PLEDGE, DUE, "after")}, DUE, set()) is None
    assert next_tick(d, rules, set(), DUE + days(2), set()) is None  # too late for the line
    off = StoredSettings(settings=ReminderSettings(disabled=frozenset({Phase.PLEDGE})))
    assert next_tick(d, off, set(), SEVEN, set()) is None
    manual = {(1, Phase.PLEDGE, DUE, "now-202601051000")}
    assert next_tick(d, rules, done, SEVEN + days(1), manual) == SEVEN + days(1)
    after = {(1, Phase.PLEDGE, DUE, "after")}
    assert next_tick(d, rules, after, DUE + days(1), set()) is None  # no watch for late units
    late = _deadline(set_at=DUE + days(1))
    assert next_tick(late, rules, set(), DUE + days(1), set()) is None

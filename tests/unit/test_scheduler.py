"""The scheduler: jobs planned from a source, one per id, run when the moved clock says so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from telegram.ext import ApplicationBuilder, JobQueue

from bot.clock import MovableClock, SystemClock
from bot.scheduler import WAKE, Job, Scheduler

START = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


class Deadlines:
    """A stand-in for the database a feature plans from: bloc -> deadline."""

    def __init__(self) -> None:
        self.by_bloc: dict[int, datetime] = {1: START + timedelta(days=3)}
        self.ran: list[str] = []

    async def plan(self) -> list[Job]:
        return [
            Job(f"nudge:{bloc}:pledge:{days}d", at - timedelta(days=days), {"bloc": bloc})
            for bloc, at in self.by_bloc.items()
            for days in (2, 1)
        ]

    async def run(self, job: Job) -> None:
        self.ran.append(job.id)


async def _scheduler(clock: MovableClock) -> tuple[Scheduler, Deadlines]:
    source = Deadlines()
    scheduler = Scheduler(clock)
    scheduler.define("nudge", run=source.run, plan=source.plan)
    await scheduler.start(None)
    return scheduler, source


async def test_jobs_run_when_the_clock_reaches_them_and_only_once() -> None:
    clock = MovableClock(START)
    scheduler, source = await _scheduler(clock)
    assert [j.id for j in scheduler.planned()] == ["nudge:1:pledge:2d", "nudge:1:pledge:1d"]
    assert await scheduler.run_due() == []
    clock.move(timedelta(days=1))
    assert await scheduler.run_due() == ["nudge:1:pledge:2d"]
    await scheduler.rebuild()  # the plan still lists the past job: it is not run again
    assert await scheduler.run_due() == []
    clock.move(timedelta(days=5))
    assert await scheduler.run_due() == ["nudge:1:pledge:1d"]
    assert source.ran == ["nudge:1:pledge:2d", "nudge:1:pledge:1d"]


async def test_a_changed_deadline_moves_jobs_without_duplicates() -> None:
    clock = MovableClock(START)
    scheduler, source = await _scheduler(clock)
    source.by_bloc = {1: START + timedelta(days=10), 2: START + timedelta(days=4)}
    await scheduler.rebuild("nudge")
    await scheduler.rebuild("nudge")
    ids = [j.id for j in scheduler.planned()]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 4
    assert scheduler.planned("nudge:1:")[0].at == START + timedelta(days=8)
    del source.by_bloc[2]
    await scheduler.rebuild("nudge")
    assert scheduler.planned("nudge:2:") == []
    clock.move(timedelta(days=30))
    assert await scheduler.run_due() == ["nudge:1:pledge:2d", "nudge:1:pledge:1d"]


async def test_jobs_due_while_the_bot_was_down_run_at_start() -> None:
    clock = MovableClock(START + timedelta(days=1, hours=1))
    _, source = await _scheduler(clock)
    assert source.ran == ["nudge:1:pledge:2d"]


async def test_a_failing_job_is_logged_and_the_others_still_run() -> None:
    clock = MovableClock(START)
    scheduler = Scheduler(clock)
    ran: list[str] = []

    async def run(job: Job) -> None:
        ran.append(job.id)
        if job.id.endswith("bad"):
            raise RuntimeError("boom")

    scheduler.define("x", run=run)
    await scheduler.start(None)
    scheduler.put(Job("x:bad", START))
    scheduler.put(Job("x:good", START + timedelta(seconds=1)))
    clock.move(timedelta(seconds=1))
    assert await scheduler.run_due() == ["x:bad", "x:good"]
    assert ran == ["x:bad", "x:good"] and scheduler.planned() == []


async def test_unknown_kinds_and_foreign_ids_are_refused() -> None:
    scheduler = Scheduler(MovableClock(START))
    with pytest.raises(ValueError, match="unknown job kind"):
        scheduler.put(Job("nudge:1", START))

    async def wrong() -> list[Job]:
        return [Job("other:1", START)]

    async def run(job: Job) -> None: ...

    scheduler.define("nudge", run=run, plan=wrong)
    with pytest.raises(ValueError, match="returned job"):
        await scheduler.rebuild()
    with pytest.raises(ValueError, match="defined twice"):
        scheduler.define("nudge", run=run)


async def _on_a_job_queue() -> tuple[Scheduler, JobQueue[Any], list[str]]:
    """A scheduler on the system clock, started on a real (not running) JobQueue."""
    app = ApplicationBuilder().token("123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz").build()
    queue = app.job_queue
    assert queue is not None
    scheduler = Scheduler(SystemClock())
    ran: list[str] = []

    async def run(job: Job) -> None:
        ran.append(job.id)

    scheduler.define("nudge", run=run)
    await scheduler.start(queue)
    return scheduler, queue, ran


async def test_with_the_system_clock_the_job_queue_holds_one_wake_up_at_the_soonest_job() -> None:
    scheduler, queue, ran = await _on_a_job_queue()
    soon = datetime.now(UTC) + timedelta(hours=1)
    scheduler.put(Job("nudge:1:pledge:0d", soon + timedelta(minutes=5)))
    scheduler.put(Job("nudge:2:pledge:0d", soon))
    scheduler.put(Job("nudge:3:pledge:0d", soon + timedelta(days=1)))
    [entry] = queue.jobs()
    assert entry.name == WAKE and entry.job.trigger.run_date == soon
    scheduler.cancel("nudge:2:pledge:0d")
    assert [j.id for j in scheduler.planned()] == ["nudge:1:pledge:0d", "nudge:3:pledge:0d"]
    assert ran == []
    scheduler.stop()


async def test_the_wake_up_runs_what_is_due_and_sets_the_next_one() -> None:
    scheduler, queue, ran = await _on_a_job_queue()
    later = datetime.now(UTC) + timedelta(hours=2)
    scheduler.put(Job("nudge:1:pledge:0d", datetime.now(UTC) - timedelta(seconds=1)))
    scheduler.put(Job("nudge:2:pledge:0d", later))
    await scheduler._fire(None)  # type: ignore[arg-type]  # what the JobQueue calls at the instant
    assert ran == ["nudge:1:pledge:0d"]
    wakes = [job for job in queue.jobs() if not job.removed]
    assert [w.job.trigger.run_date for w in wakes] == [later]
    scheduler.stop()

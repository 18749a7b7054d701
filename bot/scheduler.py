"""The scheduler: jobs at given instants (nudges before a deadline…), rebuilt from the database.

Why not call PTB's `JobQueue` directly: jobs would live only in memory (lost at a restart,
doubled when a deadline changes and a feature schedules again) and tests would have to sleep.
Here every job has an explicit id, a job is *planned* from the database by its feature, and
time comes from the injected clock.

How a feature uses it (the reminders feature, for example)::

    scheduler = services.scheduler
    scheduler.define("nudge", run=send_nudges, plan=plan_nudges)
    # plan_nudges() -> Iterable[Job]: every nudge still to come, read from the database, e.g.
    #     Job("nudge:12:pledge", at=deadline - 3 days)  (what to do is read back from the id)
    # send_nudges(job) -> None: does the work; it should only *queue* messages through the
    #     notifier with keys derived from job.id (then a job run twice never sends twice).
    await scheduler.rebuild("nudge")  # after a deadline of any bloc changed

- ``define(kind, run=…, plan=…)``: ids of the kind start with ``"<kind>:"``. ``plan`` is
  optional (jobs may also be ``put`` one by one).
- ``await rebuild(kind=None)``: ask ``plan`` again and make the kind's jobs exactly those:
  new ones added, moved ones moved, vanished ones cancelled. Idempotent; called for every
  kind at start-up (``start``) and by features whenever what they plan from changes.
- ``put(job)`` adds or moves a job (one job per id, ever); ``cancel(id)``,
  ``cancel_prefix("nudge:12:")``; ``planned(prefix)`` lists the jobs, soonest first.
- ``await run_due()`` runs every job whose time has come (soonest first) and forgets it; a
  job run once is not run again for the same instant, even if ``plan`` returns it again.
  Jobs already due at start-up (the bot was down) run right after ``start``.

Timing: with the system clock, PTB's `JobQueue` (APScheduler) holds ONE entry, the wake-up
at the soonest job's instant, whose firing calls ``run_due`` and sets the next wake-up. Why not
one APScheduler job per id: with 1,000 blocs that was 2,000 entries in memory and a start-up
quadratic in them (PTB looks a job up by name through every job). With any other clock (a
``MovableClock`` in tests and the demo, the sandbox's ``ShiftedClock``) nothing fires by
itself: the test moves the clock and calls ``run_due()``, or ``walk``s it from job to job up to
an instant, so that each job runs at its own time. A job that raises is logged and dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from telegram.ext import CallbackContext, JobQueue

from bot.clock import Clock, SettableClock, SystemClock

log = logging.getLogger(__name__)

#: The name and id of the one JobQueue entry.
WAKE = "scheduler:wake"


#: The data of a job that needs none: one shared, read-only mapping.
NO_DATA: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Job:
    """One run at `at`; `id` is ``"<kind>:<what>:…"``, deterministic (e.g. from a deadline).

    Slots, and no data unless a job needs more than its id says: a bot of 1,000 blocs holds
    thousands of jobs all the time, so each job's size is the bot's idle memory.
    """

    id: str
    at: datetime
    data: Mapping[str, Any] = field(default_factory=lambda: NO_DATA)

    @property
    def kind(self) -> str:
        return self.id.split(":", 1)[0]


Run = Callable[[Job], Awaitable[None]]
Plan = Callable[[], Awaitable[Iterable[Job]]]


@dataclass(frozen=True)
class _Kind:
    run: Run
    plan: Plan | None


class Scheduler:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._kinds: dict[str, _Kind] = {}
        self._jobs: dict[str, Job] = {}
        self._ran: dict[str, datetime] = {}
        self._queue: JobQueue[Any] | None = None
        #: When the one JobQueue entry wakes us (None: no entry).
        self._wake_at: datetime | None = None

    def define(self, kind: str, *, run: Run, plan: Plan | None = None) -> None:
        if ":" in kind or kind in self._kinds:
            raise ValueError(f"job kind {kind!r} is malformed or defined twice")
        self._kinds[kind] = _Kind(run, plan)

    async def start(self, job_queue: JobQueue[Any] | None) -> None:
        """Plan every kind, and run what is already due; real time only with the system clock."""
        if isinstance(self.clock, SystemClock):
            self._queue = job_queue
        await self.rebuild()
        await self.run_due()

    def stop(self) -> None:
        self._disarm()
        self._queue = None

    async def rebuild(self, kind: str | None = None) -> None:
        """Make the jobs of `kind` (every kind when None) exactly what its plan says now."""
        for name, spec in self._kinds.items():
            if spec.plan is None or kind not in (None, name):
                continue
            wanted = {job.id: job for job in await spec.plan()}
            for job in wanted.values():
                if job.kind != name:
                    raise ValueError(f"plan of {name!r} returned job {job.id!r}")
            for job_id in [i for i, j in self._jobs.items() if j.kind == name]:
                if job_id not in wanted:
                    self.cancel(job_id)
            for job in wanted.values():
                self.put(job)

    def put(self, job: Job) -> None:
        """Add the job, or move the one with its id; a job already run at `job.at` stays done."""
        if job.kind not in self._kinds:
            raise ValueError(f"unknown job kind in {job.id!r}")
        if self._ran.get(job.id) == job.at or self._jobs.get(job.id) == job:
            return
        self._jobs[job.id] = job
        self._arm(job.at)

    def cancel(self, job_id: str) -> None:
        # The wake-up stays: waking with nothing due only sets the next one.
        self._jobs.pop(job_id, None)

    def cancel_prefix(self, prefix: str) -> None:
        for job_id in [i for i in self._jobs if i.startswith(prefix)]:
            self.cancel(job_id)

    def planned(self, prefix: str = "") -> list[Job]:
        """The jobs still to run, soonest first."""
        jobs = [j for i, j in self._jobs.items() if i.startswith(prefix)]
        return sorted(jobs, key=lambda j: (j.at, j.id))

    async def run_due(self) -> list[str]:
        """Run every job whose time has come, soonest first; returns their ids."""
        now = self.clock.now()
        due = [job for job in self.planned() if job.at <= now]
        for job in due:
            if self._jobs.get(job.id) != job:  # cancelled or moved by an earlier job
                continue
            self.cancel(job.id)
            self._ran[job.id] = job.at
            try:
                await self._kinds[job.kind].run(job)
            except Exception:
                log.exception("job %s failed", job.id)
        return [job.id for job in due]

    async def walk(
        self, clock: SettableClock, until: datetime, then: Callable[[], Awaitable[None]]
    ) -> None:
        """Move `clock` (this scheduler's own) from job to job up to `until`, running the jobs
        due at each instant and then `then()` (send what they queued, show it); it ends at
        `until`. A job a run puts at a later instant before `until` is walked to as well."""
        while True:
            now = clock.now()
            ahead = [job.at for job in self.planned() if now < job.at <= until]
            if not ahead:
                break
            clock.set(min(ahead))
            await self.run_due()
            await then()
        if clock.now() < until:
            clock.set(until)

    def _arm(self, at: datetime) -> None:
        """Make sure the JobQueue wakes us at `at` or earlier."""
        if self._queue is None or (self._wake_at is not None and self._wake_at <= at):
            return
        self._disarm()  # before APScheduler starts, `replace_existing` is not applied
        self._wake_at = at
        self._queue.run_once(
            self._fire, when=at, name=WAKE, job_kwargs={"id": WAKE, "replace_existing": True}
        )

    def _disarm(self) -> None:
        self._wake_at = None
        if self._queue is None:
            return
        for ptb_job in self._queue.get_jobs_by_name(WAKE):
            ptb_job.schedule_removal()

    async def _fire(self, context: CallbackContext[Any, Any, Any, Any]) -> None:
        self._wake_at = None  # this entry is spent
        await self.run_due()
        if self._jobs:
            self._arm(min(job.at for job in self._jobs.values()))

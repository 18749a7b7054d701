"""Nudge jobs on the shared scheduler: one job per (bloc, phase), id `nudge:<bloc>:<phase>`,
at the instant that phase next needs a tick.

Why one job per phase rather than one per nudge: a tick recomputes what is due from the
database (`Nudger.tick`), so the only thing a job must get right is *when* to look next; a
change of deadline or settings moves one job instead of adding and removing several.

`plan` (what the scheduler asks at start-up and at every `rebuild("nudge")`) reads every open
deadline, the blocs' settings and the ledger's closed rounds in three queries, and for each
phase says: now (a nudge or the after-deadline line is due and not done: the bot was down, or a
round is still sending), else the next nudge, else the deadline (the after-deadline line). A
phase whose round's score review is closed (`Hold`) gets no nudge: only the deadline's tick,
which records its line as done without posting it (a round begun before the close: now, to end
it without its digest).
It also takes back from the outbox the unsent nudges of deadlines that have changed since, or
whose round's review has closed since.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.calendar import Phase
from bot.domain.nudge_times import AFTER_KEY, due_point, latest, next_point, nudge_times
from bot.domain.reminders import ReminderSettings
from bot.nudge_after import AFTER_GRACE
from bot.nudging import FOLLOW_UP, Nudger
from bot.scheduler import Job, Scheduler
from storage.reminders import OpenDeadline, StoredSettings

KIND = "nudge"

Closed = set[tuple[int, Phase, datetime, str]]


def job_id(bloc_id: int, phase: Phase) -> str:
    return f"{KIND}:{bloc_id}:{phase.value}"


def job_target(job_id: str) -> tuple[int, Phase]:
    """The bloc and phase a job id names (the id says it all: a job carries no data)."""
    _, bloc, phase = job_id.split(":")
    return int(bloc), Phase(phase)


def next_tick(
    d: OpenDeadline,
    stored: StoredSettings,
    closed: Closed,
    now: datetime,
    unfinished: Closed,
) -> datetime | None:
    """When the phase of `d` needs a tick next (None: nothing left to do); `unfinished` are
    the rounds whose digest is still to come. After the deadline only its line is left."""
    if not stored.settings.enabled(d.phase):
        return None
    begun = any(r[:3] == (d.bloc_id, d.phase, d.due_at) for r in unfinished)
    if now < d.due_at and d.hold.held:  # its round's review closed: no nudge (`Hold`)
        return now if begun else d.due_at  # a begun round ended, then the deadline's tick
    if now < d.due_at and begun:
        return now
    if now >= d.due_at:
        posted = (d.bloc_id, d.phase, d.due_at, AFTER_KEY) in closed
        if d.set_at > d.due_at and not posted:  # recorded once past, not moved there: no line
            return None
        return now if not posted and now - d.due_at <= AFTER_GRACE else None
    since = latest(d.set_at, stored.changed_at, d.hold.resumed_at)
    points = nudge_times(d.due_at, stored.settings, ZoneInfo(d.timezone))
    due = due_point(points, now=now, since=since, deadline=d.due_at)
    if due is not None and (d.bloc_id, d.phase, d.due_at, due.key) not in closed:
        return now
    upcoming = next_point(points, now)
    return upcoming.at if upcoming else d.due_at


#: Blocs whose deadlines one planning step reads.
PLAN_PAGE = 100


class NudgeJobs:
    """Plans and runs the `nudge` jobs of one Application."""

    def __init__(self, nudger: Nudger, scheduler: Scheduler) -> None:
        self.nudger = nudger
        self.scheduler = scheduler

    def define(self) -> None:
        self.scheduler.define(KIND, run=self.run, plan=self.plan)

    async def plan(self, bloc_id: int | None = None) -> list[Job]:
        repo, now = self.nudger.repo, self.nudger.services.clock.now()
        async with self.nudger.services.db.transaction():
            await repo.withdraw_stale()
        settings, closed = await repo.all_settings(), await repo.closed_rounds()
        unfinished = await repo.open_rounds(bloc_id)
        blocs = [bloc_id] if bloc_id is not None else await repo.open_blocs()
        jobs = []
        for first in range(0, len(blocs), PLAN_PAGE):  # start-up never holds every deadline
            page = blocs[first : first + PLAN_PAGE]
            for d in await repo.open_deadlines(bloc_id, among=page):
                if d.phase not in self.nudger.providers:
                    continue
                stored = settings.get(d.bloc_id, _DEFAULT)
                at = next_tick(d, stored, closed, now, unfinished)
                if at is not None:
                    jobs.append(Job(job_id(d.bloc_id, d.phase), at))
        return jobs

    async def run(self, job: Job) -> None:
        """Tick, then put the phase's job at its next instant."""
        bloc_id, phase = job_target(job.id)
        report = await self.nudger.tick(bloc_id, phase)
        if report.waiting:
            at = self.nudger.services.clock.now() + FOLLOW_UP
            self.scheduler.put(Job(job.id, at))
            return
        for upcoming in await self.plan(bloc_id):
            if upcoming.id == job.id:
                self.scheduler.put(upcoming)


_DEFAULT = StoredSettings(settings=ReminderSettings())

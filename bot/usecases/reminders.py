"""`/remind` (bloc admins): the nudge schedule, its changes, and a round at once.

Rights first: a non-admin is refused before the arguments are even read, so a bad argument
from a stranger says "admins only", not what was wrong with it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import rights
from bot.actor import Actor
from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.domain.elections import Election
from bot.domain.nudge_times import NudgePoint, nudge_times, runoff_nudges, stood_for
from bot.domain.reminders import (
    Change,
    NudgeNow,
    QuietHours,
    ReminderInputError,
    ReminderSettings,
    Show,
    apply,
    parse_remind,
)
from bot.domain.year import current_phase
from bot.errors import BadInput, NotFound
from bot.nudge_again import (
    again_point,
    in_quiet,
    last_round,
    minute_at,
    quiet_point,
    recent_round,
)
from bot.nudge_jobs import KIND
from bot.nudge_state import PhaseSchedule, PhaseState, RoundReport
from bot.nudging import Nudger
from bot.services import Services
from bot.usecases.election_close import NUDGE_JOB as RUNOFF_NUDGES
from bot.usecases.election_close import runoff_to_remind
from bot.usecases.elections import VoteOpened
from storage.reminders import ReminderRepo, SentRound

#: `Nudged.outcome` while the phase's round has its score review closed (`Hold`).
HELD = "review_closed"


@dataclass(frozen=True)
class RunoffSchedule:
    """An open runoff in `/remind`: its own deadline and its reminders still ahead."""

    election: Election
    year: int
    deadline: datetime
    upcoming: tuple[NudgePoint, ...]


@dataclass(frozen=True)
class Schedule:
    """What `/remind` shows."""

    bloc: Bloc
    settings: ReminderSettings
    year: int | None
    phases: list[PhaseSchedule]
    unreachable: list[tuple[str, int, str]]  # (unit code, user id, name)
    runoffs: tuple[RunoffSchedule, ...] = ()


@dataclass(frozen=True)
class Changed:
    bloc: Bloc
    change: Change
    settings: ReminderSettings


@dataclass(frozen=True)
class Nudged:
    """`/remind now`: `outcome` is started, nobody, no_deadline, past, no_phase, no_pending,
    review_closed (the round's score review is closed: no unit can submit, nobody is reminded)
    ask (a reminder of the deadline went recently: `last`, to confirm first) or quiet (typed in
    the bloc's quiet hours: `quiet`, to confirm first); their ✅ also
    moved (the deadline changed since) or newer (a round began since: `last`).
    `stands_for`: when the reminder planned later today goes, which will not say it again;
    `deadline`: the deadline reminded of. `runoffs`: the open runoffs reminded at once too,
    each with its own deadline and only the delegates of its units that have not voted (their
    reminders go privately; a runoff has no group digest); outcome `runoff` when only they
    were (the phase had nothing to remind)."""

    bloc: Bloc
    phase: Phase | None
    outcome: str
    report: RoundReport | None = None
    stands_for: datetime | None = None
    deadline: datetime | None = None
    last: SentRound | None = None
    quiet: QuietHours | None = None
    runoffs: tuple[VoteOpened, ...] = ()


async def remind(
    services: Services, actor: Actor, nudger: Nudger, args: list[str]
) -> Schedule | Changed | Nudged:
    """The `/remind` form the arguments ask for, by a bloc admin of the chat's bloc."""
    bloc = await rights.admin_bloc_here(services, actor)
    try:
        command = parse_remind(args)
    except ReminderInputError as exc:
        raise BadInput(exc.key, **exc.params) from None
    if isinstance(command, Show):
        return await schedule(services, bloc)
    if isinstance(command, NudgeNow):
        return await nudge_now(services, nudger, bloc, command.phase)
    return await change(services, bloc, command, by=actor.user_id)


async def admin_here(services: Services, actor: Actor) -> Bloc:
    """The chat's bloc, if the actor is one of its admins (a button of `/remind`)."""
    return await rights.admin_bloc_here(services, actor)


async def schedule(services: Services, bloc: Bloc) -> Schedule:
    repo = ReminderRepo(services.db)
    settings = (await repo.settings(bloc.id)).settings
    year = await services.years.current(bloc.id)
    phases: list[PhaseSchedule] = []
    if year is not None:
        deadlines = await services.years.deadlines(year.id)
        now = services.clock.now()
        for phase in Phase:
            found = deadlines.get(phase.value)
            due = found.due_at if found else None
            upcoming: tuple[NudgePoint, ...] = ()
            if due is not None and now < due:
                points = nudge_times(due, settings, ZoneInfo(bloc.timezone))
                upcoming = tuple(p for p in points if p.at > now)
            past = due is not None and now >= due
            held = due is not None and (await repo.hold(year.id, phase)).held
            enabled = settings.enabled(phase)
            phases.append(PhaseSchedule(phase, due, enabled, upcoming, past, held=held))
    people = await repo.unreachable_in_bloc(bloc.id)
    profiles = await services.users.get_many([user for _, user in people])
    unreachable = [
        (code, user, profiles[user].display_name if user in profiles else "")
        for code, user in people
    ]
    runoffs = await _runoff_schedules(services, bloc, settings) if year else ()
    return Schedule(bloc, settings, year.year if year else None, phases, unreachable, runoffs)


async def _runoff_schedules(
    services: Services, bloc: Bloc, settings: ReminderSettings
) -> tuple[RunoffSchedule, ...]:
    """The bloc's open runoffs (a vote with its own deadline, still ahead) and the reminders
    of that deadline still to go (none when the `election` reminders are off)."""
    now, tz, found = services.clock.now(), ZoneInfo(bloc.timezone), []
    for election in await services.elections.open_of_bloc(bloc.id):
        due = election.due_at
        year = await services.years.get(election.year_id)
        if due is None or due <= now or year is None:
            continue
        upcoming: tuple[NudgePoint, ...] = ()
        if settings.enabled(Phase.ELECTION):
            points = runoff_nudges(election.opened_at, due, settings, tz, now=now)
            upcoming = tuple(p for p in points if p.at > now)
        found.append(RunoffSchedule(election, year.year, due, upcoming))
    return tuple(found)


async def runoffs_now(services: Services, bloc: Bloc) -> tuple[VoteOpened, ...]:
    """The bloc's open runoffs with units still to vote, each with only their delegates."""
    found = []
    for election in await services.elections.open_of_bloc(bloc.id):
        if election.due_at is None:
            continue  # it closes at the year's deadline: the phase's reminder names it
        opened = await runoff_to_remind(services, election.id)
        if opened is not None and opened.voters:
            found.append(opened)
    return tuple(found)


async def change(services: Services, bloc: Bloc, command: Change, *, by: int) -> Changed:
    """Store one change of the settings, then plan the bloc's nudge jobs again."""
    repo = ReminderRepo(services.db)
    async with services.db.transaction():
        settings = apply((await repo.settings(bloc.id)).settings, command)
        await repo.save(bloc.id, settings, by=by, now=services.clock.now())
    await services.scheduler.rebuild(KIND)
    await services.scheduler.rebuild(RUNOFF_NUDGES)  # a runoff's own deadline follows them too
    return Changed(bloc, command, settings)


async def nudge_now(services: Services, nudger: Nudger, bloc: Bloc, phase: Phase | None) -> Nudged:
    """A round at once for the phase named, else the current one (its deadline still ahead);
    asked first when a reminder of that deadline went less than 12 hours ago, this minute's
    `/remind now` aside (`bot.nudge_again`)."""
    runoffs: tuple[VoteOpened, ...] = ()
    if phase in (None, Phase.ELECTION):  # a runoff, reminded with its own deadline
        runoffs = await runoffs_now(services, bloc)
    done = await _phase_now(services, nudger, bloc, phase)
    if not runoffs:
        return done
    if done.outcome in ("started", "ask", "quiet"):
        return replace(done, runoffs=runoffs)
    return Nudged(bloc, done.phase, "runoff", runoffs=runoffs)


async def _phase_now(services: Services, nudger: Nudger, bloc: Bloc, phase: Phase | None) -> Nudged:
    """`/remind now` of the phase (named, else the current one), a runoff's aside."""
    year = await services.years.current(bloc.id)
    now = services.clock.now()
    if year is None:
        return Nudged(bloc, phase, "no_phase")
    deadlines = {Phase(p): d.due_at for p, d in (await services.years.deadlines(year.id)).items()}
    if phase is None:
        phase = current_phase(deadlines, now)
        if phase is None:
            return Nudged(bloc, None, "no_phase")
    if phase not in nudger.providers:
        return Nudged(bloc, phase, "no_pending")
    due = deadlines.get(phase)
    if due is None:
        return Nudged(bloc, phase, "no_deadline")
    if now >= due:
        return Nudged(bloc, phase, "past")
    state = await nudger.state(bloc.id, phase)
    assert state is not None
    if state.held:
        return Nudged(bloc, phase, HELD)
    last = await recent_round(nudger.repo, state, now)
    if last is not None and await _anyone(nudger, state):  # asked first (bot.nudge_again)
        quiet = state.settings.quiet if in_quiet(state, now) else None
        return Nudged(bloc, phase, "ask", deadline=due, last=last, quiet=quiet)
    if in_quiet(state, now) and await _anyone(nudger, state):  # asked first, too
        return Nudged(bloc, phase, "quiet", deadline=due, quiet=state.settings.quiet)
    return await _nudged(services, nudger, state, None)


async def nudge_again(
    services: Services, actor: Actor, nudger: Nudger, phase: Phase, first: int
) -> Nudged:
    """✅ Send again: the round asked about by `/remind now` (its first row `first`) is still
    the deadline's last one, and the deadline the same and ahead; then the confirmed round,
    one for every press of that question. Else nothing is sent: moved, past or newer."""
    bloc = await rights.admin_bloc_here(services, actor)
    asked = await nudger.repo.key_of_row(first)
    year = await services.years.current(bloc.id)
    if asked is None or (asked.bloc_id, asked.phase) != (bloc.id, phase):
        raise NotFound("core.stale_button")  # forged, or another bloc's
    state = await nudger.state(bloc.id, phase)
    if year is None or asked.year_id != year.id or state is None:
        return Nudged(bloc, phase, "moved")
    if state.deadline != asked.due_at:
        return Nudged(bloc, phase, "moved", deadline=state.deadline)
    if services.clock.now() >= state.deadline:
        return Nudged(bloc, phase, "past")
    if state.held:  # its round's review closed since the question
        return Nudged(bloc, phase, HELD)
    last = await last_round(nudger.repo, state)
    if last is None or last.first != first:
        return Nudged(bloc, phase, "newer", deadline=state.deadline, last=last)
    return await _nudged(services, nudger, state, again_point(first))


async def nudge_quiet(
    services: Services, actor: Actor, nudger: Nudger, phase: Phase, minute: int
) -> Nudged:
    """✅ Send now, asked in the quiet hours at `minute` (`bot.nudge_again.minute_of`): the
    deadline still ahead and no round begun since the question; then the confirmed round, one
    for every press of that question. Else nothing is sent: past or newer."""
    bloc = await rights.admin_bloc_here(services, actor)
    state = await nudger.state(bloc.id, phase)
    if state is None:
        return Nudged(bloc, phase, "moved")
    if services.clock.now() >= state.deadline:
        return Nudged(bloc, phase, "past")
    if state.held:
        return Nudged(bloc, phase, HELD)
    last = await last_round(nudger.repo, state)
    if last is not None and last.at >= minute_at(minute):
        return Nudged(bloc, phase, "newer", deadline=state.deadline, last=last)
    return await _nudged(services, nudger, state, quiet_point(minute))


async def _anyone(nudger: Nudger, st: PhaseState) -> bool:
    """Whether a round now would remind anyone: a unit pending, or one with unsent changes."""
    pending = await nudger.pending_of(st)
    return pending is not None and bool(pending or await nudger.changed_of(st))


async def _nudged(
    services: Services, nudger: Nudger, state: PhaseState, point: str | None
) -> Nudged:
    """A round at once (`point`: a confirmed one, else this minute's), and what it did."""
    now, due, phase = services.clock.now(), state.deadline, state.phase
    report = await nudger.nudge_now(state, point)
    await services.scheduler.rebuild(KIND)  # its digest follows the private messages
    # a unit with unsent changes is reminded although nobody is pending
    started = report.pending_units or report.queued
    later: list[NudgePoint] = []
    if state.settings.enabled(phase):
        points = nudge_times(due, state.settings, state.tz)
        later = stood_for(points, now=now, deadline=due, tz=state.tz)
    stands_for = later[0].at if later else None
    outcome = "started" if started else "nobody"
    return Nudged(state.bloc, phase, outcome, report, stands_for, deadline=due)

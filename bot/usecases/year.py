"""The emulation year: open it (with the sample scale and the default titles), close it, set the
deadline of each phase, and say where the year stands.

Opening and deadlines are proposed first and stored on the admin's ✅: `propose_*` checks and
computes what will be stored, the matching commit re-checks everything at the press.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot import rights
from bot.actor import Actor
from bot.domain.assessment import Round
from bot.domain.bloc import Bloc
from bot.domain.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    Phase,
    deadline_example,
    deadline_warnings,
    parse_deadline,
    parse_phase,
    parse_year,
    split_deadline_args,
)
from bot.domain.elections import Election
from bot.domain.errors import FieldError
from bot.domain.nudge_times import WeekendDeadline, weekend_deadline
from bot.domain.year import StoredScale, Year, current_phase, rounds_ahead, warnings_about
from bot.errors import BadInput, Conflict, NotFound
from bot.nudge_after import moved_past
from bot.nudge_moved import tell_moved_earlier
from bot.nudge_state import RoundReport
from bot.services import Services
from bot.usecases import scale as scales
from bot.usecases import titles
from bot.usecases.election_close import MovedNotices, votes_moved
from bot.usecases.year_next import Opening, next_if_none_open, next_year, opening
from storage.reminders import ReminderRepo


@dataclass(frozen=True)
class YearView:
    """What `/year` shows: the year, its deadlines and its current scale."""

    bloc: Bloc
    year: Year
    deadlines: dict[Phase, datetime]
    scale: StoredScale | None
    phase: Phase | None
    #: The bloc has no open year: the year to open next (its every answer names it).
    next: int | None = None
    #: The `/deadline` example the hint shows (`deadline_example`), never a day already past.
    example: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DeadlineProposal:
    bloc: Bloc
    year: Year
    phase: Phase
    due_at: datetime
    warnings: list[FieldError]
    #: The phase's deadline before this one (None: not set); its ✅ refuses once it changed.
    was: datetime | None = None
    #: The deadline falls on a weekend the nudges skip: the last nudge before it.
    weekend: WeekendDeadline | None = None
    #: Moved earlier: the delegates told the later deadline by a nudge, now told this one.
    told: int = 0
    #: Already past while the phase was open: the units still to act, locked at once (codes).
    locks: tuple[str, ...] | None = None
    #: Stored (after ✅): the group was given the after-deadline line at once.
    posted: bool = False
    #: Stored (after ✅): the delegates of the units locked out, told so privately.
    closed_told: int = 0
    #: Stored (after ✅): the delegates of the units yet to vote, told the votes' new deadline.
    votes_told: int = 0


class DeadlineMoved(Conflict):
    """A deadline's ✅ pressed after the phase's deadline changed since it was shown (a newer
    confirmation was pressed first): nothing is stored; the admin is told the deadline now."""

    def __init__(self, phase: Phase, due_at: datetime | None, timezone: str) -> None:
        super().__init__("year.deadline_moved")
        self.phase, self.due_at, self.timezone = phase, due_at, timezone


def tz_of(bloc: Bloc) -> ZoneInfo:
    return ZoneInfo(bloc.timezone)


def example_of(services: Services, bloc: Bloc, number: int) -> dict[str, str]:
    """The `/deadline` example for the emulation year `number` on the bloc's day today."""
    return deadline_example(number, services.clock.now().astimezone(tz_of(bloc)).date())


async def open_year_of(services: Services, bloc: Bloc) -> Year:
    """The bloc's open year; refuses with a hint to open the next one (or reopen the last)."""
    year = await services.years.current(bloc.id)
    if year is None:
        latest = await services.years.latest(bloc.id)
        nxt = await next_year(services, bloc)
        if latest is not None:
            raise NotFound("year.closed_latest", year=latest.year, next=nxt)
        raise NotFound("year.none_open_next", next=nxt)
    return year


async def shown_year(services: Services, bloc: Bloc, number: int | None = None) -> Year:
    """The year a read shows: the one named, else the open one, else the latest closed one."""
    year = (
        await services.years.by_number(bloc.id, number)
        if number is not None
        else await services.years.latest(bloc.id)
    )
    if year is None and number is not None and (known := await services.years.numbers(bloc.id)):
        raise NotFound("year.unknown", year=number, years=", ".join(map(str, known)))
    if year is None:
        raise NotFound("year.none_next", next=await next_year(services, bloc))
    return year


async def named_year(services: Services, bloc: Bloc, number_text: str | None) -> Year:
    """The year a read names (`/status 2027`, `/summary 2027`: four digits, else refused),
    else the open one, else the latest closed one; a year the bloc never had is refused."""
    return await shown_year(services, bloc, parse_year(number_text) if number_text else None)


async def _pressed_year(services: Services, bloc: Bloc, year_id: int | None) -> Year:
    """The open year, if it is still the one the button was made for."""
    year = await open_year_of(services, bloc)
    if year.id != year_id:
        raise Conflict("core.stale_button")
    return year


async def deadlines_of(services: Services, year: Year) -> dict[Phase, datetime]:
    found = await services.years.deadlines(year.id)
    return {phase: found[phase.value].due_at for phase in Phase if phase.value in found}


async def view(services: Services, actor: Actor, number_text: str | None = None) -> YearView:
    """The year asked for (`/year 2025`), else the open one, else the latest closed one."""
    bloc = await rights.member_bloc_here(services, actor)
    year = await named_year(services, bloc, number_text)
    deadlines = await deadlines_of(services, year)
    phase = current_phase(deadlines, services.clock.now()) if year.is_open else None
    return YearView(
        bloc=bloc,
        year=year,
        deadlines=deadlines,
        scale=await services.scales.current(year.id),
        phase=phase,
        next=None if year.is_open else await next_if_none_open(services, bloc),
        example=example_of(services, bloc, year.year),
    )


async def propose_open(services: Services, actor: Actor, number_text: str) -> Opening:
    """The year to open, with what is unusual about it (a year already over, one ahead…);
    refuses a bad number, a second open year, a year seen before."""
    bloc = await rights.admin_bloc_here(services, actor)
    number = parse_year(number_text)
    await _check_can_open(services, bloc, number)
    return await opening(services, bloc, number)


async def _check_can_open(services: Services, bloc: Bloc, number: int) -> None:
    current = await services.years.current(bloc.id)
    if current is not None:
        raise Conflict("year.already_open", year=current.year)
    if await services.years.by_number(bloc.id, number) is not None:
        raise Conflict("year.exists", year=number)


async def ask_nothing(services: Services, actor: Actor) -> None:
    """✖️ on a confirmation of the year: only an admin may dismiss it (nothing is stored)."""
    await rights.admin_bloc_here(services, actor)


async def open_year(services: Services, actor: Actor, number: int) -> tuple[Year, dict[str, str]]:
    """Open the year with the bundled sample scale as version 1 and the bloc's titles; with
    the `/deadline` example its confirmation shows (`example_of`)."""
    bloc = await rights.admin_bloc_here(services, actor)
    by = actor.user_id
    if not MIN_YEAR <= number <= MAX_YEAR:
        raise Conflict("core.stale_button")
    now = services.clock.now()
    async with services.db.transaction():
        await _check_can_open(services, bloc, number)
        year = await services.years.open(bloc.id, number, by=by, now=now)
        await scales.attach_sample(services, year, by=by)
        await titles.ensure_defaults(services, bloc)
    await services.scheduler.rebuild()  # jobs planned from the year's deadlines
    return year, example_of(services, bloc, year.year)


async def propose_deadline(services: Services, actor: Actor, args: list[str]) -> DeadlineProposal:
    """`/deadline <phase> <date> [HH:MM]` checked, with the warnings it would raise.

    The phase may take several words ("sơ kết", "tổng kết"): it is everything before the date.
    The usage and a refused date's example name the open year.
    """
    bloc = await rights.admin_bloc_here(services, actor)
    year = await open_year_of(services, bloc)
    split = split_deadline_args(args)
    if split is None:
        raise BadInput("year.deadline_usage", **example_of(services, bloc, year.year))
    phase_text, date_text, time_text = split
    phase = parse_phase(phase_text)
    due_at = parse_deadline(date_text, time_text, tz_of(bloc), year.year)
    was = await services.years.deadline(year.id, phase.value)
    return await _proposal(services, bloc, year, phase, due_at, was)


async def _proposal(
    services: Services,
    bloc: Bloc,
    year: Year,
    phase: Phase,
    due_at: datetime,
    was: datetime | None = None,
) -> DeadlineProposal:
    """The deadline with what looks wrong in the year's calendar and, when it falls on a
    weekend the nudges skip, the last nudge before it (the nudges' own rule computes it)."""
    now = services.clock.now()
    calendar = await deadlines_of(services, year)
    found = deadline_warnings({**calendar, phase: due_at}, now, year.year, tz=tz_of(bloc))
    settings = (await ReminderRepo(services.db).settings(bloc.id)).settings
    weekend = None
    if settings.enabled(phase) and due_at > now:
        weekend = weekend_deadline(due_at, settings, tz_of(bloc), now=now)
    locks = None
    if due_at <= now and (was is None or was > now) and services.nudger is not None:
        nudger = services.nudger
        units = await nudger.units_of(nudger.providers, bloc, year, phase)
        locks = tuple(sorted(u.code for u in units or ()))
    warnings = warnings_about(found, phase)
    return DeadlineProposal(bloc, year, phase, due_at, warnings, was, weekend, locks=locks)


async def set_deadline(
    services: Services,
    actor: Actor,
    *,
    year_id: int,
    phase: Phase,
    timestamp: int,
    was: int,
    moved: MovedNotices | None = None,
) -> DeadlineProposal:
    """Store a confirmed deadline (what the ✅ button carries), re-checked at the press.

    `was` is the phase's deadline when the confirmation was shown (0: none). If it changed
    since (an older confirmation pressed after a newer one), nothing is stored: the ✅ would
    silently undo what was confirmed last (`DeadlineMoved` names the deadline as it is now).
    Pressed again once stored (a double tap), it stores nothing more and says it is set.
    The `election` deadline moved while votes close at it (still ahead): `moved` queues, with
    the change, each vote's progress message edited to it and the delegates of its units yet to
    vote told it, in either direction (the reminders' "brought forward" notice is not sent).
    """
    bloc = await rights.admin_bloc_here(services, actor)
    if not _LOWEST <= timestamp <= _HIGHEST:  # forged: no deadline of a valid year
        raise Conflict("core.stale_button")
    due_at = datetime.fromtimestamp(timestamp, UTC)
    async with services.db.transaction():
        year = await _pressed_year(services, bloc, year_id)
        current = await services.years.deadline(year.id, phase.value)
        if current == due_at:
            return await _proposal(services, bloc, year, phase, due_at)
        if deadline_stamp(current) != was:
            raise DeadlineMoved(phase, current, bloc.timezone)
        now = services.clock.now()
        await services.years.set_deadline(year.id, phase.value, due_at, by=actor.user_id, now=now)
        told = votes_told = 0
        votes = []
        if phase is Phase.ELECTION and moved is not None and due_at > now:
            votes = await votes_moved(services, bloc.id, year.id, current)
        if votes:  # the votes say it themselves, naming each vote (QA qa9 #3)
            assert moved is not None
            queued = moved(votes)
            await services.notifier.enqueue_all(queued)
            votes_told = len({m.chat_id for m in queued if m.edit_message_id is None})
        elif current is not None and due_at < current and services.nudger is not None:
            # told together with the change: both stored, or neither
            told = await tell_moved_earlier(services.nudger, bloc.id, phase, was=current, now=now)
        ended = RoundReport()
        if current is not None and due_at <= now < current and services.nudger is not None:
            # the phase ends at once: the group hears who did not act now, not never, and
            # their delegates that it is closed for their unit
            ended = await moved_past(services.nudger, bloc.id, phase, now)
    await services.scheduler.rebuild()  # jobs planned from deadlines (closings, nudges) follow
    proposal = await _proposal(services, bloc, year, phase, due_at, current)
    return replace(
        proposal, told=told, posted=ended.group, closed_told=ended.queued, votes_told=votes_told
    )


def deadline_stamp(due_at: datetime | None) -> int:
    """A deadline as the ✅ button carries it: its UTC timestamp, 0 when none is set."""
    return int(due_at.timestamp()) if due_at is not None else 0


#: The instants a deadline can be at (a year's deadlines may fall in the next year).
_LOWEST = int(datetime(MIN_YEAR - 1, 1, 1, tzinfo=UTC).timestamp())
_HIGHEST = int(datetime(MAX_YEAR + 2, 1, 1, tzinfo=UTC).timestamp())


@dataclass(frozen=True)
class RoundAhead:
    """A self-assessment round whose phase the year has not reached, that `submitted` of the
    bloc's `units` units already submitted."""

    round: Round
    submitted: int
    units: int


@dataclass(frozen=True)
class StatusView:
    bloc: Bloc
    year: Year
    phase: Phase | None
    due: datetime | None
    #: The phases before the one shown whose deadline has passed (what /status can show too).
    past: tuple[Phase, ...] = ()
    #: The year was named (`/status 2027`): hints name it too.
    named: bool = False
    #: The year's votes under way, when the phase shown is not the election's (a vote may
    #: open before its phase): /status points to them.
    votes: tuple[Election, ...] = ()
    #: The rounds ahead of the year's phase that units already submitted (not the one shown):
    #: /status points to them, as /assess offers them early.
    ahead: tuple[RoundAhead, ...] = ()
    #: The bloc has no open year: the year to open next (its every answer names it).
    next: int | None = None


async def status(services: Services, actor: Actor, args_text: str = "") -> StatusView:
    """Where a year stands (a read: members of the bloc's group, delegates, admins).

    `/status [phase] [year]`: the year named, else the open one, else the latest closed one
    (a closed year stays readable); the phase named, else the current one (none for a closed
    year, which then lists what can be shown).
    """
    bloc = await rights.member_bloc_here(services, actor)
    words = args_text.split()
    numbers = [w for w in words if w.isdigit() and len(w) == 4]
    phase_text = " ".join(w for w in words if w not in numbers)
    year = await named_year(services, bloc, numbers[0] if numbers else None)
    nxt = None if year.is_open else await next_if_none_open(services, bloc)
    if not year.is_open and not phase_text:
        return StatusView(bloc, year, None, None, tuple(Phase), bool(numbers), next=nxt)
    phase, due = await phase_now(services, year, phase_text)
    deadlines = await deadlines_of(services, year)
    now = services.clock.now()
    order = list(Phase)
    before = order[: order.index(phase)] if phase else order
    past = tuple(p for p in before if p in deadlines and deadlines[p] <= now)
    votes: tuple[Election, ...] = ()
    if phase is not Phase.ELECTION:
        opened = await services.elections.open_of_bloc(bloc.id)
        votes = tuple(e for e in opened if e.year_id == year.id)
    ahead: tuple[RoundAhead, ...] = ()
    if year.is_open:
        ahead = await _submitted_ahead(services, bloc, year, current_phase(deadlines, now), phase)
    return StatusView(bloc, year, phase, due, past, bool(numbers), votes, ahead, next=nxt)


async def _submitted_ahead(
    services: Services, bloc: Bloc, year: Year, current: Phase | None, shown: Phase | None
) -> tuple[RoundAhead, ...]:
    """The rounds ahead of the year's phase `current` (`rounds_ahead`) that units of the bloc
    already submitted, but the round shown."""
    rounds = [r for r in rounds_ahead(current) if r.phase is not shown]
    if not rounds:
        return ()
    units = {u.id for u in await services.units.list(bloc.id)}
    found = []
    for round_ in rounds:
        held = await services.assessments.of_round(year.id, round_)
        submitted = sum(1 for unit, a in held.items() if unit in units and a.submitted)
        if submitted:
            found.append(RoundAhead(round_, submitted, len(units)))
    return tuple(found)


async def phase_now(
    services: Services, year: Year, phase_text: str = ""
) -> tuple[Phase | None, datetime | None]:
    """The phase named (else the current one; None once all are past) and its deadline."""
    deadlines = await deadlines_of(services, year)
    if phase_text.strip():
        phase: Phase | None = parse_phase(phase_text)
    else:
        phase = current_phase(deadlines, services.clock.now())
    return phase, deadlines.get(phase) if phase else None

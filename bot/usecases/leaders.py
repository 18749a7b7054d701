"""The head and deputy of a year, elected or decided in the meeting, and what the group sees of
a vote while it runs: its progress and the units still to vote (for nudges).

`/head set CODE` and `/deputy set CODE` serve blocs that rotate the head by turn or vote by a
show of hands: the admin records the result (on ✅) for the year after the open one, noted as
decided in the meeting. An elected head or deputy is recorded by the close of the vote.
`/head set CODE YEAR` names the year: the next one, or the open year itself, because a bloc's
first year with the bot has a head and deputy chosen before it, whose delegates review the
self-scores (thẩm định) and whom /summary and /units show. A closed year is history: never
rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import rights
from bot.actor import Actor
from bot.domain.ballots import ElectionKind
from bot.domain.bloc import Bloc, Unit
from bot.domain.elections import NO_TITLE, Election, Leader, LeaderSource, Role
from bot.domain.leaders import LeaderYears
from bot.domain.year import Year
from bot.errors import BadInput, Conflict, NotFound
from bot.services import Services
from bot.usecases.elections import deadline_of
from bot.usecases.year_next import no_open_year


@dataclass(frozen=True)
class LeaderProposal:
    """What `/head set` or `/deputy set` will record, shown before ✅."""

    bloc: Bloc
    year: int  # the year the unit will lead
    role: Role
    unit: Unit
    current: Unit | None  # the unit recorded for that role and year so far
    this_year: int | None = None  # the open year (it can be recorded for it too)
    seat: Leader | None = None  # how `current` was recorded (a vote's result is said so)

    @property
    def replaces_vote(self) -> bool:
        return self.seat is not None and self.seat.source is LeaderSource.ELECTION

    @property
    def for_this_year(self) -> bool:
        return self.year == self.this_year


@dataclass(frozen=True)
class LeaderEntry:
    leader: Leader
    unit: Unit
    this_year: bool = False  # recorded for the open year (its delegates now review)


async def leader_years(services: Services, bloc: Bloc) -> LeaderYears:
    """The open year and the next one (NotFound before the bloc's first year)."""
    year = await services.years.latest(bloc.id)
    if year is None:
        raise await no_open_year(services, bloc, "election.no_year")
    return LeaderYears(current=year.year if year.is_open else None, next=year.year + 1)


async def next_year(services: Services, bloc: Bloc) -> int:
    """The year a head or deputy is chosen for: the one after the open (else latest) year."""
    return (await leader_years(services, bloc)).next


async def _year_asked(services: Services, bloc: Bloc, asked: int | None) -> LeaderYears:
    """The years, once `asked` (None: the next year) is found among them."""
    years = await leader_years(services, bloc)
    if years.pick(asked) is not None:
        return years
    if years.current is None:
        raise BadInput("election.leader_year_next", year=asked, next=years.next)
    raise BadInput("election.leader_year", year=asked, current=years.current, next=years.next)


async def propose_leader(
    services: Services, actor: Actor, role: Role, code: str, year: int | None = None
) -> LeaderProposal:
    """`/head set CODE [YEAR]`, `/deputy set CODE [YEAR]` (admins): what will be recorded, shown
    for ✅; without a year, for the next year."""
    bloc = await rights.admin_bloc_here(services, actor)
    code = code.strip().upper()
    if not code:
        raise BadInput(f"election.{role.value}_set_usage")
    unit = await services.units.by_code(bloc.id, code)
    if unit is None:
        raise NotFound("election.unknown_unit", code=code)
    years = await _year_asked(services, bloc, year)
    chosen = years.pick(year) or years.next
    await _check_can_set(services, bloc, chosen, role, unit, years)
    current = (await services.elections.leaders(bloc.id, chosen)).get(role)
    if current is not None and current.unit_id == unit.id:  # nothing to confirm
        raise Conflict(f"election.same_{role.value}", code=unit.code, year=chosen)
    return LeaderProposal(
        bloc=bloc,
        year=chosen,
        role=role,
        unit=unit,
        current=await services.units.get(current.unit_id) if current else None,
        this_year=years.current,
        seat=current,
    )


async def _check_can_set(
    services: Services, bloc: Bloc, year: int, role: Role, unit: Unit, years: LeaderYears
) -> None:
    """A vote of the role chooses next year's unit: while it runs, no other is recorded for
    that year. One unit is never head and deputy of the same year."""
    opened = await services.elections.open_of_bloc(bloc.id)
    if year == years.next and ElectionKind(role.value) in {e.kind for e in opened}:
        raise Conflict("election.vote_open")
    other = Role.DEPUTY if role is Role.HEAD else Role.HEAD
    rivals = [e for e in opened if e.kind is ElectionKind(other.value) and year == years.next]
    for vote in rivals:  # a candidate of the other role's open vote could win it too
        if unit.id in (await services.elections.candidates(vote.id)).get(NO_TITLE, ()):
            raise Conflict(f"election.candidate_of_{other.value}", code=unit.code)
    recorded = (await services.elections.leaders(bloc.id, year)).get(other)
    if recorded is not None and recorded.unit_id == unit.id:
        raise Conflict(f"election.already_{other.value}", code=unit.code, year=year)


async def set_leader(
    services: Services, actor: Actor, role: Role, unit_id: int, year: int
) -> LeaderEntry:
    """✅ on the proposal: record the unit, re-checked against the state at the press."""
    bloc = await rights.admin_bloc_here(services, actor)
    async with services.db.transaction():
        unit = await services.units.get(unit_id)
        years = await leader_years(services, bloc)
        if unit is None or unit.bloc_id != bloc.id or years.pick(year) != year:
            raise Conflict("core.stale_button")
        await _check_can_set(services, bloc, year, role, unit, years)
        await services.elections.set_leader(
            bloc.id,
            year,
            role,
            unit.id,
            source=LeaderSource.MEETING,
            by=actor.user_id,
            now=services.clock.now(),
        )
        leader = (await services.elections.leaders(bloc.id, year))[role]
    return LeaderEntry(leader, unit, this_year=year == years.current)


async def ask_nothing(services: Services, actor: Actor) -> None:
    """✖️ on an admin's confirmation: nothing changes (still only an admin's button)."""
    await rights.admin_bloc_here(services, actor)


async def leaders_of(services: Services, bloc: Bloc, year: int) -> dict[Role, LeaderEntry]:
    """The head and deputy recorded for a year, with their units (what /units shows)."""
    found = {}
    for role, leader in (await services.elections.leaders(bloc.id, year)).items():
        unit = await services.units.get(leader.unit_id)
        if unit is not None:
            found[role] = LeaderEntry(leader, unit)
    return found


@dataclass(frozen=True)
class LeaderBoard:
    """`/head` or `/deputy` alone: the head and deputy of the open year and of the next one,
    and whether the caller may record them (an admin: the usage of `set` is shown)."""

    years: list[tuple[int, dict[Role, LeaderEntry]]]
    admin: bool


async def board(services: Services, actor: Actor) -> LeaderBoard:
    """This year's and next year's head and deputy (a read: the bloc's members)."""
    bloc = await rights.member_bloc_here(services, actor)
    years = await leader_years(services, bloc)
    shown = [y for y in (years.current, years.next) if y is not None]
    return LeaderBoard(
        years=[(y, await leaders_of(services, bloc, y)) for y in shown],
        admin=await rights.is_bloc_admin(services, actor, bloc),
    )


@dataclass(frozen=True)
class VoteStatus:
    """One vote of the year as /status shows it: who has voted (never what), and when it ends."""

    election: Election
    year: int
    voted: list[Unit]
    pending: list[Unit]
    deadline: datetime | None


async def status(services: Services, actor: Actor, bloc: Bloc, year: Year) -> list[VoteStatus]:
    """The votes of the year, the running ones first, each with its roll unit by unit (a read:
    the bloc's members)."""
    await rights.require_member(services, actor, bloc)
    units = await services.units.list(bloc.id)
    found = []
    for election in await services.elections.of_year(year.id):
        roll = set(await services.elections.roll(election.id))
        voted = await services.elections.voted(election.id)
        found.append(
            VoteStatus(
                election=election,
                year=year.year,
                voted=[u for u in units if u.id in voted],
                pending=[u for u in units if u.id in roll and u.id not in voted],
                deadline=await deadline_of(services, election),
            )
        )
    return sorted(found, key=lambda s: (not s.election.is_open, -s.election.id))


async def pending_units(services: Services, bloc: Bloc, year: Year) -> list[Unit]:
    """The units on the roll of an open vote that have not voted in it (who to nudge)."""
    pending = await awaited_votes(services, bloc, year)
    return [u for u in await services.units.list(bloc.id) if u.id in pending]


async def awaited_votes(services: Services, bloc: Bloc, year: Year) -> dict[int, list[Election]]:
    """Each unit on the roll of an open vote of the year that it has not voted in: those
    votes, oldest first (what its reminder names). Only the votes that close at the year's
    `election` deadline: a runoff has its own deadline and its own reminders
    (`election_close.runoff_reminders`), never the phase's reminder or group digest."""
    awaited: dict[int, list[Election]] = {}
    for election in await services.elections.open_of_bloc(bloc.id):
        if election.year_id != year.id or election.due_at is not None:
            continue
        voted = await services.elections.voted(election.id)
        for unit in await services.elections.roll(election.id):
            if unit not in voted:
                awaited.setdefault(unit, []).append(election)
    return awaited


async def counted_at_deadline(
    services: Services, bloc: Bloc, year: Year, deadline: datetime
) -> tuple[list[Unit], list[Unit]]:
    """At the year's `election` deadline: the units on the roll of the votes it ended, and
    those that did not vote in each of them (the line after the deadline). The votes it ended
    are those with no deadline of their own (a runoff has one), still open or closed at or
    after it: the deadline closes them first, so `pending_units` would find nobody, and a
    vote an admin closed earlier was over before the deadline."""
    roll: set[int] = set()
    pending: set[int] = set()
    for election in await services.elections.of_year(year.id):
        closed = election.closed_at
        if election.due_at is not None or (closed is not None and closed < deadline):
            continue
        voted = await services.elections.voted(election.id)
        units = await services.elections.roll(election.id)
        roll.update(units)
        pending.update(u for u in units if u not in voted)
    units = await services.units.list(bloc.id)
    return [u for u in units if u.id in roll], [u for u in units if u.id in pending]

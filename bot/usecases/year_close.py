"""Closing the emulation year (shown with what is still pending first) and reopening it.

Why apart from `bot.usecases.year`: closing ends every phase at once, so the admin is asked
with the facts in front of them (deadlines not reached, units that have not done what a phase
asks, from each feature's `pending` provider), and a mistake can be undone: an admin reopens
the most recent closed year, as long as no other year is open. Nothing is deleted either way.

A vote of the year still open refuses the close (asked and at ✅): its ballots are counted only
when it closes, and a closed year's vote would otherwise take ballots, and close with a result,
after "every phase has stopped". The admin closes it with `/election close` (or waits for its
deadline) first; nothing is voided or dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot import rights
from bot.actor import Actor
from bot.domain.bloc import Bloc, Unit
from bot.domain.calendar import Phase
from bot.domain.documents import Tie
from bot.domain.year import Year
from bot.errors import Conflict
from bot.services import Services
from bot.usecases.documents import ties_of
from bot.usecases.elections import RunningVote, running_vote
from bot.usecases.year import deadlines_of, next_year, open_year_of, shown_year


@dataclass(frozen=True)
class Pending:
    """A phase not over: its deadline (None: not set) and the units that have not acted."""

    phase: Phase
    due: datetime | None
    over: bool
    units: list[Unit]


@dataclass(frozen=True)
class CloseProposal:
    """The year to close and what is still pending; `votes`: open votes, which refuse it."""

    bloc: Bloc
    year: Year
    pending: list[Pending]
    votes: list[RunningVote] = field(default_factory=list)
    #: Bình xét seats still tied: the proposal letter would lack them (`documents.ties_of`).
    ties: tuple[Tie, ...] = ()


@dataclass(frozen=True)
class VotesOpen:
    """✅ refused: a vote of the year is open (opened since the question was shown)."""

    bloc: Bloc
    year: Year
    votes: list[RunningVote]


async def open_votes(services: Services, year: Year) -> list[RunningVote]:
    """The year's votes still open: each must close before the year does."""
    found = []
    for election in await services.elections.of_year(year.id):
        if election.is_open:
            found.append(await running_vote(services, election, year.year))
    return found


async def ask_close(services: Services, actor: Actor) -> CloseProposal:
    """`/year close` (admins): the open year, what is still pending in it, its open votes."""
    bloc = await rights.admin_bloc_here(services, actor)
    year = await open_year_of(services, bloc)
    votes = await open_votes(services, year)
    if votes:
        return CloseProposal(bloc, year, [], votes)
    deadlines = await deadlines_of(services, year)
    now = services.clock.now()
    pending = []
    for phase in Phase:
        due = deadlines.get(phase)
        provider = services.registry.pending.get(phase)
        units = await provider(services, bloc, year) if provider is not None else []
        over = due is not None and due <= now
        if units or not over:
            pending.append(Pending(phase, due, over, units))
    return CloseProposal(bloc, year, pending, ties=await ties_of(services, year))


async def close_year(
    services: Services, actor: Actor, year_id: int
) -> tuple[Year, int] | VotesOpen:
    """✅ on closing: the year closed, and the year to offer opening next; or the votes that
    opened since the question, and nothing closed."""
    bloc = await rights.admin_bloc_here(services, actor)
    async with services.db.transaction():
        year = await open_year_of(services, bloc)
        if year.id != year_id:
            raise Conflict("core.stale_button")
        votes = await open_votes(services, year)
        if votes:
            return VotesOpen(bloc, year, votes)
        await services.years.close(year.id, by=actor.user_id, now=services.clock.now())
    await services.scheduler.rebuild()  # no more nudges or closings planned from this year
    return year, await next_year(services, bloc)


async def ask_reopen(services: Services, actor: Actor) -> Year:
    """`/year reopen` (admins): the most recent closed year, when no year is open."""
    bloc = await rights.admin_bloc_here(services, actor)
    current = await services.years.current(bloc.id)
    if current is not None:
        raise Conflict("year.reopen_open", year=current.year)
    return await shown_year(services, bloc)


async def reopen_year(services: Services, actor: Actor, year_id: int) -> Year:
    """✅ on reopening: the year the button names is open again (re-checked at the press)."""
    bloc = await rights.admin_bloc_here(services, actor)
    async with services.db.transaction():
        current = await services.years.current(bloc.id)
        if current is not None:
            raise Conflict("year.reopen_open", year=current.year)
        year = await services.years.get(year_id)
        if year is None or year.bloc_id != bloc.id or not await services.years.reopen(year.id):
            raise Conflict("core.stale_button")
    await services.scheduler.rebuild()  # the year's deadlines plan jobs again
    return year

"""Opening and closing votes: the head and deputy elections and the bình xét.

An admin's `/election open …` is proposed first (candidates, quotas, roll, the rules that will
apply) and stored on ✅: `propose_open` checks and computes, `open_election` re-checks inside
the transaction. Closing counts the ballots with the rules the election was opened under,
stores the count for the minutes, records an elected head or deputy for the next year, and
opens a runoff at once when the rules call for one. Results exist only once a vote is closed.

Rights: the admin checks are the handler's (they need Telegram); everything about the data
(the year, the state of the vote, a forged id) is checked here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.ballot_codes import MAX_SLOTS
from bot.domain.ballots import ElectionKind, ElectionRules, HeadTally, Outcome, tally_head
from bot.domain.bloc import Bloc, Unit
from bot.domain.calendar import Phase
from bot.domain.commendation import CommendationTally, Standing, tally_commendation
from bot.domain.elections import (
    NO_TITLE,
    Election,
    LeaderSource,
    Role,
    approvals_choice,
    head_choice,
)
from bot.domain.year import Year
from bot.errors import BadInput, Conflict, NotFound
from bot.services import Services

Tally = HeadTally | CommendationTally


@dataclass(frozen=True)
class OpenProposal:
    """What `/election open` will store, shown to the admin before ✅."""

    bloc: Bloc
    year: Year
    kind: ElectionKind
    rules: ElectionRules
    candidates: dict[int, list[Unit]]  # title id (NO_TITLE for head/deputy) -> units
    quotas: dict[int, int] = field(default_factory=dict)
    roll: list[Unit] = field(default_factory=list)
    deadline: datetime | None = None
    excluded_head: Unit | None = None  # the next year's head, no candidate for deputy


@dataclass(frozen=True)
class Closed:
    """A vote just closed: its count, the receipts counted, and what follows from it."""

    election: Election
    tally: Tally
    receipts: list[str]
    runoff: Election | None = None
    leader: Unit | None = None


async def open_year_of(services: Services, bloc: Bloc) -> Year:
    year = await services.years.current(bloc.id)
    if year is None:
        raise NotFound("election.no_year")
    return year


async def _check_can_open(services: Services, bloc: Bloc, year: Year, kind: ElectionKind) -> None:
    opened = {e.kind for e in await services.elections.open_of_bloc(bloc.id)}
    if kind in opened:
        raise Conflict("election.already_open")
    if kind is ElectionKind.DEPUTY and ElectionKind.HEAD in opened:
        raise Conflict("election.head_first")
    deadline = await services.years.deadline(year.id, Phase.ELECTION.value)
    if deadline is not None and deadline <= services.clock.now():
        raise Conflict("election.deadline_past")


async def propose_open(
    services: Services,
    bloc: Bloc,
    kind: ElectionKind,
    *,
    codes: Sequence[str] = (),
    quotas: Mapping[int, int] | None = None,
) -> OpenProposal:
    """Candidates: every unit, or the ticked `codes`; for a bình xét, per title with a quota,
    the units that registered that title in their pledge."""
    year = await open_year_of(services, bloc)
    await _check_can_open(services, bloc, year, kind)
    units = await services.units.list(bloc.id)
    by_id = {u.id: u for u in units}
    excluded = None
    if kind is ElectionKind.COMMENDATION:
        candidates, kept = await _commendation_candidates(services, year, by_id, quotas or {})
    else:
        picked = _picked(units, codes)
        if kind is ElectionKind.DEPUTY:
            head = (await services.elections.leaders(bloc.id, year.year + 1)).get(Role.HEAD)
            excluded = by_id.get(head.unit_id) if head else None
            picked = [u for u in picked if excluded is None or u.id != excluded.id]
        if not picked:
            raise BadInput("election.no_candidates")
        candidates, kept = {NO_TITLE: picked}, {}
    return OpenProposal(
        bloc=bloc,
        year=year,
        kind=kind,
        rules=await services.elections.rules(bloc.id),
        candidates=candidates,
        quotas=kept,
        roll=units,
        deadline=await services.years.deadline(year.id, Phase.ELECTION.value),
        excluded_head=excluded,
    )


def _picked(units: list[Unit], codes: Sequence[str]) -> list[Unit]:
    if not codes:
        return units
    wanted = {code.strip().upper() for code in codes}
    unknown = wanted - {u.code for u in units}
    if unknown:
        raise BadInput("election.unknown_units", codes=", ".join(sorted(unknown)))
    return [u for u in units if u.code in wanted]


async def _commendation_candidates(
    services: Services, year: Year, by_id: dict[int, Unit], quotas: Mapping[int, int]
) -> tuple[dict[int, list[Unit]], dict[int, int]]:
    titles = {t.id: t for t in await services.titles.active(year.bloc_id)}
    if not quotas:
        raise BadInput("election.no_quotas")
    if any(t not in titles for t in quotas):
        raise Conflict("core.stale_button")
    if any(q < 1 for q in quotas.values()):
        raise BadInput("election.bad_quota")
    pledges = await services.pledges.of_year(year.id)
    candidates: dict[int, list[Unit]] = {}
    for title_id in sorted(quotas, key=lambda t: titles[t].position):
        units = [by_id[u] for u, p in pledges.items() if title_id in p.title_ids and u in by_id]
        candidates[title_id] = sorted(units, key=lambda u: u.code)
    if not any(candidates.values()):
        raise BadInput("election.no_candidates")
    if sum(len(units) for units in candidates.values()) > MAX_SLOTS:
        raise BadInput("election.too_many_candidates", max=MAX_SLOTS)
    return candidates, {t: quotas[t] for t in candidates}


async def open_election(services: Services, proposal: OpenProposal, *, by: int) -> Election:
    """✅ on the proposal: open the vote, re-checked against the state at the press."""
    async with services.db.transaction():
        year = await open_year_of(services, proposal.bloc)
        if year.id != proposal.year.id:
            raise Conflict("core.stale_button")
        await _check_can_open(services, proposal.bloc, year, proposal.kind)
        return await services.elections.open(
            bloc_id=proposal.bloc.id,
            year_id=year.id,
            kind=proposal.kind,
            rules=proposal.rules,
            candidates={t: [u.id for u in units] for t, units in proposal.candidates.items()},
            quotas=proposal.quotas,
            roll=[u.id for u in proposal.roll],
            by=by,
            now=services.clock.now(),
        )


async def deadline_of(services: Services, election: Election) -> datetime | None:
    """The vote's own deadline (a runoff's), else the year's `election` deadline."""
    if election.due_at is not None:
        return election.due_at
    return await services.years.deadline(election.year_id, Phase.ELECTION.value)


async def election_of(services: Services, bloc: Bloc, election_id: int | None) -> Election:
    """An election of this bloc by id (a button's address); another bloc's is not found."""
    election = await services.elections.get(election_id) if election_id else None
    if election is None or election.bloc_id != bloc.id:
        raise NotFound("election.gone")
    return election


async def count(services: Services, election: Election) -> Tally:
    """Count the ballots of an election with the rules it was opened under."""
    candidates = await services.elections.candidates(election.id)
    ballots = await services.elections.ballots(election.id)
    roll = len(await services.elections.roll(election.id))
    if election.kind is ElectionKind.COMMENDATION:
        return tally_commendation(
            candidates,
            await services.elections.quotas(election.id),
            [approvals_choice(b) for b in ballots],
            roll=roll,
            rules=election.rules,
        )
    return tally_head(
        candidates.get(NO_TITLE, ()),
        [head_choice(b) for b in ballots],
        roll=roll,
        rules=election.rules,
        runoff_round=election.is_runoff,
    )


async def close(
    services: Services, bloc: Bloc, election_id: int | None, *, by: int | None
) -> Closed:
    """`/election close` (by an admin) or the deadline (by None): count, store, follow up."""
    async with services.db.transaction():
        election = await election_of(services, bloc, election_id)
        if not election.is_open:
            raise Conflict("election.already_closed")
        return await _close(services, election, by=by)


async def _close(services: Services, election: Election, *, by: int | None) -> Closed:
    now = services.clock.now()
    tally = await count(services, election)
    receipts = await services.elections.receipts(election.id)
    result = {"tally": tally.model_dump(mode="json")}
    if not await services.elections.close(election.id, by=by, now=now, result=result):
        raise Conflict("election.already_closed")
    runoff = leader = None
    if isinstance(tally, HeadTally) and tally.outcome is Outcome.RUNOFF:
        runoff = await _open_runoff(services, election, {NO_TITLE: list(tally.runoff)}, {}, now)
    if isinstance(tally, HeadTally) and tally.outcome is Outcome.ELECTED:
        assert tally.winner is not None
        leader = await _record_leader(services, election, tally.winner, now, by)
    closed = await services.elections.get(election.id)
    assert closed is not None
    return Closed(closed, tally, receipts, runoff, leader)


async def _open_runoff(
    services: Services,
    election: Election,
    candidates: Mapping[int, Sequence[int]],
    quotas: Mapping[int, int],
    now: datetime,
) -> Election:
    """A runoff of a closed vote: same roll and rules, its own deadline, linked to the first."""
    return await services.elections.open(
        bloc_id=election.bloc_id,
        year_id=election.year_id,
        kind=election.kind,
        rules=election.rules,
        candidates=candidates,
        quotas=quotas,
        roll=await services.elections.roll(election.id),
        due_at=now + timedelta(hours=election.rules.runoff_hours),
        runoff_of=election.id,
        round_=election.round + 1,
        by=election.opened_by,
        now=now,
    )


async def open_tie_runoff(
    services: Services, bloc: Bloc, election_id: int | None, *, by: int
) -> Election:
    """Bình xét again among the units tied at a quota line, for the seats left (admin's ✅)."""
    async with services.db.transaction():
        election = await election_of(services, bloc, election_id)
        if election.is_open or election.kind is not ElectionKind.COMMENDATION:
            raise Conflict("core.stale_button")
        tally = CommendationTally.model_validate((election.result or {}).get("tally"))
        ties = {t.title_id: t for t in tally.titles if t.tied_seats}
        if not ties:
            raise Conflict("election.no_ties")
        if ElectionKind.COMMENDATION in {
            e.kind for e in await services.elections.open_of_bloc(bloc.id)
        }:
            raise Conflict("election.already_open")
        return await _open_runoff(
            services,
            election.model_copy(update={"opened_by": by}),
            {t: list(r.units(Standing.TIED)) for t, r in ties.items()},
            {t: r.tied_seats for t, r in ties.items()},
            services.clock.now(),
        )


async def _record_leader(
    services: Services, election: Election, unit_id: int, now: datetime, by: int | None
) -> Unit | None:
    year = await services.years.get(election.year_id)
    assert year is not None
    role = Role.HEAD if election.kind is ElectionKind.HEAD else Role.DEPUTY
    await services.elections.set_leader(
        election.bloc_id,
        year.year + 1,
        role,
        unit_id,
        source=LeaderSource.ELECTION,
        election_id=election.id,
        by=by,
        now=now,
    )
    return await services.units.get(unit_id)


async def close_due(services: Services) -> list[Closed]:
    """Close every open vote whose deadline has passed (the scheduler's or a /vote's check)."""
    closed = []
    for due in await services.elections.due(services.clock.now()):
        async with services.db.transaction():
            election = await services.elections.get(due.id)
            if election is not None and election.is_open:
                closed.append(await _close(services, election, by=None))
    return closed

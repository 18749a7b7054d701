"""Votes through their use cases on a fresh database: opening, casting, closing, runoffs, the
bình xét and the head/deputy decided in the meeting, with the refusals of bad input.

(Flow tests through the emulator come with the handlers; these pin the rules underneath.)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.actor import Actor
from bot.clock import MovableClock
from bot.domain.ballot_codes import encode_quotas, encode_units
from bot.domain.ballots import ElectionKind, ElectionRules, Outcome
from bot.domain.bloc import Bloc, Unit
from bot.domain.commendation import CommendationTally, Standing
from bot.domain.elections import Election, Role
from bot.errors import BadInput, Conflict, NotAllowed, NotFound, UserFacingError
from bot.registry import Registry
from bot.services import Services
from bot.settings import Settings
from bot.usecases import ballots, election_close, elections, leaders
from storage.db import Database

ADMIN = 1


@dataclass
class Bed:
    services: Services
    clock: MovableClock
    bloc: Bloc
    units: list[Unit]

    @property
    def admin(self) -> Actor:
        return Actor(user_id=ADMIN, chat_id=self.bloc.chat_id, private=False)

    def delegate(self, index: int, user: int | None = None) -> Actor:
        user_id = user or 100 + index
        return Actor(user_id=user_id, chat_id=user_id, private=True)

    async def open(
        self,
        kind: ElectionKind,
        *,
        picked: list[int] | None = None,
        quotas: dict[int, int] | None = None,
    ) -> Election:
        proposal = await elections.propose_open(self.services, self.admin, kind)
        spec = proposal.spec
        if picked is not None:
            spec = encode_units([u.id for u in self.units], picked)
        if quotas is not None:
            spec = encode_quotas([quotas.get(t.id, 0) for t in proposal.titles])
        return await elections.open_election(
            self.services, self.admin, kind, proposal.year.id, spec
        )

    async def close(self, election: Election) -> election_close.Closed:
        return await election_close.close(self.services, self.admin, election.id)

    async def vote(self, election: Election, voter: int, choice: int | None) -> str:
        unit = self.units[choice].id if choice is not None else None
        cast = await ballots.cast_head(
            self.services, self.delegate(voter), self.units[voter].id, election.id, unit
        )
        return cast.receipt

    async def ballot(self, election: Election, voter: int, mask: str = "0") -> ballots.BallotView:
        actor, unit = self.delegate(voter), self.units[voter].id
        return await ballots.ballot(self.services, actor, unit, election.id, mask)

    async def approve(self, election: Election, voter: int, approvals: dict) -> str:
        view = await self.ballot(election, voter)
        ids = {t: frozenset(self.units[i].id for i in chosen) for t, chosen in approvals.items()}
        cast = await ballots.cast_approvals(
            self.services,
            self.delegate(voter),
            self.units[voter].id,
            election.id,
            view.mask_with(ids),
        )
        return cast.receipt


@pytest.fixture
async def bed(db: Database, clock: MovableClock) -> AsyncIterator[Bed]:
    services = Services.create(Settings(), db, clock, Registry([]))
    bloc = await services.blocs.create(
        chat_id=-100,
        name="Khối",
        language="vi",
        timezone="Asia/Ho_Chi_Minh",
        by=ADMIN,
        now=clock.now(),
    )
    await services.years.open(bloc.id, 2026, by=ADMIN, now=clock.now())
    units = []
    for i in range(9):
        unit = await services.units.add(bloc.id, f"U{i}", f"Đơn vị {i}", clock.now())
        await services.units.add_delegate(unit.id, 100 + i, by=ADMIN, now=clock.now())
        units.append(unit)
    yield Bed(services, clock, bloc, units)


async def _refused(kind: type[UserFacingError], key: str, awaitable: object) -> None:
    with pytest.raises(kind) as raised:
        await awaitable  # type: ignore[misc]
    assert raised.value.key == key


async def test_a_majority_elects_the_head_of_next_year(bed: Bed) -> None:
    election = await bed.open(ElectionKind.HEAD)
    receipts = [await bed.vote(election, v, 0 if v < 5 else 1) for v in range(7)]
    await _refused(Conflict, "election.already_voted", bed.vote(election, 0, 1))
    closed = await bed.close(election)
    assert closed.tally.outcome is Outcome.ELECTED and closed.leader == bed.units[0]
    assert closed.receipts == sorted(receipts) and closed.runoff is None
    assert closed.election.result is not None and closed.election.closed_by == ADMIN
    head = (await leaders.leaders_of(bed.services, bed.bloc, 2027))[Role.HEAD]
    assert head.unit == bed.units[0] and head.leader.election_id == election.id
    await _refused(
        Conflict,
        "election.already_closed",
        bed.close(election),
    )
    await _refused(Conflict, "election.closed", bed.vote(election, 8, 0))
    assert await bed.services.db.fetch_value("SELECT COUNT(*) FROM flows") == 0


async def test_no_majority_opens_a_runoff_at_once_and_a_tie_there_goes_to_the_bloc(
    bed: Bed,
) -> None:
    election = await bed.open(ElectionKind.HEAD, picked=[u.id for u in bed.units[:3]])
    for voter, choice in enumerate([0, 0, 0, 1, 1, 2, 2, None]):
        await bed.vote(election, voter, choice)
    closed = await bed.close(election)
    assert closed.tally.outcome is Outcome.RUNOFF and closed.leader is None
    runoff = closed.runoff
    assert runoff is not None and runoff.is_open and runoff.runoff_of == election.id
    # Monday 09:00 in Vietnam: 48 hours on, then to 17:00 that Wednesday (runoff_deadline)
    assert runoff.due_at == bed.clock.now() + timedelta(hours=56) and runoff.round == 2
    view = await bed.ballot(runoff, 0)
    assert [u.code for u in view.candidates[0]] == ["U0", "U1", "U2"]
    await _refused(BadInput, "election.refused_not_candidate", bed.vote(runoff, 0, 5))
    for voter, choice in enumerate([0, 0, 1, 1, 2, 2]):
        await bed.vote(runoff, voter, choice)
    bed.clock.move(timedelta(hours=56))  # its deadline
    await _refused(Conflict, "election.closed", bed.vote(runoff, 7, 0))
    (tied,) = await election_close.close_due(bed.services)
    assert tied.tally.outcome is Outcome.TIE and tied.tally.runoff == tuple(
        u.id for u in bed.units[:3]
    )
    assert tied.election.closed_by is None and tied.runoff is None
    assert await leaders.leaders_of(bed.services, bed.bloc, 2027) == {}


async def test_without_quorum_the_vote_is_void(bed: Bed) -> None:
    election = await bed.open(ElectionKind.HEAD)
    for voter in range(5):
        await bed.vote(election, voter, 0)
    closed = await bed.close(election)
    assert closed.tally.outcome is Outcome.VOID and closed.tally.turnout == (5, 9)
    assert closed.leader is None and closed.runoff is None


async def test_the_deputy_election_leaves_out_the_head(bed: Bed) -> None:
    head = await bed.open(ElectionKind.HEAD)
    await _refused(Conflict, "election.already_open", bed.open(ElectionKind.HEAD))
    await _refused(Conflict, "election.head_first", bed.open(ElectionKind.DEPUTY))
    for voter in range(9):
        await bed.vote(head, voter, 3)
    await bed.close(head)
    proposal = await elections.propose_open(bed.services, bed.admin, ElectionKind.DEPUTY)
    assert proposal.excluded == bed.units[3]
    deputy = await bed.open(ElectionKind.DEPUTY)
    await _refused(BadInput, "election.refused_not_candidate", bed.vote(deputy, 0, 3))
    for voter in range(9):
        await bed.vote(deputy, voter, 4)
    closed = await bed.close(deputy)
    assert closed.leader == bed.units[4]
    found = await leaders.leaders_of(bed.services, bed.bloc, 2027)
    assert {role: e.unit.code for role, e in found.items()} == {Role.HEAD: "U3", Role.DEPUTY: "U4"}


async def test_who_may_vote_and_when(bed: Bed, clock: MovableClock) -> None:
    await _refused(
        NotAllowed,
        "rights.delegate_only",
        ballots.open_ballots(bed.services, bed.delegate(1), bed.units[0].id),
    )
    election = await bed.open(ElectionKind.HEAD)
    late = await bed.services.units.add(bed.bloc.id, "LATE", "Mới", clock.now())
    await bed.services.units.add_delegate(late.id, 300, by=ADMIN, now=clock.now())
    await _refused(
        NotAllowed,
        "election.not_on_roll",
        ballots.ballot(bed.services, bed.delegate(0, user=300), late.id, election.id),
    )
    await _refused(
        NotFound,
        "election.gone",
        ballots.ballot(bed.services, bed.delegate(0), bed.units[0].id, 999),
    )
    open_list = (await ballots.open_ballots(bed.services, bed.delegate(0), bed.units[0].id)).ballots
    assert [(b.election.id, b.voted) for b in open_list] == [(election.id, False)]
    await bed.vote(election, 0, None)
    after = (await ballots.open_ballots(bed.services, bed.delegate(0), bed.units[0].id)).ballots
    assert after[0].voted
    year = await bed.services.years.current(bed.bloc.id)
    assert year is not None
    pending = await leaders.pending_units(bed.services, bed.bloc, year)
    assert [u.code for u in pending] == [f"U{i}" for i in range(1, 9)]
    assert await bed.services.elections.turnout(election.id) == (1, 9)
    (shown,) = await leaders.status(bed.services, bed.admin, bed.bloc, year)
    assert [u.code for u in shown.voted] == ["U0"] and len(shown.pending) == 8
    assert shown.year == 2026 and shown.deadline is None
    await bed.services.years.set_deadline(
        election.year_id, "election", clock.now() + timedelta(hours=1), by=ADMIN, now=clock.now()
    )
    clock.move(timedelta(hours=1))
    await _refused(Conflict, "election.closed", bed.vote(election, 1, 0))
    (closed,) = await election_close.close_due(bed.services)
    # Void: the one ballot (an abstention) is not counted, so nothing tells what U0 chose.
    assert closed.tally.outcome is Outcome.VOID and closed.tally.turnout == (1, 9)
    assert (closed.tally.votes, closed.tally.abstentions) == ((), 0)
    stored = await bed.services.elections.get(election.id)
    assert stored is not None and stored.result is not None
    assert stored.result["tally"]["votes"] == [] and stored.result["tally"]["abstentions"] == 0
    assert await election_close.close_due(bed.services) == []
    await _refused(Conflict, "election.deadline_past", bed.open(ElectionKind.HEAD))


async def _pledge(bed: Bed, titles: dict[int, list[int]]) -> None:
    year = await bed.services.years.current(bed.bloc.id)
    assert year is not None
    for index, unit in enumerate(bed.units):
        chosen = [t for t, members in titles.items() if index in members]
        if chosen:
            await bed.services.pledges.save(
                year.id,
                unit.id,
                title_ids=chosen,
                commitments="x",
                by=ADMIN,
                now=bed.clock.now(),
            )


async def test_binh_xet_with_two_titles_quotas_a_tie_and_a_self_approval(bed: Bed) -> None:
    flag = await bed.services.titles.add(bed.bloc.id, "Cờ thi đua", bed.clock.now())
    merit = await bed.services.titles.add(bed.bloc.id, "Bằng khen", bed.clock.now())
    await _pledge(bed, {flag.id: [0, 1, 2, 3], merit.id: [0, 4, 5, 6, 7]})
    await _refused(BadInput, "election.no_quotas", bed.open(ElectionKind.COMMENDATION, quotas={}))
    proposal = await elections.propose_open(bed.services, bed.admin, ElectionKind.COMMENDATION)
    assert proposal.quotas == {flag.id: 1, merit.id: 1} and len(proposal.titles) == 2
    election = await bed.open(ElectionKind.COMMENDATION, quotas={flag.id: 2, merit.id: 2})
    view = await bed.ballot(election, 8)
    assert [u.code for u in view.candidates[flag.id]] == ["U0", "U1", "U2", "U3"]
    assert list(view.quotas.items()) == [(flag.id, 2), (merit.id, 2)]
    await _refused(BadInput, "election.refused_own_unit", bed.approve(election, 0, {flag.id: [0]}))
    await _refused(
        BadInput, "election.refused_over_quota", bed.approve(election, 8, {flag.id: [0, 1, 2]})
    )
    await _refused(
        Conflict,
        "core.stale_button",
        bed.ballot(election, 8, "zzzzzzzz"),
    )
    flags = [[1, 2], [0, 2], [0, 1], [0, 1], [0, 2], [0, 1], [0, 2], [1, 2]]
    merits = [[4], [4, 5], [4, 5], [4, 5], [5, 6], [4, 6], [4, 5], [4, 5]]
    for voter, (flag_pick, merit_pick) in enumerate(zip(flags, merits, strict=True)):
        await bed.approve(election, voter, {flag.id: flag_pick, merit.id: merit_pick})
    closed = await bed.close(election)
    tally = closed.tally
    assert isinstance(tally, CommendationTally) and tally.ballots == 8 and len(closed.receipts) == 8
    flag_result, merit_result = tally.titles
    assert flag_result.units(Standing.PROPOSED) == (bed.units[0].id,)
    assert flag_result.units(Standing.TIED) == (bed.units[1].id, bed.units[2].id)
    assert merit_result.units(Standing.PROPOSED) == (bed.units[4].id, bed.units[5].id)
    runoff = await election_close.open_pending_round(bed.services, bed.admin, election.id)
    assert await bed.services.elections.quotas(runoff.id) == {flag.id: 1}
    assert await bed.services.elections.candidates(runoff.id) == {
        flag.id: (bed.units[1].id, bed.units[2].id)
    }
    await _refused(
        Conflict,
        "election.already_open",
        election_close.open_pending_round(bed.services, bed.admin, election.id),
    )


async def test_head_set_in_the_meeting(bed: Bed) -> None:
    proposal = await leaders.propose_leader(bed.services, bed.admin, Role.HEAD, "u2")
    assert (proposal.year, proposal.unit, proposal.current) == (2027, bed.units[2], None)
    entry = await leaders.set_leader(bed.services, bed.admin, Role.HEAD, bed.units[2].id, 2027)
    assert entry.leader.source.value == "meeting" and entry.leader.set_by == ADMIN
    await _refused(
        Conflict,
        "election.already_head",
        leaders.propose_leader(bed.services, bed.admin, Role.DEPUTY, "U2"),
    )
    await _refused(
        NotFound,
        "election.unknown_unit",
        leaders.propose_leader(bed.services, bed.admin, Role.DEPUTY, "NOPE"),
    )
    await _refused(
        Conflict,
        "core.stale_button",
        leaders.set_leader(bed.services, bed.admin, Role.DEPUTY, bed.units[3].id, 2025),
    )
    again = await leaders.propose_leader(bed.services, bed.admin, Role.HEAD, "U5")
    assert again.current == bed.units[2]
    await bed.open(ElectionKind.HEAD)
    await _refused(
        Conflict,
        "election.vote_open",
        leaders.propose_leader(bed.services, bed.admin, Role.HEAD, "U5"),
    )


async def test_rules_are_snapshotted_when_the_vote_opens(bed: Bed) -> None:
    await bed.services.elections.set_rules(
        bed.bloc.id, ElectionRules(self_vote=False), by=ADMIN, now=bed.clock.now()
    )
    election = await bed.open(ElectionKind.HEAD)
    await bed.services.elections.set_rules(
        bed.bloc.id, ElectionRules(), by=ADMIN, now=bed.clock.now()
    )
    await _refused(BadInput, "election.refused_own_unit", bed.vote(election, 0, 0))


async def test_two_delegates_of_a_unit_casting_at_once_store_one_ballot(bed: Bed) -> None:
    await bed.services.units.add_delegate(bed.units[0].id, 200, by=ADMIN, now=bed.clock.now())
    election = await bed.open(ElectionKind.HEAD)
    results = await asyncio.gather(
        ballots.cast_head(
            bed.services, bed.delegate(0), bed.units[0].id, election.id, bed.units[1].id
        ),
        ballots.cast_head(
            bed.services, bed.delegate(0, user=200), bed.units[0].id, election.id, bed.units[2].id
        ),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(refused) == 1 and refused[0].key == "election.already_voted"
    assert len(await bed.services.elections.ballots(election.id)) == 1
    assert await bed.services.elections.turnout(election.id) == (1, 9)

"""A delegate's ballots: which votes are open for the unit, the ballot screen, and casting.

Nothing of a ballot in progress is stored: the pick of a head/deputy ballot and the approvals
of a bình xét ballot travel in the buttons of the delegate's own message (see
`bot.domain.ballot_codes`), and every press is checked again here: the user still acts for the
unit, the vote is this bloc's, still open and before its deadline, the unit is on the roll and
has not voted, and the choice is valid. Casting stores the ballot and the roll entry in one
transaction; the unit's second ballot is refused, whichever delegate sends it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypeVar

from bot import rights
from bot.actor import Actor
from bot.domain.ballot_codes import Slot, decode_approvals, encode_approvals, slots_of
from bot.domain.ballots import BallotRefused, ElectionKind, check_head_ballot
from bot.domain.bloc import Membership, Unit
from bot.domain.commendation import check_commendation_ballot
from bot.domain.elections import NO_TITLE, Election, approvals_ballot, head_ballot, last_round
from bot.domain.year import Title
from bot.errors import BadInput, Conflict, NotAllowed, VoteClosed
from bot.services import Services
from bot.usecases.elections import deadline_of, election_of

T = TypeVar("T")


@dataclass(frozen=True)
class OpenBallot:
    """One open vote as /vote lists it for a unit."""

    election: Election
    voted: bool
    year: int  # the emulation year of the vote (a head is elected for the next one)


@dataclass(frozen=True)
class UnitBallots:
    membership: Membership
    ballots: list[OpenBallot]


@dataclass(frozen=True)
class BallotView:
    """Everything the ballot screen shows; `approvals` is the bình xét ballot so far."""

    membership: Membership
    election: Election
    candidates: dict[int, list[Unit]]  # title id (NO_TITLE for head/deputy) -> units
    quotas: dict[int, int]
    titles: dict[int, Title]
    approvals: dict[int, frozenset[int]]
    year: int = 0
    deadline: datetime | None = None

    @property
    def slots(self) -> list[Slot]:
        return slots_of({t: [u.id for u in units] for t, units in self.candidates.items()})

    @property
    def mask(self) -> str:
        """The approvals as the buttons carry them."""
        return encode_approvals(self.slots, self.approvals)

    def mask_with(self, approvals: Mapping[int, frozenset[int]]) -> str:
        return encode_approvals(self.slots, approvals)

    def choosable(self, title_id: int) -> list[Unit]:
        """The candidates of a title this unit may approve: its own unit only if the rules
        allow approving oneself."""
        own = self.membership.unit.id
        return [
            u
            for u in self.candidates.get(title_id, [])
            if u.id != own or self.election.rules.self_approval
        ]


@dataclass(frozen=True)
class Cast:
    """A ballot just cast: the receipt goes to the delegate, the turnout to the group."""

    election: Election
    unit: Unit
    receipt: str
    voted: int
    roll: int
    year: int = 0


async def open_ballots(services: Services, actor: Actor, unit_id: int) -> UnitBallots:
    """The open votes the unit is on the roll of, with whether it has voted (its delegates)."""
    membership = await rights.membership_for(services, actor, unit_id)
    found = []
    for election in await services.elections.open_of_bloc(membership.bloc.id):
        if await services.elections.on_roll(election.id, membership.unit.id):
            voted = await services.elections.has_voted(election.id, membership.unit.id)
            found.append(OpenBallot(election, voted, await _year(services, election)))
    return UnitBallots(membership, found)


async def _year(services: Services, election: Election) -> int:
    year = await services.years.get(election.year_id)
    return year.year if year else 0


#: A later round, as a refused ballot of an earlier one names it: the head or deputy's runoff,
#: or the bình xét held again among the units tied at the quota line.
_LATER_ROUND = {
    ElectionKind.HEAD: "runoff",
    ElectionKind.DEPUTY: "runoff",
    ElectionKind.COMMENDATION: "revote",
}


async def _still_open(services: Services, election: Election) -> bool:
    """Open and before its deadline (a vote past it is closed by the scheduler shortly)."""
    due = await deadline_of(services, election)
    return election.is_open and (due is None or services.clock.now() < due)


async def _votable(services: Services, membership: Membership, election_id: int) -> Election:
    election = await election_of(services, membership.bloc, election_id)
    if not await _still_open(services, election):
        later = last_round(await services.elections.of_year(election.year_id), election)
        if later.id != election.id and await _still_open(services, later):
            # an old round's ballot: the next step is the open round's ballot, in /vote
            raise Conflict(f"election.closed_{_LATER_ROUND[later.kind]}_open")
        raise VoteClosed(election, await _year(services, election))
    unit = membership.unit
    if not await services.elections.on_roll(election.id, unit.id):
        raise NotAllowed("election.not_on_roll", code=unit.code)
    if await services.elections.has_voted(election.id, unit.id):
        raise Conflict("election.already_voted", code=unit.code)
    return election


async def ballot(
    services: Services, actor: Actor, unit_id: int, election_id: int, mask: str = "0"
) -> BallotView:
    """The ballot screen of an open vote for the unit; `mask` is a bình xét ballot so far."""
    membership = await rights.membership_for(services, actor, unit_id)
    election = await _votable(services, membership, election_id)
    ids = await services.elections.candidates(election.id)
    units = {u.id: u for u in await services.units.list(membership.bloc.id)}
    candidates = {t: [units[u] for u in members if u in units] for t, members in ids.items()}
    view = BallotView(
        membership=membership,
        election=election,
        candidates=candidates,
        quotas=await services.elections.quotas(election.id),
        titles=await services.titles.all(membership.bloc.id),
        approvals={},
        year=await _year(services, election),
        deadline=await deadline_of(services, election),
    )
    if election.kind is not ElectionKind.COMMENDATION:
        return view
    approvals = _refused_as_input(lambda: decode_approvals(view.slots, mask))
    return replace(view, approvals=approvals)


def _refused_as_input(check: Callable[[], T]) -> T:
    """A broken ballot rule becomes a clear answer (`election.refused_<reason>`); a button
    this bot never made is a stale one."""
    try:
        return check()
    except BallotRefused as refused:
        if refused.reason == "forged":
            raise Conflict("core.stale_button") from None
        raise BadInput(f"election.refused_{refused.reason}", **refused.params) from None


def checked_head_choice(view: BallotView, choice: int | None) -> Unit | None:
    """The head/deputy candidate picked (None: an abstention), if the rules allow it."""
    if view.election.kind is ElectionKind.COMMENDATION:
        raise Conflict("core.stale_button")
    candidates = [u.id for u in view.candidates.get(NO_TITLE, [])]
    _refused_as_input(
        lambda: check_head_ballot(choice, candidates, view.membership.unit.id, view.election.rules)
    )
    return next((u for u in view.candidates[NO_TITLE] if u.id == choice), None)


def checked_approvals(view: BallotView) -> dict[int, frozenset[int]]:
    """The bình xét ballot so far, if the rules allow it (quota, candidates, own unit)."""
    if view.election.kind is not ElectionKind.COMMENDATION:
        raise Conflict("core.stale_button")
    ids = {t: [u.id for u in units] for t, units in view.candidates.items()}
    return _refused_as_input(
        lambda: check_commendation_ballot(
            view.approvals, ids, view.quotas, view.membership.unit.id, view.election.rules
        )
    )


async def cast_head(
    services: Services, actor: Actor, unit_id: int, election_id: int, choice: int | None
) -> Cast:
    """✅ on a head/deputy ballot: store it and mark the unit as voted, atomically."""
    async with services.db.transaction():
        view = await ballot(services, actor, unit_id, election_id)
        picked = checked_head_choice(view, choice)
        return await _cast(services, view, head_ballot(picked.id if picked else None))


async def cast_approvals(
    services: Services, actor: Actor, unit_id: int, election_id: int, mask: str
) -> Cast:
    """✅ on a bình xét ballot: store exactly the approvals shown on the confirmation."""
    async with services.db.transaction():
        view = await ballot(services, actor, unit_id, election_id, mask)
        return await _cast(services, view, approvals_ballot(checked_approvals(view)))


async def _cast(services: Services, view: BallotView, choice: dict[str, object]) -> Cast:
    unit = view.membership.unit
    receipt = await services.elections.cast(view.election.id, unit.id, choice)
    if receipt is None:
        raise Conflict("election.already_voted", code=unit.code)
    voted, roll = await services.elections.turnout(view.election.id)
    return Cast(view.election, unit, receipt, voted, roll, view.year)

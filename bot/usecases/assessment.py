"""A unit's self-assessment of a round, as its delegates fill it in: open, score, note, evidence.

The scores live in the `assessments` tables and are stored the moment they arrive; the user's
`assess` flow only remembers where the user is (unit, round, criterion, stage) and which
revision the user's screen shows, so a restart resumes at the same criterion and a change made
on an older screen than the item's last change is refused with a fresh view. Pasted lines and
the XLSX template are in `assessment_input`; the step-by-step wizard in `assessment_wizard`;
submission in `assessment_submit`; what admins and the group see in `assessment_admin`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel

from bot.domain.assessment import (
    Assessment,
    Missing,
    Round,
    Score,
    State,
    missing,
    state_of,
    totals,
    valid_values,
)
from bot.domain.bloc import Membership, Unit
from bot.domain.calendar import Phase, parse_phase
from bot.domain.scale import Scale, ScaleItem
from bot.domain.scores import Totals
from bot.domain.year import StoredScale, Year, current_phase
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from bot.services import Services
from bot.usecases import flows
from bot.usecases import scale as scales
from bot.usecases.year import deadlines_of

FLOW = "assess"


class Stage(StrEnum):
    """Where the user is: the unit's overview, one criterion's score, note or evidence, the
    review by section, or the confirmation before ✅."""

    OVERVIEW = "overview"
    SCORE = "score"
    NOTE = "note"
    EVIDENCE = "evidence"
    REVIEW = "review"
    CONFIRM = "confirm"


class Position(BaseModel):
    """The `assess` flow's draft: stored at every step, all a restart needs to resume."""

    unit: int
    round: Round
    code: str | None = None
    stage: Stage = Stage.OVERVIEW
    seen: int = 0


@dataclass(frozen=True)
class Session:
    """Everything an assessment screen shows, read fresh from the database."""

    membership: Membership
    year: Year
    stored: StoredScale
    scale: Scale
    assessment: Assessment
    scores: dict[str, Score]
    previous: dict[str, Decimal]  # the mid-year scores, on the year-end round
    deadline: datetime | None
    now: datetime
    position: Position

    @property
    def unit(self) -> Unit:
        return self.membership.unit

    @property
    def round(self) -> Round:
        return self.assessment.round

    @property
    def state(self) -> State:
        return state_of(
            self.scale, self.assessment, self.scores, deadline=self.deadline, now=self.now
        )

    @property
    def editable(self) -> bool:
        return not self.state.locked

    @property
    def missing(self) -> Missing:
        return missing(self.scale, self.scores)

    @property
    def totals(self) -> Totals:
        return totals(self.scale, self.scores)

    @property
    def item(self) -> ScaleItem | None:
        """The criterion the wizard is at (None on the overview or when it left the scale)."""
        code = self.position.code
        return self.scale.find(code) if code is not None else None


def round_now(deadlines: dict[Phase, datetime], now: datetime) -> Round:
    """The round `/assess` opens without an argument: the current phase's, else the nearest."""
    phase = current_phase(deadlines, now)
    if phase in (Phase.PLEDGE, Phase.MIDYEAR):
        return Round.MIDYEAR
    return Round.YEAREND


def parse_round(text: str) -> Round:
    """`midyear`, `yearend` or a Vietnamese name of them ("sơ kết", "tổng kết")."""
    phase = parse_phase(text)
    if phase not in (Phase.MIDYEAR, Phase.YEAREND):
        raise BadInput("assess.bad_round")
    return Round(phase.value)


async def _position(services: Services, user_id: int) -> Position | None:
    state = await services.flows.get(user_id, FLOW)
    if state is None:
        return None
    try:
        return Position.model_validate(state.data)
    except ValueError:
        return None  # a draft of an older shape: start afresh


async def _save(services: Services, user_id: int, position: Position) -> None:
    await flows.advance(
        services, user_id, FLOW, position.stage.value, position.model_dump(mode="json")
    )


async def load(services: Services, user_id: int, membership: Membership, round_: Round) -> Session:
    """The unit's assessment of the round for one of its delegates (created if need be)."""
    if not await services.units.is_delegate(membership.unit.id, user_id):
        raise NotAllowed("rights.delegate_only")
    year = await services.years.current(membership.bloc.id)
    if year is None:
        raise NotFound("assess.no_year")
    stored = await services.scales.current(year.id)
    if stored is None:
        raise NotFound("scale.none")
    scale = scales.parsed(services, stored)
    now = services.clock.now()
    repo = services.assessments
    assessment = await repo.get(year.id, membership.unit.id, round_) or await repo.start(
        year.id, membership.unit.id, round_, scale_id=stored.id, now=now
    )
    previous: dict[str, Decimal] = {}
    if round_ == Round.YEAREND:
        mid = await repo.get(year.id, membership.unit.id, Round.MIDYEAR)
        if mid is not None:
            previous = valid_values(scale, await repo.scores(mid.id))
    kept = await _position(services, user_id)
    position = (
        kept
        if kept is not None and kept.unit == membership.unit.id and kept.round == round_
        else Position(unit=membership.unit.id, round=round_)
    )
    return Session(
        membership=membership,
        year=year,
        stored=stored,
        scale=scale,
        assessment=assessment,
        scores=await repo.scores(assessment.id),
        previous=previous,
        deadline=await services.years.deadline(year.id, round_.phase.value),
        now=now,
        position=position,
    )


async def enter(
    services: Services, user_id: int, membership: Membership, round_text: str | None = None
) -> Session:
    """`/assess [round]`: the unit's overview; resumes the user's place in the same round."""
    if round_text:
        round_ = parse_round(round_text)
    else:
        year = await services.years.current(membership.bloc.id)
        if year is None:
            raise NotFound("assess.no_year")
        round_ = round_now(await deadlines_of(services, year), services.clock.now())
    session = await load(services, user_id, membership, round_)
    return await moved(services, user_id, session, seen=session.assessment.revision)


async def moved(
    services: Services,
    user_id: int,
    session: Session,
    *,
    code: str | None = None,
    stage: Stage | None = None,
    seen: int | None = None,
) -> Session:
    """The session with the user's place changed and stored (None keeps a field as it is)."""
    position = session.position.model_copy(
        update={
            "code": code if code is not None else session.position.code,
            "stage": stage if stage is not None else session.position.stage,
            "seen": seen if seen is not None else session.position.seen,
        }
    )
    await _save(services, user_id, position)
    return replace(session, position=position)


async def active(services: Services, user_id: int) -> Session | None:
    """The session of the user's active `assess` flow, if the user still acts for its unit."""
    state = await services.flows.active(user_id)
    if state is None or state.name != FLOW:
        return None
    position = await _position(services, user_id)
    if position is None:
        return None
    for membership in await services.units.memberships(user_id):
        if membership.unit.id == position.unit:
            return await load(services, user_id, membership, position.round)
    return None


async def require_active(services: Services, user_id: int) -> Session:
    session = await active(services, user_id)
    if session is None:
        raise Conflict("assess.no_session")
    return session


def editable(session: Session) -> Session:
    """Refuse any change once the round is locked (deadline passed, not reopened)."""
    if not session.editable:
        raise Conflict("assess.locked")
    return session


async def leave(services: Services, user_id: int) -> None:
    """✖️ or `/cancel`: the user's place is kept, every score is already stored."""
    await flows.cancel(services, user_id)

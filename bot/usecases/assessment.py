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
from functools import cached_property

from pydantic import BaseModel, ConfigDict, ValidationError

from bot import rights
from bot.actor import Actor
from bot.domain.assessment import (
    Assessment,
    Missing,
    Round,
    Score,
    State,
    differs_from_sent,
    missing,
    state_of,
    totals,
    valid_values,
)
from bot.domain.bloc import Membership, Unit
from bot.domain.calendar import Phase, parse_phase
from bot.domain.errors import InvalidValue
from bot.domain.pledge import can_edit  # the same rule: until the deadline, or reopened
from bot.domain.review import Sheet
from bot.domain.scale import Scale, ScaleItem
from bot.domain.scores import Totals
from bot.domain.year import StoredScale, Year, current_phase, round_in, rounds_ahead
from bot.domain.year import round_to_open as year_round_to_open
from bot.errors import BadInput, Conflict, NotFound
from bot.services import Services
from bot.usecases import flows, review
from bot.usecases import scale as scales
from bot.usecases.year import deadlines_of
from bot.usecases.year_next import no_open_year
from storage.flows import FlowState
from storage.reviews import ReviewRepo

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

    model_config = ConfigDict(defer_build=True)

    unit: int
    round: Round
    code: str | None = None
    stage: Stage = Stage.OVERVIEW
    seen: int = 0
    #: Text typed at the criterion's note or evidence step that the wizard asked about rather
    #: than took (a bare number, a line refused as a score); a button press keeps it as the
    #: note, any move forgets it.
    pending: str | None = None
    #: Where the wizard goes once this criterion is done, instead of on to the next one: the
    #: review, when its 📎 opened the criterion's evidence step (the user came to mend what
    #: stopped the submission, not to walk the scale again). Kept while the user stays at
    #: the same criterion's steps, forgotten by any other move.
    back: Stage | None = None


@dataclass(frozen=True)
class Early:
    """The phase the year is still in while the round shown lies ahead of it (the overview
    says so, as `/status` shows that phase), and that phase's deadline (None: not set)."""

    phase: Phase
    due: datetime | None


@dataclass(frozen=True)
class Session:
    """Everything an assessment screen shows, read fresh from the database; what is worked out
    from it (state, missing items, totals) is worked out once per screen."""

    membership: Membership
    year: Year
    stored: StoredScale
    scale: Scale
    assessment: Assessment
    #: The draft: what the delegates are editing.
    scores: dict[str, Score]
    #: What the unit submitted (empty before its first submission): what counts.
    submitted: dict[str, Score]
    previous: dict[str, Decimal]  # the mid-year scores, on the year-end round
    deadline: datetime | None
    now: datetime
    position: Position
    #: The user is also an admin of the bloc (the overview offers every unit's state).
    admin: bool = False
    #: The round's review of the unit, when the reviewers decided anything (the overview
    #: shows the total after review and opens the review); read for the overview only.
    review: Sheet | None = None
    #: The criterion whose note was saved by the action this screen answers (said on it once,
    #: so a note typed on the wrong step is noticed).
    saved_note: str | None = None
    #: The round lies ahead of the year's phase (scored early); read for the overview only.
    early: Early | None = None
    #: The year's own round, still open, when this one is behind it (reopened for the unit
    #: after its deadline, which plain `/assess` opens first); read for the overview only.
    also: Round | None = None
    #: An admin closed the round's review: its results are final, so nothing can be submitted
    #: (the draft is kept and may still change while the round is open) until it is reopened.
    review_closed: bool = False

    @property
    def unit(self) -> Unit:
        return self.membership.unit

    @property
    def round(self) -> Round:
        return self.assessment.round

    @cached_property
    def state(self) -> State:
        return state_of(
            self.scale,
            self.assessment,
            self.scores,
            submitted=self.submitted,
            deadline=self.deadline,
            now=self.now,
        )

    @cached_property
    def editable(self) -> bool:
        return not self.state.locked

    @cached_property
    def missing(self) -> Missing:
        return missing(self.scale, self.scores)

    @cached_property
    def totals(self) -> Totals:
        return totals(self.scale, self.scores)

    @property
    def item(self) -> ScaleItem | None:
        """The criterion the wizard is at (None on the overview or when it left the scale)."""
        code = self.position.code
        return self.scale.find(code) if code is not None else None


def round_now(deadlines: dict[Phase, datetime], now: datetime) -> Round:
    """The round of the year's phase (`round_in`): what an admin's `/assess` lists."""
    return round_in(current_phase(deadlines, now))


async def round_to_open(services: Services, year: Year, unit_id: int) -> Round:
    """The round plain `/assess` opens for the unit (`bot.domain.year.round_to_open`): one an
    admin reopened for it after the deadline, else the year's."""
    deadlines = await deadlines_of(services, year)
    reopened = [
        round_
        for round_ in Round
        if (held := await services.assessments.get(year.id, unit_id, round_)) is not None
        and held.reopened_at is not None
    ]
    return year_round_to_open(deadlines, services.clock.now(), reopened)


async def command_for(services: Services, year: Year, unit_id: int, round_: Round) -> str:
    """The command that opens the unit's round: plain `assess` when it opens that round (the
    reopen notice and the paused-work hints name it), else `assess <round>`."""
    plain = "assess"
    if await round_to_open(services, year, unit_id) == round_:
        return plain
    return f"{plain} {round_.value}"


def parse_round(text: str) -> Round:
    """`midyear`, `yearend` or a Vietnamese name of them ("sơ kết", "tổng kết")."""
    try:
        phase = parse_phase(text)
    except InvalidValue:
        raise BadInput("assess.bad_round") from None
    if phase not in (Phase.MIDYEAR, Phase.YEAREND):
        raise BadInput("assess.bad_round")
    return Round(phase.value)


async def round_open(services: Services, year_id: int, unit_id: int, round_: Round) -> bool:
    """Whether the unit can still change and submit its self-assessment of the round: until
    the round's deadline, or after it while an admin reopened the unit's (`can_edit`, the rule
    of every screen's lock, read here for the other rounds and the paused-work hints)."""
    held = await services.assessments.get(year_id, unit_id, round_)
    deadline = await services.years.deadline(year_id, round_.phase.value)
    reopened = held is not None and held.reopened_at is not None
    return can_edit(deadline, services.clock.now(), reopened)


async def still_open(services: Services, state: FlowState) -> bool:
    """A paused assessment is work to carry on while its unit can still send the round in the
    bloc's open year (`round_open`) and has not sent it as it stands (one submitted and left
    unchanged holds nothing unfinished: no "paused" notice when a giải trình or a review is
    opened over it); one unreadable is for `flows.load` to refuse, so it counts as open."""
    try:
        position = Position.model_validate(state.data)
    except ValidationError:
        return True
    unit = await services.units.get(position.unit)
    year = await services.years.current(unit.bloc_id) if unit is not None else None
    if year is None or not await round_open(services, year.id, position.unit, position.round):
        return False
    held = await services.assessments.get(year.id, position.unit, position.round)
    return held is None or not await _sent_as_it_stands(services, held)


async def _sent_as_it_stands(services: Services, held: Assessment) -> bool:
    """Submitted, and the draft is what was submitted (a change set back is no change)."""
    if not held.submitted:
        return False
    if not held.changed_after_submission:
        return True
    draft = await services.assessments.scores(held.id)
    sent = await services.assessments.submitted_scores(held.id)
    return not differs_from_sent(draft, sent)


async def resume_command(services: Services, state: FlowState) -> str:
    """What carries a paused assessment on (`command_for` its unit's round): plain `assess`
    unless that opens another round for the unit (the reopened mid-year's draft after a
    year-end one, a year-end draft scored early)."""
    try:
        position = Position.model_validate(state.data)
    except ValidationError:
        return "assess"  # `flows.load` refuses it, whatever opens it
    unit = await services.units.get(position.unit)
    year = await services.years.current(unit.bloc_id) if unit is not None else None
    if year is None:
        return "assess"
    return await command_for(services, year, position.unit, position.round)


async def _position(services: Services, user_id: int) -> Position | None:
    return await flows.load(services, user_id, FLOW, Position)


async def _save(services: Services, user_id: int, position: Position) -> None:
    await flows.advance(services, user_id, FLOW, position.stage.value, position)


async def load(services: Services, user_id: int, membership: Membership, round_: Round) -> Session:
    """The unit's assessment of the round for one of its delegates (created if need be).

    Callers get `membership` from `bot.rights` (the actor still acts for the unit)."""
    year = await services.years.current(membership.bloc.id)
    if year is None:
        raise await no_open_year(services, membership.bloc, "assess.no_year")
    stored = await services.scales.current(year.id)
    if stored is None:
        raise NotFound("scale.none")
    scale = scales.parsed(services, stored)
    now = services.clock.now()
    repo = services.assessments
    assessment, scores, submitted = await repo.with_scores(year.id, membership.unit.id, round_)
    if assessment is None:
        assessment = await repo.start(
            year.id, membership.unit.id, round_, scale_id=stored.id, now=now
        )
    previous: dict[str, Decimal] = {}
    if round_ == Round.YEAREND:
        mid = await repo.get(year.id, membership.unit.id, Round.MIDYEAR)
        if mid is not None:  # what the unit submitted at mid-year, else its draft
            held = await repo.submitted_scores(mid.id) or await repo.scores(mid.id)
            previous = valid_values(scale, held)
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
        scores=scores,
        submitted=submitted,
        previous=previous,
        deadline=await services.years.deadline(year.id, round_.phase.value),
        now=now,
        position=position,
        review_closed=await ReviewRepo(services.db).is_closed(year.id, round_),
    )


async def session_for(services: Services, actor: Actor, unit_id: int, round_: Round) -> Session:
    """The assessment a button names, if the actor still acts for its unit."""
    membership = await rights.membership_for(services, actor, unit_id)
    return await load(services, actor.user_id, membership, round_)


async def enter(
    services: Services, actor: Actor, unit_id: int, round_text: str | None = None
) -> Session:
    """`/assess [round]`: the unit's overview; resumes the user's place in the same round."""
    membership = await rights.membership_for(services, actor, unit_id)
    if round_text:
        round_ = parse_round(round_text)
    else:
        year = await services.years.current(membership.bloc.id)
        if year is None:
            raise await no_open_year(services, membership.bloc, "assess.no_year")
        round_ = await round_to_open(services, year, unit_id)
    session = await for_overview(
        services, actor, await load(services, actor.user_id, membership, round_)
    )
    # In the middle of a criterion (its note after its score, say), even after /cancel: that
    # step again, as the same command carries on where the person was; else the overview.
    place = session.position
    carry_on = place.stage in _CRITERION_STEPS and place.code is not None and session.editable
    return await moved(
        services,
        actor.user_id,
        session,
        stage=place.stage if carry_on else Stage.OVERVIEW,
        seen=session.assessment.revision,
    )


#: The steps of one criterion, which /assess carries on at.
_CRITERION_STEPS = (Stage.SCORE, Stage.NOTE, Stage.EVIDENCE)


async def for_overview(services: Services, actor: Actor, session: Session) -> Session:
    """The session with what only the overview shows: whether the actor is also an admin of
    the bloc, the round's review of the unit when it has a result, and the phase the year is
    still in when the round lies ahead of it."""
    admin = await rights.is_bloc_admin(services, actor, session.membership.bloc)
    found = None
    if session.assessment.submitted:  # only what was submitted is reviewed
        found = await review.sheet(services, session.year, session.round, session.unit.id)
    deadlines = await deadlines_of(services, session.year)
    phase = current_phase(deadlines, session.now)
    early = also = None
    if phase is not None and session.round in rounds_ahead(phase):
        early = Early(phase, deadlines.get(phase))
    elif session.assessment.reopened_at is not None and round_in(phase) != session.round:
        due = deadlines.get(round_in(phase).phase)
        also = round_in(phase) if due is None or session.now < due else None
    reviewed = found if found and found.has_result else None
    return replace(session, admin=admin, review=reviewed, early=early, also=also)


async def moved(
    services: Services,
    user_id: int,
    session: Session,
    *,
    code: str | None = None,
    stage: Stage | None = None,
    seen: int | None = None,
    pending: str | None = None,
    back: Stage | None = None,
) -> Session:
    """The session with the user's place changed and stored (None keeps a field as it is, but
    a text held for a question is forgotten unless given again, and the screen to go back to
    once the criterion is done is kept only while the user stays at that criterion)."""
    was = session.position
    code = code if code is not None else was.code
    stage = stage if stage is not None else was.stage
    if back is None and code == was.code and stage in _CRITERION_STEPS:
        back = was.back
    position = was.model_copy(
        update={
            "code": code,
            "stage": stage,
            "seen": seen if seen is not None else was.seen,
            "pending": pending,
            "back": back,
        }
    )
    await _save(services, user_id, position)
    return replace(session, position=position)


async def active(services: Services, actor: Actor) -> Session | None:
    """The session of the actor's active `assess` flow, if they still act for its unit."""
    state = await services.flows.active(actor.user_id)
    if state is None or state.name != FLOW:
        return None
    position = await _position(services, actor.user_id)
    if position is None:
        return None
    for membership in await services.units.memberships(actor.user_id):
        if membership.unit.id == position.unit:
            return await load(services, actor.user_id, membership, position.round)
    return None


async def require_active(services: Services, actor: Actor) -> Session:
    session = await active(services, actor)
    if session is None:
        raise Conflict("assess.no_session")
    return session


def editable(session: Session) -> Session:
    """Refuse any change once the round is locked (deadline passed, not reopened)."""
    if not session.editable:  # a unit that never submitted would submit late, not change
        unsent = session.state.submitted_total is None
        raise Conflict("assess.locked_unsent" if unsent else "assess.locked")
    return session


def submittable(session: Session) -> Session:
    """Refuse a submission once the round is locked or its review closed (the review's results
    are final: a self-score nobody reviewed must not slip into them); the draft stays."""
    editable(session)
    if session.review_closed:
        raise Conflict("assess.review_closed")
    return session


async def leave(services: Services, actor: Actor) -> None:
    """✖️ or `/cancel`: the user's place is kept, every score is already stored."""
    await flows.cancel(services, actor.user_id)

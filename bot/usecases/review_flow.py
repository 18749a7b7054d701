"""The review in private chats: a reviewer's unit screen and typed decisions, the unit's answer.

A reviewer opens a unit from the round's list; from then their private text goes to that unit
(flow `review`, step `lines`: decisions one a line; step `exclude`: the reason of an exclusion,
see `bot.usecases.review_confirm`). A unit's delegate reads the unit's review from the message
telling them of it, from 🔎 on /assess or with /review in private, and answers it (flow
`review_answer`). The flows' drafts only name what is open; a typed decision is stored at once
by `bot.usecases.review`, a button's after its ✅.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, ValidationError

from bot import rights
from bot.actor import Actor
from bot.domain.assessment import Score
from bot.domain.bloc import Bloc, Membership, Unit
from bot.domain.review import Answer, Round, Sheet
from bot.domain.scale import Scale
from bot.domain.year import Year
from bot.errors import Conflict, NotAllowed, NotFound
from bot.services import Services
from bot.usecases import flows, review, review_answers
from bot.usecases.review import ANSWER_FLOW, FLOW
from bot.usecases.review_session import Session, default_round, reviewer, scale_of, session_of
from bot.usecases.year_next import no_open_year
from storage.flows import FlowState
from storage.reviews import ReviewRepo


class Step(StrEnum):
    LINES = "lines"
    EXCLUDE = "exclude"


class ReviewDraft(BaseModel):
    """Which unit's review the reviewer has open."""

    model_config = ConfigDict(defer_build=True)

    year_id: int
    round: Round
    unit_id: int


class AnswerDraft(BaseModel):
    """Which review the delegate is answering."""

    model_config = ConfigDict(defer_build=True)

    year_id: int
    round: Round
    unit_id: int


@dataclass(frozen=True)
class UnitView:
    bloc: Bloc
    year: Year
    round: Round
    unit: Unit
    sheet: Sheet
    answers: tuple[Answer, ...]
    closed: bool
    reviewer: bool
    admin: bool
    #: Display names of the reviewers named in the review.
    people: dict[int, str]
    #: The unit has a delegate to tell of a decision (the confirmations say who will be told).
    has_delegates: bool = True
    #: For a reviewer: the scale, and the unit's items as submitted, notes included (QA qa8 #5).
    scale: Scale | None = None
    submitted: dict[str, Score] = field(default_factory=dict)


async def _unit(services: Services, bloc: Bloc, unit_id: int) -> Unit:
    unit = await services.units.get(unit_id)
    if unit is None or unit.bloc_id != bloc.id:
        raise Conflict("core.stale_button")
    return unit


async def _view(
    services: Services, bloc: Bloc, year: Year, round_: Round, unit_id: int, *, reviewer: bool,
    admin: bool,
) -> UnitView:  # fmt: skip
    unit = await _unit(services, bloc, unit_id)
    repo = ReviewRepo(services.db)
    sheet = await review.sheet(services, year, round_, unit_id)
    ids = {line.reviewed.reviewer_id for line in sheet.adjusted if line.reviewed}
    ids |= {extra.reviewer_id for extra in sheet.extras}
    profiles = await services.users.get_many(sorted(ids))
    scale, items = None, {}
    if reviewer:  # what the unit submitted, with its notes, beside the decisions
        scale = await scale_of(services, year)
        assessment = await services.assessments.get(year.id, unit_id, round_)
        if assessment is not None:
            items = await services.assessments.submitted_scores(assessment.id)
    return UnitView(
        bloc=bloc, year=year, round=round_, unit=unit, sheet=sheet,
        answers=(await repo.unit_review(year.id, round_, unit_id)).answers,
        closed=await repo.is_closed(year.id, round_),
        reviewer=reviewer, admin=admin,
        people={uid: p.display_name for uid, p in profiles.items()},
        has_delegates=bool(await delegates_of(services, unit_id)),
        scale=scale, submitted=items,
    )  # fmt: skip


async def still_open(services: Services, state: FlowState) -> bool:
    """A review draft (a reviewer's open unit, a unit's answer) goes on while its round's
    review is open; one unreadable is for `flows.load` to refuse, so it counts as open."""
    try:
        draft = ReviewDraft.model_validate(state.data)
    except ValidationError:
        return True
    if await services.years.get(draft.year_id) is None:
        return False
    return not await ReviewRepo(services.db).is_closed(draft.year_id, draft.round)


async def paused_unit(services: Services, state: FlowState) -> tuple[ReviewDraft, Unit] | None:
    """The unit a reviewer's paused review had open (its draft names only that), to offer the
    way back to it; None when the draft no longer reads or the unit is gone."""
    try:
        draft = ReviewDraft.model_validate(state.data)
    except ValidationError:
        return None
    unit = await services.units.get(draft.unit_id)
    return (draft, unit) if unit is not None else None


async def reviewer_view(services: Services, session: Session, unit_id: int) -> UnitView:
    who = session.who
    if unit_id in who.unit_ids and not who.admin:
        raise NotAllowed("review.own_unit")
    return await _view(services, session.bloc, session.year, session.round, unit_id,
                       reviewer=True, admin=who.admin)  # fmt: skip


async def shown(services: Services, session: Session, unit_id: int) -> UnitView:
    """The reviewer's screen of the unit, about to be shown: its answers count as seen from
    now on (`bot.usecases.review_answers`); the view still marks those new to this screen."""
    view = await reviewer_view(services, session, unit_id)
    if review_answers.unseen_in(view.answers):
        await ReviewRepo(services.db).answers_seen(
            session.year.id, session.round, unit_id,
            by=session.who.user_id, now=services.clock.now(),
        )  # fmt: skip
    return view


async def open_unit(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int
) -> UnitView:
    """The reviewer opens a unit: its screen, and their next text goes to it."""
    session = await session_of(services, actor, year_id, round_)
    view = await shown(services, session, unit_id)
    draft = ReviewDraft(year_id=year_id, round=round_, unit_id=unit_id)
    await flows.advance(services, actor.user_id, FLOW, Step.LINES, draft)
    return view


async def open_draft(services: Services, actor: Actor) -> tuple[Session, ReviewDraft]:
    draft = await flows.load(services, actor.user_id, FLOW, ReviewDraft)
    if draft is None:
        raise NotFound("review.nothing_open")
    return await session_of(services, actor, draft.year_id, draft.round), draft


async def lines(services: Services, actor: Actor, text: str) -> tuple[UnitView, review.Applied]:
    """Decisions typed for the open unit: the good lines stored, the others returned."""
    session, draft = await open_draft(services, actor)
    applied = await review.apply_lines(
        services, session.who, session.year, session.round, draft.unit_id, text
    )
    return await shown(services, session, draft.unit_id), applied


async def own_view(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int
) -> UnitView:
    """A unit's review as its delegate (or a bloc admin) reads it; nobody else's."""
    year = await services.years.get(year_id)
    bloc = await services.blocs.get(year.bloc_id) if year else None
    if year is None or bloc is None:
        raise Conflict("core.stale_button")
    admin = await rights.is_bloc_admin(services, actor, bloc)
    if not admin and not await services.units.is_delegate(unit_id, actor.user_id):
        raise NotAllowed("review.own_unit_only")
    return await _view(services, bloc, year, round_, unit_id, reviewer=False, admin=admin)


async def unit_result(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int
) -> UnitView:
    """A unit's review as one of its own delegates reads it (the notice, 🔎 on /assess,
    /review in private), with the rights and the review read again at every press."""
    if not await services.units.is_delegate(unit_id, actor.user_id):
        raise NotAllowed("review.own_unit_only")
    return await own_view(services, actor, year_id, round_, unit_id)


@dataclass(frozen=True)
class NoResult:
    """A round of the unit with nothing to read yet, and why: not submitted (only a submitted
    self-assessment is reviewed), or submitted with no decision so far (the review open, or
    closed with the self-scores standing)."""

    round: Round
    submitted: bool
    closed: bool
    deadline: datetime | None
    self_total: Decimal | None = None


@dataclass(frozen=True)
class OwnResults:
    """`/review` in private: the unit's review of each round asked that has a result, and the
    rounds that have none yet."""

    membership: Membership
    year: Year
    views: tuple[UnitView, ...]
    pending: tuple[NoResult, ...]
    #: The round whose review list the person may open (head/deputy delegate, admin), else None:
    #: a reviewer typing /review in private is shown the way to the review work too.
    reviews: Round | None = None


async def own_results(
    services: Services, actor: Actor, unit_id: int, round_: Round | None
) -> OwnResults:
    """A delegate's `/review` in private: their unit's review in the open year, of `round_`
    (None: both rounds)."""
    membership = await rights.membership_for(services, actor, unit_id)
    bloc = membership.bloc
    year = await services.years.current(bloc.id)
    if year is None:
        raise await no_open_year(services, bloc, "year.none_open_next")
    views, pending = [], []
    for each in (round_,) if round_ is not None else tuple(Round):
        closed = await ReviewRepo(services.db).is_closed(year.id, each)
        deadline = await services.years.deadline(year.id, each.phase.value)
        try:
            sheet = await review.sheet(services, year, each, unit_id)
        except Conflict as refused:
            if refused.key != "review.not_submitted":
                raise
            pending.append(NoResult(each, submitted=False, closed=closed, deadline=deadline))
            continue
        if sheet.has_result:
            views.append(await unit_result(services, actor, year.id, each, unit_id))
        else:
            pending.append(NoResult(each, True, closed, deadline, sheet.self_total))
    try:
        await reviewer(services, actor, bloc, year)
    except NotAllowed:
        reviews = None
    else:
        reviews = round_ or await default_round(services, year)
    return OwnResults(membership, year, tuple(views), tuple(pending), reviews)


async def start_answer(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int
) -> UnitView:
    """The delegate chose to answer: their next text is the answer."""
    view = await unit_result(services, actor, year_id, round_, unit_id)
    if view.closed:
        raise Conflict("review.closed")
    draft = AnswerDraft(year_id=year_id, round=round_, unit_id=unit_id)
    await flows.advance(services, actor.user_id, ANSWER_FLOW, "text", draft)
    return view


@dataclass(frozen=True)
class Answered:
    """A unit's answer stored: the review as its delegate reads it, the answer's id and the
    reviewers to tell of it (`review_answers.readers`)."""

    view: UnitView
    answer_id: int
    readers: list[int]


async def answer_text(services: Services, actor: Actor, text: str) -> Answered:
    draft = await flows.load(services, actor.user_id, ANSWER_FLOW, AnswerDraft)
    year = await services.years.get(draft.year_id) if draft else None
    if draft is None or year is None:
        raise NotFound("review.nothing_open")
    answer_id = await review.answer(services, actor, year, draft.round, draft.unit_id, text)
    await flows.finish(services, actor.user_id, ANSWER_FLOW)
    view = await own_view(services, actor, draft.year_id, draft.round, draft.unit_id)
    told = await review_answers.readers(services, view.bloc, year, draft.round, draft.unit_id)
    return Answered(view, answer_id, told)


async def delegates_of(services: Services, unit_id: int) -> list[int]:
    """Who is told of a review decision about the unit."""
    return await services.units.delegates(unit_id)

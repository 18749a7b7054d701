"""Score review (thẩm định), one function per action: set or keep a score, extra points,
exclusion, the unit's answer, closing and reopening the round's review.

Who may: the delegates of the year's head and deputy units and the bloc admins review; a
reviewer never reviews their own unit (an admin may); only an admin excludes a unit, closes or
reopens a round. A unit's delegates read and answer their own unit's review only. Every check is
made before anything is written, inside the transaction that writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from bot import rights
from bot.actor import Actor
from bot.domain.errors import FieldError, InvalidValue
from bot.domain.review import (
    ExtraKind,
    Round,
    SelfAssessment,
    Sheet,
    check_extra_points,
    check_reason,
    check_reviewed_score,
    review_sheet,
)
from bot.domain.review_limits import within_limits
from bot.domain.review_lines import ExtraChange, ReviewLines, parse_review_lines
from bot.domain.scores import parse_score
from bot.domain.year import Year
from bot.errors import Conflict, NotAllowed, NotFound
from bot.nudge_jobs import KIND as NUDGES
from bot.services import Services
from bot.usecases import review_close
from bot.usecases.review_session import Reviewer, scale_of, submitted
from storage.reviews import ReviewRepo

#: The private flows of a round's review (`bot.usecases.review_flow`): a reviewer's open unit
#: and a unit's answer. Their drafts name the year and round; closing the round ends them.
FLOW = "review"
ANSWER_FLOW = "review_answer"


async def _writable(
    services: Services, who: Reviewer, year: Year, round_: Round, unit_id: int
) -> SelfAssessment:
    if unit_id in who.unit_ids and not who.admin:
        raise NotAllowed("review.own_unit")
    if await ReviewRepo(services.db).is_closed(year.id, round_):
        raise closed_for_reviewers(round_)
    return await submitted(services, year, round_, unit_id)


def closed_for_reviewers(round_: Round) -> Conflict:
    """A reviewer's decision on a closed round: refused, with the command that reopens it."""
    return Conflict("review.closed_decision", value=round_.value)


async def sheet(services: Services, year: Year, round_: Round, unit_id: int) -> Sheet:
    """The unit's round after review (self and reviewed side by side)."""
    own = await submitted(services, year, round_, unit_id)
    review = await ReviewRepo(services.db).unit_review(year.id, round_, unit_id)
    return review_sheet(await scale_of(services, year), own, review)


def _self_score(own: SelfAssessment, code: str) -> Decimal:
    """The submitted self-score a decision on `code` is made against (0 when none)."""
    return own.scores.get(code, Decimal(0))


def _reason(text: str) -> str:
    problem = check_reason(text)
    if problem is not None:
        raise InvalidValue(problem)
    return text.strip()


async def set_score(
    services: Services,
    who: Reviewer,
    year: Year,
    round_: Round,
    unit_id: int,
    code: str,
    value_text: str,
    reason: str,
) -> Sheet:
    """Set the reviewed score of one item, within the item's range and step, with a reason."""
    async with services.db.transaction():
        own = await _writable(services, who, year, round_, unit_id)
        scale = await scale_of(services, year)
        item = scale.find(code)
        if item is None:
            raise NotFound("review.unknown_code", code=code.strip())
        value = parse_score(value_text)
        problem = check_reviewed_score(scale, item.criterion.code, value)
        if problem is not None:
            raise InvalidValue(problem)
        await ReviewRepo(services.db).set_score(
            year.id, round_, unit_id, item.criterion.code, value, _reason(reason),
            self_score=_self_score(own, item.criterion.code),
            by=who.user_id, by_unit=who.unit_id, now=services.clock.now(),
        )  # fmt: skip
    return await sheet(services, year, round_, unit_id)


async def keep_self(
    services: Services, who: Reviewer, year: Year, round_: Round, unit_id: int, code: str
) -> Sheet:
    """Drop the reviewed score of an item: the self-score stands again."""
    async with services.db.transaction():
        await _writable(services, who, year, round_, unit_id)
        done = await ReviewRepo(services.db).keep_self(
            year.id, round_, unit_id, code, by=who.user_id, now=services.clock.now()
        )
        if not done:
            raise Conflict("review.nothing_to_keep")
    return await sheet(services, year, round_, unit_id)


async def add_extra(
    services: Services,
    who: Reviewer,
    year: Year,
    round_: Round,
    unit_id: int,
    kind: ExtraKind,
    points_text: str,
    reason: str,
) -> Sheet:
    """Add bonus or deduction points (positive, two decimals at most, within the limits of
    `within_limits`) with a reason."""
    async with services.db.transaction():
        own = await _writable(services, who, year, round_, unit_id)
        points = parse_score(points_text)
        problem = check_extra_points(points)
        if problem is not None:
            raise InvalidValue(problem)
        repo, scale = ReviewRepo(services.db), await scale_of(services, year)
        before = review_sheet(scale, own, await repo.unit_review(year.id, round_, unit_id))
        extra = ExtraChange(line=1, kind=kind, points=points, reason=_reason(reason))
        checked = within_limits(scale, before, ReviewLines(extras=(extra,)))
        if checked.errors:
            raise InvalidValue(checked.errors[0])
        await repo.add_extra(
            year.id, round_, unit_id, kind, points, extra.reason,
            by=who.user_id, now=services.clock.now(),
        )  # fmt: skip
    return await sheet(services, year, round_, unit_id)


async def remove_extra(
    services: Services, who: Reviewer, year: Year, round_: Round, unit_id: int, extra_id: int
) -> Sheet:
    async with services.db.transaction():
        await _writable(services, who, year, round_, unit_id)
        review = await ReviewRepo(services.db).unit_review(year.id, round_, unit_id)
        if all(e.id != extra_id for e in review.extras):
            raise Conflict("core.stale_button")
        await ReviewRepo(services.db).remove_extra(
            extra_id, by=who.user_id, now=services.clock.now()
        )
    return await sheet(services, year, round_, unit_id)


async def _require_admin(services: Services, who: Reviewer, year: Year) -> None:
    """A reviewer who is no admin (a head or deputy delegate) hears who the admins are."""
    if not who.admin:
        bloc = await services.blocs.get(year.bloc_id)
        raise await rights.admins_only(services, bloc) if bloc else NotAllowed("rights.admin_only")


async def set_excluded(
    services: Services,
    who: Reviewer,
    year: Year,
    round_: Round,
    unit_id: int,
    reason: str | None,
) -> None:
    """Exclude a unit from the round's ranking with a reason (None lifts it); admins only."""
    await _require_admin(services, who, year)
    repo = ReviewRepo(services.db)
    async with services.db.transaction():
        if await repo.is_closed(year.id, round_):
            raise Conflict("review.closed")
        now = services.clock.now()
        if reason is None:
            if not await repo.include(year.id, round_, unit_id, by=who.user_id, now=now):
                raise Conflict("review.not_excluded")
        else:
            await repo.exclude(year.id, round_, unit_id, _reason(reason), by=who.user_id, now=now)


async def answer(
    services: Services, actor: Actor, year: Year, round_: Round, unit_id: int, text: str
) -> int:
    """The unit's answer (giải trình), from one of its delegates, while the review is open;
    its id (who is told of it: `bot.usecases.review_answers`)."""
    if not await services.units.is_delegate(unit_id, actor.user_id):
        raise NotAllowed("review.own_unit_only")
    user_id = actor.user_id
    repo = ReviewRepo(services.db)
    async with services.db.transaction():
        if await repo.is_closed(year.id, round_):
            raise Conflict("review.closed")
        await submitted(services, year, round_, unit_id)
        return await repo.answer(
            year.id, round_, unit_id, _reason(text), by=user_id, now=services.clock.now()
        )


async def set_closed(
    services: Services,
    who: Reviewer,
    year: Year,
    round_: Round,
    closed: bool,
    reason: str | None = None,
) -> None:
    """Close the round's review (its final scores stand) or reopen it (logged); admins only."""
    await _require_admin(services, who, year)
    async with services.db.transaction():
        repo = ReviewRepo(services.db)
        if closed and not await repo.is_closed(year.id, round_):  # nothing submitted: no result
            await review_close.require_submitted(services, year, round_)
        changed = await repo.set_closed(
            year.id, round_, closed, by=who.user_id, now=services.clock.now(), reason=reason
        )
        if not changed:
            raise Conflict("review.already_closed" if closed else "review.already_open")
        if closed:
            # The round's review drafts can no longer go on: the paused ones end here. One a
            # person has open stays until their next step, so that a decision typed just after
            # the close hears that the review closed (`review_flow.still_open` drops it
            # unannounced when another flow opens over it, and /cancel ends it).
            await services.flows.discard_paused(
                (FLOW, ANSWER_FLOW), {"year_id": year.id, "round": round_.value}
            )
    # closed, the round's reminders stop (no unit can submit); reopened, they go on (`Hold`)
    await services.scheduler.rebuild(NUDGES)


@dataclass(frozen=True)
class Applied:
    """What a paste of review lines did: the unit's sheet after it, taken lines, refusals."""

    sheet: Sheet
    taken: int
    errors: tuple[FieldError, ...]


async def apply_lines(
    services: Services, who: Reviewer, year: Year, round_: Round, unit_id: int, text: str
) -> Applied:
    """Store every good line of a paste in one transaction; the bad ones come back numbered."""
    repo = ReviewRepo(services.db)
    async with services.db.transaction():
        own = await _writable(services, who, year, round_, unit_id)
        scale = await scale_of(services, year)
        before = review_sheet(scale, own, await repo.unit_review(year.id, round_, unit_id))
        found = within_limits(scale, before, parse_review_lines(scale, text))
        now = services.clock.now()
        for change in found.scores:
            await repo.set_score(
                year.id, round_, unit_id, change.code, change.value, change.reason,
                self_score=_self_score(own, change.code),
                by=who.user_id, by_unit=who.unit_id, now=now,
            )  # fmt: skip
        for extra in found.extras:
            await repo.add_extra(
                year.id, round_, unit_id, extra.kind, extra.points, extra.reason,
                by=who.user_id, now=now,
            )  # fmt: skip
    taken = len(found.scores) + len(found.extras)
    return Applied(await sheet(services, year, round_, unit_id), taken, found.errors)


@dataclass(frozen=True)
class Moved:
    """A reviewed item whose submitted self-score a new submission changed: the decision was
    made against `judged`, the unit now submits `now`."""

    code: str
    judged: Decimal
    now: Decimal
    reviewed: Decimal
    reviewer_id: int


async def moved_by_submission(
    services: Services,
    year_id: int,
    round_: Round,
    unit_id: int,
    before: Mapping[str, Decimal],
    after: Mapping[str, Decimal],
) -> tuple[Moved, ...]:
    """The reviewed items whose self-score this submission moved away from the one decided
    against (`before`/`after`: the submitted self-scores; a score already moved by an earlier
    submission is not told twice). Read inside the submission's transaction."""
    review = await ReviewRepo(services.db).unit_review(year_id, round_, unit_id)
    found = []
    for code, adjustment in sorted(review.adjustments.items()):
        now, was = after.get(code, Decimal(0)), before.get(code, Decimal(0))
        judged = adjustment.self_score
        if judged is None or judged == now or was == now:
            continue
        found.append(Moved(code, judged, now, adjustment.reviewed, adjustment.reviewer_id))
    return tuple(found)

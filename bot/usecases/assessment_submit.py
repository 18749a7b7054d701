"""Submitting a self-assessment: the confirmation that shows the total, then ✅.

The confirmation records the revision it showed; ✅ submits exactly that revision, so a score
changed in between (by another delegate, or by the same one in another chat) never goes in
unseen: the user is shown the fresh total and asked again. A submission with criteria unscored
or evidence missing is refused with the list.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal

from bot.actor import Actor
from bot.domain.assessment import Missing, valid_values
from bot.errors import BadInput, Conflict
from bot.services import Services
from bot.usecases import review
from bot.usecases.assessment import Session, Stage, editable, load, moved, submittable
from bot.usecases.review import Moved
from storage.outbox import Outgoing
from storage.reviews import ReviewRepo


@dataclass(frozen=True)
class Submitted:
    session: Session
    total: Decimal
    #: Not submitted before (or reopened by a new scale since): the group hears of it.
    first: bool
    count: int  # units of the bloc that have submitted this round
    units: int
    #: Reviewed items whose self-score this submission changed: their reviewers are told.
    moved: tuple[Moved, ...] = ()


def check_complete(gaps: Missing) -> None:
    """Refuse a submission that misses scores or evidence, naming every item."""
    criteria, evidence = ", ".join(gaps.criteria), ", ".join(gaps.evidence)
    if criteria and evidence:
        raise BadInput("assess.incomplete_both", criteria=criteria, evidence=evidence)
    if criteria:
        raise BadInput("assess.incomplete_criteria", criteria=criteria)
    if evidence:
        raise BadInput("assess.incomplete_evidence", evidence=evidence)


async def confirm(services: Services, actor: Actor, session: Session) -> Session:
    """The step before ✅: complete and editable, it shows the total of this revision (never
    while the round's review is closed: `submittable`)."""
    submittable(session)
    check_complete(session.missing)
    return await moved(
        services, actor.user_id, session, stage=Stage.CONFIRM, seen=session.assessment.revision
    )


async def submit(
    services: Services,
    actor: Actor,
    session: Session,
    revision: int,
    notices: Callable[[Submitted], Awaitable[list[Outgoing]]] | None = None,
) -> Submitted:
    """✅ on the confirmation made at `revision`: what it holds becomes what counts.

    `notices` (the confirmation, the group's line, the reviewers told of a self-score changed
    under their decision) are queued in the same transaction, so they go out exactly when the
    submission is stored, even if the process dies right after.
    """
    now = services.clock.now()
    fresh = editable(await load(services, actor.user_id, session.membership, session.round))
    if fresh.assessment.revision != revision:
        latest = fresh.assessment.revision
        await moved(services, actor.user_id, fresh, stage=Stage.REVIEW, seen=latest)
        raise Conflict("assess.changed_before_submit")
    check_complete(fresh.missing)
    first = not fresh.assessment.submitted
    total = fresh.totals.total
    before = valid_values(fresh.scale, fresh.submitted)  # what counted until now
    async with services.db.transaction():
        # Closed review, final results: nothing submitted joins them unreviewed (checked in
        # the transaction that submits, so a close just before is never overtaken).
        if await ReviewRepo(services.db).is_closed(fresh.year.id, fresh.round):
            raise Conflict("assess.review_closed")
        # The revision is checked again by the UPDATE itself: nothing slips in between.
        done = await services.assessments.submit(
            fresh.assessment.id,
            revision=revision,
            scale_id=fresh.stored.id,
            total=total,
            by=actor.user_id,
            now=now,
        )
        if not done:
            raise Conflict("assess.changed_before_submit")
        of_round = await services.assessments.of_round(fresh.year.id, fresh.round)
        count = sum(1 for a in of_round.values() if a.submitted)
        units = await services.units.count(fresh.year.bloc_id)
        after = await load(services, actor.user_id, session.membership, session.round)
        after = await moved(
            services, actor.user_id, after, stage=Stage.OVERVIEW, seen=after.assessment.revision
        )
        under_review = await review.moved_by_submission(
            services, fresh.year.id, fresh.round, fresh.unit.id, before,
            valid_values(after.scale, after.submitted),
        )  # fmt: skip
        done = Submitted(
            session=after, total=total, first=first, count=count, units=units, moved=under_review
        )
        if notices is not None:
            await services.notifier.enqueue_all(await notices(done))
    return done

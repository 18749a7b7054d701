"""A unit's answers (giải trình) to its review reach the reviewers (QA qa8 #3).

Told: an answer is told at once, privately, to the reviewers who decided on the unit (its
reviewed scores, its extra points, its exclusion from the ranking), or, when nobody did, to
every reviewer of the round (the delegates of the year's head and deputy units, the bloc's
admins); never to the unit's own delegates. Each answer is told once: the notifier's key names
it.

Seen: an answer counts as seen once a reviewer of the round is shown the unit's review screen
after it was sent, which lists every answer of the unit: opening the unit (from the round's
list, from the notice's button, a page of it), a decision typed on it, a ✅ or ✖️ of a decision
on it (`bot.usecases.review_flow.shown`). One reviewer is enough: the answer is to the review,
not to a person. Until then the round's list marks the unit and closing the review counts it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.domain.bloc import Bloc
from bot.domain.review import Answer, Round, UnitReview
from bot.domain.year import Year
from bot.services import Services
from storage.reviews import ReviewRepo


async def readers(
    services: Services, bloc: Bloc, year: Year, round_: Round, unit_id: int
) -> list[int]:
    """Who is told of the unit's new answer (see the module's docstring), in id order."""
    repo = ReviewRepo(services.db)
    review = await repo.unit_review(year.id, round_, unit_id)
    own = set(await services.units.delegates(unit_id))
    deciders = {a.reviewer_id for a in review.adjustments.values()}
    deciders |= {e.reviewer_id for e in review.extras}
    if review.excluded_by is not None:
        deciders.add(review.excluded_by)
    if deciders - own:
        return sorted(deciders - own)
    everyone = set(await services.blocs.admins(bloc.id))
    for leader in (await repo.leaders(bloc.id, year.id)).unit_ids:
        everyone |= set(await services.units.delegates(leader))
    return sorted(everyone - own)


def unseen_in(answers: Iterable[Answer]) -> int:
    """How many of these answers no reviewer has seen yet."""
    return sum(1 for a in answers if a.seen_at is None)


def unseen_by_unit(reviews: Mapping[int, UnitReview]) -> dict[int, int]:
    """unit id -> its answers no reviewer has seen yet (units with none left out)."""
    return {u: n for u, review in reviews.items() if (n := unseen_in(review.answers))}

"""What closing a round's review leaves behind, said before its ✅ (QA qa8 #1).

Once closed, the round's results are final: no unit can submit or send again
(`assessment.submittable`) and no admin can reopen a unit (`assessment_admin`) until the
review is reopened. So the confirmation names who loses the chance: the deadline still ahead
(every unit could still send), the units that have not submitted, those reopened after the
deadline that have not sent again. A round nobody submitted has nothing to close: refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.review import Round
from bot.domain.year import Year
from bot.errors import Conflict
from bot.services import Services
from bot.usecases.review_session import Session


@dataclass(frozen=True)
class Left:
    """The units a close would stop: `due` the round's deadline while still ahead (None: it
    passed, or none is set: `open_ended`), `unsent` those that never submitted, `reopened`
    those submitted and reopened by an admin, not sent again (unit codes, roster's order)."""

    due: datetime | None
    unsent: tuple[str, ...]
    reopened: tuple[str, ...]
    open_ended: bool = False


async def require_submitted(services: Services, year: Year, round_: Round) -> None:
    """Refuse closing a round that no unit submitted: no result to make final."""
    found = await services.assessments.of_round(year.id, round_)
    if not any(a.submitted for a in found.values()):
        raise Conflict("review.close_nothing_submitted", value=round_.value)


async def left_by_close(services: Services, session: Session) -> Left:
    """`/review close <round>`: what the close would stop (refused when nothing to close)."""
    year, round_ = session.year, session.round
    await require_submitted(services, year, round_)
    found = await services.assessments.of_round(year.id, round_)
    units = await services.units.list(session.bloc.id)
    unsent = tuple(u.code for u in units if (a := found.get(u.id)) is None or not a.submitted)
    reopened = tuple(
        u.code
        for u in units
        if (a := found.get(u.id)) is not None and a.submitted and a.reopened_at is not None
    )
    due = await services.years.deadline(year.id, round_.phase.value)
    ahead = due if due is not None and services.clock.now() < due else None
    return Left(due=ahead, unsent=unsent, reopened=reopened, open_ended=due is None)

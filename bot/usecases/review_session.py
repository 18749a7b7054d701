"""Who reviews and what they see: the reviewer's rights, the round, the units' sheets.

The delegates of the year's head and deputy units and the bloc admins review (`reviewer`); a
press re-checks it from the year the button names (`session_of`). A unit's sheet after review
is read from its submitted assessment and the stored review decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot import rights
from bot.actor import Actor
from bot.domain.bloc import Bloc, Unit
from bot.domain.calendar import parse_phase
from bot.domain.errors import InvalidValue, clip
from bot.domain.review import Round, SelfAssessment, Sheet, review_sheet
from bot.domain.scale import Scale
from bot.domain.year import Year
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from bot.services import Services
from bot.usecases import results_input, review_answers
from bot.usecases.scale import parsed
from bot.usecases.year_next import no_open_year
from storage.reviews import ReviewRepo


@dataclass(frozen=True)
class Reviewer:
    """The person reviewing, and why they may: an admin, or a delegate of the head/deputy."""

    user_id: int
    admin: bool
    unit_ids: frozenset[int] = frozenset()

    @property
    def unit_id(self) -> int | None:
        return min(self.unit_ids) if self.unit_ids else None


@dataclass(frozen=True)
class Session:
    """Where a review happens: the bloc, its open year, the round and who reviews."""

    bloc: Bloc
    year: Year
    round: Round
    who: Reviewer


async def reviewer(services: Services, actor: Actor, bloc: Bloc, year: Year) -> Reviewer:
    """The actor as a reviewer of this year, or NotAllowed."""
    admin = await rights.is_bloc_admin(services, actor, bloc)
    leaders = await ReviewRepo(services.db).leaders(bloc.id, year.id)
    ids = [
        u for u in sorted(leaders.unit_ids) if await services.units.is_delegate(u, actor.user_id)
    ]
    if not admin and not ids:
        raise NotAllowed("review.not_reviewer")
    return Reviewer(user_id=actor.user_id, admin=admin, unit_ids=frozenset(ids))


def parse_round(text: str) -> Round | None:
    """`midyear`/`yearend` or a Vietnamese name ("sơ kết", "tổng kết"); None when empty.

    Anything else, a phase of the year that is no round (pledge, election) or no phase at all
    (`/review 2027`), gets the one refusal that names the two rounds with the command: the
    calendar's "write one of pledge, midyear, yearend, election" offered what /review refuses.
    """
    if not text.strip():
        return None
    try:
        phase = parse_phase(text)
    except InvalidValue:
        phase = None
    if phase is None or phase.value not in {r.value for r in Round}:
        raise BadInput("review.bad_round", value=clip(text.strip()))
    return Round(phase.value)


async def default_round(services: Services, year: Year) -> Round:
    """The year-end round once anything of it was submitted, else the mid-year round."""
    ends = await services.assessments.of_round(year.id, Round.YEAREND)
    return Round.YEAREND if any(a.submitted for a in ends.values()) else Round.MIDYEAR


async def session_here(services: Services, actor: Actor, round_text: str = "") -> Session:
    """`/review [round]` in the group: the reviewer's session of the open year."""
    bloc = await rights.bloc_here(services, actor)
    year = await services.years.current(bloc.id)
    if year is None:
        raise await no_open_year(services, bloc, "year.none_open_next")
    try:
        who = await reviewer(services, actor, bloc, year)
    except NotAllowed:
        # a unit's delegate reads its own review in private (`review_flow.own_results`)
        if await rights.is_delegate_in(services, actor, bloc):
            raise NotAllowed("review.not_reviewer_delegate") from None
        raise
    round_ = parse_round(round_text) or await default_round(services, year)
    return Session(bloc=bloc, year=year, round=round_, who=who)


async def session_of(services: Services, actor: Actor, year_id: int, round_: Round) -> Session:
    """A press in private: the year the button names, if still open, and the rights again."""
    year = await services.years.get(year_id)
    if year is None or not year.is_open:
        raise Conflict("core.stale_button")
    bloc = await services.blocs.get(year.bloc_id)
    if bloc is None:
        raise Conflict("core.stale_button")
    return Session(
        bloc=bloc, year=year, round=round_, who=await reviewer(services, actor, bloc, year)
    )


@dataclass(frozen=True)
class Overview:
    session: Session
    closed: bool
    units: list[Unit]
    sheets: dict[int, Sheet]
    #: unit id -> its answers (giải trình) no reviewer has seen yet (`review_answers`).
    unseen: dict[int, int] = field(default_factory=dict)


async def overview(services: Services, session: Session) -> Overview:
    """Every unit of the round: its sheet after review, or nothing when not submitted."""
    scale = await scale_of(services, session.year)
    found = await results_input.assessments(services, session.year.id, session.round, scale)
    reviews = await ReviewRepo(services.db).reviews(session.year.id, session.round)
    sheets = {
        a.unit_id: review_sheet(scale, a, reviews.get(a.unit_id)) for a in found if a.submitted
    }
    return Overview(
        session=session,
        closed=await ReviewRepo(services.db).is_closed(session.year.id, session.round),
        units=await services.units.list(session.bloc.id),
        sheets=sheets,
        unseen={u: n for u, n in review_answers.unseen_by_unit(reviews).items() if u in sheets},
    )


async def scale_of(services: Services, year: Year) -> Scale:
    stored = await services.scales.current(year.id)
    if stored is None:
        raise NotFound("review.no_scale")
    return parsed(services, stored)


async def submitted(services: Services, year: Year, round_: Round, unit_id: int) -> SelfAssessment:
    """The unit's submitted assessment of the round; a draft or nothing is refused."""
    found = await results_input.assessments(
        services, year.id, round_, await scale_of(services, year)
    )
    own = next((a for a in found if a.unit_id == unit_id), None)
    if own is None or not own.submitted:
        raise Conflict("review.not_submitted")
    return own


async def admin_round(services: Services, actor: Actor, round_text: str) -> Session:
    """`/review close|reopen <round>`: an admin, the open year, a round named."""
    session = await session_here(services, actor)
    if not session.who.admin:
        raise await rights.admins_only(services, session.bloc)
    round_ = round_named(round_text)  # the refusal names /review close <round>, not /review
    if round_ is None:
        raise BadInput("review.which_round")
    return replace(session, round=round_)


def round_named(text: str) -> Round | None:
    """The round of `/review close|reopen <round>`; None when none or none such is named."""
    try:
        return parse_round(text)
    except BadInput:
        return None

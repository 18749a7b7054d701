"""Assessments as the group and the admins see them: each unit's state in a round, a unit's
submitted assessment (never a draft), reopening one unit after the deadline with a reason, the
units still pending (for nudges) and what a scale replacement must ask of the assessments.

Every function checks the actor's rights itself (`bot.rights`), reads included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot import rights
from bot.actor import Actor
from bot.domain.assessment import (
    Assessment,
    LogEntry,
    Round,
    Score,
    State,
    Status,
    state_of,
)
from bot.domain.bloc import Bloc, Unit, UserProfile
from bot.domain.nudge_times import ChangedUnit
from bot.domain.scale import Scale
from bot.domain.year import StoredScale, Year
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from bot.services import Services
from bot.usecases import flows
from bot.usecases import scale as scales
from bot.usecases.assessment import command_for, parse_round, round_now
from bot.usecases.year import deadlines_of
from bot.usecases.year_next import no_open_year
from storage.reviews import ReviewRepo

REASON_MAX_CHARS = 500
#: The admin's reopening in progress: asked for the reason, then shown it for ✅.
REOPEN_FLOW, REASON_STEP, CONFIRM_STEP = "assess_reopen", "reason", "confirm"
#: What the log says when a new scale reopened submitted assessments.
SCALE_REASON = "scale"
#: The refusal of a reopening while the round's review is closed: a whole message with the way
#: out (reopen the review first), too long for a button's pop-up.
REVIEW_CLOSED = "assess.reopen_review_closed"


class ReopenDraft(BaseModel):
    """The reopen flow's draft: which unit and round, and the reason typed."""

    model_config = ConfigDict(defer_build=True)

    unit: int
    round: Round
    reason: str = ""
    #: The unit had submitted the round: it changes and sends again (else it scores and sends).
    submitted: bool = False


@dataclass(frozen=True)
class Reopened:
    unit: Unit
    delegates: list[UserProfile]
    #: The admin's reason, told to the delegates with the reopening.
    reason: str
    #: The unit had submitted the round (it sends again), else it never sent it (sends late).
    submitted: bool
    #: What the delegates type to change it (`assessment.command_for`): plain `assess`, or
    #: with the round when another one takes priority.
    command: str


@dataclass(frozen=True)
class RoundView:
    """Every unit's state in one round of a year (what `/status` and `/assess` list)."""

    year: Year
    round: Round
    deadline: datetime | None
    stored: StoredScale
    units: list[Unit]
    states: dict[int, State]

    @property
    def submitted(self) -> list[Unit]:
        done = (Status.SUBMITTED, Status.CHANGED)
        return [u for u in self.units if self.states[u.id].status in done]

    @property
    def pending(self) -> list[Unit]:
        """Units that have not submitted: whom a nudge is for."""
        done = {u.id for u in self.submitted}
        return [u for u in self.units if u.id not in done]


@dataclass(frozen=True)
class UnitAssessment:
    """One unit's assessment as an admin (or its own delegate) reads it: the submitted scores
    once submitted (a newer unsubmitted draft shows in `state`), else the draft."""

    bloc: Bloc
    unit: Unit
    year: Year
    scale: Scale
    assessment: Assessment
    scores: dict[str, Score]
    state: State
    log: list[LogEntry]


async def _open_year(services: Services, bloc: Bloc) -> tuple[Year, StoredScale]:
    year = await services.years.current(bloc.id)
    if year is None:
        raise await no_open_year(services, bloc, "assess.no_year")
    return year, await _scale_of(services, year)


async def _scale_of(services: Services, year: Year) -> StoredScale:
    stored = await services.scales.current(year.id)
    if stored is None:
        raise NotFound("scale.none")
    return stored


async def _year_of_bloc(services: Services, bloc: Bloc, year_id: int) -> tuple[Year, StoredScale]:
    """The year `year_id` of the bloc, open or closed (a button of a past year's list), and
    its scale; 0: the open year (a button made before buttons named their year)."""
    if not year_id:
        return await _open_year(services, bloc)
    year = await services.years.get(year_id)
    if year is None or year.bloc_id != bloc.id:
        raise Conflict("core.stale_button")
    return year, await _scale_of(services, year)


async def _states(services: Services, bloc: Bloc, year: Year, round_: Round) -> RoundView:
    """Each unit's state in the year's round (four queries whatever the number of units)."""
    stored = await _scale_of(services, year)
    scale = scales.parsed(services, stored)
    deadline = await services.years.deadline(year.id, round_.phase.value)
    units = await services.units.list(bloc.id)
    found = await services.assessments.of_round(year.id, round_)
    scores = await services.assessments.scores_of_round(year.id, round_)
    sent = await services.assessments.submitted_of_round(year.id, round_)
    now = services.clock.now()
    states = {}
    for unit in units:
        assessment = found.get(unit.id)
        key = assessment.id if assessment is not None else 0
        states[unit.id] = state_of(
            scale,
            assessment,
            scores.get(key, {}),
            submitted=sent.get(key, {}),
            deadline=deadline,
            now=now,
        )
    return RoundView(
        year=year, round=round_, deadline=deadline, stored=stored, units=units, states=states
    )


async def round_view(
    services: Services, actor: Actor, bloc: Bloc, year: Year, round_: Round
) -> RoundView:
    """Every unit's state in the year's round (open or closed: `/status midyear 2026` shows
    2026's): a read for whoever may read the bloc."""
    await rights.require_member(services, actor, bloc)
    return await _states(services, bloc, year, round_)


async def rounds_for_admin(
    services: Services, actor: Actor, round_text: str
) -> list[tuple[Bloc, RoundView]]:
    """`/assess` of an admin who acts for no unit: every unit's state in the current (or asked)
    round of each bloc they are a recorded admin of; [] for a delegate (their unit comes first)
    and for someone who is neither (they get the delegates' refusal)."""
    if await services.units.memberships(actor.user_id):
        return []
    views = []
    for bloc_id in await services.blocs.admin_bloc_ids(actor.user_id):
        bloc = await services.blocs.get(bloc_id)
        year = await services.years.current(bloc_id) if bloc is not None else None
        if bloc is None or year is None:
            continue
        if round_text:
            round_ = parse_round(round_text)
        else:
            round_ = round_now(await deadlines_of(services, year), services.clock.now())
        views.append((bloc, await round_view(services, actor, bloc, year, round_)))
    return views


async def round_view_of_year(
    services: Services, actor: Actor, year_id: int, round_: Round
) -> tuple[Bloc, RoundView]:
    """The round's list a button was made for (a page of it), of that year (a closed year's
    list stays readable, as `/status midyear 2026` shows it)."""
    year = await services.years.get(year_id)
    bloc = await services.blocs.get(year.bloc_id) if year is not None else None
    if year is None or bloc is None:
        raise Conflict("core.stale_button")
    return bloc, await round_view(services, actor, bloc, year, round_)


async def reopens_here(services: Services, actor: Actor, bloc: Bloc) -> bool:
    """Whether the round's list may offer 🔓: to an admin of the bloc, in private (never in the
    group's `/status`, where the reason would be typed for everyone to read)."""
    return actor.private and await rights.is_bloc_admin(services, actor, bloc)


async def _unit(services: Services, unit_id: int) -> tuple[Unit, Bloc]:
    unit = await services.units.get(unit_id)
    bloc = await services.blocs.get(unit.bloc_id) if unit is not None else None
    if unit is None or bloc is None:
        raise Conflict("core.stale_button")
    return unit, bloc


async def read_unit(
    services: Services, actor: Actor, unit_id: int, round_: Round, year_id: int = 0
) -> tuple[UnitAssessment, bool]:
    """A unit's assessment in year `year_id` (0: the open year) for an admin of its bloc (once
    submitted: drafts stay the unit's own) or for the unit's own delegates; True when the
    reader is an admin."""
    unit, bloc = await _unit(services, unit_id)
    admin = await rights.is_bloc_admin(services, actor, bloc)
    own = await services.units.is_delegate(unit.id, actor.user_id)
    if not admin and not own:  # the rule as it is: the unit's own delegates, and the admins
        raise NotAllowed("assess.scores_own_only", code=unit.code)
    year, stored = await _year_of_bloc(services, bloc, year_id)
    assessment = await services.assessments.get(year.id, unit.id, round_)
    if assessment is None or not (assessment.submitted or own):
        raise Conflict("assess.not_submitted", code=unit.code)
    scale = scales.parsed(services, stored)
    draft = await services.assessments.scores(assessment.id)
    sent = await services.assessments.submitted_scores(assessment.id)
    deadline = await services.years.deadline(year.id, round_.phase.value)
    now = services.clock.now()
    state = state_of(scale, assessment, draft, submitted=sent, deadline=deadline, now=now)
    # Once submitted, what was submitted (what counts); a newer draft is said by the state.
    scores = sent if assessment.submitted else draft
    found = UnitAssessment(
        bloc=bloc,
        unit=unit,
        year=year,
        scale=scale,
        assessment=assessment,
        scores=scores,
        state=state,
        log=await services.assessments.log(assessment.id),
    )
    return found, admin


#: Letters a reason must hold to be one: "." or "?" explains nothing to the unit or the log.
REASON_MIN_LETTERS = 2


def check_reason(text: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise BadInput("assess.reason_needed")
    if sum(c.isalpha() for c in reason) < REASON_MIN_LETTERS:
        raise BadInput("assess.reason_no_words", text=reason)
    if len(reason) > REASON_MAX_CHARS:
        raise BadInput("assess.reason_too_long", max=REASON_MAX_CHARS)
    return reason


async def _lockable(
    services: Services, actor: Actor, unit_id: int, round_: Round
) -> tuple[Unit, Bloc]:
    """The unit an admin may reopen (its round's deadline has passed, the round's review not
    closed: its results are final until the review is reopened), and its bloc."""
    unit, bloc = await _unit(services, unit_id)
    await rights.require_admin(services, actor, bloc)
    year, _ = await _open_year(services, bloc)
    deadline = await services.years.deadline(year.id, round_.phase.value)
    if deadline is None or services.clock.now() < deadline:
        raise Conflict("assess.not_locked", code=unit.code)
    if await ReviewRepo(services.db).is_closed(year.id, round_):
        raise Conflict(REVIEW_CLOSED, code=unit.code, value=round_.value)
    return unit, bloc


async def ask_reopen(services: Services, actor: Actor, unit_id: int, round_: Round) -> Unit:
    """🔓: the admin is asked for the reason (their next message)."""
    unit, _ = await _lockable(services, actor, unit_id, round_)
    draft = ReopenDraft(unit=unit.id, round=round_)
    await flows.advance(services, actor.user_id, REOPEN_FLOW, REASON_STEP, draft)
    return unit


async def propose_reopen(services: Services, actor: Actor, text: str) -> tuple[Unit, ReopenDraft]:
    """The reason typed: kept in the admin's flow for the ✅ that shows it."""
    draft = await flows.load(services, actor.user_id, REOPEN_FLOW, ReopenDraft)
    if draft is None:
        raise Conflict("assess.no_reopen")
    unit, bloc = await _lockable(services, actor, draft.unit, draft.round)
    reason = check_reason(text)
    year, _ = await _open_year(services, bloc)
    found = await services.assessments.get(year.id, unit.id, draft.round)
    sent = found is not None and found.submitted
    draft = draft.model_copy(update={"reason": reason, "submitted": sent})
    await flows.advance(services, actor.user_id, REOPEN_FLOW, CONFIRM_STEP, draft)
    return unit, draft


async def reopen(services: Services, actor: Actor, unit_id: int, round_: Round) -> Reopened:
    """✅: let one unit change its assessment after the deadline; the reason goes in the log."""
    now = services.clock.now()
    async with services.db.transaction():
        unit, bloc = await _lockable(services, actor, unit_id, round_)
        draft = await flows.load(services, actor.user_id, REOPEN_FLOW, ReopenDraft)
        if draft is None or (draft.unit, draft.round) != (unit_id, round_) or not draft.reason:
            raise Conflict("core.stale_button")
        year, stored = await _open_year(services, bloc)
        assessment = await services.assessments.get(
            year.id, unit.id, round_
        ) or await services.assessments.start(year.id, unit.id, round_, scale_id=stored.id, now=now)
        sent = assessment.submitted  # before the reopening, which leaves it as it is
        done = await services.assessments.reopen(
            assessment.id, reason=draft.reason, by=actor.user_id, now=now
        )
        if not done:
            raise Conflict("assess.already_reopened", code=unit.code)
        await flows.finish(services, actor.user_id, REOPEN_FLOW)
    ids = await services.units.delegates(unit.id)
    delegates = list((await services.users.get_many(ids)).values())
    command = await command_for(services, year, unit.id, round_)
    return Reopened(
        unit=unit, delegates=delegates, reason=draft.reason, submitted=sent, command=command
    )


async def drop_reopen(services: Services, actor: Actor, unit_id: int) -> None:
    """✖️ on the reopening: nothing changes (the admin's draft of it is dropped)."""
    _, bloc = await _unit(services, unit_id)
    await rights.require_admin(services, actor, bloc)
    await flows.finish(services, actor.user_id, REOPEN_FLOW)


async def forget_reopen(services: Services, actor: Actor) -> None:
    """The admin's reopening in progress dropped, once refused (the round's review closed)."""
    await flows.finish(services, actor.user_id, REOPEN_FLOW)


async def pending_units(services: Services, bloc: Bloc, year: Year, round_: Round) -> list[Unit]:
    """The units that have not submitted the round (the nudges' provider)."""
    return (await _states(services, bloc, year, round_)).pending


async def changed_units(
    services: Services, bloc: Bloc, year: Year, round_: Round
) -> list[ChangedUnit]:
    """The units that submitted the round and changed it since without submitting it again:
    the changes count only if sent again before the deadline (reminded, never "pending").
    They are the unit's (one assessment its delegates share): every delegate holds them."""
    view = await _states(services, bloc, year, round_)
    return [ChangedUnit(unit=u) for u in view.units if view.states[u.id].status == Status.CHANGED]


class ScaleHook:
    """What replacing the scale asks of the assessments (`bot.usecases.scale.Assessments`)."""

    async def submitted(self, services: Services, year_id: int) -> int:
        return await services.assessments.count_submitted(year_id)

    async def reopen_all(self, services: Services, year_id: int, *, by: int, now: datetime) -> int:
        return await services.assessments.reopen_submitted(
            year_id, reason=SCALE_REASON, by=by, now=now
        )

"""Assessments as the group and the admins see them: each unit's state in a round, a unit's
submitted assessment (never a draft), reopening one unit after the deadline with a reason, the
units still pending (for nudges) and what a scale replacement must ask of the assessments.

Admin rights are checked by the caller for now (`bot.rights.require_admin`); the registry's
Actor will carry them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.assessment import (
    Assessment,
    LogEntry,
    Round,
    Score,
    State,
    Status,
    state_of,
)
from bot.domain.bloc import Bloc, Unit
from bot.domain.scale import Scale
from bot.domain.year import StoredScale, Year
from bot.errors import BadInput, Conflict, NotFound
from bot.services import Services
from bot.usecases import scale as scales

REASON_MAX_CHARS = 500
#: What the log says when a new scale reopened submitted assessments.
SCALE_REASON = "scale"


@dataclass(frozen=True)
class RoundView:
    """Every unit's state in one round of the open year (what `/status` and `/assess` list)."""

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
    """One unit's submitted assessment as an admin reads it."""

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
        raise NotFound("assess.no_year")
    stored = await services.scales.current(year.id)
    if stored is None:
        raise NotFound("scale.none")
    return year, stored


async def round_view(services: Services, bloc: Bloc, round_: Round) -> RoundView:
    """Each unit's state in the round (four queries whatever the number of units)."""
    year, stored = await _open_year(services, bloc)
    scale = scales.parsed(services, stored)
    deadline = await services.years.deadline(year.id, round_.phase.value)
    units = await services.units.list(bloc.id)
    found = await services.assessments.of_round(year.id, round_)
    scores = await services.assessments.scores_of_round(year.id, round_)
    now = services.clock.now()
    states = {}
    for unit in units:
        assessment = found.get(unit.id)
        held = scores.get(assessment.id, {}) if assessment is not None else {}
        states[unit.id] = state_of(scale, assessment, held, deadline=deadline, now=now)
    return RoundView(
        year=year, round=round_, deadline=deadline, stored=stored, units=units, states=states
    )


async def _unit(services: Services, bloc: Bloc, unit_id: int | None) -> Unit:
    unit = await services.units.get(unit_id) if unit_id is not None else None
    if unit is None or unit.bloc_id != bloc.id:
        raise Conflict("core.stale_button")
    return unit


async def read_submitted(
    services: Services, bloc: Bloc, unit_id: int | None, round_: Round
) -> UnitAssessment:
    """An admin reads a unit's assessment once it is submitted; drafts stay the unit's own."""
    unit = await _unit(services, bloc, unit_id)
    year, stored = await _open_year(services, bloc)
    assessment = await services.assessments.get(year.id, unit.id, round_)
    if assessment is None or not assessment.submitted:
        raise Conflict("assess.not_submitted", code=unit.code)
    scale = scales.parsed(services, stored)
    scores = await services.assessments.scores(assessment.id)
    deadline = await services.years.deadline(year.id, round_.phase.value)
    state = state_of(scale, assessment, scores, deadline=deadline, now=services.clock.now())
    return UnitAssessment(
        unit=unit,
        year=year,
        scale=scale,
        assessment=assessment,
        scores=scores,
        state=state,
        log=await services.assessments.log(assessment.id),
    )


def check_reason(text: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise BadInput("assess.reason_needed")
    if len(reason) > REASON_MAX_CHARS:
        raise BadInput("assess.reason_too_long", max=REASON_MAX_CHARS)
    return reason


async def reopen(
    services: Services, bloc: Bloc, unit_id: int | None, round_: Round, reason: str, *, by: int
) -> Unit:
    """Let one unit change its assessment after the deadline; the reason goes in the log."""
    reason = check_reason(reason)
    unit = await _unit(services, bloc, unit_id)
    year, stored = await _open_year(services, bloc)
    now = services.clock.now()
    deadline = await services.years.deadline(year.id, round_.phase.value)
    if deadline is None or now < deadline:
        raise Conflict("assess.not_locked", code=unit.code)
    async with services.db.transaction():
        assessment = await services.assessments.get(
            year.id, unit.id, round_
        ) or await services.assessments.start(year.id, unit.id, round_, scale_id=stored.id, now=now)
        if not await services.assessments.reopen(assessment.id, reason=reason, by=by, now=now):
            raise Conflict("assess.already_reopened", code=unit.code)
    return unit


async def pending_units(services: Services, bloc: Bloc, round_: Round) -> list[Unit]:
    """The units that have not submitted the round (the nudges' provider)."""
    return (await round_view(services, bloc, round_)).pending


class ScaleHook:
    """What replacing the scale asks of the assessments (`bot.usecases.scale.Assessments`)."""

    async def submitted(self, services: Services, year_id: int) -> int:
        return await services.assessments.count_submitted(year_id)

    async def reopen_all(self, services: Services, year_id: int, *, by: int, now: datetime) -> int:
        return await services.assessments.reopen_submitted(
            year_id, reason=SCALE_REASON, by=by, now=now
        )

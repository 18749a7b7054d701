"""The records of an emulation year as the rest of the bot sees them: plain pydantic models.

A year belongs to a bloc, has one deadline per phase, one current scale version, and a pledge
per unit; the bloc keeps the list of titles its units can pledge for.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from bot.domain.assessment import Round
from bot.domain.bloc import Record
from bot.domain.calendar import Phase
from bot.domain.errors import FieldError


class Year(Record):
    id: int
    bloc_id: int
    year: int
    status: str  # open | closed
    opened_by: int
    opened_at: datetime
    closed_at: datetime | None = None
    pledges_published_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def published(self) -> bool:
        return self.pledges_published_at is not None


class Deadline(Record):
    phase: str
    due_at: datetime  # UTC
    set_by: int
    set_at: datetime


class StoredScale(Record):
    """One accepted version of a year's scale; `body` is the Scale as JSON data."""

    id: int
    year_id: int
    version: int
    name: str
    source: str  # "sample" or the file name it came from
    body: dict[str, Any]
    created_by: int
    created_at: datetime


class Title(Record):
    id: int
    bloc_id: int
    name: str
    position: int
    removed: bool = False


class Pledge(Record):
    """A unit's registered pledge for a year."""

    id: int
    year_id: int
    unit_id: int
    commitments: str
    revision: int = 1  # 1 at the first registration, +1 at each one after
    title_ids: tuple[int, ...]
    registered_by: int
    first_registered_at: datetime
    updated_by: int
    updated_at: datetime
    reopened_at: datetime | None = None

    @property
    def reopened(self) -> bool:
        return self.reopened_at is not None


def current_phase(deadlines: Mapping[Phase, datetime], now: datetime) -> Phase | None:
    """The first phase whose deadline is still ahead, or unset with no later phase dated.

    A phase left without a deadline is one the bloc does not time (often the pledge): once a
    later phase has a deadline, set or past, the undated one is behind it, not current all year.
    None once all are past.
    """
    phases = list(Phase)
    for index, phase in enumerate(phases):
        due = deadlines.get(phase)
        if due is not None and now < due:
            return phase
        if due is None and not any(later in deadlines for later in phases[index + 1 :]):
            return phase
    return None


def round_in(phase: Phase | None) -> Round:
    """The round of the year's phase (`current_phase`), which `/assess` opens when none is
    named: the phase's own; in the pledge phase the mid-year round, ahead of its phase (see
    `rounds_ahead`); past the year-end (the election, or every deadline gone) the year-end."""
    return Round.MIDYEAR if phase in (Phase.PLEDGE, Phase.MIDYEAR) else Round.YEAREND


def round_to_open(
    deadlines: Mapping[Phase, datetime], now: datetime, reopened: Collection[Round]
) -> Round:
    """The round plain `/assess` opens for a unit: one an admin reopened for it after its
    deadline (`reopened`: the unit's rounds with a reopening not yet closed by sending it
    again), the earliest, which only that unit can still send; else the year's (`round_in`).
    The year's own round stays one `/assess <round>` away, as the reopened round's overview
    says (`assessment.for_overview`)."""
    for round_ in Round:
        due = deadlines.get(round_.phase)
        if round_ in reopened and due is not None and now >= due:
            return round_
    return round_in(current_phase(deadlines, now))


def rounds_ahead(phase: Phase | None) -> tuple[Round, ...]:
    """The rounds whose phase comes after `phase`, the one the year is in (`current_phase`).

    Nothing opens a round: a unit may score and submit it at any time before its deadline,
    which only closes it. So the year's phase stays the one answer to "where is the year" and
    a round worked on ahead of it says so on each screen: `/assess` that the year is still in
    `phase`, `/status` (showing `phase`) which units already submitted the round (qa-last #6).
    """
    if phase is None:
        return ()
    order = list(Phase)
    return tuple(r for r in Round if order.index(r.phase) > order.index(phase))


def warnings_about(warnings: list[FieldError], phase: Phase) -> list[FieldError]:
    """The calendar's warnings that concern one phase (the one an admin just set)."""
    return [w for w in warnings if phase.value in (w.params.get(k) for k in _PHASE_PARAMS)]


_PHASE_PARAMS = ("phase", "earlier", "later")

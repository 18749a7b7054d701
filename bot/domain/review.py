"""Score review (thẩm định): the head, deputy or an admin check a unit's submitted self-scores.

Why a module of its own: the self-score, the reviewed score, its reason and who reviewed must stay
side by side everywhere (chat, summary, workbook), so one function (`review_sheet`) builds the
whole picture of a unit's round and every view reads it instead of recomputing. Points are
`Decimal` as in the scale; a reviewed score obeys the same rules as a self-score (`check_score`).

The input is a small model (`SelfAssessment`) that the self-assessment feature's records map to
(`bot.usecases.results_input`), so this module does not depend on how assessments are stored.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.assessment import Round
from bot.domain.errors import FieldError, Reason, clip, error
from bot.domain.scale import ItemKind, Scale, canonical
from bot.domain.scores import check_score, total

MAX_REASON = 1000
MAX_EXTRA_POINTS = Decimal(1000)


class ExtraKind(StrEnum):
    BONUS = "bonus"
    DEDUCTION = "deduction"


class Frozen(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)


class SelfAssessment(Frozen):
    """What review needs of a unit's assessment: its self-scores and whether it was submitted."""

    unit_id: int
    round: Round
    submitted: bool
    scores: dict[str, Decimal] = Field(default_factory=dict)
    submitted_at: datetime | None = None


class Adjustment(Frozen):
    """A reviewed score (điểm thẩm định) replacing the self-score of one item, with its reason."""

    code: str
    reviewed: Decimal
    reason: str
    reviewer_id: int
    reviewer_unit_id: int | None = None
    at: datetime
    #: The unit's submitted self-score the decision was made against (0 when it gave none;
    #: None: not known). A later submission with another self-score flags the decision.
    self_score: Decimal | None = None


class Extra(Frozen):
    """A bonus or deduction the reviewers add on top of the scale (e.g. a violation found)."""

    id: int
    kind: ExtraKind
    points: Decimal
    reason: str
    reviewer_id: int
    at: datetime


class Answer(Frozen):
    """The unit's answer (giải trình) to its review; `seen_at`: when a reviewer first saw it
    (None: not yet, see `bot.usecases.review_answers`)."""

    text: str
    by: int
    at: datetime
    id: int = 0
    seen_at: datetime | None = None


class UnitReview(Frozen):
    """Everything the reviewers recorded about one unit's round."""

    unit_id: int
    round: Round
    adjustments: dict[str, Adjustment] = Field(default_factory=dict)
    extras: tuple[Extra, ...] = ()
    answers: tuple[Answer, ...] = ()
    excluded_reason: str | None = None
    #: Who excluded the unit from the ranking, and when (with the reason).
    excluded_by: int | None = None
    excluded_at: datetime | None = None

    @property
    def touched(self) -> bool:
        """Whether a reviewer changed anything (the round counts as reviewed for the unit)."""
        return bool(self.adjustments or self.extras)


class Action(StrEnum):
    """What a review log entry records."""

    SCORE_SET = "score_set"
    SCORE_KEPT = "score_kept"
    EXTRA_ADDED = "extra_added"
    EXTRA_REMOVED = "extra_removed"
    ANSWERED = "answered"
    EXCLUDED = "excluded"
    INCLUDED = "included"
    CLOSED = "closed"
    REOPENED = "reopened"


class Event(Frozen):
    """One line of the review log: who did what when (old and new values where they change)."""

    id: int
    round: Round
    unit_id: int | None
    action: Action
    code: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    detail: str | None = None
    user_id: int
    at: datetime


class Line(Frozen):
    """One item of the scale for one unit: self and reviewed side by side, and the final."""

    kind: ItemKind
    section: str | None
    code: str
    max: Decimal
    self_score: Decimal | None
    reviewed: Adjustment | None = None

    @property
    def final(self) -> Decimal:
        """The reviewed score where reviewed, else the self-score; a missing score counts 0."""
        if self.reviewed is not None:
            return self.reviewed.reviewed
        return self.self_score if self.self_score is not None else Decimal(0)

    @property
    def self_moved(self) -> bool:
        """The unit submitted another self-score after the reviewer decided on this item: the
        decision may no longer mean what it meant (a 0.5 cut reading as a 3-point cut)."""
        judged = self.reviewed.self_score if self.reviewed is not None else None
        return judged is not None and judged != (self.self_score or Decimal(0))

    @property
    def signed(self) -> Decimal:
        return -self.final if self.kind is ItemKind.DEDUCTION else self.final


class Sheet(Frozen):
    """A unit's round after review: every line, the subtotals and the exact totals."""

    unit_id: int
    round: Round
    submitted: bool
    lines: tuple[Line, ...]
    extras: tuple[Extra, ...] = ()
    excluded_reason: str | None = None
    excluded_by: int | None = None
    excluded_at: datetime | None = None
    self_total: Decimal
    criteria: Decimal
    sections: dict[str, Decimal]
    bonus: Decimal
    deductions: Decimal
    extra_bonus: Decimal
    extra_deductions: Decimal
    total: Decimal
    reviewed: bool

    @property
    def adjusted(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.reviewed is not None)

    @property
    def moved(self) -> tuple[Line, ...]:
        """The reviewed items whose self-score the unit changed since the decision."""
        return tuple(line for line in self.lines if line.self_moved)

    @property
    def has_result(self) -> bool:
        """Whether the reviewers decided anything the unit is told of: a reviewed score, extra
        points or an exclusion from the ranking."""
        return self.reviewed or self.excluded_reason is not None


def review_sheet(scale: Scale, assessment: SelfAssessment, review: UnitReview | None) -> Sheet:
    """The unit's round as the ranking and every view see it.

    Final per item = reviewed where reviewed, else self. Total = criteria + bonus - deductions
    + reviewers' extra bonus - their extra deductions, exactly as the items add up (never capped:
    `bot.domain.review_limits` refuses at input what would pass the scale's limits). Adjustments
    of codes the scale no longer has count for nothing (as with self-scores).
    """
    review = review or UnitReview(unit_id=assessment.unit_id, round=assessment.round)
    lines = tuple(
        Line(
            kind=kind,
            section=section,
            code=criterion.code,
            max=criterion.max,
            self_score=assessment.scores.get(criterion.code),
            reviewed=review.adjustments.get(criterion.code),
        )
        for kind, section, criterion in scale.items()
    )
    sums = {kind: Decimal(0) for kind in ItemKind}
    sections = {s.code: Decimal(0) for s in scale.sections}
    for line in lines:
        sums[line.kind] += line.final
        if line.section is not None:
            sections[line.section] += line.final
    extra_bonus = sum((e.points for e in review.extras if e.kind is ExtraKind.BONUS), Decimal(0))
    extra_deductions = sum(
        (e.points for e in review.extras if e.kind is ExtraKind.DEDUCTION), Decimal(0)
    )
    raw = sums[ItemKind.CRITERION] + sums[ItemKind.BONUS] - sums[ItemKind.DEDUCTION]
    return Sheet(
        unit_id=assessment.unit_id,
        round=assessment.round,
        submitted=assessment.submitted,
        lines=lines,
        extras=review.extras,
        excluded_reason=review.excluded_reason,
        excluded_by=review.excluded_by,
        excluded_at=review.excluded_at,
        self_total=total(scale, assessment.scores).total,
        criteria=canonical(sums[ItemKind.CRITERION]),
        sections={code: canonical(v) for code, v in sections.items()},
        bonus=canonical(sums[ItemKind.BONUS]),
        deductions=canonical(sums[ItemKind.DEDUCTION]),
        extra_bonus=canonical(extra_bonus),
        extra_deductions=canonical(extra_deductions),
        total=canonical(raw + extra_bonus - extra_deductions),
        reviewed=review.touched,
    )


def check_reviewed_score(scale: Scale, code: str, value: Decimal) -> FieldError | None:
    """Why `value` cannot be the reviewed score of item `code`, or None (same rules as self)."""
    item = scale.find(code)
    if item is None:
        return error(Reason.UNKNOWN_ITEM, value=clip(code))
    return check_score(item.criterion, value)


def check_reason(text: str) -> FieldError | None:
    """A reason is required (the unit must know why) and fits in a message."""
    stripped = text.strip()
    if not stripped:
        return error(Reason.EMPTY)
    if len(stripped) > MAX_REASON:
        return error(Reason.TOO_LONG, max=MAX_REASON)
    return None


def check_extra_points(value: Decimal) -> FieldError | None:
    """Extra points are positive (the kind says bonus or deduction), with two decimals at most."""
    if not value.is_finite() or value <= 0:
        return error(Reason.POINTS_NOT_POSITIVE)
    if value > MAX_EXTRA_POINTS:
        return error(Reason.TOO_BIG, max=MAX_EXTRA_POINTS)
    if value != value.quantize(Decimal("0.01")):
        return error(Reason.TOO_MANY_DECIMALS, places=2)
    return None

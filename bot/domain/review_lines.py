"""What a reviewer types: one decision a line, the way delegates paste their scores.

    1.2 7,5 Thiếu biên bản họp quý II      -> reviewed score 7.5 for item 1.2, with the reason
    + 1 Sáng kiến được UBND tỉnh công nhận   -> 1 bonus point, with the reason
    - 2 Chậm nộp báo cáo tháng 5             -> 2 points deducted, with the reason

Why lines: a reviewer goes through a unit's scores with the unit's file open and types the few
changes at once; one reply says what was taken and why each other line was not (its number and
reason). Every decision needs its reason: the unit is told and may answer.
"""

from __future__ import annotations

from decimal import Decimal

from bot.domain.bloc import Record
from bot.domain.errors import FieldError, InvalidValue, Reason, clip, error
from bot.domain.review import ExtraKind, check_extra_points, check_reason
from bot.domain.scale import Scale, canonical, parse_number
from bot.domain.score_lines import buried_line, numbered_lines, shaped_like_code
from bot.domain.scores import check_score, parse_score

MAX_LINE_CHARS = 4096
#: Reason codes (review catalog `line_<code>`, not fileerrors) whose text is the review's own:
#: a line without a reason; a code or sign with nothing after it; a line that is no decision
#: at all (prose, an emoji). The hint of the last two shows the review's syntax (`1.2 7,5 Lý
#: do`, `+ 1 Lý do`), not the paste's `mã điểm [ghi chú]`.
NO_REASON = "no_reason"
NO_FIGURE = "no_figure"
NOT_A_DECISION = "not_a_decision"
REVIEW_REASONS = frozenset({NO_REASON, NO_FIGURE, NOT_A_DECISION})
_SIGNS = {"+": ExtraKind.BONUS, "-": ExtraKind.DEDUCTION, "−": ExtraKind.DEDUCTION}


class ScoreChange(Record):
    line: int
    code: str
    value: Decimal
    reason: str


class ExtraChange(Record):
    line: int
    kind: ExtraKind
    points: Decimal
    reason: str


class ReviewLines(Record):
    scores: tuple[ScoreChange, ...] = ()
    extras: tuple[ExtraChange, ...] = ()
    errors: tuple[FieldError, ...] = ()


Parsed = ScoreChange | ExtraChange | FieldError | None


def looks_like_review(scale: Scale, text: str) -> bool:
    """Whether the first line is a decision (`<code> <number> …` or `+/- <number> …`)."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    found = parse_line(scale, 1, first[:MAX_LINE_CHARS])
    return isinstance(found, ScoreChange | ExtraChange) or (
        isinstance(found, FieldError) and found.reason == NO_REASON
    )


def _split(raw: str) -> tuple[str, str, str] | None:
    """(head, number, reason): a sign may touch its number (`+1,5 …`)."""
    text = raw.strip()
    if text[:1] in _SIGNS and len(text) > 1 and not text[1].isspace():
        text = f"{text[0]} {text[1:]}"
    parts = text.split(maxsplit=2)
    if len(parts) < 2:
        return None
    return parts[0].rstrip(":"), parts[1], parts[2] if len(parts) > 2 else ""


def _reason(number: int, text: str, item: str | None = None) -> str | FieldError:
    problem = check_reason(text)
    if problem is None:
        return text.strip()
    if problem.reason == Reason.EMPTY:
        return FieldError(reason=NO_REASON, line=number, item=item)
    return problem.at(line=number, item=item)


def _not_a_decision(scale: Scale, number: int, raw: str) -> FieldError:
    """Prose, or a decision after other words ("Báo cáo: 2.4 3 Lý do"): the latter named with
    the form it should have, as /assess names a pasted score line (`buried_line`)."""
    buried = buried_line(scale, raw)
    if buried is None:
        return FieldError(reason=NOT_A_DECISION, line=number)
    return error(Reason.CODE_NOT_FIRST, text=clip(raw.strip()), example=clip(buried)).at(
        line=number
    )


def parse_line(
    scale: Scale, number: int, raw: str
) -> ScoreChange | ExtraChange | FieldError | None:
    """One line: a decision, why it is refused, or None when it is blank."""
    if len(raw) > MAX_LINE_CHARS:
        return error(Reason.TOO_LONG, max=MAX_LINE_CHARS).at(line=number)
    if not raw.strip():
        return None
    parts = _split(raw)
    if parts is None:
        head = raw.strip().rstrip(":")
        decision = head in _SIGNS or shaped_like_code(scale, head)
        return FieldError(reason=NO_FIGURE if decision else NOT_A_DECISION, line=number)
    head, figure, text = parts
    if head in _SIGNS:
        points = parse_number(figure)
        if points is None:
            return error(Reason.NOT_A_NUMBER, value=clip(figure)).at(line=number)
        if (problem := check_extra_points(points)) is not None:
            return problem.at(line=number)
        reason = _reason(number, text)
        if isinstance(reason, FieldError):
            return reason
        return ExtraChange(line=number, kind=_SIGNS[head], points=canonical(points), reason=reason)
    item = scale.find(head)
    if item is None and not shaped_like_code(scale, head):
        return _not_a_decision(scale, number, raw)
    if item is None:
        return error(Reason.UNKNOWN_ITEM, value=clip(head)).at(line=number)
    code = item.criterion.code
    try:
        value = parse_score(figure)
    except InvalidValue as exc:
        return exc.error.at(item=code, line=number)
    if (problem := check_score(item.criterion, value)) is not None:
        return problem.at(line=number)
    reason = _reason(number, text, code)
    if isinstance(reason, FieldError):
        return reason
    return ScoreChange(line=number, code=code, value=canonical(value), reason=reason)


def parse_review_lines(scale: Scale, text: str) -> ReviewLines:
    """Every line numbered from 1; an item given twice is refused the second time."""
    scores: list[ScoreChange] = []
    extras: list[ExtraChange] = []
    errors: list[FieldError] = []
    seen: set[str] = set()
    for number, raw in numbered_lines(text):
        found = parse_line(scale, number, raw)
        if isinstance(found, FieldError):
            errors.append(found)
        elif isinstance(found, ExtraChange):
            extras.append(found)
        elif found is not None and found.code in seen:
            errors.append(error(Reason.REPEATED_ITEM, code=found.code).at(line=number))
        elif found is not None:
            seen.add(found.code)
            scores.append(found)
    return ReviewLines(scores=tuple(scores), extras=tuple(extras), errors=tuple(errors))

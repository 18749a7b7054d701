"""How far a review may move a unit's points: the scale's bonus maximum and a total of 0.

Why a rule of its own: a reviewer's bonus counts towards the same bonus maximum as the unit's
self-assessed bonus (the scale's bonus items' maxima added up: `Scale.max_bonus`), and a total is
shown exactly as its items add up (never capped on the quiet). So a decision that would pass a
limit is refused at input, for its line, with the room still left, and nothing of it is stored.

A reviewed score equal to the unit's self-score moves nothing either: it is not stored as an
adjustment (the unit would be told of a "change" 9,5 → 9,5). It is refused for its line, saying
so; where another reviewed score stands, the ↩️ button that drops it is named instead.

The limits, checked line by line in the order the decisions are stored (scores, then extras),
each against the points the lines taken before it leave:
- bonus: the unit's bonus items (reviewed, else self-scored) plus the reviewers' bonus points
  stay within `Scale.max_bonus` (a scale without bonus items leaves no room for a bonus);
- deduction: the scale sets no maximum for the reviewers' deductions (its deduction items bound
  only the unit's own), so a deduction is refused only where it would take the total below 0.
"""

from __future__ import annotations

from decimal import Decimal

from bot.domain.errors import FieldError
from bot.domain.review import ExtraKind, Sheet
from bot.domain.review_lines import ExtraChange, ReviewLines, ScoreChange
from bot.domain.scale import ItemKind, Scale, canonical, plain

#: Reason codes (review catalog) of a decision past a limit; params as the texts use them.
BONUS_OVER = "bonus_over"
#: BONUS_OVER with no room left ("at most 0 more can be added" said it backwards).
BONUS_FULL = "bonus_full"
BELOW_ZERO = "below_zero"
#: A reviewed score equal to the self-score: nothing to record (params: code, value); with
#: another reviewed score standing on the item, `SAME_AS_SELF_REVIEWED` (and its `reviewed`).
SAME_AS_SELF = "same_as_self"
SAME_AS_SELF_REVIEWED = "same_as_self_reviewed"


def _same_as_self(change: ScoreChange, reviewed: Decimal | None) -> FieldError:
    params = {"code": change.code, "value": plain(change.value)}
    if reviewed is None:
        return FieldError(reason=SAME_AS_SELF, params=params, line=change.line)
    params["reviewed"] = plain(reviewed)
    return FieldError(reason=SAME_AS_SELF_REVIEWED, params=params, line=change.line)


def _bonus_over(line: int, scale: Scale, room: Decimal, item: str | None = None) -> FieldError:
    if room <= 0:
        params = {"max": plain(scale.max_bonus)}
        return FieldError(reason=BONUS_FULL, params=params, line=line, item=item)
    params = {"max": plain(scale.max_bonus), "room": plain(canonical(room))}
    return FieldError(reason=BONUS_OVER, params=params, line=line, item=item)


def _below_zero(line: int, total: Decimal) -> FieldError:
    params = {"total": plain(canonical(max(total, Decimal(0))))}
    return FieldError(reason=BELOW_ZERO, params=params, line=line)


def within_limits(scale: Scale, sheet: Sheet, found: ReviewLines) -> ReviewLines:
    """The decisions of `found` that keep the unit within the limits and change a score; the
    others refused.

    `sheet` is the unit's round before these decisions. Refusals keep their line numbers and
    join `found.errors`, sorted by line.
    """
    bonus = sheet.bonus + sheet.extra_bonus
    total = sheet.total
    finals = {line.code: line for line in sheet.lines}
    scores: list[ScoreChange] = []
    extras: list[ExtraChange] = []
    errors = list(found.errors)
    for change in found.scores:
        line = finals.get(change.code)
        if line is None:
            continue  # the parser only gives the scale's codes
        if change.value == (line.self_score or Decimal(0)):
            reviewed = line.reviewed.reviewed if line.reviewed is not None else None
            errors.append(_same_as_self(change, reviewed))
            continue
        step = change.value - line.final
        if line.kind is ItemKind.BONUS and bonus + step > scale.max_bonus:
            errors.append(_bonus_over(change.line, scale, scale.max_bonus - bonus, change.code))
            continue
        if line.kind is ItemKind.BONUS:
            bonus += step
        total += -step if line.kind is ItemKind.DEDUCTION else step
        scores.append(change)
    for extra in found.extras:
        if extra.kind is ExtraKind.BONUS:
            if bonus + extra.points > scale.max_bonus:
                errors.append(_bonus_over(extra.line, scale, scale.max_bonus - bonus))
                continue
            bonus += extra.points
            total += extra.points
        else:
            if extra.points > total:
                errors.append(_below_zero(extra.line, total))
                continue
            total -= extra.points
        extras.append(extra)
    errors.sort(key=FieldError.sort_key)
    return ReviewLines(scores=tuple(scores), extras=tuple(extras), errors=tuple(errors))

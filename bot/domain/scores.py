"""The rules of a score against the scale: parsing a typed score, checking it, buttons, totals.

Points are `Decimal` as in the scale: totals are exact, never float.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict

from bot.domain.errors import FieldError, InvalidValue, Reason, clip, error
from bot.domain.scale import Criterion, ItemKind, Scale, canonical, parse_number, plain


class Totals(BaseModel):
    """Exact sums of an assessment: total = criteria + bonus - deductions."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    criteria: Decimal
    bonus: Decimal
    deductions: Decimal
    total: Decimal
    sections: dict[str, Decimal] = {}


def parse_score(text: str) -> Decimal:
    """A typed score: "8.5", "8,5" or " 9 "; NaN, infinities, exponents and the rest refused."""
    number = parse_number(text)
    if number is None:
        raise InvalidValue(error(Reason.NOT_A_NUMBER, value=clip(text.strip())))
    return number


#: "7," or "7.": a whole number and a decimal separator with nothing after it.
_CUT_DECIMAL = re.compile(r"([0-9]+)[.,]")
#: Only digits and separators: "7.5.1", "7,,5" (a score mistyped, as ",5" may be one).
_DIGITS_AND_SEPARATORS = re.compile(r"[0-9.,]*[0-9][0-9.,]*")


def cut_decimal(text: str) -> Decimal | None:
    """The whole number of a score typed with its decimals cut off ("7," → 7: 7, or 7,5
    meant?); None for anything else. `parse_number` alone takes "7," for 7."""
    found = _CUT_DECIMAL.fullmatch(text.strip())
    return Decimal(found.group(1)) if found else None


def mistyped_number(text: str) -> bool:
    """Digits and separators that make no number ("7.5.1", "7,,5"): a score mistyped rather
    than a note, most likely, so it is asked about before being kept as a note."""
    text = text.strip()
    return bool(_DIGITS_AND_SEPARATORS.fullmatch(text)) and parse_number(text) is None


def check_score(criterion: Criterion, value: Decimal) -> FieldError | None:
    """Why `value` is not a valid score for `criterion` (from 0 to max, in steps), or None.

    Deductions are scored the same way: the points taken off, from 0 to the item's max.
    """
    if not value.is_finite():
        return error(Reason.NOT_A_NUMBER, value=clip(value)).at(item=criterion.code)
    if value < 0 or value > criterion.max:
        return error(Reason.OUT_OF_RANGE, max=plain(criterion.max)).at(item=criterion.code)
    if value % criterion.step != 0 and criterion.step == 1:  # "in steps of 1" said nothing
        return error(Reason.NOT_WHOLE).at(item=criterion.code)
    if value % criterion.step != 0:
        return error(Reason.NOT_IN_STEP, step=plain(criterion.step)).at(item=criterion.code)
    return None


def _to_step(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=ROUND_HALF_UP) * step


def common_values(criterion: Criterion) -> list[Decimal]:
    """A few values for score buttons, ascending: 0, the half, and the top of the range.

    Units mostly score near the maximum, so the top steps get buttons; every value passes
    `check_score`. Up to six buttons: every step when there are at most five.
    """
    top, step = criterion.max, criterion.step
    steps = int(top / step)
    if steps <= 5:
        return [canonical(step * k) for k in range(steps + 1)]
    wanted = [Decimal(0), _to_step(top / 2, step), _to_step(top * 3 / 4, step)]
    wanted += [top - 2 * step, top - step, top]
    return sorted({canonical(v) for v in wanted})


def total(scale: Scale, scores: dict[str, Decimal]) -> Totals:
    """The exact totals of `scores` (code -> points; codes exactly as in the scale).

    Items without a score count 0; scores of codes the scale does not have (left over from a
    replaced scale) count for nothing. Values are summed as given: check them with
    `check_score` first.
    """
    sums = {kind: Decimal(0) for kind in ItemKind}
    sections: dict[str, Decimal] = {s.code: Decimal(0) for s in scale.sections}
    for kind, section, criterion in scale.items():
        points = scores.get(criterion.code, Decimal(0))
        sums[kind] += points
        if section is not None:
            sections[section] += points
    criteria, bonus = sums[ItemKind.CRITERION], sums[ItemKind.BONUS]
    deductions = sums[ItemKind.DEDUCTION]
    return Totals(
        criteria=canonical(criteria),
        bonus=canonical(bonus),
        deductions=canonical(deductions),
        total=canonical(criteria + bonus - deductions),
        sections={code: canonical(v) for code, v in sections.items()},
    )

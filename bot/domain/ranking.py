"""The ranking of a round (xếp hạng) and the mid-year against year-end comparison.

Why here and pure: the same ranking is shown in `/summary`, drawn in the chart and written to the
workbook; it must be the same everywhere. Ties are ties: units with equal totals share a rank and
the next rank is skipped (1, 2, 2, 4), the "standard competition" ranking councils use. Units
excluded by the reviewers and units that never submitted are listed apart, never ranked as zero.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from bot.domain.review import Round, Sheet


class Frozen(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)


class UnitRef(Frozen):
    unit_id: int
    code: str
    name: str


class Ranked(Frozen):
    """One ranked unit: its final total, its self total beside it, and whether it was reviewed."""

    rank: int
    unit: UnitRef
    total: Decimal
    self_total: Decimal
    reviewed: bool
    tied: bool


class Excluded(Frozen):
    """A unit kept out of the ranking (with the reason); its totals are still shown beside it."""

    unit: UnitRef
    reason: str
    total: Decimal
    self_total: Decimal


class Ranking(Frozen):
    round: Round
    rows: tuple[Ranked, ...]
    excluded: tuple[Excluded, ...] = ()
    not_submitted: tuple[UnitRef, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.rows and not self.excluded

    def by_unit(self) -> dict[int, Ranked]:
        return {row.unit.unit_id: row for row in self.rows}


def rank_units(round_: Round, units: list[UnitRef], sheets: dict[int, Sheet]) -> Ranking:
    """Rank the units of `round_` by final total, highest first; ties share a rank.

    `sheets` holds each unit's reviewed round (`review.review_sheet`); a unit without a sheet or
    with an unsubmitted one is "not submitted"; an excluded one is listed with its reason. Among
    equal totals units are ordered by code, so the order is the same every time.
    """
    ranked: list[tuple[UnitRef, Sheet]] = []
    excluded: list[Excluded] = []
    missing: list[UnitRef] = []
    for unit in sorted(units, key=lambda u: u.code):
        sheet = sheets.get(unit.unit_id)
        if sheet is None or not sheet.submitted:
            missing.append(unit)
        elif sheet.excluded_reason is not None:
            excluded.append(
                Excluded(
                    unit=unit,
                    reason=sheet.excluded_reason,
                    total=sheet.total,
                    self_total=sheet.self_total,
                )
            )
        else:
            ranked.append((unit, sheet))
    ranked.sort(key=lambda pair: -pair[1].total)  # stable: code order kept within a tie
    counts: dict[Decimal, int] = {}
    for _, sheet in ranked:
        counts[sheet.total] = counts.get(sheet.total, 0) + 1
    rows: list[Ranked] = []
    for position, (unit, sheet) in enumerate(ranked, start=1):
        previous = rows[-1] if rows else None
        same = previous is not None and previous.total == sheet.total
        rows.append(
            Ranked(
                rank=previous.rank if same and previous else position,
                unit=unit,
                total=sheet.total,
                self_total=sheet.self_total,
                reviewed=sheet.reviewed,
                tied=counts[sheet.total] > 1,
            )
        )
    return Ranking(
        round=round_, rows=tuple(rows), excluded=tuple(excluded), not_submitted=tuple(missing)
    )


class Comparison(Frozen):
    """One unit's mid-year and year-end standing; None where it was not ranked in that round."""

    unit: UnitRef
    midyear_rank: int | None
    midyear_total: Decimal | None
    yearend_rank: int | None
    yearend_total: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.midyear_total is None or self.yearend_total is None:
            return None
        return self.yearend_total - self.midyear_total


def compare(midyear: Ranking, yearend: Ranking) -> tuple[Comparison, ...]:
    """Mid-year against year-end per unit ranked in either: year-end order, then mid-year's."""
    mid, end = midyear.by_unit(), yearend.by_unit()
    order = [row.unit for row in yearend.rows]
    order += [row.unit for row in midyear.rows if row.unit.unit_id not in end]
    return tuple(
        Comparison(
            unit=unit,
            midyear_rank=mid[unit.unit_id].rank if unit.unit_id in mid else None,
            midyear_total=mid[unit.unit_id].total if unit.unit_id in mid else None,
            yearend_rank=end[unit.unit_id].rank if unit.unit_id in end else None,
            yearend_total=end[unit.unit_id].total if unit.unit_id in end else None,
        )
        for unit in order
    )

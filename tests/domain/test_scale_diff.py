"""Issue 10 §2.11: a new scale's changes against the current one, item by item."""

from __future__ import annotations

from decimal import Decimal

from bot.domain.scale import Criterion, Scale, Section
from bot.domain.scale_diff import Change, FieldChange, scale_changes


def _scale(*sections: Section, bonus: list[Criterion] | None = None) -> Scale:
    return Scale(name="S", sections=list(sections), bonus=bonus or [])


def _c(code: str, max_: str = "2", **more: object) -> Criterion:
    return Criterion(code=code, title=f"Tiêu chí {code}", max=Decimal(max_), **more)  # type: ignore[arg-type]


EVIDENCE = FieldChange("evidence", "no", "yes")
OLD = _scale(
    Section(code="I", title="Mục I", criteria=[_c("1.1"), _c("1.2"), _c("1.3")]),
    Section(code="II", title="Mục II", criteria=[_c("2.1")]),
    bonus=[_c("T1", "1")],
)


def test_the_same_scale_changes_nothing() -> None:
    assert scale_changes(OLD, OLD) == []


def test_added_removed_and_changed_items() -> None:
    new = _scale(
        Section(
            code="I",
            title="Mục I (sửa)",
            criteria=[_c("1.1", "3"), _c("1.3", evidence=True), _c("2.1")],
        ),
        Section(code="III", title="Mục III", criteria=[_c("3.1", "1.5")]),
        bonus=[Criterion(code="t1", title="Khác", max=Decimal(1))],
    )
    assert scale_changes(OLD, new) == [
        Change("changed", "section", "I", "Mục I (sửa)", None, (FieldChange("title"),)),
        Change("added", "section", "III", "Mục III"),
        Change("removed", "section", "II", "Mục II"),
        Change("changed", "criterion", "1.1", "Tiêu chí 1.1", "3", (FieldChange("max", "2", "3"),)),
        Change("changed", "criterion", "1.3", "Tiêu chí 1.3", "2", (EVIDENCE,)),
        Change(
            "changed", "criterion", "2.1", "Tiêu chí 2.1", "2", (FieldChange("section", "II", "I"),)
        ),
        Change("added", "criterion", "3.1", "Tiêu chí 3.1", "1.5"),
        Change("changed", "bonus", "t1", "Khác", "1", (FieldChange("title"),)),
        Change("removed", "criterion", "1.2", "Tiêu chí 1.2", "2"),
    ]

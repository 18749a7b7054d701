"""What a new scale changes against the current one: items added, removed and changed.

Why: an admin replacing the scale confirms with ✅ what will count for every unit; totals alone
("100 points, 17 criteria") hide a criterion swapped for another or a maximum moved from one
line to another. Items are matched by kind and code (codes are unique in a scale, compared
without case); a criterion whose section changed is "changed" (moved), not removed and added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.domain.scale import Criterion, Scale, plain

Kind = Literal["section", "criterion", "bonus", "deduction"]
What = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class FieldChange:
    """One field of an item: `title`, `max`, `step`, `evidence`, `guidance` or `section`;
    old and new as plain text (numbers exact, evidence "yes"/"no", titles not repeated)."""

    field: str
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class Change:
    what: What
    kind: Kind
    code: str
    title: str
    max: str | None = None
    fields: tuple[FieldChange, ...] = ()


def _items(scale: Scale) -> dict[tuple[Kind, str], tuple[Criterion, str | None]]:
    """Every item by (kind, code without case), with its section's code for criteria."""
    found: dict[tuple[Kind, str], tuple[Criterion, str | None]] = {}
    for section in scale.sections:
        for criterion in section.criteria:
            found[("criterion", criterion.code.casefold())] = (criterion, section.code)
    for item in scale.bonus:
        found[("bonus", item.code.casefold())] = (item, None)
    for item in scale.deductions:
        found[("deduction", item.code.casefold())] = (item, None)
    return found


def _fields(old: Criterion, new: Criterion, was: str | None, now: str | None) -> list[FieldChange]:
    fields = []
    if old.title != new.title:
        fields.append(FieldChange("title"))
    for name in ("max", "step"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            fields.append(FieldChange(name, plain(before), plain(after)))
    if old.evidence != new.evidence:
        fields.append(FieldChange("evidence", _yes(old.evidence), _yes(new.evidence)))
    if (old.guidance or "") != (new.guidance or ""):
        fields.append(FieldChange("guidance"))
    if was is not None and now is not None and was.casefold() != now.casefold():
        fields.append(FieldChange("section", was, now))
    return fields


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def scale_changes(old: Scale, new: Scale) -> list[Change]:
    """Sections, then criteria, bonus and deductions: added and changed in the new scale's
    order, then removed in the old one's."""
    changes: list[Change] = []
    before = {s.code.casefold(): s for s in old.sections}
    after = {s.code.casefold(): s for s in new.sections}
    for key, section in after.items():
        if key not in before:
            changes.append(Change("added", "section", section.code, section.title))
        elif before[key].title != section.title:
            fields = (FieldChange("title"),)
            changes.append(Change("changed", "section", section.code, section.title, None, fields))
    changes += [
        Change("removed", "section", s.code, s.title) for k, s in before.items() if k not in after
    ]
    old_items, new_items = _items(old), _items(new)
    for key, (item, section) in new_items.items():
        kind = key[0]
        if key not in old_items:
            changes.append(Change("added", kind, item.code, item.title, plain(item.max)))
            continue
        was, old_section = old_items[key]
        if fields := _fields(was, item, old_section, section):
            changes.append(
                Change("changed", kind, item.code, item.title, plain(item.max), tuple(fields))
            )
    changes += [
        Change("removed", key[0], item.code, item.title, plain(item.max))
        for key, (item, _) in old_items.items()
        if key not in new_items
    ]
    return changes

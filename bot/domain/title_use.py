"""Which years used a title, and whether it may still be renamed.

Why: titles are one list per bloc shared by every year, and a closed year is never rewritten
(DESIGN). A pledge or a bình xét of a closed year names the title by its row, so renaming that
row would change what the closed year's records, export and documents say. Such a title is
locked: the bloc adds a new title for the new wording (and removes the old one from the open
year's choices, which leaves past records whole). Uses by the open year do not lock it: an admin
may still fix a typo during the year (the open year is not yet a record), and reopening a year
makes it open again for this rule too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from bot.domain.bloc import Record


class TitleUse(Record):
    """One year's use of a title: its pledges chose it, or one of its votes was held on it."""

    year: int
    closed: bool
    by: Literal["pledge", "vote"]


def locking_years(uses: Iterable[TitleUse]) -> tuple[int, ...]:
    """The closed years that used the title, oldest first (empty: it may be renamed)."""
    return tuple(sorted({use.year for use in uses if use.closed}))


def may_rename(uses: Iterable[TitleUse]) -> bool:
    return not locking_years(uses)

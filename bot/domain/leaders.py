"""Which year `/head set` and `/deputy set` record a head or deputy for.

Why a rule of its own: a bloc's first year with the bot has a head and deputy chosen before it
(elected the year before, or agreed in a meeting), and nothing else records them, so nobody
could review that year's self-scores (thẩm định). The admin names the year; the bot accepts
the open year and the next one, and nothing else: an earlier year is history (never rewritten),
a later one is not chosen yet. Without a year the command keeps its first meaning, the next
year (what a rotation or a show of hands at the year-end meeting decides).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

_YEAR = re.compile(r"[0-9]{4}")


class LeaderYears(BaseModel):
    """The years a head or deputy can be recorded for: the open year (None when none is
    open) and the one after the open (else latest) year."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    current: int | None
    next: int

    def pick(self, asked: int | None) -> int | None:
        """The year to record for: the next one when none is asked, the one asked when it is
        the open or the next year, else None (refused)."""
        if asked is None:
            return self.next
        return asked if asked in (self.current, self.next) else None


def parse_set(args: list[str]) -> tuple[str, int | None] | None:
    """`set CODE [YYYY]` -> (CODE as typed, the year or None); None when malformed."""
    if len(args) not in (2, 3) or args[0].lower() != "set":
        return None
    if len(args) == 2:
        return args[1], None
    return (args[1], int(args[2])) if _YEAR.fullmatch(args[2]) else None

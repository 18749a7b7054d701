"""A filled template's rows against what the template was pre-filled with and what is stored.

Why: a template is made at one moment and comes back hours later. Meanwhile another delegate
of the unit may have changed a criterion, and the old file still shows the value from before.
Taking the file as it is would silently undo that change (the README promises a change made on
an older screen is refused, never overwritten). So a template carries what each criterion was
pre-filled with (`Prefilled`), and each filled row is sorted here:

- the person left it as it was pre-filled, or it says what is stored now: not written at all
  (a newer value stays);
- the person changed it, and the stored score changed too since the template was made: the row
  is refused, naming the value stored now;
- the person changed it and nothing else did: it goes on to be stored, as any row.

A template without that data (made before it was written) is not sorted: every row goes on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from bot.domain.assessment import Score
from bot.domain.bloc import Record
from bot.domain.errors import FieldError, Reason, error
from bot.domain.scale import plain
from bot.domain.score_lines import ScoreLine


class Prefilled(Record):
    """What the template showed for one criterion when it was made (None: nothing)."""

    value: Decimal | None = None
    note: str | None = None


class SortedRows(Record):
    """The rows to store, how many the person left as they were, the rows refused."""

    write: tuple[ScoreLine, ...] = ()
    untouched: int = 0
    refused: tuple[FieldError, ...] = ()


def sort_rows(
    taken: Sequence[ScoreLine],
    prefilled: Mapping[str, Prefilled],
    stored: Mapping[str, Score],
) -> SortedRows:
    """Each taken row of a template made with `prefilled` (a criterion missing from it was
    empty), against the scores `stored` now (see the module docstring)."""
    write: list[ScoreLine] = []
    refused: list[FieldError] = []
    untouched = 0
    for line in taken:
        was = prefilled.get(line.code, Prefilled())
        if (line.value, line.note) == (was.value, was.note):
            untouched += 1
            continue
        now = stored.get(line.code) or Score(code=line.code)
        if now.value == line.value and line.note in (None, now.note):
            untouched += 1  # it says what is stored now: nothing to write, nothing undone
            continue
        if (now.value, now.note) != (was.value, was.note):
            # no points now (cleared, or a note alone): "updated to —" read as nonsense
            found = (
                error(Reason.CHANGED_MEANWHILE, score=plain(now.value))
                if now.value is not None
                else error(Reason.CLEARED_MEANWHILE)
            )
            refused.append(found.at(item=line.code, row=line.line))
            continue
        write.append(line)
    return SortedRows(write=tuple(write), untouched=untouched, refused=tuple(refused))


def kept_scores(
    blank: Sequence[tuple[int, str]],
    prefilled: Mapping[str, Prefilled],
    stored: Mapping[str, Score],
) -> tuple[FieldError, ...]:
    """The rows (row, code) whose Score cell came back empty although the template showed a
    score, which is still stored: a cleared cell removes nothing, and the person is told so
    rather than left to believe the score is gone."""
    found = []
    for row, code in blank:
        now = stored.get(code)
        if prefilled.get(code, Prefilled()).value is None or now is None or now.value is None:
            continue
        found.append(error(Reason.CLEARED_KEPT, score=plain(now.value)).at(item=code, row=row))
    return tuple(found)

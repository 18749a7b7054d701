"""The year every "no open year" answer suggests (QA roles #8): in December 2026 a bloc is told
to open 2027 (it signs that year's covenant now), not the year that is ending."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.calendar import MAX_YEAR, OpenNote, open_year_note, year_to_open


@pytest.mark.parametrize(
    ("today", "highest", "expected"),
    [
        (date(2026, 1, 5), None, 2026),  # a new bloc in January: this year
        (date(2026, 9, 30), None, 2026),
        (date(2026, 10, 1), None, 2027),  # from October: the coming year
        (date(2026, 12, 2), None, 2027),
        (date(2026, 12, 2), 2026, 2027),  # after its last year
        (date(2026, 3, 1), 2026, 2027),  # 2026 closed early: the next one
        (date(2026, 12, 2), 2024, 2027),  # a skipped year is not offered
        (date(2026, 6, 1), 2024, 2026),
        (date(2026, 12, 2), 2027, 2028),
        (date(2100, 12, 2), 2099, MAX_YEAR),  # never past the last year a year can have
    ],
)
def test_the_year_to_open(today: date, highest: int | None, expected: int) -> None:
    assert year_to_open(today, highest) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       st.none() | st.integers(2000, 2099))  # fmt: skip
def test_never_behind_the_bloc_or_the_calendar(today: date, highest: int | None) -> None:
    year = year_to_open(today, highest)
    assert year > (highest or 0) and year >= today.year
    assert year in (today.year, today.year + 1, (highest or 0) + 1)


@pytest.mark.parametrize(
    ("number", "today", "highest", "note"),
    [
        (2027, date(2026, 12, 3), None, None),  # the year the bot names
        (2025, date(2026, 12, 3), None, OpenNote.OVER),  # QA qa-vi-first #5
        (2025, date(2026, 12, 3), 2026, OpenNote.OVER),
        (2026, date(2026, 12, 3), None, OpenNote.ENDING),  # from October, the coming one
        (2026, date(2026, 9, 30), None, None),
        (2027, date(2026, 9, 30), None, OpenNote.AHEAD),
        (2028, date(2026, 12, 3), 2026, OpenNote.AHEAD),
        (2027, date(2027, 1, 10), 2028, OpenNote.BEFORE_LAST),  # the bloc already had 2028
        (2028, date(2027, 1, 10), 2027, None),  # 2027 closed early: 2028 is the next one
    ],
)
def test_what_is_unusual_about_a_year_to_open(
    number: int, today: date, highest: int | None, note: OpenNote | None
) -> None:
    assert open_year_note(number, today, highest) == note


@given(st.integers(2000, 2100),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       st.none() | st.integers(2000, 2099))  # fmt: skip
def test_only_the_year_to_open_has_no_note(number: int, today: date, highest: int | None) -> None:
    note = open_year_note(number, today, highest)
    usual = year_to_open(today, highest)
    assert (note is None) == (number == usual)
    if note is OpenNote.AHEAD:
        assert number > usual
    if note is OpenNote.OVER:
        assert number < today.year
    if note is OpenNote.BEFORE_LAST:
        assert highest is not None and today.year <= number <= highest
    if note is OpenNote.ENDING:  # this year, once the coming one is the one to open
        assert number == today.year and today.month >= 10

"""The year every "no open year" answer suggests (QA roles #8): in December 2026 a bloc is told
to open 2027 (it signs that year's covenant now), not the year that is ending."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.calendar import MAX_YEAR, year_to_open


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

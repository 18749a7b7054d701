"""The year `/head set` and `/deputy set` record for: the next one by default, the open year
when named (a bloc's first year with the bot), nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.leaders import LeaderYears, parse_set

# the arguments after /head, the (code, year) read, None: the usage
_ARGS = [
    (["set", "DNG"], ("DNG", None)),
    (["SET", "dng", "2026"], ("dng", 2026)),
    (["set", "DNG", "2027"], ("DNG", 2027)),
    (["set", "DNG", "26"], None),
    (["set", "DNG", "năm"], None),
    (["set", "DNG", "2026", "x"], None),
    (["set"], None),
    (["DNG", "2026"], None),
    ([], None),
]


@pytest.mark.parametrize(("args", "expected"), _ARGS)
def test_the_arguments_of_head_set(args: list[str], expected: object) -> None:
    assert parse_set(args) == expected


def test_the_years_of_the_sandbox_year() -> None:
    years = LeaderYears(current=2026, next=2027)
    assert years.pick(None) == 2027  # /head set DNG keeps meaning next year
    assert years.pick(2026) == 2026  # this year's head, chosen before the bot
    assert years.pick(2027) == 2027
    assert [years.pick(y) for y in (2025, 2028, 1026)] == [None, None, None]
    closed = LeaderYears(current=None, next=2027)  # 2026 closed, no year open
    assert (closed.pick(None), closed.pick(2026), closed.pick(2027)) == (2027, None, 2027)


@given(st.integers(1900, 2200), st.booleans(), st.one_of(st.none(), st.integers(1000, 9999)))
def test_only_the_open_or_the_next_year_is_picked(
    latest: int, is_open: bool, asked: int | None
) -> None:
    years = LeaderYears(current=latest if is_open else None, next=latest + 1)
    picked = years.pick(asked)
    if asked is None:
        assert picked == latest + 1
    elif asked == latest + 1 or (is_open and asked == latest):
        assert picked == asked
    else:
        assert picked is None

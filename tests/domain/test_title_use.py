"""A title a closed year used is locked against renaming; the open year's uses do not lock it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.title_use import TitleUse, locking_years, may_rename


def test_a_closed_years_pledge_or_vote_locks_the_title() -> None:
    pledged = TitleUse(year=2026, closed=True, by="pledge")
    voted = TitleUse(year=2025, closed=True, by="vote")
    assert locking_years([pledged]) == (2026,) and not may_rename([pledged])
    assert locking_years([pledged, voted, pledged]) == (2025, 2026)


def test_the_open_years_uses_or_none_leave_it_free() -> None:
    assert may_rename([]) and locking_years([]) == ()
    open_uses = [TitleUse(year=2027, closed=False, by=by) for by in ("pledge", "vote")]
    assert may_rename(open_uses)
    assert not may_rename([*open_uses, TitleUse(year=2026, closed=True, by="vote")])


uses = st.builds(
    TitleUse,
    year=st.integers(2000, 2100),
    closed=st.booleans(),
    by=st.sampled_from(["pledge", "vote"]),
)


@given(st.lists(uses))
def test_locked_exactly_when_some_closed_year_used_it(found: list[TitleUse]) -> None:
    years = locking_years(found)
    assert may_rename(found) == (not any(u.closed for u in found))
    assert list(years) == sorted(set(years)) and set(years) == {u.year for u in found if u.closed}

"""The pledge draft and the year's phase rules: pure functions, no Telegram, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.calendar import Phase, deadline_warnings
from bot.domain.pledge import (
    PledgeDraft,
    can_edit,
    clean_title_name,
    join_parts,
    length_with,
    superseded,
)
from bot.domain.year import current_phase, warnings_about

NOW = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


@given(st.lists(st.integers(1, 20), unique=True), st.integers(1, 20))
def test_toggling_twice_gives_the_same_titles(chosen: list[int], title: int) -> None:
    draft = PledgeDraft(year_id=1, titles=chosen)
    once = draft.toggled(title)
    assert (title in once.titles) != (title in chosen)
    assert sorted(once.toggled(title).titles) == sorted(chosen)


def test_valid_titles_follow_the_blocs_order_and_drop_removed_ones() -> None:
    draft = PledgeDraft(year_id=1, titles=[7, 3, 9])
    assert draft.valid_titles([1, 3, 5, 7]) == [3, 7]


@given(st.lists(st.text(max_size=50), max_size=8), st.text(max_size=50))
def test_length_with_is_the_length_of_the_joined_text(parts: list[str], text: str) -> None:
    draft = PledgeDraft(year_id=1, parts=[p.strip() for p in parts])
    assert length_with(draft.parts, text) == len(draft.with_part(text).commitments)


def test_commitments_are_paragraphs() -> None:
    assert join_parts(["Một.", "", "Hai."]) == "Một.\nHai."
    assert clean_title_name("  Cờ   thi\nđua ") == "Cờ thi đua"


def test_editing_ends_at_the_deadline_unless_reopened() -> None:
    due = NOW + timedelta(days=1)
    assert can_edit(None, NOW, reopened=False)
    assert can_edit(due, NOW, reopened=False)
    assert not can_edit(due, due, reopened=False)
    assert can_edit(due, due + timedelta(days=9), reopened=True)


def test_current_phase_is_the_first_not_yet_due() -> None:
    assert current_phase({}, NOW) is Phase.PLEDGE
    deadlines = {Phase.PLEDGE: NOW - timedelta(hours=1), Phase.MIDYEAR: NOW + timedelta(days=1)}
    assert current_phase(deadlines, NOW) is Phase.MIDYEAR
    deadlines = {phase: NOW - timedelta(days=1) for phase in Phase}
    assert current_phase(deadlines, NOW) is None


def test_an_unset_phase_before_a_dated_one_is_skipped() -> None:
    """A bloc with no pledge deadline is not in the pledge phase all year (qa-regress #3)."""
    later = {Phase.MIDYEAR: NOW - timedelta(days=1), Phase.YEAREND: NOW + timedelta(days=1)}
    assert current_phase(later, NOW) is Phase.YEAREND
    assert current_phase({Phase.MIDYEAR: NOW + timedelta(days=1)}, NOW) is Phase.MIDYEAR
    only_past = {Phase.MIDYEAR: NOW - timedelta(days=1)}
    assert current_phase(only_past, NOW) is Phase.YEAREND
    assert current_phase({Phase.PLEDGE: NOW - timedelta(days=1)}, NOW) is Phase.MIDYEAR


def test_warnings_about_one_phase() -> None:
    deadlines = {Phase.PLEDGE: NOW + timedelta(days=30), Phase.MIDYEAR: NOW - timedelta(days=1)}
    found = deadline_warnings(deadlines, NOW, 2026, tz=UTC)
    assert {w.reason for w in warnings_about(found, Phase.MIDYEAR)} == {
        "deadline_past",
        "phases_out_of_order",
        "deadline_far",  # a mid-year review in January
    }
    assert [w.reason for w in warnings_about(found, Phase.PLEDGE)] == ["phases_out_of_order"]
    assert warnings_about(found, Phase.ELECTION) == []


def test_a_draft_is_superseded_only_when_begun_before_a_registration_and_unchanged_since() -> None:
    later = NOW + timedelta(minutes=1)
    assert superseded(0, NOW, 1, later)  # begun before the first registration
    assert superseded(1, None, 2, NOW)  # stored before edits were timed
    assert not superseded(0, later, 1, NOW)  # changed after it: the person's newer work
    assert not superseded(1, NOW, 1, later)  # begun from that very registration


@given(st.lists(st.integers(1, 9), unique=True), st.lists(st.text(max_size=5), max_size=3))
def test_the_same_titles_in_any_order_and_the_same_text_are_the_same(
    titles: list[int], parts: list[str]
) -> None:
    draft = PledgeDraft(year_id=1, titles=titles, parts=parts, base=1)
    other = PledgeDraft(year_id=1, titles=titles[::-1], parts=[join_parts(parts)], base=2)
    assert draft.same_as(other)
    assert not draft.same_as(other.toggled(10))

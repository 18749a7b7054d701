"""A filled template's rows against what it was pre-filled with and what is stored now: a row
left as it was never undoes a later change; a changed row whose score changed meanwhile is
refused with the score stored now; any other changed row goes on to be stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.assessment import Score
from bot.domain.errors import Reason
from bot.domain.score_lines import ScoreLine
from bot.domain.template_rows import Prefilled, sort_rows
from tests.conftest import examples


def row(code: str, value: str, note: str | None = None, at: int = 5) -> ScoreLine:
    return ScoreLine(line=at, code=code, value=Decimal(value), note=note)


def held(code: str, value: str | None, note: str | None = None) -> Score:
    return Score(code=code, value=None if value is None else Decimal(value), note=note)


@pytest.mark.parametrize("sent", ["8.5", "10.0"])
def test_a_row_left_as_it_was_or_saying_what_is_stored_now_is_not_written(sent: str) -> None:
    """Lan's template showed 1.1 = 8,5; Mai stored 10 since; Lan sent 1.1 back untouched (or
    typed Mai's 10 herself): nothing to write, and Mai's change is not undone."""
    prefilled = {"1.1": Prefilled(value=Decimal("8.5"))}
    stored = {"1.1": held("1.1", "10", "Mai sửa")}
    result = sort_rows([row("1.1", sent)], prefilled, stored)
    assert (result.write, result.untouched, result.refused) == ((), 1, ())


def test_a_changed_row_whose_score_changed_meanwhile_is_refused_with_the_score_now() -> None:
    prefilled = {"1.1": Prefilled(value=Decimal("8.5")), "1.2": Prefilled(value=Decimal(7))}
    stored = {"1.1": held("1.1", "10", "Mai sửa"), "1.2": held("1.2", "7")}
    lines = [row("1.1", "9", at=5), row("1.2", "9.5", "Đạt", at=6), row("1.3", "8", at=7)]
    result = sort_rows(lines, prefilled, stored)
    assert [(line.code, line.value) for line in result.write] == [("1.2", 9.5), ("1.3", 8)]
    [refused] = result.refused
    assert (refused.reason, refused.params) == (Reason.CHANGED_MEANWHILE, {"score": "10"})
    assert (refused.item, refused.row) == ("1.1", 5)


def test_a_criterion_empty_in_the_template_but_scored_since_is_refused() -> None:
    stored = {"2.1": held("2.1", "5.5")}
    result = sort_rows([row("2.1", "6")], {}, stored)
    assert [e.params for e in result.refused] == [{"score": "5.5"}]
    assert sort_rows([row("2.1", "6")], {}, {}).write == (row("2.1", "6"),)


def test_a_note_changed_meanwhile_counts_as_a_change() -> None:
    prefilled = {"1.1": Prefilled(value=Decimal(9), note="cũ")}
    stored = {"1.1": held("1.1", "9", "Mai bổ sung minh chứng")}
    result = sort_rows([row("1.1", "9.5", "cũ")], prefilled, stored)
    assert [e.params for e in result.refused] == [{"score": "9"}]


def test_a_stored_note_without_points_is_named_as_no_score() -> None:
    """Not "the score was updated to —" (QA assess, defect 12)."""
    stored = {"1.1": held("1.1", None, "chờ số liệu")}
    [refused] = sort_rows([row("1.1", "9")], {}, stored).refused
    assert (refused.reason, refused.params) == (Reason.CLEARED_MEANWHILE, {})


VALUES = st.sampled_from([None, Decimal(7), Decimal("8.5"), Decimal(10)])
NOTES = st.sampled_from([None, "a", "b"])


@settings(max_examples=examples(200), deadline=None)
@given(VALUES, NOTES, VALUES, NOTES, VALUES.filter(lambda v: v is not None), NOTES)
def test_no_row_ever_overwrites_a_change_made_after_the_template(
    was_value: Decimal | None,
    was_note: str | None,
    now_value: Decimal | None,
    now_note: str | None,
    value: Decimal,
    note: str | None,
) -> None:
    prefilled = {"1.1": Prefilled(value=was_value, note=was_note)}
    stored = {"1.1": Score(code="1.1", value=now_value, note=now_note)}
    result = sort_rows([row("1.1", str(value), note)], prefilled, stored)
    assert len(result.write) + result.untouched + len(result.refused) == 1
    if result.write:  # stored only when nothing changed since the template was made
        assert (now_value, now_note) == (was_value, was_note)
    if (value, note) == (was_value, was_note):  # a row left as it was is never written
        assert result.untouched == 1

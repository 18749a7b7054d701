"""Score rules: parsing a typed score, checking it against a criterion, buttons and totals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.errors import InvalidValue, Reason
from bot.domain.scale import Criterion, Scale
from bot.domain.scores import (
    check_score,
    common_values,
    cut_decimal,
    mistyped_number,
    parse_score,
    total,
)
from bot.formats.scale import load_scale_yaml
from tests.conftest import examples
from tests.domain.helpers import sample_scale_bytes, scales, steps


@pytest.fixture(scope="module")
def sample() -> Scale:
    return load_scale_yaml(sample_scale_bytes())


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("8.5", "8.5"),
        ("8,5", "8.5"),
        (" 9 ", "9"),
        ("10.0", "10"),
        ("0", "0"),
        (".5", "0.5"),
        ("7.", "7"),
        ("-1", "-1"),
        ("+2", "2"),
        ("0.25", "0.25"),
        ("\u00a08\u00a0", "8"),
    ],
)
def test_parse_score_accepts(text: str, value: str) -> None:
    parsed = parse_score(text)
    assert parsed == Decimal(value) and str(parsed) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "NaN",
        "nan",
        "inf",
        "-Infinity",
        "1e3",
        "1E-2",
        "8.5.1",
        "8,5,1",
        "1,000.5",
        "abc",
        "8 5",
        "½",
        "٨",
        "８",
        "0x10",
        "9" * 30,
        "8.5đ",
        "--1",
    ],
)
def test_parse_score_refuses(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_score(text)
    assert caught.value.error.reason == Reason.NOT_A_NUMBER
    assert caught.value.error.params["value"] == text.strip()[:40] or len(text) > 40


def test_check_score_bounds_and_step() -> None:
    c = Criterion(code="1.2", title="t", max=10)
    assert check_score(c, Decimal(0)) is None
    assert check_score(c, Decimal(10)) is None
    assert check_score(c, Decimal("9.5")) is None
    err = check_score(c, Decimal("10.5"))
    assert err is not None and (err.reason, err.params, err.item) == (
        Reason.OUT_OF_RANGE,
        {"max": "10"},
        "1.2",
    )
    err = check_score(c, Decimal("-0.5"))
    assert err is not None and err.reason == Reason.OUT_OF_RANGE
    err = check_score(c, Decimal("8.25"))
    assert err is not None and (err.reason, err.params) == (Reason.NOT_IN_STEP, {"step": "0.5"})
    err = check_score(c, Decimal("NaN"))
    assert err is not None and err.reason == Reason.NOT_A_NUMBER


def test_common_values(sample: Scale) -> None:
    def values(code: str) -> list[str]:
        item = sample.find(code)
        assert item is not None
        return [str(v) for v in common_values(item.criterion)]

    assert values("1.1") == ["0", "5", "7.5", "9", "9.5", "10"]
    assert values("D1") == ["0", "1", "2", "3"]
    assert values("T2") == ["0", "0.5", "1", "1.5", "2"]
    assert values("1.4") == ["0", "3.5", "5.5", "6", "6.5", "7"]


def test_total_of_the_sample(sample: Scale) -> None:
    scores = {"1.1": Decimal("9.5"), "2.3": Decimal("4.5"), "T1": Decimal(2), "D1": Decimal(1)}
    totals = total(sample, {**scores, "OLD": Decimal(50)})
    assert totals.criteria == Decimal(14)
    assert totals.bonus == Decimal(2) and totals.deductions == Decimal(1)
    assert totals.total == Decimal(15) and str(totals.total) == "15"
    assert totals.sections == {"I": Decimal("9.5"), "II": Decimal("4.5"), "III": 0, "IV": 0}
    empty = total(sample, {})
    assert (empty.total, empty.criteria) == (0, 0)


def test_full_marks_of_the_sample(sample: Scale) -> None:
    scores = {i.criterion.code: i.criterion.max for i in sample.items()}
    totals = total(sample, scores)
    assert totals.criteria == sample.max_total == 100
    assert totals.total == Decimal(100 + 5 - 8)


@st.composite
def criteria(draw: st.DrawFn) -> Criterion:
    step = draw(steps)
    multiple = draw(st.integers(1, 400))
    return Criterion(code="C", title="t", max=step * multiple, step=step)


@settings(max_examples=examples(150))
@given(criteria(), st.data())
def test_every_multiple_of_the_step_passes(criterion: Criterion, data: st.DataObject) -> None:
    k = data.draw(st.integers(0, int(criterion.max / criterion.step)))
    value = criterion.step * k
    assert check_score(criterion, value) is None
    assert check_score(criterion, parse_score(str(value).replace(".", ","))) is None


@settings(max_examples=examples(150))
@given(criteria(), st.data())
def test_every_value_off_the_step_fails(criterion: Criterion, data: st.DataObject) -> None:
    cents = data.draw(st.integers(0, int(criterion.max * 100)))
    value = Decimal(cents) / 100
    thousandths = Decimal(data.draw(st.integers(1, 9))) / 1000
    assert check_score(criterion, value + thousandths) is not None
    if value % criterion.step != 0:
        err = check_score(criterion, value)
        whole = criterion.step == 1
        assert err is not None and err.reason == (Reason.NOT_WHOLE if whole else Reason.NOT_IN_STEP)


@settings(max_examples=examples(150))
@given(criteria(), st.integers(1, 10**6))
def test_values_out_of_range_fail(criterion: Criterion, cents: int) -> None:
    above = criterion.max + Decimal(cents) / 100
    for value in (above, -Decimal(cents) / 100):
        err = check_score(criterion, value)
        assert err is not None and err.reason == Reason.OUT_OF_RANGE


@settings(max_examples=examples(150))
@given(criteria())
def test_common_values_are_valid_buttons(criterion: Criterion) -> None:
    values = common_values(criterion)
    assert values[0] == 0 and values[-1] == criterion.max
    assert values == sorted(set(values))
    assert 2 <= len(values) <= 6
    assert all(check_score(criterion, v) is None for v in values)


@settings(max_examples=examples(60), deadline=None)
@given(scales(), st.data())
def test_totals_are_the_exact_sum(scale: Scale, data: st.DataObject) -> None:
    scores: dict[str, Decimal] = {}
    for item in scale.items():
        c = item.criterion
        if data.draw(st.booleans()):
            scores[c.code] = c.step * data.draw(st.integers(0, int(c.max / c.step)))
    totals = total(scale, scores)
    cents = {code: int(v * 100) for code, v in scores.items()}  # exact: at most 2 places

    def kind_sum(kind: str) -> Decimal:
        codes = [i.criterion.code for i in scale.items() if i.kind == kind]
        return Decimal(sum(cents.get(code, 0) for code in codes)) / 100

    assert totals.criteria == kind_sum("criterion")
    assert totals.bonus == kind_sum("bonus")
    assert totals.deductions == kind_sum("deduction")
    assert totals.total == totals.criteria + totals.bonus - totals.deductions
    assert sum(totals.sections.values(), Decimal(0)) == totals.criteria
    assert totals.total <= scale.max_total + scale.max_bonus


@pytest.mark.parametrize(
    ("text", "whole"),
    [("7,", Decimal(7)), (" 7. ", Decimal(7)), ("10,", Decimal(10)), ("7", None),
     ("7,5", None), (",5", None), ("7,,", None), ("-7,", None), ("7, đủ", None)],
)  # fmt: skip
def test_a_score_with_its_decimals_cut_off(text: str, whole: Decimal | None) -> None:
    """ "7," is read as 7 by `parse_score`; the wizard asks whether 7,5 was meant (QA qa8)."""
    assert cut_decimal(text) == whole
    if whole is not None:
        assert parse_score(text) == whole


@pytest.mark.parametrize(
    ("text", "mistyped"),
    [("7.5.1", True), ("7,,5", True), ("1.2.3.4", True), (" 7..5 ", True), ("7,5", False),
     (",5", False), ("7", False), ("...", False), ("7.5.1 dự án", False), ("15/6", False)],
)  # fmt: skip
def test_digits_that_make_no_number(text: str, mistyped: bool) -> None:
    """ "7.5.1" at the note step is asked about like ",5" (a score mistyped?), not kept
    silently as the note; a number, or a note with words, is not such a typo."""
    assert mistyped_number(text) is mistyped

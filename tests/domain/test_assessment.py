"""An assessment's rules: typed scores, exact totals within bounds, what is missing, its state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.assessment import (
    Assessment,
    Evidence,
    EvidenceKind,
    Round,
    Score,
    Status,
    check_note,
    missing,
    score_for,
    state_of,
    totals,
)
from bot.domain.errors import InvalidValue, Reason
from bot.domain.scale import Criterion, Scale
from bot.formats.scale import load_scale_yaml
from tests.conftest import examples
from tests.domain.helpers import sample_scale_bytes, scales

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample() -> Scale:
    return load_scale_yaml(sample_scale_bytes())


def _scores(**values: str) -> dict[str, Score]:
    """Scores by code; `_` in a keyword stands for the code's dot (`i1_1` -> "1.1")."""
    out = {}
    for key, value in values.items():
        code = key.removeprefix("i").replace("_", ".")
        out[code] = Score(code=code, value=Decimal(value))
    return out


@pytest.mark.parametrize(("typed", "value"), [("8,5", "8.5"), (" 8.5 ", "8.5"), ("10", "10")])
def test_score_for_takes_comma_or_dot(typed: str, value: str) -> None:
    criterion = Criterion(code="1.1", title="t", max=10)
    assert str(score_for(criterion, typed)) == value


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("tám", Reason.NOT_A_NUMBER),
        ("-0,5", Reason.OUT_OF_RANGE),
        ("10,5", Reason.OUT_OF_RANGE),
        ("8,25", Reason.NOT_IN_STEP),
        ("1e1", Reason.NOT_A_NUMBER),
    ],
)
def test_score_for_refuses_with_the_item(typed: str, reason: Reason) -> None:
    criterion = Criterion(code="1.1", title="t", max=10)
    with pytest.raises(InvalidValue) as caught:
        score_for(criterion, typed)
    assert (caught.value.error.reason, caught.value.error.item) == (reason, "1.1")


def test_notes() -> None:
    assert check_note("  ") is None and check_note(None) is None
    assert check_note(" đủ hồ sơ ") == "đủ hồ sơ"
    with pytest.raises(InvalidValue):
        check_note("x" * 1001)


def test_totals_of_the_sample_are_clamped(sample: Scale) -> None:
    some = _scores(i1_1="9.5", i2_3="4.5", T1="2", D1="1")
    assert totals(sample, some).total == Decimal(15)
    only_deductions = _scores(D1="3", D2="5")
    sums = totals(sample, only_deductions)
    assert (sums.deductions, sums.total) == (Decimal(8), Decimal(0))


def test_scores_a_new_scale_does_not_allow_count_for_nothing(sample: Scale) -> None:
    kept = {**_scores(i1_1="9.5"), "OLD": Score(code="OLD", value=Decimal(50))}
    kept["1.2"] = Score(code="1.2", value=Decimal("10.5"))  # above the current maximum
    assert totals(sample, kept).total == Decimal("9.5")
    assert "1.2" in missing(sample, kept).criteria


def test_missing_criteria_and_evidence(sample: Scale) -> None:
    everything = {
        i.criterion.code: Score(code=i.criterion.code, value=i.criterion.max)
        for i in sample.items()
        if i.kind == "criterion"
    }
    gaps = missing(sample, everything)
    assert gaps.criteria == () and gaps.evidence == ("1.2", "2.3")
    everything["1.2"] = everything["1.2"].model_copy(update={"note": "12 dự án"})
    photo = Evidence(kind=EvidenceKind.PHOTO, name="photo.jpg", file_id="AgAD")
    everything["2.3"] = everything["2.3"].model_copy(update={"evidence": (photo,)})
    assert missing(sample, everything).complete
    everything["2.3"] = Score(code="2.3", value=Decimal(0))  # 0 needs no proof
    assert missing(sample, everything).complete
    del everything["1.1"]
    assert missing(sample, everything).criteria == ("1.1",)


def _assessment(**fields: object) -> Assessment:
    base: dict[str, object] = {"id": 1, "year_id": 1, "unit_id": 1, "round": Round.MIDYEAR}
    return Assessment.model_validate({**base, "scale_id": 1, **fields})


def test_states(sample: Scale) -> None:
    due = NOW + timedelta(days=1)
    some = _scores(i1_1="9", i1_2="8")

    def state(
        a: Assessment | None,
        scores: dict[str, Score],
        now: datetime = NOW,
        sent: dict[str, Score] | None = None,
    ) -> tuple:
        held = scores if sent is None else sent
        s = state_of(sample, a, scores, submitted=held, deadline=due, now=now)
        return s.status, s.scored, s.late, s.locked

    assert state(None, {}) == (Status.NOT_STARTED, 0, False, False)
    assert state(_assessment(revision=2), some) == (Status.DRAFT, 2, False, False)
    assert state(_assessment(revision=2), some, due) == (Status.DRAFT, 2, True, True)
    done = _assessment(revision=3, submitted_revision=3, first_submitted_at=NOW)
    assert state(done, some) == (Status.SUBMITTED, 2, False, False)
    changed = done.model_copy(update={"revision": 4})
    edited = _scores(i1_1="7", i1_2="8")
    assert state(changed, edited, due, sent=some) == (Status.CHANGED, 2, False, True)
    # set back to what was submitted (qa-regress #7): stored again, but nothing to send again
    assert state(changed, some, due, sent=some) == (Status.SUBMITTED, 2, False, True)
    reopened = _assessment(revision=2, reopened_at=due)
    assert state(reopened, some, due + timedelta(hours=1)) == (Status.DRAFT, 2, True, False)
    late = done.model_copy(update={"first_submitted_at": due, "reopened_at": due})
    assert state(late, some, due) == (Status.SUBMITTED, 2, True, False)
    no_deadline = state_of(sample, None, {}, submitted={}, deadline=None, now=NOW)
    assert not no_deadline.late and not no_deadline.locked and no_deadline.required == 17


def test_the_submitted_total_is_the_submitted_scores_not_the_draft(sample: Scale) -> None:
    """QA qa-assess 1: a change after submission is a draft; what counts is what was sent."""
    sent, draft = _scores(i1_1="9", i1_2="8"), _scores(i1_1="5", i1_2="8")
    changed = _assessment(revision=4, submitted_revision=3, submitted_total=Decimal(99))
    state = state_of(sample, changed, draft, submitted=sent, deadline=None, now=NOW)
    assert (state.status, state.total, state.submitted_total) == (
        Status.CHANGED,
        Decimal(13),
        Decimal(17),
    )


@st.composite
def scored(draw: st.DrawFn) -> tuple[Scale, dict[str, Score]]:
    scale = draw(scales())
    scores = {}
    for item in scale.items():
        c = item.criterion
        if draw(st.booleans()):
            steps = draw(st.integers(-2, int(c.max / c.step) + 2))  # a few invalid ones too
            scores[c.code] = Score(code=c.code, value=c.step * steps)
    return scale, scores


@settings(max_examples=examples(150), deadline=None)
@given(scored())
def test_totals_are_exact_and_within_bounds(case: tuple[Scale, dict[str, Score]]) -> None:
    scale, scores = case
    sums = totals(scale, scores)
    valid = {
        c: s.value
        for c, s in scores.items()
        if s.value is not None and 0 <= s.value <= (scale.find(c).criterion.max)  # type: ignore[union-attr]
    }

    def kind_sum(kind: str) -> Decimal:
        codes = {i.criterion.code for i in scale.items() if i.kind == kind}
        cents = sum(int(v * 100) for c, v in valid.items() if c in codes)
        return Decimal(cents) / 100

    assert sums.criteria == kind_sum("criterion")
    assert sums.bonus == kind_sum("bonus") and sums.deductions == kind_sum("deduction")
    raw = sums.criteria + sums.bonus - sums.deductions
    assert sums.total == min(max(raw, Decimal(0)), scale.max_total + scale.max_bonus)
    assert 0 <= sums.total <= scale.max_total + scale.max_bonus
    assert sums.total.as_tuple().exponent >= -2  # exact: never more places than the steps


@settings(max_examples=examples(100), deadline=None)
@given(scored())
def test_missing_names_exactly_the_unscored_criteria(case: tuple[Scale, dict[str, Score]]) -> None:
    scale, scores = case
    gaps = missing(scale, scores)
    state = state_of(scale, None, scores, submitted={}, deadline=None, now=NOW)
    assert state.scored + len(gaps.criteria) == state.required
    for code in gaps.criteria:
        item = scale.find(code)
        assert item is not None and item.kind == "criterion"

"""Review limits: a reviewer's bonus stays within the scale's bonus maximum (with the unit's own
bonus), a deduction never takes the total below 0, and what is stored adds up to the total."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.review import (
    Adjustment,
    Extra,
    ExtraKind,
    Round,
    SelfAssessment,
    UnitReview,
    review_sheet,
)
from bot.domain.review_limits import (
    BELOW_ZERO,
    BONUS_FULL,
    BONUS_OVER,
    SAME_AS_SELF,
    SAME_AS_SELF_REVIEWED,
    within_limits,
)
from bot.domain.review_lines import ExtraChange, parse_review_lines
from bot.domain.scale import ItemKind, Scale
from tests.domain.helpers import scales
from tests.domain.test_review_ranking import small_scale

AT = datetime(2027, 7, 1, tzinfo=UTC)


def own(**scores: str) -> SelfAssessment:
    return SelfAssessment(
        unit_id=1,
        round=Round.YEAREND,
        submitted=True,
        scores={code.replace("_", "."): Decimal(v) for code, v in scores.items()},
    )


def stored(changes: tuple[ExtraChange, ...], adjustments: dict[str, Adjustment]) -> UnitReview:
    extras = tuple(
        Extra(id=n, kind=c.kind, points=c.points, reason=c.reason, reviewer_id=7, at=AT)
        for n, c in enumerate(changes, start=1)
    )
    return UnitReview(unit_id=1, round=Round.YEAREND, adjustments=adjustments, extras=extras)


def test_a_bonus_past_the_scale_maximum_is_refused_with_the_room_left() -> None:
    scale = small_scale()  # bonus items: T1 up to 3
    sheet = review_sheet(scale, own(**{"1_1": "10", "T1": "1"}), None)
    found = parse_review_lines(scale, "+ 1000 thử\n+ 1,5 Sáng kiến\n+ 1 Quá nhiều\n- 0,5 Chậm")
    checked = within_limits(scale, sheet, found)
    assert [e.points for e in checked.extras] == [Decimal("1.5"), Decimal("0.5")]
    first, third = checked.errors
    assert (first.reason, first.line, first.params) == (BONUS_OVER, 1, {"max": "3", "room": "2"})
    assert (third.reason, third.line, third.params) == (BONUS_OVER, 3, {"max": "3", "room": "0.5"})


def test_a_scale_without_bonus_items_leaves_no_room() -> None:
    scale = Scale.model_validate({**small_scale().model_dump(), "bonus": []})
    sheet = review_sheet(scale, own(), None)
    checked = within_limits(scale, sheet, parse_review_lines(scale, "+ 1 x"))
    assert not checked.extras and checked.errors[0].params == {"max": "0"}
    assert checked.errors[0].reason == BONUS_FULL  # not "at most 0 more" (QA defect 11)


def test_a_reviewed_bonus_item_counts_towards_the_room() -> None:
    scale = small_scale()
    sheet = review_sheet(scale, own(T1="0"), None)
    checked = within_limits(scale, sheet, parse_review_lines(scale, "T1 3 Có bằng khen\n+ 0,5 x"))
    assert [s.code for s in checked.scores] == ["T1"]
    assert checked.errors[0].line == 2 and checked.errors[0].reason == BONUS_FULL


def test_a_deduction_past_the_total_is_refused() -> None:
    scale = small_scale()
    sheet = review_sheet(scale, own(**{"1_1": "4"}), None)
    checked = within_limits(scale, sheet, parse_review_lines(scale, "- 3 a\n- 2 b\n- 1 c"))
    assert [e.points for e in checked.extras] == [Decimal(3), Decimal(1)]
    [refused] = checked.errors
    assert (refused.reason, refused.line, refused.params) == (BELOW_ZERO, 2, {"total": "1"})


points = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1000), places=2)


@settings(max_examples=80, deadline=None)
@given(data=st.data(), scale=scales())
def test_what_is_taken_stays_within_the_limits_and_adds_up(
    data: st.DataObject, scale: Scale
) -> None:
    scores = {
        c.code: data.draw(st.integers(0, int(c.max / c.step))) * c.step
        for kind, _, c in scale.items()
        if kind is not ItemKind.DEDUCTION
    }
    assessment = SelfAssessment(unit_id=1, round=Round.YEAREND, submitted=True, scores=scores)
    before = review_sheet(scale, assessment, None)
    lines = data.draw(st.lists(st.tuples(st.sampled_from(list(ExtraKind)), points), max_size=8))
    text = "\n".join(f"{'+' if k is ExtraKind.BONUS else '-'} {p} lý do" for k, p in lines)
    checked = within_limits(scale, before, parse_review_lines(scale, text))
    after = review_sheet(scale, assessment, stored(checked.extras, {}))
    assert after.bonus + after.extra_bonus <= scale.max_bonus
    assert after.total >= 0
    assert after.total == after.criteria + after.bonus - after.deductions + after.extra_bonus - (
        after.extra_deductions
    )
    assert len(checked.extras) + len(checked.errors) == len(lines)
    for refused in checked.errors:  # each refusal names the room that was left for it
        assert refused.reason in {BONUS_OVER, BONUS_FULL, BELOW_ZERO}
        kind, amount = lines[refused.line - 1]
        if refused.reason == BONUS_FULL:
            continue  # no room at all: any amount is past it
        room = refused.params["room" if kind is ExtraKind.BONUS else "total"]
        assert amount > Decimal(room)


def test_a_reviewed_score_equal_to_the_self_score_is_refused_not_stored() -> None:
    """`1.1 9,5 Giữ nguyên` on a self-score of 9,5 moves nothing (QA qa8): no adjustment; where
    another reviewed score stands, the refusal carries it (the ↩️ that drops it is named)."""
    scale = small_scale()
    adjustment = Adjustment(code="1.1", reviewed=Decimal(8), reason="x", reviewer_id=7, at=AT)
    before = stored((), {"1.1": adjustment})
    sheet = review_sheet(scale, own(**{"1_1": "9.5", "1_2": "5", "2_1": "20"}), before)
    found = parse_review_lines(scale, "1.1 9,5 Giữ nguyên\n1.2 5 Đủ\n2.1 18 Thiếu")
    checked = within_limits(scale, sheet, found)
    assert [(c.code, c.value) for c in checked.scores] == [("2.1", Decimal(18))]
    first, second = checked.errors
    assert (first.reason, first.line, first.params) == (
        SAME_AS_SELF_REVIEWED,
        1,
        {"code": "1.1", "value": "9.5", "reviewed": "8"},
    )
    assert (second.reason, second.line, second.params) == (
        SAME_AS_SELF,
        2,
        {"code": "1.2", "value": "5"},
    )

"""Review and ranking rules: final scores, extra points, totals, ties, exclusions, comparison."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.errors import Reason
from bot.domain.ranking import UnitRef, compare, rank_units
from bot.domain.review import (
    Adjustment,
    Extra,
    ExtraKind,
    Round,
    SelfAssessment,
    Sheet,
    UnitReview,
    check_extra_points,
    check_reason,
    check_reviewed_score,
    review_sheet,
)
from bot.domain.scale import Criterion, ItemKind, Scale, Section
from bot.domain.scores import total
from tests.domain.helpers import scales

AT = datetime(2027, 7, 1, tzinfo=UTC)


def small_scale() -> Scale:
    return Scale(
        name="Thang điểm",
        sections=[
            Section(
                code="I",
                title="Công tác chuyên môn",
                criteria=[
                    Criterion(code="1.1", title="Kế hoạch", max=Decimal(10)),
                    Criterion(code="1.2", title="Báo cáo", max=Decimal(5)),
                ],
            ),
            Section(
                code="II",
                title="Phong trào",
                criteria=[Criterion(code="2.1", title="Thi đua", max=Decimal(20))],
            ),
        ],
        bonus=[Criterion(code="T1", title="Sáng kiến", max=Decimal(3))],
        deductions=[Criterion(code="D1", title="Chậm báo cáo", max=Decimal(2))],
    )


def adjustment(code: str, value: str, reason: str = "Thiếu minh chứng") -> Adjustment:
    return Adjustment(code=code, reviewed=Decimal(value), reason=reason, reviewer_id=7, at=AT)


def extra(kind: ExtraKind, points: str, n: int = 1) -> Extra:
    return Extra(id=n, kind=kind, points=Decimal(points), reason="Vi phạm", reviewer_id=7, at=AT)


def assessment(unit_id: int = 1, **scores: str) -> SelfAssessment:
    return SelfAssessment(
        unit_id=unit_id,
        round=Round.MIDYEAR,
        submitted=True,
        scores={code.replace("_", "."): Decimal(v) for code, v in scores.items()},
    )


def test_final_is_reviewed_where_reviewed_else_self() -> None:
    scale = small_scale()
    own = SelfAssessment(
        unit_id=1,
        round=Round.MIDYEAR,
        submitted=True,
        scores={"1.1": Decimal(10), "1.2": Decimal("4.5"), "2.1": Decimal(18), "T1": Decimal(1)},
    )
    review = UnitReview(unit_id=1, round=Round.MIDYEAR, adjustments={"1.1": adjustment("1.1", "8")})
    sheet = review_sheet(scale, own, review)
    by_code = {line.code: line for line in sheet.lines}
    assert by_code["1.1"].self_score == 10 and by_code["1.1"].final == 8
    assert by_code["1.1"].reviewed and by_code["1.1"].reviewed.reason == "Thiếu minh chứng"
    assert by_code["1.2"].final == Decimal("4.5") and by_code["1.2"].reviewed is None
    assert by_code["D1"].self_score is None and by_code["D1"].final == 0
    assert sheet.self_total == Decimal("33.5")
    assert sheet.total == Decimal("31.5")
    assert sheet.sections == {"I": Decimal("12.5"), "II": Decimal(18)}
    assert sheet.reviewed and [line.code for line in sheet.adjusted] == ["1.1"]


def test_a_decision_is_flagged_when_the_self_score_it_judged_moved() -> None:
    """QA qa-assess 4: the self-score a decision was made on is kept; another one submitted
    since flags it (an unscored deduction counts as 0; an unknown base never flags)."""
    scale = small_scale()
    judged = {"1.1": Decimal("7.5"), "1.2": Decimal(4), "D1": Decimal(0)}
    adjustments = {
        code: adjustment(code, "3").model_copy(update={"self_score": base})
        for code, base in judged.items()
    }
    adjustments["2.1"] = adjustment("2.1", "10")  # from before the base was kept
    review = UnitReview(unit_id=1, round=Round.MIDYEAR, adjustments=adjustments)
    own = assessment(**{"1_1": "10", "1_2": "4", "2_1": "18"})
    sheet = review_sheet(scale, own, review)
    assert [line.code for line in sheet.moved] == ["1.1"]


def test_extras_add_and_subtract_with_reasons() -> None:
    scale = small_scale()
    own = SelfAssessment(
        unit_id=1, round=Round.YEAREND, submitted=True, scores={"1.1": Decimal(10)}
    )
    review = UnitReview(
        unit_id=1,
        round=Round.YEAREND,
        extras=(extra(ExtraKind.BONUS, "1.5", 1), extra(ExtraKind.DEDUCTION, "4", 2)),
    )
    sheet = review_sheet(scale, own, review)
    assert (sheet.extra_bonus, sheet.extra_deductions) == (Decimal("1.5"), Decimal(4))
    assert sheet.total == Decimal("7.5") and sheet.self_total == 10


def test_total_is_exactly_what_its_items_add_up_to() -> None:
    """Never capped on the quiet: extras past the limits (refused at input since, but stored by
    older versions) show in the total as they are listed."""
    scale = small_scale()
    own = SelfAssessment(unit_id=1, round=Round.MIDYEAR, submitted=True, scores={"D1": Decimal(2)})
    big = UnitReview(unit_id=1, round=Round.MIDYEAR, extras=(extra(ExtraKind.DEDUCTION, "9"),))
    assert review_sheet(scale, own, big).total == -11
    full = SelfAssessment(
        unit_id=1,
        round=Round.MIDYEAR,
        submitted=True,
        scores={"1.1": Decimal(10), "1.2": Decimal(5), "2.1": Decimal(20), "T1": Decimal(3)},
    )
    more = UnitReview(unit_id=1, round=Round.MIDYEAR, extras=(extra(ExtraKind.BONUS, "1000"),))
    assert review_sheet(scale, full, more).total == Decimal(1038)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), scale=scales())
def test_unreviewed_total_is_the_self_total(data: st.DataObject, scale: Scale) -> None:
    scores = {
        c.code: data.draw(st.integers(0, int(c.max / c.step))) * c.step for _, _, c in scale.items()
    }
    own = SelfAssessment(unit_id=1, round=Round.MIDYEAR, submitted=True, scores=scores)
    sheet = review_sheet(scale, own, None)
    assert sheet.total == sheet.self_total == total(scale, scores).total
    assert not sheet.reviewed


@settings(max_examples=60, deadline=None)
@given(data=st.data(), scale=scales())
def test_adjustments_move_the_total_by_their_difference(data: st.DataObject, scale: Scale) -> None:
    criteria = [c for kind, _, c in scale.items() if kind is ItemKind.CRITERION]
    scores = {c.code: c.max for c in criteria}
    picked = data.draw(st.lists(st.sampled_from(criteria), unique_by=lambda c: c.code))
    adjustments = {}
    for criterion in picked:
        value = data.draw(st.integers(0, int(criterion.max / criterion.step))) * criterion.step
        adjustments[criterion.code] = adjustment(criterion.code, str(value))
    own = SelfAssessment(unit_id=1, round=Round.YEAREND, submitted=True, scores=scores)
    review = UnitReview(unit_id=1, round=Round.YEAREND, adjustments=adjustments)
    sheet = review_sheet(scale, own, review)
    diff = sum((a.reviewed - scores[a.code] for a in adjustments.values()), Decimal(0))
    assert sheet.total == sheet.self_total + diff
    assert sheet.criteria == sum(sheet.sections.values(), Decimal(0))
    assert all(check_reviewed_score(scale, a.code, a.reviewed) is None for a in picked_adj(review))


def test_reviewed_scores_obey_the_scale() -> None:
    scale = small_scale()
    assert check_reviewed_score(scale, "1.1", Decimal("9.5")) is None
    over = check_reviewed_score(scale, "1.1", Decimal("10.5"))
    assert over is not None and over.reason == Reason.OUT_OF_RANGE
    step = check_reviewed_score(scale, "1.1", Decimal("9.25"))
    assert step is not None and step.reason == Reason.NOT_IN_STEP
    unknown = check_reviewed_score(scale, "9.9", Decimal(1))
    assert unknown is not None and unknown.reason == Reason.UNKNOWN_ITEM


def test_reason_and_extra_points_rules() -> None:
    assert check_reason("  ") is not None
    assert check_reason("x" * 1001) is not None
    assert check_reason("Thiếu biên bản") is None
    assert check_extra_points(Decimal("0.25")) is None
    assert check_extra_points(Decimal(0)) is not None
    assert check_extra_points(Decimal("-1")) is not None
    assert check_extra_points(Decimal("0.125")) is not None
    assert check_extra_points(Decimal("1001")) is not None


# --- ranking ---------------------------------------------------------------------------


def sheet_of(unit_id: int, value: str, *, submitted: bool = True, excluded: str | None = None):
    return Sheet(
        unit_id=unit_id,
        round=Round.YEAREND,
        submitted=submitted,
        lines=(),
        excluded_reason=excluded,
        self_total=Decimal(value),
        criteria=Decimal(value),
        sections={},
        bonus=Decimal(0),
        deductions=Decimal(0),
        extra_bonus=Decimal(0),
        extra_deductions=Decimal(0),
        total=Decimal(value),
        reviewed=False,
    )


def refs(n: int) -> list[UnitRef]:
    return [UnitRef(unit_id=i, code=f"U{i:02d}", name=f"Ban {i}") for i in range(1, n + 1)]


def test_ties_share_a_rank_and_the_next_is_skipped() -> None:
    units = refs(6)
    sheets = {
        1: sheet_of(1, "90"),
        2: sheet_of(2, "95.5"),
        3: sheet_of(3, "90"),
        4: sheet_of(4, "80", excluded="Vi phạm an toàn lao động"),
        5: sheet_of(5, "70", submitted=False),
    }
    ranking = rank_units(Round.YEAREND, units, sheets)
    assert [(r.rank, r.unit.code, r.tied) for r in ranking.rows] == [
        (1, "U02", False),
        (2, "U01", True),
        (2, "U03", True),
    ]
    assert [(e.unit.code, e.reason) for e in ranking.excluded] == [
        ("U04", "Vi phạm an toàn lao động")
    ]
    assert [u.code for u in ranking.not_submitted] == ["U05", "U06"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=0, max_size=15))
def test_competition_ranking_properties(totals: list[int]) -> None:
    units = refs(len(totals))
    sheets = {i + 1: sheet_of(i + 1, str(Decimal(t) / 2)) for i, t in enumerate(totals)}
    ranking = rank_units(Round.YEAREND, list(reversed(units)), sheets)
    rows = ranking.rows
    assert len(rows) == len(totals)
    for row in rows:  # rank = 1 + how many are strictly better
        assert row.rank == 1 + sum(1 for other in rows if other.total > row.total)
        assert row.tied == (sum(1 for other in rows if other.total == row.total) > 1)
    assert [r.total for r in rows] == sorted((r.total for r in rows), reverse=True)
    assert rank_units(Round.YEAREND, units, sheets) == ranking  # input order does not matter


def test_comparison_lists_both_rounds() -> None:
    units = refs(3)
    mid = rank_units(Round.MIDYEAR, units, {1: sheet_of(1, "40"), 2: sheet_of(2, "45")})
    end = rank_units(Round.YEAREND, units, {1: sheet_of(1, "92"), 3: sheet_of(3, "88")})
    rows = compare(mid, end)
    assert [(c.unit.code, c.midyear_rank, c.yearend_rank) for c in rows] == [
        ("U01", 2, 1),
        ("U03", None, 2),
        ("U02", 1, None),
    ]
    assert rows[0].change == 52 and rows[1].change is None


def picked_adj(review: UnitReview) -> list[Adjustment]:
    return list(review.adjustments.values())


# --- review lines ----------------------------------------------------------------------


def test_review_lines_take_scores_and_extras_with_reasons() -> None:
    from bot.domain.review_lines import NO_FIGURE, NO_REASON, NOT_A_DECISION, parse_review_lines

    text = "\n".join(
        [
            "1.1 7,5 Thiếu biên bản họp",
            "+1,5 Sáng kiến cấp tỉnh",
            "- 2 Chậm nộp báo cáo",
            "",
            "1.2 6 Quá điểm tối đa",
            "1.2 4.25 Lệch bước",
            "9.9 1 Không có tiêu chí",
            "2.1 10",
            "1.1 8 Lần hai",
            "+ 0 Không hợp lệ",
            "xin chào",
            "😀",
            "1.3",
            "+",
        ]
    )
    found = parse_review_lines(small_scale(), text)
    assert [(s.line, s.code, s.value, s.reason) for s in found.scores] == [
        (1, "1.1", Decimal("7.5"), "Thiếu biên bản họp")
    ]
    assert [(e.kind, e.points) for e in found.extras] == [
        (ExtraKind.BONUS, Decimal("1.5")),
        (ExtraKind.DEDUCTION, Decimal(2)),
    ]
    assert [(e.line, e.reason) for e in found.errors] == [
        (5, Reason.OUT_OF_RANGE),
        (6, Reason.NOT_IN_STEP),
        (7, Reason.UNKNOWN_ITEM),
        (8, NO_REASON),
        (9, Reason.REPEATED_ITEM),
        (10, Reason.POINTS_NOT_POSITIVE),
        (11, NOT_A_DECISION),  # prose, not "the scale has no criterion xin"
        (12, NOT_A_DECISION),
        (13, NO_FIGURE),
        (14, NO_FIGURE),
    ]


@settings(max_examples=80, deadline=None)
@given(text=st.text(max_size=300))
def test_review_lines_never_crash_and_account_for_every_line(text: str) -> None:
    from bot.domain.review_lines import parse_review_lines

    found = parse_review_lines(small_scale(), text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    counted = len(found.scores) + len(found.extras) + len(found.errors)
    assert counted == sum(1 for line in lines if line.strip())

"""A year report to render: Vietnamese names, a scale, two rounds, a tie, an exclusion."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from bot.domain.ranking import UnitRef, rank_units
from bot.domain.review import (
    Adjustment,
    Answer,
    Extra,
    ExtraKind,
    Round,
    SelfAssessment,
    UnitReview,
    review_sheet,
)
from bot.domain.scale import Criterion, Scale, Section
from bot.formats.report import (
    LogLine,
    PledgeInfo,
    RoundReport,
    Tally,
    UnitInfo,
    VoteResult,
    YearReport,
)

AT = datetime(2027, 6, 20, 3, 30, tzinfo=UTC)


def scale_of(n_criteria: int = 4) -> Scale:
    """Sections of up to 10 criteria; steps 0.5 and 0.25; a bonus and a deduction item."""
    sections = []
    for s in range(0, n_criteria, 10):
        criteria = [
            Criterion(
                code=f"{s // 10 + 1}.{i + 1}",
                title=f"Tiêu chí {s + i + 1}: hoàn thành kế hoạch",
                max=Decimal(10) if i % 2 == 0 else Decimal(5),
                step=Decimal("0.5") if i % 2 == 0 else Decimal("0.25"),
            )
            for i in range(min(10, n_criteria - s))
        ]
        sections.append(
            Section(code=f"S{s // 10 + 1}", title="Công tác chuyên môn", criteria=criteria)
        )
    return Scale(
        name="Thang điểm thi đua",
        sections=sections,
        bonus=[Criterion(code="T1", title="Sáng kiến được công nhận", max=Decimal(2))],
        deductions=[Criterion(code="D1", title="Chậm nộp báo cáo", max=Decimal(2))],
    )


def units_of(n: int) -> tuple[UnitInfo, ...]:
    return tuple(
        UnitInfo(
            unit_id=i,
            code=f"U{i:02d}",
            name=f"Ban Quản lý các KCN tỉnh Đồng Tháp số {i}",
            delegates=(f"Nguyễn Văn Ân {i}",),
            role="head" if i == 1 else "deputy" if i == 2 else None,
        )
        for i in range(1, n + 1)
    )


def round_of(
    which: Round, scale: Scale, units: tuple[UnitInfo, ...], *, skip: int = 1, seed: int = 0
) -> RoundReport:
    """Every unit but the last `skip` submitted; unit 1 is reviewed, unit 3 excluded, 4 = 5."""
    sheets = {}
    reviews: dict[int, UnitReview] = {}
    items = scale.items()
    for unit in units[: len(units) - skip]:
        scores = {}
        for n, (_, _, c) in enumerate(items):
            steps = int(c.max / c.step)
            scores[c.code] = c.step * ((unit.unit_id * 7 + n * 3 + seed) % (steps + 1))
        if unit.unit_id == 5:
            scores = {x.code: x.self_score for x in sheets[4].lines if x.self_score is not None}
        own = SelfAssessment(unit_id=unit.unit_id, round=which, submitted=True, scores=scores)
        review = None
        if unit.unit_id == 1:
            first = items[0].criterion
            review = UnitReview(
                unit_id=1,
                round=which,
                adjustments={
                    first.code: Adjustment(
                        code=first.code,
                        reviewed=first.step,
                        reason="=Thiếu biên bản",
                        reviewer_id=100,
                        reviewer_unit_id=2,
                        at=AT,
                    )
                },
                extras=(
                    Extra(
                        id=1,
                        kind=ExtraKind.DEDUCTION,
                        points=Decimal("1.25"),
                        reason="Vi phạm quy định",
                        reviewer_id=100,
                        at=AT,
                    ),
                ),
                answers=(Answer(text="Đơn vị đã bổ sung", by=101, at=AT),),
            )
        if unit.unit_id == 3:
            review = UnitReview(unit_id=3, round=which, excluded_reason="Vi phạm an toàn lao động")
        if review:
            reviews[unit.unit_id] = review
        sheets[unit.unit_id] = review_sheet(scale, own, review)
    refs = [UnitRef(unit_id=u.unit_id, code=u.code, name=u.name) for u in units]
    return RoundReport(
        round=which,
        scale=scale,
        sheets=sheets,
        ranking=rank_units(which, refs, sheets),
        closed=which is Round.MIDYEAR,
        answers={k: v.answers for k, v in reviews.items() if v.answers},
    )


def report_of(n_units: int = 6, n_criteria: int = 4, *, yearend: bool = True) -> YearReport:
    scale = scale_of(n_criteria)
    units = units_of(n_units)
    rounds = [round_of(Round.MIDYEAR, scale, units)]
    if yearend:
        rounds.append(round_of(Round.YEAREND, scale, units, skip=2, seed=1))
    return YearReport(
        bloc_name="Khối thi đua các KCN, KKT Đồng bằng sông Cửu Long",
        year=2027,
        timezone="Asia/Ho_Chi_Minh",
        units=units,
        pledges=(
            PledgeInfo(
                unit_id=1,
                titles=("Cờ thi đua của Bộ Tài chính",),
                commitments="+ Hoàn thành 100% kế hoạch",
                registered_at=AT,
            ),
        ),
        rounds=tuple(rounds),
        votes=(
            VoteResult(
                kind="head",
                eligible=n_units,
                cast=n_units - 1,
                receipts=n_units - 1,
                tallies=(
                    Tally(candidate="U01", votes=3, chosen=True),
                    Tally(candidate="U02", votes=2),
                ),
            ),
        ),
        log=(
            LogLine(at=AT, who="Trần Thị Bình", unit="U01", action="registered"),
            LogLine(
                at=AT,
                who="Lê Văn Cường",
                unit="U01",
                round=Round.MIDYEAR,
                action="score_set",
                item="1.1",
                old=Decimal(10),
                new=Decimal("0.5"),
                detail="Thiếu biên bản",
            ),
        ),
        people={100: "Lê Văn Cường", 101: "Trần Thị Bình"},
    )

"""A small made-up year, for a trial render of an uploaded template before it is accepted.

Why made up and not the bloc's own data: a template may be replaced before the year has any
votes or scores, and it must still be proved to render with every section filled (a loop over
an empty list would hide a broken row). Three units, one title, both kinds of vote.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache

from bot.domain.ballots import ElectionKind, ElectionRules, tally_head
from bot.domain.commendation import tally_commendation
from bot.domain.documents import DocumentSettings, Meeting
from bot.domain.ranking import UnitRef, rank_units
from bot.domain.review import Round, SelfAssessment, review_sheet
from bot.domain.scale import Criterion, Scale, Section
from bot.formats.documents.data import DocumentData, VoteRecord
from bot.formats.report import PledgeInfo, RoundReport, UnitInfo, YearReport

AT = datetime(2027, 12, 15, 2, 0, tzinfo=UTC)


@cache
def sample_data() -> DocumentData:
    scale = Scale(
        name="Thang điểm",
        sections=[Section(code="I", title="Chuyên môn", criteria=[
            Criterion(code="1.1", title="Kế hoạch", max=Decimal(10)),
        ])],
    )  # fmt: skip
    units = tuple(
        UnitInfo(unit_id=i, code=f"U{i}", name=f"Đơn vị {i} & cộng sự", role=role)
        for i, role in ((1, "head"), (2, "deputy"), (3, None))
    )
    sheets = {
        u.unit_id: review_sheet(scale, SelfAssessment(
            unit_id=u.unit_id, round=Round.YEAREND, submitted=True,
            scores={"1.1": Decimal(10) - Decimal("0.5") * u.unit_id}), None)
        for u in units
    }  # fmt: skip
    refs = [UnitRef(unit_id=u.unit_id, code=u.code, name=u.name) for u in units]
    rules = ElectionRules()
    roll = (1, 2, 3)
    head = tally_head([1, 2, 3], [1, 1, 2], roll=3, rules=rules)
    binhxet = tally_commendation({7: [1, 2, 3]}, {7: 1}, [{7: [1]}, {7: [1]}, {7: [2]}],
                                 roll=3, rules=rules)  # fmt: skip
    common = dict(opened_at=AT, closed_at=AT, opened_by="Nguyễn Lan", closed_by=None,
                  roll=roll, voted=roll, rules=rules, receipts=3)  # fmt: skip
    return DocumentData(
        report=YearReport(
            bloc_name="Khối thi đua mẫu",
            year=2027,
            timezone="Asia/Ho_Chi_Minh",
            units=units,
            pledges=tuple(
                PledgeInfo(
                    unit_id=u.unit_id, titles=("Cờ thi đua",), commitments="", registered_at=AT
                )
                for u in units
            ),
            rounds=(
                RoundReport(
                    round=Round.YEAREND,
                    scale=scale,
                    sheets=sheets,
                    ranking=rank_units(Round.YEAREND, refs, sheets),
                    closed=True,
                ),
            ),
        ),
        settings=DocumentSettings(
            parent_body="BỘ TÀI CHÍNH",
            issuing_body="KHỐI THI ĐUA MẪU",
            place_name="Hà Nội",
            signer_title="KHỐI TRƯỞNG",
            signer_name="Nguyễn Văn A",
            number_prefix="KTĐ",
            recipients=("Hội đồng Thi đua - Khen thưởng", "Lưu: VT"),
        ),
        meeting=Meeting(held_on=date(2027, 12, 20), place="Hội trường", extra_unit_ids=()),
        votes=(
            VoteRecord(kind=ElectionKind.HEAD, round=1, head=head, **common),  # type: ignore[arg-type]
            VoteRecord(kind=ElectionKind.COMMENDATION, round=1, commendation=binhxet, **common),  # type: ignore[arg-type]
        ),
        titles={7: "Cờ thi đua"},
        units={u.unit_id: (u.code, u.name) for u in units},
    )

"""Results from the database: the workbook's numbers against the stored rows; review rules."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.actor import Actor
from bot.bench_export import FIRST_DELEGATE, Seeded, seed_results
from bot.clock import MovableClock
from bot.domain.errors import InvalidValue, Reason
from bot.domain.review import ExtraKind, Round
from bot.domain.review_limits import BONUS_OVER
from bot.errors import Conflict, NotAllowed, NotFound
from bot.formats.export_xlsx import build_workbook
from bot.registry import Registry
from bot.services import Services
from bot.settings import load_settings
from bot.usecases import review
from bot.usecases.results import year_report
from bot.usecases.review_session import reviewer
from storage.db import Database
from storage.reviews import ReviewRepo


@pytest.fixture
async def services(db: Database, clock: MovableClock, tmp_path: Path) -> AsyncIterator[Services]:
    settings = load_settings(_env_file=None, DATABASE_PATH=tmp_path / "unused.sqlite3")
    yield Services.create(settings, db, clock, Registry([]))


@pytest.fixture
async def seeded(services: Services) -> Seeded:
    return await seed_results(services, units=5, criteria=12)


def person(user_id: int) -> Actor:
    """Someone acting in a private chat (Telegram knows them in no group)."""
    return Actor(user_id=user_id, chat_id=user_id, private=True)


async def _stored(db: Database, year_id: int, round_: Round) -> dict[int, dict[str, Decimal]]:
    rows = await db.fetch_all(
        "SELECT a.unit_id, s.code, s.score FROM assessment_submitted s"
        " JOIN assessments a ON a.id = s.assessment_id"
        " WHERE a.year_id = ? AND a.round = ? AND a.submitted_revision IS NOT NULL",
        (year_id, round_.value),
    )
    found: dict[int, dict[str, Decimal]] = {}
    for row in rows:
        found.setdefault(row["unit_id"], {})[row["code"]] = Decimal(row["score"])
    return found


async def test_every_number_of_the_workbook_is_the_database_s(
    services: Services, seeded: Seeded
) -> None:
    db = services.db
    report = await year_report(services, seeded.bloc, seeded.year)
    wb = load_workbook(io.BytesIO(build_workbook(report, services.catalog, "vi")))
    codes = {u.unit_id: u.code for u in report.units}
    deductions = {c.code for c in seeded.scale.deductions}
    for round_, title in (
        (Round.MIDYEAR, "Điểm sơ kết 6 tháng"),
        (Round.YEAREND, "Điểm tổng kết năm"),
    ):
        ws = wb[title]
        rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value}
        cols = {str(c.value).split(" ")[0]: c.column for c in ws[1][3:] if c.value}
        stored = await _stored(db, seeded.year.id, round_)
        reviewed = {
            (row["unit_id"], row["code"]): Decimal(row["reviewed"])
            for row in await db.fetch_all(
                "SELECT * FROM review_scores WHERE year_id = ? AND round = ?",
                (seeded.year.id, round_.value),
            )
        }
        extras = await db.fetch_all(
            "SELECT unit_id, kind, points FROM review_extras"
            " WHERE year_id = ? AND round = ? AND removed_at IS NULL",
            (seeded.year.id, round_.value),
        )
        assert len(stored) == len(report.units) - 1  # the last unit never submitted
        for unit_id, scores in stored.items():
            col = cols[codes[unit_id]]
            final_total = Decimal(0)
            for code, value in scores.items():
                final = reviewed.get((unit_id, code), value)
                assert Decimal(str(ws.cell(rows[code], col).value)) == value
                assert Decimal(str(ws.cell(rows[code], col + 1).value)) == final
                final_total += -final if code in deductions else final
            for extra in (e for e in extras if e["unit_id"] == unit_id):
                sign = 1 if extra["kind"] == "bonus" else -1
                final_total += sign * Decimal(extra["points"])
            submitted_total = await db.fetch_value(
                "SELECT submitted_total FROM assessments WHERE year_id = ? AND unit_id = ?"
                " AND round = ?",
                (seeded.year.id, unit_id, round_.value),
            )
            assert Decimal(str(ws.cell(ws.max_row, col).value)) == Decimal(submitted_total)
            assert Decimal(str(ws.cell(ws.max_row, col + 1).value)) == final_total
    log = [row[4] for row in wb["Nhật ký"].iter_rows(min_row=2, values_only=True)]
    assert log.count("Nộp bản tự chấm điểm") == 2 * (len(report.units) - 1)
    assert "Không xếp hạng đơn vị" in log


async def test_review_rules(services: Services, seeded: Seeded, clock: MovableClock) -> None:
    bloc, year = seeded.bloc, seeded.year
    head_delegate, deputy_delegate = FIRST_DELEGATE + 1, FIRST_DELEGATE + 2
    u1, u2, u3 = seeded.unit_ids[:3]
    last = seeded.unit_ids[-1]
    with pytest.raises(NotAllowed):
        await reviewer(services, person(FIRST_DELEGATE + 4), bloc, year)
    head = await reviewer(services, person(head_delegate), bloc, year)
    admin = await reviewer(services, person(1), bloc, year)
    assert admin.admin and not head.admin and head.unit_ids == {u1}
    mid = Round.MIDYEAR
    sheet = await review.set_score(services, head, year, mid, u2, "1.1", "7,5", "Thiếu biên bản")
    line = next(x for x in sheet.lines if x.code == "1.1")
    assert line.final == Decimal("7.5") and line.reviewed and line.reviewed.reviewer_unit_id == u1
    with pytest.raises(NotAllowed):  # a reviewer never reviews their own unit
        await review.set_score(services, head, year, mid, u1, "1.1", "5", "x")
    with pytest.raises(InvalidValue) as caught:
        await review.set_score(services, head, year, mid, u2, "1.1", "10.5", "Quá điểm tối đa")
    assert caught.value.error.reason == Reason.OUT_OF_RANGE
    with pytest.raises(InvalidValue) as caught:
        await review.set_score(services, head, year, mid, u2, "1.2", "2.3", "Lệch bước")
    assert caught.value.error.reason == Reason.NOT_IN_STEP
    with pytest.raises(InvalidValue):
        await review.set_score(services, head, year, mid, u2, "1.2", "2", "   ")
    with pytest.raises(NotFound):
        await review.set_score(services, head, year, mid, u2, "9.9", "2", "Không có")
    with pytest.raises(Conflict):  # never submitted
        await review.set_score(services, head, year, mid, last, "1.1", "2", "Chưa nộp")
    sheet = await review.add_extra(
        services, head, year, mid, u2, ExtraKind.BONUS, "0,75", "Sáng kiến cấp tỉnh"
    )
    assert sheet.extra_bonus == Decimal("0.75")
    with pytest.raises(InvalidValue) as caught:  # past the scale's bonus maximum
        await review.add_extra(services, head, year, mid, u2, ExtraKind.BONUS, "1000", "Quá")
    assert caught.value.error.reason == BONUS_OVER
    with pytest.raises(NotAllowed):
        await review.set_excluded(services, head, year, mid, u3, "Vi phạm")
    await review.set_excluded(services, admin, year, mid, u3, "Vi phạm an toàn lao động")
    with pytest.raises(NotAllowed):  # only the unit's own delegates answer
        await review.answer(services, person(deputy_delegate), year, mid, u3, "Giải trình")
    await review.answer(services, person(FIRST_DELEGATE + 3), year, mid, u3, "Đơn vị đã khắc phục")
    with pytest.raises(NotAllowed):
        await review.set_closed(services, head, year, mid, True)
    await review.set_closed(services, admin, year, mid, True)
    with pytest.raises(Conflict):
        await review.set_closed(services, admin, year, mid, True)
    with pytest.raises(Conflict):
        await review.set_score(services, admin, year, mid, u2, "1.1", "8", "Sau khi đóng")
    with pytest.raises(Conflict):
        await review.answer(services, person(FIRST_DELEGATE + 3), year, mid, u3, "Muộn")
    await review.set_closed(services, admin, year, mid, False, reason="Sửa sai sót")
    await review.keep_self(services, admin, year, mid, u2, "1.1")
    repo = ReviewRepo(services.db)
    assert "1.1" not in (await repo.unit_review(year.id, mid, u2)).adjustments
    actions = [e.action.value for e in await repo.log(year.id) if e.round is mid]
    assert actions[-5:] == ["excluded", "answered", "closed", "reopened", "score_kept"]


async def test_a_closed_vote_is_exported_as_tallies_and_turnout(
    services: Services, seeded: Seeded
) -> None:
    from bot.domain.ballots import ElectionKind, ElectionRules
    from bot.domain.elections import NO_TITLE
    from bot.usecases.election_close import close

    ids, now = seeded.unit_ids, services.clock.now()
    election = await services.elections.open(
        bloc_id=seeded.bloc.id, year_id=seeded.year.id, kind=ElectionKind.HEAD,
        rules=ElectionRules(), candidates={NO_TITLE: ids[:2]}, roll=ids, by=1, now=now,
    )  # fmt: skip
    for voter, choice in zip(ids, [ids[0], ids[0], ids[1], ids[0]], strict=False):
        assert await services.elections.cast(election.id, voter, {"unit": choice})
    admin = Actor(user_id=1, chat_id=seeded.bloc.chat_id, private=False)
    await close(services, admin, election.id)
    report = await year_report(services, seeded.bloc, seeded.year)
    [vote] = report.votes
    assert (vote.kind, vote.eligible, vote.cast, vote.receipts) == ("head", 5, 4, 4)
    assert [(t.candidate, t.votes, t.chosen) for t in vote.tallies] == [
        ("U01", 3, True),
        ("U02", 1, False),
    ]
    wb = load_workbook(io.BytesIO(build_workbook(report, services.catalog, "vi")))
    rows = list(wb["Bầu và bình xét"].iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("Bầu Khối trưởng", "U01", 3, "Được bầu")
    assert rows[2] == ("Bầu Khối trưởng", "Không chọn đơn vị nào", 0, None)
    assert rows[3][1] == "Đã bỏ phiếu 4/5 đơn vị, 4 phiếu được kiểm"

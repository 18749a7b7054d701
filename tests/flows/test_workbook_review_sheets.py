"""The workbook /export posts, its unit, review, ranking and log sheets (QA year-end, item 12):
an exclusion row names who decided and when; a reviewed score's log line shows the self-score it
replaced; "Vai trò" holds the year's head and deputy and those chosen for the next year; a
mid-year tie is noted as a year-end one is."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from bot.domain.assessment import Round
from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.results_kit import exported_workbook, submit_midyear
from tests.flows.test_results_flow import CASTS, _scene


async def test_review_sheets_name_who_when_the_old_score_roles_and_ties(bot: Harness) -> None:
    # mid-year: DNG 100 = KTM 100 (tied), DLK 99, GLI 98; DLK heads 2026 (Lan reviews), DNG deputy
    bloc, scale = await _scene(bot, CASTS["vi"])
    lower = {"DLK": {}, "DNG": {"1.1": "9.5"}, "GLI": {"1.3": "6"}, "KTM": {"1.1": "7"}}
    for code, scores in lower.items():  # year-end: 100, 99 after review, 98, 97: no tie
        await submit_midyear(bot, bloc, code, scale, scores, Round.YEAREND)

    await bot.say(bot.group, ADMIN, "/review midyear")  # GLI not ranked at mid-year
    await bot.press(ADMIN, ADMIN, text="GLI")
    await bot.press(ADMIN, ADMIN, text="⛔")
    await bot.say(ADMIN, ADMIN, "Chưa nộp báo cáo quý II")
    await bot.press(ADMIN, ADMIN, text="✅")
    await bot.say(bot.group, ALICE, "/review yearend")  # DNG's 1.1: self 9,5, reviewed 9
    await bot.press(ALICE, ALICE, text="DNG")
    await bot.say(ALICE, ALICE, "1.1 9 Thiếu biên bản nghiệm thu")
    await bot.say(bot.group, ADMIN, "/head set GLI")  # next year's head, recorded now
    await bot.press(bot.group, ADMIN, text="✅")

    book = await exported_workbook(bot, privately=True)  # the reasons: the admin's copy

    review = list(book["Thẩm định sơ kết 6 tháng"].iter_rows(min_row=4, values_only=True))
    [excluded] = [row for row in review if row[2] == "Không xếp hạng"]
    assert excluded[0] == "GLI" and excluded[6] == "Chưa nộp báo cáo quý II"
    assert excluded[7] == "Hùng" and isinstance(excluded[8], datetime)

    log = list(book["Nhật ký"].iter_rows(min_row=2, values_only=True))
    [score_set] = [row for row in log if row[4] == "Đặt điểm thẩm định"]
    assert score_set[2:6] == ("DNG", "tổng kết năm", "Đặt điểm thẩm định", "1.1")
    assert (Decimal(str(score_set[6])), Decimal(str(score_set[7]))) == (Decimal("9.5"), 9)

    roles = {row[1]: row[4] for row in book["Đơn vị"].iter_rows(min_row=2, values_only=True)}
    assert roles["DLK"] == "Khối trưởng năm 2026" and roles["DNG"] == "Khối phó năm 2026"
    assert roles["GLI"] == "Khối trưởng năm 2027" and roles["KTM"] is None

    notes = {row[0]: row[-1] for row in book["Xếp hạng"].iter_rows(min_row=2, values_only=True)}
    assert notes["DNG"].startswith("Đồng hạng (sơ kết 6 tháng)")
    assert notes["KTM"].startswith("Đồng hạng (sơ kết 6 tháng)")
    assert "Đồng hạng" not in (notes["DLK"] or "")
    assert notes["GLI"].startswith("Không xếp hạng: Chưa nộp báo cáo quý II (sơ kết 6 tháng)")

"""/assess through the emulator: a full round by wizard (vi), by pasted lines and template (en),
review, submit, change, lock and an admin's reopening, and two delegates on one assessment."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

from openpyxl import load_workbook

from bot.domain.assessment import EvidenceKind, LogAction, Round
from tests.domain.helpers import ROOT
from tests.flows.assess_kit import FULL, PHOTO, press_exact, ready, scores_of, submit, with_buttons
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness

#: The sample scale's criteria after 1.1 with their maximum, in the wizard's order.
AFTER_FIRST = [
    ("1.2", "10"),
    ("1.3", "8"),
    ("1.4", "7"),
    ("1.5", "8"),
    ("1.6", "7"),
    ("2.1", "6"),
    ("2.2", "5"),
    ("2.3", "5"),
    ("2.4", "4"),
    ("3.1", "6"),
    ("3.2", "5"),
    ("3.3", "5"),
    ("3.4", "4"),
    ("4.1", "4"),
    ("4.2", "3"),
    ("4.3", "3"),
]


async def test_a_full_round_by_the_wizard(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    [screen] = await bot.say(ALICE, ALICE, "/assess")
    assert "Tự chấm điểm — Sơ kết 6 tháng 2026" in screen.text
    assert "Chưa chấm điểm (0/17 tiêu chí)" in screen.text
    assert "30/06/2026 17:00" in screen.text
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")
    assert "Tiêu chí 1.1 (1/17)" in screen.text
    assert "Điểm tối đa: 10, chấm lẻ đến 0,5" in screen.text
    assert screen.button_texts()[:6] == ["0", "5", "7,5", "9", "9,5", "10"]
    [asked] = await bot.say(ALICE, ALICE, "9,5")
    assert "Đã lưu điểm" in asked.text and "Điểm đã chấm: 9,5" in asked.text
    await bot.say(ALICE, ALICE, "Hoàn thành kế hoạch năm")
    for code, top in AFTER_FIRST:
        assert f"Tiêu chí {code}" in with_buttons(bot, ALICE).text
        await press_exact(bot, ALICE, ALICE, top)
        await bot.press(ALICE, ALICE, text="Không ghi chú")
        if code == "1.2":
            assert "tài liệu minh chứng" in with_buttons(bot, ALICE).text
            bot.emu.send_photo(ALICE, ALICE, PHOTO, caption="Ảnh lễ ký kết")
            await bot.settle()
            assert "Ảnh lễ ký kết" in with_buttons(bot, ALICE).text
            await bot.press(ALICE, ALICE, text="Tiếp")
        if code == "2.3":
            await bot.send_file(ALICE, ALICE, "bao-cao-quy.pdf", b"%PDF-1.4 report")
            await bot.press(ALICE, ALICE, text="Tiếp")
    for _ in ("T1", "T2", "D1", "D2"):
        await bot.press(ALICE, ALICE, text="Bỏ qua")
    review = with_buttons(bot, ALICE)
    assert "Tổng điểm: 99,5" in review.text and "Chưa chấm điểm:" not in review.text
    # the ceiling is the scale's 100 (as /scale and /summary say), the bonus named apart
    assert "Tổng điểm: 99,5 (tối đa 100, thêm điểm thưởng tối đa 5)" in review.text
    assert "I. Thực hiện nhiệm vụ chính trị được giao</b> — 49,5/50" in review.html
    await bot.press(ALICE, ALICE, text="Gửi bản tự chấm điểm")
    assert "tổng 99,5 điểm" in review.text
    assert review.button_texts() == ["✅ Gửi", "✖️ Chưa gửi"]
    await bot.press(ALICE, ALICE, text="✅")
    assert "✅ Đã gửi bản tự chấm điểm của DLK, tổng 99,5 điểm" in review.text
    group = bot.last(bot.group).text
    assert group == "✅ DLK đã gửi bản tự chấm điểm Sơ kết 6 tháng — 1/3 đơn vị"
    scores = await scores_of(bot, bloc, "DLK")
    assert scores["1.1"].value == Decimal("9.5") and scores["1.1"].note == "Hoàn thành kế hoạch năm"
    assert [(e.kind, e.name) for e in scores["1.2"].evidence] == [
        (EvidenceKind.PHOTO, "Ảnh lễ ký kết")
    ]
    assert [e.kind for e in scores["2.3"].evidence] == [EvidenceKind.FILE]


async def test_pasted_lines_and_the_template_in_english(bot: Harness) -> None:
    bloc = await ready(bot, {"DNG": [BOB]})
    [screen] = await bot.say(BOB, BOB, "/assess")
    assert "Self-assessment — Mid-year review 2026" in screen.text
    paste = "1.1 9.5 Met the plan\n1.2 abc\n9.9 3\n1.3 9\n1.4 6,5\n\n1.1 8"
    [answer] = await bot.say(BOB, BOB, paste)
    assert "Received — 2 criteria stored, 4 lines not taken." in answer.text
    assert "Criterion 1.2 (line 2): “abc” is not a number." in answer.text
    assert "Line 3: the scale has no criterion 9.9" in answer.text
    assert "Criterion 1.3 (line 4): the score must be between 0 and 8" in answer.text
    assert "Line 7: the criterion 1.1 is already given above" in answer.text
    await bot.press(BOB, BOB, text="Overview")
    await bot.press(BOB, BOB, text="Excel template")
    sent = bot.last(BOB)
    assert sent.document is not None and sent.document[0].endswith(".xlsx")
    book = load_workbook(io.BytesIO(sent.document[1]))
    sheet = book.active
    for row in sheet.iter_rows(min_row=4):
        if row[0].value == "1.5":
            row[6].value = 8
        if row[0].value == "1.6":
            row[6].value, row[7].value = "6.5", "Two permits late"
    out = io.BytesIO()
    book.save(out)
    [report] = await bot.send_file(BOB, BOB, "filled.xlsx", out.getvalue())
    assert "Received — 2 criteria stored, 2 criteria unchanged." in report.text
    [one] = await bot.say(BOB, BOB, "1.4 6")
    assert one.text.startswith("Received — 1 criterion stored.")  # QA qa-last #5d
    scores = await scores_of(bot, bloc, "DNG")
    assert scores["1.6"].value == Decimal("6.5") and scores["1.6"].note == "Two permits late"
    assert scores["1.1"].note == "Met the plan"
    [refused] = await bot.send_file(BOB, BOB, "other.xlsx", sent.document[1][:100])
    assert "not a valid Excel workbook" in refused.text


async def test_review_submit_change_lock_and_reopen(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ADMIN, ADMIN, "/start")
    await bot.say(ALICE, ALICE, "/assess")
    [answer] = await bot.say(ALICE, ALICE, FULL)
    assert "lưu 17 tiêu chí" in answer.text
    await bot.press(ALICE, ALICE, text="Xem lại")
    await bot.press(ALICE, ALICE, text="Gửi bản tự chấm điểm")
    await bot.press(ALICE, ALICE, text="✅")
    assert "1/3 đơn vị" in bot.last(bot.group).text
    await bot.say(ALICE, ALICE, "1.1 9")  # a change before the deadline: allowed
    [status] = await bot.say(bot.group, CAROL, "/status midyear")
    assert (
        "DLK: Đã gửi (tổng 98,5 điểm); có sửa sau khi gửi, chưa gửi lại nên chưa được tính"
        in status.text
    )
    assert "DNG: Chưa chấm điểm" in status.text
    bot.clock.set(datetime(2026, 6, 30, 11, 0, tzinfo=UTC))  # 18:00 in Vietnam: locked
    [locked] = await bot.say(ALICE, ALICE, "1.1 8")
    assert "Đã hết thời hạn tự chấm điểm" in locked.text
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].value == 9
    await bot.say(bot.group, ADMIN, "/status midyear")
    await bot.press(bot.group, ADMIN, text="🔍 DLK")
    view = bot.last(ADMIN)  # what DLK submitted (1.1 10), its total, and the unsent draft
    assert "1.1: 10/10" in view.text and "🔒 đã khóa" in view.text
    assert "Tổng điểm: 98,5" in view.text and "bản đang sửa chưa được tính" in view.text
    await bot.press(ADMIN, ADMIN, text="Mở lại cho DLK")
    await bot.say(ADMIN, ADMIN, "Đơn vị bổ sung minh chứng")
    await bot.press(ADMIN, ADMIN, text="✅")
    assert "Đã mở lại cho DLK; đã báo 1" in bot.last(ADMIN).text
    assert "đã mở lại bản tự chấm điểm Sơ kết 6 tháng của DLK" in bot.last(ALICE).text
    # past the midyear deadline the current phase is the year-end: the round is named
    await bot.say(ALICE, ALICE, "/assess midyear")
    await bot.say(ALICE, ALICE, "1.1 8")
    await bot.press(ALICE, ALICE, text="Xem lại")
    await bot.press(ALICE, ALICE, text="Gửi bản tự chấm điểm")
    await bot.press(ALICE, ALICE, text="✅")
    resubmitted = bot.last(ALICE).text  # past the deadline: locked again, not "until 30/06"
    assert "tổng 96,5 điểm" in resubmitted and "được khóa lại" in resubmitted
    assert "vẫn sửa được" not in resubmitted
    services = bot.services
    year = await services.years.current(bloc.id)
    unit = await services.units.by_code(bloc.id, "DLK")
    assert year is not None and unit is not None
    assessment = await services.assessments.get(year.id, unit.id, Round.MIDYEAR)
    assert assessment is not None and assessment.submitted_total == Decimal("96.5")
    log = await services.assessments.log(assessment.id)
    assert [(e.action, e.reason) for e in log] == [
        (LogAction.SUBMITTED, None),
        (LogAction.REOPENED, "Đơn vị bổ sung minh chứng"),
        (LogAction.SUBMITTED, None),
    ]


async def test_the_group_status_of_a_draft_reads_as_one_phrase(bot: Harness) -> None:
    await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, "1.1 9\n1.3 7")
    [status] = await bot.say(bot.group, CAROL, "/status midyear")
    assert "DLK: Đang chấm (2/17 tiêu chí)" in status.text  # not "DLK: Đang chấm: 2/17"
    assert "tổng hiện tại" not in status.text  # a draft's total stays with its unit


async def test_two_delegates_and_a_stale_button(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE, BOB]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")
    await bot.say(BOB, BOB, "/assess")
    await bot.press(BOB, BOB, text="Score each criterion")
    await press_exact(bot, ALICE, ALICE, "9")
    answer = await press_exact(bot, BOB, BOB, "5")
    assert answer is not None and "was updated after this screen was shown" in answer["text"]
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].value == 9
    fresh = with_buttons(bot, BOB)
    assert "Score given: 9" in fresh.text
    await press_exact(bot, BOB, BOB, "5")
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].value == 5


async def test_refusals_change_nothing(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    [outsider] = await bot.say(CAROL, CAROL, "/assess")
    assert "/join" in outsider.text  # not a delegate: how to become one
    [bad_round] = await bot.say(ALICE, ALICE, "/assess sometime")
    assert "/assess midyear" in bad_round.text
    await bot.say(ALICE, ALICE, "/assess")
    await bot.press(ALICE, ALICE, text="Xem lại")
    refused = await bot.press(ALICE, ALICE, text="Gửi bản tự chấm điểm")
    assert refused is not None and "còn các tiêu chí chưa chấm điểm: 1.1, 1.2" in refused["text"]
    [bad] = await bot.say(ALICE, ALICE, "1.1 10,5")
    assert "điểm phải từ 0 đến 10" in bad.text
    huge = b"x" * (2 * 1024 * 1024)
    [too_big] = await bot.send_file(ALICE, ALICE, "big.xlsx", huge)
    assert "Tệp quá lớn" in too_big.text
    assert await scores_of(bot, bloc, "DLK") == {}


async def test_an_admin_sees_every_unit_from_assess(bot: Harness) -> None:
    await ready(bot, {"DLK": [ADMIN], "DNG": [ALICE]})
    [mine] = await bot.say(ALICE, ALICE, "/assess")
    assert "📊 Tất cả đơn vị" not in mine.button_texts()
    await bot.say(ALICE, ALICE, FULL.replace("1.2 9,5", "1.2 9"))
    await bot.press(ALICE, ALICE, text="Xem lại")
    await bot.press(ALICE, ALICE, text="Gửi bản tự chấm điểm")
    await bot.press(ALICE, ALICE, text="✅")
    [overview] = await bot.say(ADMIN, ADMIN, "/assess")
    await bot.press(ADMIN, ADMIN, text="📊 Tất cả đơn vị")
    assert "Đã gửi: 1/3 đơn vị" in overview.text
    assert "DNG: Đã gửi, tổng 98 điểm" in overview.text
    assert "DLK: Chưa chấm điểm" in overview.text
    await bot.press(ADMIN, ADMIN, text="🔍 DNG")
    assert "1.2: 9/10" in bot.last(ADMIN).text


async def test_an_admin_who_is_no_delegate_gets_every_unit_from_assess(bot: Harness) -> None:
    await ready(bot, {"DNG": [ALICE]})
    await submit(bot, ALICE, FULL.replace("1.2 9,5", "1.2 9"))
    await bot.say(ADMIN, ADMIN, "/start")
    [every] = await bot.say(ADMIN, ADMIN, "/assess")
    assert "Đã gửi: 1/3 đơn vị" in every.text
    assert "DNG: Đã gửi, tổng 98 điểm" in every.text
    await bot.press(ADMIN, ADMIN, text="🔍 DNG")
    assert "1.2: 9/10" in bot.last(ADMIN).text
    [outsider] = await bot.say(CAROL, CAROL, "/assess")
    assert "/join" in outsider.text  # neither admin nor delegate: unchanged


async def test_a_new_scale_reopens_submitted_assessments(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, FULL)
    await bot.press(ALICE, ALICE, text="Xem lại")
    await bot.press(ALICE, ALICE, text="Gửi bản tự chấm điểm")
    await bot.press(ALICE, ALICE, text="✅")
    sample = (ROOT / "bot" / "data" / "scale-sample.yaml").read_text(encoding="utf-8")
    own = sample.replace("(mẫu)", "(của Khối)").encode()
    [proposal] = await bot.send_file(bot.group, ADMIN, "own.yaml", own, caption="/scale")
    assert "Đã có 1 đơn vị nộp bản tự chấm điểm" in proposal.text
    await bot.press(bot.group, ADMIN, text="✅")
    assert "Đã mở lại 1 bản tự chấm điểm" in bot.last(bot.group).text
    [screen] = await bot.say(ALICE, ALICE, "/assess")
    assert "Đang chấm: 17/17 tiêu chí" in screen.text and "🔓 được mở lại" in screen.text
    assert len(await scores_of(bot, bloc, "DLK")) == 17  # the scores stay, to submit again


async def test_an_admin_reopens_a_unit_that_submitted_nothing_from_its_private_list(
    bot: Harness,
) -> None:
    await ready(bot, {"DNG": [ALICE]})
    await bot.say(ADMIN, ADMIN, "/start")
    [before] = await bot.say(ADMIN, ADMIN, "/assess")
    assert not any(t.startswith("🔓") for t in before.button_texts())  # not locked yet
    bot.clock.set(datetime(2026, 6, 30, 11, 0, tzinfo=UTC))  # 18:00 in Vietnam: locked
    [status] = await bot.say(bot.group, ADMIN, "/status midyear")
    assert not any(t.startswith("🔓") for t in status.button_texts())  # never in the group
    [late] = await bot.say(ADMIN, ADMIN, "/assess midyear")  # the current phase is year-end
    assert "DNG: Chưa chấm điểm" in late.text
    assert "🔓 DNG" in late.button_texts()
    await bot.press(ADMIN, ADMIN, text="🔓 DNG")
    await bot.say(ADMIN, ADMIN, "Đơn vị có công văn xin gia hạn")
    await bot.press(ADMIN, ADMIN, text="✅")
    assert "Đã mở lại cho DNG; đã báo 1" in bot.last(ADMIN).text
    assert "đã mở lại bản tự chấm điểm Sơ kết 6 tháng của DNG" in bot.last(ALICE).text
    [opened] = await bot.say(ALICE, ALICE, "1.1 8")
    assert "Đã hết thời hạn" not in opened.text

"""Decisions flagged "self-score changed": closing the review (qa-regress #5), the workbook (#4).

The admin is told which decisions nobody confirmed again before closing; once closed, the unit
and the reviewers read a note of what happened, not a warning nobody can clear any more.
"""

from __future__ import annotations

from decimal import Decimal

from tests.flows.assess_kit import FULL, ready
from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.results_kit import exported_workbook
from tests.flows.year_setup import make_bloc, open_year, set_deadline


async def _submit(bot: Harness) -> None:
    await bot.say(ALICE, ALICE, "/assess")
    await bot.press(ALICE, ALICE, text="Xem lại")
    await bot.press(ALICE, ALICE, text="Gửi bản tự chấm điểm")
    await bot.press(ALICE, ALICE, text="✅")


async def _flagged(bot: Harness, language: str = "vi") -> None:
    """DLK submits 1.1 = 10, the admin reviews 8, DLK submits 1.1 = 9: the decision is flagged."""
    await make_bloc(bot, language=language, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await set_deadline(bot, "midyear 30/06/2026")
    for user in (ADMIN, ALICE):
        await bot.say(user, user, "/start")
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, FULL)
    await _submit(bot)
    await bot.say(bot.group, ADMIN, "/review")
    await bot.press(ADMIN, ADMIN, text="DLK")
    await bot.say(ADMIN, ADMIN, "1.1 8 Thiếu minh chứng")
    await bot.say(ALICE, ALICE, "1.1 9")
    await _submit(bot)


async def test_closing_names_the_unconfirmed_decisions_and_keeps_a_note(bot: Harness) -> None:
    await _flagged(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/review close midyear")
    assert "1 quyết định chưa được xác nhận lại sau khi đơn vị gửi lại" in ask.text
    assert "DLK 1.1" in ask.text
    await bot.press(bot.group, ADMIN, text="✅")

    [own] = await bot.say(ALICE, ALICE, "/review midyear")
    assert "⚠️" not in own.text
    assert (
        "1.1: đơn vị đổi điểm tự chấm từ 10 thành 9 sau khi thẩm định; điểm thẩm định được giữ"
        " khi kết thúc thẩm định" in own.text
    )
    await bot.say(bot.group, ADMIN, "/review midyear")
    listed = bot.last(ADMIN).text
    assert "⚠️" not in listed and "tự chấm đổi sau thẩm định, điểm thẩm định được giữ: 1.1" in listed


async def test_closing_without_a_flag_says_nothing_of_it(bot: Harness) -> None:
    await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, FULL)
    await _submit(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/review close midyear")
    assert "xác nhận lại" not in ask.text


async def test_the_english_confirmation_names_them_too(bot: Harness) -> None:
    await _flagged(bot, "en")
    [ask] = await bot.say(bot.group, ADMIN, "/review close midyear")
    assert "Decisions not confirmed again since the unit submitted again (1): DLK 1.1" in ask.text


async def test_the_workbook_keeps_the_self_score_decided_against(bot: Harness) -> None:
    """The log's old value is the self-score the reviewer saw (10), not the later 9 (#4), and
    the review sheet shows it beside the current self-score, as the flag does in the chat."""
    await _flagged(bot)
    book = await exported_workbook(bot)

    log = list(book["Nhật ký"].iter_rows(min_row=2, values_only=True))
    [score_set] = [row for row in log if row[4] == "Đặt điểm thẩm định"]
    assert score_set[5] == "1.1"
    assert (Decimal(str(score_set[6])), Decimal(str(score_set[7]))) == (10, 8)

    sheet = book["Thẩm định sơ kết 6 tháng"]
    assert sheet.cell(3, 10).value == "Điểm tự chấm khi thẩm định (nếu đơn vị đã đổi sau đó)"
    [row] = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[3] == "1.1"]
    assert (row[4], row[5], row[9]) == (9, 8, 10)

"""/summary names each round's review as it is stored (QA year-end, item 9): a round closed
with nothing submitted is closed, not "under review"; a past year's round left open is shown as
ended with its year; the workbook's review sheet says the same. (Closing a round nobody
submitted is refused since QA qa8 #2; one closed before that is stored so, and shown so.)"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bot.domain.assessment import Round
from storage.reviews import ReviewRepo
from tests.flows.conftest import ADMIN, CAROL, Harness
from tests.flows.test_results_flow import CASTS, _scene
from tests.flows.year_setup import open_year

WORDS = {
    "vi": {
        "mid_open": "Xếp hạng Sơ kết 6 tháng — đang thẩm định",
        "end_closed": "Xếp hạng Tổng kết năm — đã kết thúc thẩm định",
        "nobody": "Không có đơn vị nào nộp bản tự chấm điểm của vòng này.",
        "mid_past": "Xếp hạng Sơ kết 6 tháng — năm thi đua đã kết thúc",
        "sheet": "Thẩm định sơ kết 6 tháng",
        "sheet_past": "Năm thi đua đã kết thúc khi chưa kết thúc thẩm định",
        "tab_end": "🏆",
        "export": "Gửi vào nhóm",
    },
    "en": {
        "mid_open": "Mid-year ranking — score review open",
        "end_closed": "Year-end ranking — score review closed",
        "nobody": "No unit submitted its self-assessment for this round.",
        "mid_past": "Mid-year ranking — the year is closed",
        "sheet": "Review mid-year",
        "sheet_past": "The year was closed with the review still open",
        "tab_end": "🏆",
        "export": "To the group",
    },
}


def _now(bot: Harness, message_id: int) -> str:
    """The group message as it reads now (a tab edits it)."""
    return [m for m in bot.emu.bot_messages(bot.group) if m.message_id == message_id][-1].text


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_each_round_shows_its_stored_review_state(bot: Harness, lang: str) -> None:
    cast, words = CASTS[lang], WORDS[lang]
    bloc, _ = await _scene(bot, cast)  # 2026: mid-year submitted, nothing at year-end
    [summary] = await bot.say(bot.group, CAROL, "/summary")
    assert words["mid_open"] in summary.text

    [refused] = await bot.say(bot.group, ADMIN, "/review close yearend")  # nothing to close
    assert not refused.buttons
    year = await bot.services.years.current(bloc.id)
    assert year is not None  # …but one closed before that rule is stored closed
    await ReviewRepo(bot.services.db).set_closed(year.id, Round.YEAREND, True, by=ADMIN,
                                                 now=bot.clock.now())  # fmt: skip
    await bot.press(bot.group, CAROL, message_id=summary.message_id, text=words["tab_end"])
    shown = _now(bot, summary.message_id)
    assert words["end_closed"] in shown and words["nobody"] in shown

    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    await open_year(bot, 2027)
    [past] = await bot.say(bot.group, CAROL, "/summary 2026")
    assert words["mid_past"] in past.text  # the mid-year review was never closed
    await bot.press(bot.group, CAROL, message_id=past.message_id, text=words["tab_end"])
    assert words["end_closed"] in _now(bot, past.message_id)


async def test_the_workbook_of_an_ended_year_does_not_say_under_review(bot: Harness) -> None:
    cast, words = CASTS["vi"], WORDS["vi"]
    await _scene(bot, cast)
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    await bot.say(bot.group, ADMIN, "/export")
    await bot.press(bot.group, ADMIN, text=words["export"])
    [book] = [m.document[1] for m in bot.emu.bot_messages(bot.group) if m.document][:1]
    sheet = load_workbook(io.BytesIO(book))[words["sheet"]]
    assert words["sheet_past"] in sheet["A1"].value  # a line above the table, not a row of it

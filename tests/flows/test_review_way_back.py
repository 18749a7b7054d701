"""Dead ends of the review after /cancel and after a refused ✅ (QA qa8 #6).

6a: ⛔ asked for the reason with no ✖️, and /cancel there left the unit's message without
buttons and answered "press again the button that opened it" (there was none) and "your draft
is kept" (there is no draft). The question has its ✖️ now, and a paused review (/cancel,
another flow opened over it) says what stands and gives the button back to the unit.
6b: a ✅ refused because the review moved on since ("open the unit again…") left no button:
it has the button to the unit's screen as it is now.
"""

from __future__ import annotations

import pytest

from tests.flows.conftest import ADMIN, Harness
from tests.flows.test_results_flow import CASTS, _scene

WORDS = {
    "vi": {
        "cancelled": "Không thay đổi gì.",
        "exclude": "⛔",
        "paused": "Đã tạm dừng việc <b>Thẩm định điểm</b>. Lý do không xếp hạng chưa được gửi nên"
        " đơn vị <b>{code}</b> vẫn được xếp hạng; để thẩm định tiếp đơn vị này, Anh/Chị bấm nút"
        " dưới đây.",
        "paused_lines": "Đã tạm dừng việc <b>Thẩm định điểm</b>. Các quyết định Anh/Chị đã gửi đều"
        " đã được lưu; để thẩm định tiếp đơn vị <b>{code}</b>, Anh/Chị bấm nút dưới đây.",
        "open": "🔎 Thẩm định {code}",
        "hint": "Việc đang tạm dừng: <b>Thẩm định điểm</b>. Lý do không xếp hạng chưa được gửi",
        "draft": "Bản nháp",
        "taken": "Đã lưu 1 quyết định",
        "keep": "↩️ Bỏ điều chỉnh 1.1",
        "changed": "đã thay đổi sau khi xác nhận được gửi",
        "again": "🔎 Mở lại đơn vị",
    },
    "en": {
        "cancelled": "Nothing changed.",
        "exclude": "⛔",
        "paused": "Paused: <b>The score review</b>. No reason was sent, so <b>{code}</b> is still"
        " ranked; to go on reviewing it, press the button below.",
        "paused_lines": "Paused: <b>The score review</b>. The decisions you sent are all stored; to"
        " go on reviewing <b>{code}</b>, press the button below.",
        "open": "🔎 Review {code}",
        "hint": "Paused: <b>The score review</b>. No reason was sent, so <b>{code}</b>",
        "draft": "draft",
        "taken": "Decisions stored: 1.",
        "keep": "↩️ Undo 1.1",
        "changed": "changed after this confirmation was sent",
        "again": "🔎 Open the unit again",
    },
}


async def _count(bot: Harness, sql: str) -> int:
    return int(await bot.services.db.fetch_value(sql))


async def _excluding(bot: Harness, lang: str) -> str:
    """The admin (reading `lang`) opened the reviewed unit and pressed ⛔: the unit's code."""
    cast = CASTS[lang]
    await _scene(bot, cast)
    await bot.say(ADMIN, ADMIN, f"/lang {lang}")
    await bot.say(bot.group, ADMIN, "/review midyear")
    await bot.press(ADMIN, ADMIN, text=cast.reviewed)
    await bot.press(ADMIN, ADMIN, text=WORDS[lang]["exclude"])
    return cast.reviewed


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_the_reason_question_has_its_cancel_back_to_the_unit(bot: Harness, lang: str) -> None:
    words = WORDS[lang]
    code = await _excluding(bot, lang)
    asked = bot.last(ADMIN)
    assert code in asked.text and asked.button_texts() == [
        "✖️ " + ("Thôi" if lang == "vi" else "Cancel")
    ]
    await bot.press(ADMIN, ADMIN, message_id=asked.message_id, text="✖️")
    assert asked.text.startswith(words["cancelled"]) and code in asked.text
    assert any(label.startswith("⛔") for label in asked.button_texts())  # the unit's screen
    # what the admin types now is a decision again, not the reason
    [reply, *_] = await bot.say(ADMIN, ADMIN, "1.1 9,5 Thiếu biên bản")
    assert words["taken"] in reply.text
    assert await _count(bot, "SELECT COUNT(*) FROM review_scores") == 1
    assert await _count(bot, "SELECT COUNT(*) FROM pending_changes") == 0


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_cancel_at_the_reason_gives_the_way_back_and_no_draft(
    bot: Harness, lang: str
) -> None:
    words = WORDS[lang]
    code = await _excluding(bot, lang)
    [paused] = await bot.say(ADMIN, ADMIN, "/cancel")
    assert paused.html == words["paused"].format(code=code)
    assert words["draft"] not in paused.text  # nothing typed is kept: none is said to be
    assert paused.button_texts() == [words["open"].format(code=code)]
    # text typed then reaches no step: the hint names the paused review, with the same button
    [hint] = await bot.say(ADMIN, ADMIN, "Đơn vị đang bị thanh tra")
    assert words["hint"].format(code=code) in hint.html
    assert hint.button_texts() == [words["open"].format(code=code)]
    assert await _count(bot, "SELECT COUNT(*) FROM pending_changes") == 0  # no reason kept
    await bot.press(ADMIN, ADMIN, message_id=paused.message_id, text="🔎")
    assert any(label.startswith("⛔") for label in paused.button_texts())  # the unit's screen
    [reply, *_] = await bot.say(ADMIN, ADMIN, "1.1 9,5 Thiếu biên bản")
    assert words["taken"] in reply.text
    assert await _count(bot, "SELECT COUNT(*) FROM review_exclusions") == 0
    # paused with decisions typed: they are stored, and the same button goes back
    [paused] = await bot.say(ADMIN, ADMIN, "/cancel")
    assert paused.html == words["paused_lines"].format(code=code)
    assert paused.button_texts() == [words["open"].format(code=code)]


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_stale_confirmation_refused_gives_the_unit_again(bot: Harness, lang: str) -> None:
    cast, words = CASTS[lang], WORDS[lang]
    await _scene(bot, cast)
    reviewer = cast.reviewer
    await bot.say(bot.group, reviewer, "/review midyear")
    await bot.press(reviewer, reviewer, text=cast.reviewed)
    await bot.say(reviewer, reviewer, "1.1 9,5 Thiếu biên bản")
    await bot.press(reviewer, reviewer, text=words["keep"])
    undo = bot.last(reviewer)
    await bot.say(reviewer, reviewer, "1.1 9 Chỉ có biên bản quý I")  # changed meanwhile
    await bot.press(reviewer, reviewer, message_id=undo.message_id, text="✅")
    assert words["changed"] in undo.text and undo.button_texts() == [words["again"]]
    assert await bot.services.db.fetch_value("SELECT reviewed FROM review_scores") == "9"
    await bot.press(reviewer, reviewer, message_id=undo.message_id, text=words["again"])
    assert cast.reviewed in undo.text and words["keep"] in undo.button_texts()  # as it is now

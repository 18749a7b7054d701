"""The review's button commits ask first (QA year-end, item 8): ⛔ after its reason, "↩️ rank
again", "🗑 remove" and "↩️ undo" each show what will happen with ✅/✖️; nothing is stored and the
unit is told nothing before ✅; a second tap where the ✅ was only asks; a stale ✅ is refused.
"""

from __future__ import annotations

import pytest

from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, Harness
from tests.flows.test_results_flow import CASTS, _scene

REASON = "Đơn vị đang bị thanh tra, chờ kết luận"
WORDS = {
    "vi": {
        "ask_exclude": "⛔ Không xếp hạng đơn vị",
        "ask_include": "↩️ Xếp hạng lại đơn vị",
        "include": "↩️ Xếp hạng lại",
        "done": "✅ Đơn vị {code} không xếp hạng trong vòng này.",
        "told": "được báo qua tin nhắn riêng",
        "included": "✅ Đơn vị {code} được xếp hạng lại.",
        "cancelled": "Không thay đổi gì.",
        "already": "Đơn vị này đã ở trạng thái không xếp hạng",
        "pressed_done": "Việc này đã được thực hiện khi Anh/Chị (hoặc người khác) bấm lần trước",
        "drop": "🗑 Xóa −0,5",
        "totals": "Tổng điểm sau thẩm định: 99 → 99,5.",
        "keep": "↩️ Bỏ điều chỉnh 1.1",
        "changed": "đã thay đổi sau khi xác nhận được gửi",
        "gone": "đã được xóa trước đó",
    },
    "en": {
        "ask_exclude": "⛔ Do not rank",
        "ask_include": "↩️ Rank",
        "include": "↩️ Rank again",
        "done": "✅ {code} is not ranked in this round.",
        "told": "told privately",
        "included": "✅ {code} is ranked again.",
        "cancelled": "Nothing changed.",
        "already": "This unit is already not ranked",
        "pressed_done": "This was already done by an earlier press of this button",
        "drop": "🗑 Remove −0.5",
        "totals": "Total after review: 99 → 99.5.",
        "keep": "↩️ Undo 1.1",
        "changed": "changed after this confirmation was sent",
        "gone": "was removed already",
    },
}


async def _count(bot: Harness, sql: str) -> int:
    return int(await bot.services.db.fetch_value(sql))


def _told(bot: Harness, delegate: int) -> list[SentMessage]:
    return [m for m in bot.emu.bot_messages(delegate) if "🔎" in (m.text or "")]


async def _open(bot: Harness, user: int, code: str) -> None:
    await bot.say(bot.group, user, "/review midyear")
    await bot.press(user, user, text=code)


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_exclusion_and_ranking_again_ask_first_and_tell_the_unit_once(
    bot: Harness, lang: str
) -> None:
    cast, words = CASTS[lang], WORDS[lang]
    await _scene(bot, cast)
    code, delegate = cast.reviewed, cast.reviewed_delegate
    await bot.say(ADMIN, ADMIN, f"/lang {lang}")  # the admin reads the bot in the test's language
    await _open(bot, ADMIN, code)
    await bot.press(ADMIN, ADMIN, text="⛔")
    [asked] = await bot.say(ADMIN, ADMIN, REASON)
    assert words["ask_exclude"] in asked.text and REASON in asked.text and code in asked.text
    labels = asked.button_texts()
    assert len(labels) == 2 and labels[0].startswith("✅") and labels[1].startswith("✖️")
    await bot.settle()
    assert await _count(bot, "SELECT COUNT(*) FROM review_exclusions") == 0  # not yet
    assert _told(bot, delegate) == []  # the unit hears nothing before ✅

    ok = asked.buttons[0][0].callback_data
    await bot.press(ADMIN, ADMIN, message_id=asked.message_id, text="✅")
    screen = bot.last(ADMIN)
    assert screen.message_id == asked.message_id  # the confirmation became the unit's screen
    assert words["done"].format(code=code) in screen.text and words["told"] in screen.text
    assert await _count(bot, "SELECT COUNT(*) FROM review_exclusions") == 1
    assert len(_told(bot, delegate)) == 1 and REASON in _told(bot, delegate)[0].text

    # the button now where ✅ was is "rank again" (a second tap only asks, see below)
    assert words["include"] in screen.button_texts()[0]

    # the same ✅ again (a slow client's double tap, or a replay): refused, nobody told
    query = bot.emu.press_forged(ADMIN, ADMIN, asked.message_id, ok or "")
    await bot.settle()
    # said once, in a pop-up: the screen keeps the outcome of the first tap
    assert words["pressed_done"] in (bot.emu.answer_for(query) or {}).get("text", "")
    assert words["already"] not in asked.text
    assert await _count(bot, "SELECT COUNT(*) FROM review_log WHERE action = 'excluded'") == 1
    assert len(_told(bot, delegate)) == 1

    await _open(bot, ADMIN, code)
    first = bot.last(ADMIN)
    await bot.press(ADMIN, ADMIN, message_id=first.message_id, text=words["include"])
    asked = bot.last(ADMIN)
    assert words["ask_include"] in asked.text and REASON in asked.text
    await bot.settle()
    assert await _count(bot, "SELECT COUNT(*) FROM review_exclusions") == 1
    assert len(_told(bot, delegate)) == 1
    await bot.press(ADMIN, ADMIN, message_id=asked.message_id, text="✖️")
    assert bot.last(ADMIN).text.startswith(words["cancelled"])
    assert await _count(bot, "SELECT COUNT(*) FROM review_exclusions") == 1

    await bot.press(ADMIN, ADMIN, text=words["include"])
    await bot.press(ADMIN, ADMIN, text="✅")
    assert words["included"].format(code=code) in bot.last(ADMIN).text
    assert await _count(bot, "SELECT COUNT(*) FROM review_exclusions") == 0
    assert len(_told(bot, delegate)) == 2


async def test_a_second_confirmation_of_an_exclusion_is_refused(bot: Harness) -> None:
    cast, words = CASTS["vi"], WORDS["vi"]
    await _scene(bot, cast)
    await _open(bot, ADMIN, cast.reviewed)
    await bot.press(ADMIN, ADMIN, text="⛔")
    [first] = await bot.say(ADMIN, ADMIN, REASON)
    await _open(bot, ADMIN, cast.reviewed)  # the unit opened again: ⛔ again
    await bot.press(ADMIN, ADMIN, text="⛔")
    [second] = await bot.say(ADMIN, ADMIN, "Lý do khác")
    await bot.press(ADMIN, ADMIN, message_id=first.message_id, text="✅")
    await bot.press(ADMIN, ADMIN, message_id=second.message_id, text="✅")
    refused = [m for m in bot.emu.bot_messages(ADMIN) if m.message_id == second.message_id][-1]
    assert words["already"] in refused.text
    assert refused.button_texts() == ["🔎 Mở lại đơn vị"]  # the way back to the unit (qa8 #6b)
    assert await bot.services.db.fetch_value("SELECT reason FROM review_exclusions") == REASON


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_removing_an_extra_and_undoing_a_score_ask_first(bot: Harness, lang: str) -> None:
    cast, words = CASTS[lang], WORDS[lang]
    await _scene(bot, cast)
    reviewer, delegate = cast.reviewer, cast.reviewed_delegate
    await _open(bot, reviewer, cast.reviewed)
    await bot.say(reviewer, reviewer, "1.1 9,5 Thiếu biên bản\n- 0,5 Chậm nộp báo cáo")
    await bot.settle()
    told = len(_told(bot, delegate))

    await bot.press(reviewer, reviewer, text=words["drop"])
    asked = bot.last(reviewer)
    assert words["totals"] in asked.text and "Chậm nộp báo cáo" in asked.text
    await bot.settle()
    assert await _count(bot, "SELECT COUNT(*) FROM review_extras WHERE removed_at IS NULL") == 1
    assert len(_told(bot, delegate)) == told
    await bot.press(reviewer, reviewer, text="✅")
    assert await _count(bot, "SELECT COUNT(*) FROM review_extras WHERE removed_at IS NULL") == 0
    assert len(_told(bot, delegate)) == told + 1
    await bot.press(reviewer, reviewer, message_id=asked.message_id, text=words["keep"])
    undo = bot.last(reviewer)
    assert "9,5" in undo.text or "9.5" in undo.text
    await bot.say(reviewer, reviewer, "1.1 9 Chỉ có biên bản quý I")  # changed meanwhile
    await bot.press(reviewer, reviewer, message_id=undo.message_id, text="✅")
    refused = [m for m in bot.emu.bot_messages(reviewer) if m.message_id == undo.message_id][-1]
    assert words["changed"] in refused.text
    assert await bot.services.db.fetch_value("SELECT reviewed FROM review_scores") == "9"

    # a 🗑 on an older screen whose extra was removed since is refused when pressed
    await bot.say(reviewer, reviewer, "- 1 Vắng họp")
    older = bot.last(reviewer)
    await bot.say(reviewer, reviewer, "- 2 Vắng họp lần hai")
    await bot.press(reviewer, reviewer, text="−1")
    await bot.press(reviewer, reviewer, text="✅")
    answer = await bot.press(reviewer, reviewer, message_id=older.message_id, text="−1")
    assert answer is not None and words["gone"] in answer["text"]
    assert await _count(bot, "SELECT COUNT(*) FROM review_extras WHERE removed_at IS NULL") == 1


NOBODY = {
    "vi": {
        "prompt": "(bắt buộc; đơn vị chưa có cán bộ đầu mối để báo)",
        "ask": "Chỉ khi Anh/Chị bấm ✅ mới lưu; đơn vị KTM chưa có cán bộ đầu mối nên sẽ không ai",
        "done": "Đơn vị chưa có cán bộ đầu mối nên chưa ai được báo.",
        "told": "cán bộ đầu mối của đơn vị KTM được báo",
    },
    "en": {
        "prompt": "(required; the unit has no delegate to tell)",
        "ask": "Nothing is stored until you press ✅; KTM has no delegate, so nobody will be told.",
        "done": "The unit has no delegate, so nobody was told.",
        "told": "the delegates of KTM are told",
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_unit_without_delegates_is_not_said_to_be_told(bot: Harness, lang: str) -> None:
    words = NOBODY[lang]
    await _scene(bot, CASTS[lang])  # KTM has no delegate
    await bot.say(ADMIN, ADMIN, f"/lang {lang}")
    await _open(bot, ADMIN, "KTM")
    await bot.press(ADMIN, ADMIN, text="⛔")
    assert words["prompt"] in bot.last(ADMIN).text
    [asked] = await bot.say(ADMIN, ADMIN, REASON)
    assert words["ask"] in asked.text and words["told"] not in asked.text
    await bot.press(ADMIN, ADMIN, message_id=asked.message_id, text="✅")
    assert words["done"] in bot.last(ADMIN).text
    await bot.press(ADMIN, ADMIN, text=WORDS[lang]["include"])
    asked = bot.last(ADMIN)
    assert words["ask"] in asked.text and words["told"] not in asked.text

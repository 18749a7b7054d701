"""`/remind now` typed in the bloc's quiet hours (21:00–07:30 by default) no longer writes to
every pending delegate at once: it asks, with ✅ Send now / ✖️ Cancel. ✅ sends once (a double
press, a second admin's ✅ after the first sends nothing), ✖️ sends nothing, a non-admin's press
is refused; outside the quiet hours it goes at once. A repeat within 12 hours in the quiet hours
asks the "again" question, which says the quiet hours too.

Lan (DLK) and Bob (DNG) have started the bot. The clock starts on Monday 05/01/2026 09:00 in
Vietnam; the pledge deadline is Friday 16/01/2026 17:00.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.nudge_kit import run_jobs
from tests.flows.remind_now_kit import (
    STARTED,
    cancelled,
    confirmed_once,
    count,
    due,
    received,
    refused_to_a_delegate,
    shown,
)

NIGHT = datetime(2026, 1, 5, 15, 30, tzinfo=UTC)  # Monday 22:30 in Vietnam
ASK = {
    "vi": "🌙 Đang trong giờ yên lặng (21:00–07:30). Nếu gửi nhắc hạn Đăng ký thi đua (thời hạn"
    " Thứ Sáu, 16/01/2026 17:00) ngay bây giờ, cán bộ đầu mối của các đơn vị chưa đăng ký thi"
    " đua sẽ nhận tin nhắn ngay lúc này, và nhóm nhận bản tin. Anh/Chị muốn gửi ngay, hay thôi"
    " và gõ lại /remind now sau 07:30?",
    "en": "🌙 It is within the quiet hours (21:00–07:30). Sent now, the Pledge reminder (deadline"
    " Friday, 16/01/2026 17:00) reaches the delegates of the units still to register the pledge"
    " right away, and the group gets a digest. Send it now, or cancel and type /remind now"
    " after 07:30?",
}
BUTTONS = {"vi": ["✅ Gửi ngay", "✖️ Thôi"], "en": ["✅ Send now", "✖️ Cancel"]}
CANCELLED = {
    "vi": "Đã thôi: không gửi nhắc hạn trong giờ yên lặng.",
    "en": "Cancelled: no reminder is sent in the quiet hours.",
}


async def _asked(bot: Harness, who: int = ADMIN) -> SentMessage:
    """`/remind now` in the quiet hours: the question, nothing sent."""
    before = count(bot)
    [ask] = await bot.say(bot.group, who, "/remind now")
    await run_jobs(bot)
    assert received(bot, before) == {ALICE: [], BOB: [], bot.group: [ask.text]}
    return ask


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_in_the_quiet_hours_it_asks_and_confirmed_sends_once(bot: Harness, lang: str) -> None:
    await due(bot, lang)
    bot.clock.set(NIGHT)
    ask = await _asked(bot)
    assert ask.text == ASK[lang]
    assert ask.button_texts() == BUTTONS[lang]
    await confirmed_once(bot, ask, STARTED[lang])
    rows = await bot.services.db.fetch_all(
        "SELECT chat_id FROM nudges_sent WHERE point = 'now-quiet-202601051530'"
        " AND kind = 'private'"
    )
    assert sorted(r["chat_id"] for r in rows) == sorted([ALICE, BOB])


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_cancel_sends_nothing(bot: Harness, lang: str) -> None:
    await due(bot, lang)
    bot.clock.set(NIGHT)
    ask = await _asked(bot)
    await cancelled(bot, ask, CANCELLED[lang])


async def test_only_an_admin_may_confirm(bot: Harness) -> None:
    await due(bot)
    bot.clock.set(NIGHT)
    ask = await _asked(bot)
    await refused_to_a_delegate(bot, ask)


async def test_a_second_admins_confirmation_after_the_first_sends_nothing(bot: Harness) -> None:
    await due(bot)
    bot.emu.set_admin(bot.group, CAROL)
    bot.clock.set(NIGHT)
    ask = await _asked(bot)
    other = await _asked(bot, CAROL)
    bot.clock.move(timedelta(minutes=2))
    before = count(bot)
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    bot.clock.move(timedelta(minutes=1))
    await bot.press(bot.group, CAROL, message_id=other.message_id, text="✅")
    assert shown(bot, other.message_id).text == (
        "Nhắc hạn Đăng ký thi đua đã được gửi lại lúc 22:32, sau khi câu hỏi này hiện ra;"
        " không gửi thêm lần nữa."
    )
    await run_jobs(bot)
    new = received(bot, before)
    assert len(new[ALICE]) == 1 and len(new[BOB]) == 1


async def test_outside_the_quiet_hours_it_goes_at_once(bot: Harness) -> None:
    await due(bot)
    bot.clock.set(NIGHT + timedelta(hours=9))  # Tuesday 07:30
    [answer] = await bot.say(bot.group, ADMIN, "/remind now")
    assert answer.text.startswith(STARTED["vi"])


async def test_a_repeat_in_the_quiet_hours_says_them_in_the_again_question(bot: Harness) -> None:
    await due(bot)
    bot.clock.set(NIGHT - timedelta(hours=2))  # 20:30: sent at once
    [first] = await bot.say(bot.group, ADMIN, "/remind now")
    assert first.text.startswith(STARTED["vi"])
    await run_jobs(bot)
    bot.clock.set(NIGHT)
    ask = await _asked(bot)
    assert "\n🌙 Lúc này đang trong giờ yên lặng (21:00–07:30).\n" in ask.text
    assert ask.button_texts() == ["✅ Nhắc lại ngay", "✖️ Thôi"]

"""`/remind now` typed again minutes after a reminder of the same deadline (manual or
scheduled) no longer writes to every pending delegate again: it says when the last reminder
went and to how many units, and asks; ✅ sends once (a double press, a second admin's ✅ or a
press after the deadline sends nothing), ✖️ sends nothing, and after 12 hours it goes at once.

Lan (DLK) and Bob (DNG) have started the bot; GLI has no delegate. The clock starts on Monday
05/01/2026 09:00 in Vietnam; the pledge deadline is Friday 16/01/2026 17:00.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.emulator import SentMessage
from bot.nudging import FOLLOW_UP
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
from tests.flows.year_setup import make_bloc, open_year, set_deadline

SEVEN_BEFORE = datetime(2026, 1, 9, 10, 0, tzinfo=UTC)  # Friday 09/01 17:00, scheduled
DEADLINE = datetime(2026, 1, 16, 10, 0, tzinfo=UTC)

ASK = {
    "vi": "Nhắc hạn Đăng ký thi đua (thời hạn Thứ Sáu, 16/01/2026 17:00) đã được gửi lúc 09:00,"
    " cách đây 5 phút, tới cán bộ đầu mối của 2 đơn vị.\nNếu nhắc lại ngay, cán bộ đầu mối của"
    " các đơn vị chưa đăng ký thi đua sẽ nhận thêm một tin nhắn nữa và nhóm nhận bản tin mới."
    " Anh/Chị có muốn nhắc lại ngay không?",
    "en": "The Pledge reminder (deadline Friday, 16/01/2026 17:00) went out at 09:00, 5 min ago,"
    " to the delegates of 2 units.\nSent again now, the delegates of the units still to"
    " register the pledge get it once more, and the group a new digest. Send it again now?",
}
BUTTONS = {"vi": ["✅ Nhắc lại ngay", "✖️ Thôi"], "en": ["✅ Send again", "✖️ Cancel"]}
CANCELLED = {
    "vi": "Đã thôi: không gửi nhắc lại.",
    "en": "Cancelled: the reminder is not sent again.",
}


async def _asked(bot: Harness, *, after: timedelta = timedelta(minutes=5)) -> SentMessage:
    """`/remind now` (sent), and again `after` later: the question (nothing sent meanwhile)."""
    [first] = await bot.say(bot.group, ADMIN, "/remind now")
    assert first.text.startswith(("✅ Đang gửi", "✅ Sending"))
    await run_jobs(bot)  # the digest follows
    bot.clock.move(after - FOLLOW_UP)
    before = count(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/remind now")
    assert received(bot, before) == {ALICE: [], BOB: [], bot.group: [ask.text]}
    return ask


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_repeat_within_hours_asks_and_confirmed_sends_once(bot: Harness, lang: str) -> None:
    await due(bot, lang)
    ask = await _asked(bot)
    assert ask.text == ASK[lang]
    assert ask.button_texts() == BUTTONS[lang]
    await confirmed_once(bot, ask, STARTED[lang])
    rows = await bot.services.db.fetch_all(
        "SELECT chat_id FROM nudges_sent WHERE point LIKE 'now-again-%' AND kind = 'private'"
    )
    assert sorted(r["chat_id"] for r in rows) == sorted([ALICE, BOB])


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_cancel_sends_nothing(bot: Harness, lang: str) -> None:
    await due(bot, lang)
    ask = await _asked(bot)
    await cancelled(bot, ask, CANCELLED[lang])


async def test_only_an_admin_may_confirm(bot: Harness) -> None:
    await due(bot)
    ask = await _asked(bot)
    await refused_to_a_delegate(bot, ask)


async def test_a_repeat_after_twelve_hours_sends_at_once(bot: Harness) -> None:
    await due(bot)
    bot.clock.set(datetime(2026, 1, 6, 0, 30, tzinfo=UTC))  # Tuesday 07:30: 12 hours later
    await bot.say(bot.group, ADMIN, "/remind now")  # is 19:30, before the quiet hours
    await run_jobs(bot)
    bot.clock.move(timedelta(hours=12))
    before = count(bot)
    [answer] = await bot.say(bot.group, ADMIN, "/remind now")
    assert answer.text.startswith(STARTED["vi"])
    new = received(bot, before)
    assert len(new[ALICE]) == 1 and len(new[BOB]) == 1


async def test_a_scheduled_reminder_counts_too(bot: Harness) -> None:
    """The 7-day reminder at 17:00: `/remind now` at 18:00 asks; the next morning at 08:00
    (15 hours later) it goes at once."""
    await due(bot)
    bot.clock.set(SEVEN_BEFORE)
    await run_jobs(bot)
    assert "Còn 7 ngày nữa" in bot.last(ALICE).text
    bot.clock.set(SEVEN_BEFORE + timedelta(hours=1))
    [ask] = await bot.say(bot.group, ADMIN, "/remind now")
    assert ask.text.startswith(
        "Nhắc hạn Đăng ký thi đua (thời hạn Thứ Sáu, 16/01/2026 17:00) đã được gửi lúc 17:00,"
        " cách đây 1 giờ, tới cán bộ đầu mối của 2 đơn vị."
    )
    bot.clock.set(SEVEN_BEFORE + timedelta(hours=15))
    [answer] = await bot.say(bot.group, ADMIN, "/remind now")
    assert answer.text.startswith(STARTED["vi"])


async def test_a_second_admins_confirmation_after_the_first_sends_nothing(bot: Harness) -> None:
    """Hùng and Mai (another admin) both typed `/remind now` and got the question: Hùng's ✅
    sends; Mai's, pressed after, says it went again and sends nothing."""
    await due(bot)
    bot.emu.set_admin(bot.group, CAROL)
    ask = await _asked(bot)
    [other] = await bot.say(bot.group, CAROL, "/remind now")
    assert other.text == ASK["vi"]
    bot.clock.move(timedelta(minutes=2))
    before = count(bot)
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    bot.clock.move(timedelta(minutes=1))
    await bot.press(bot.group, CAROL, message_id=other.message_id, text="✅")
    assert shown(bot, other.message_id).text == (
        "Nhắc hạn Đăng ký thi đua đã được gửi lại lúc 09:07, sau khi câu hỏi này hiện ra;"
        " không gửi thêm lần nữa."
    )
    assert shown(bot, other.message_id).buttons == []
    await run_jobs(bot)
    new = received(bot, before)
    assert len(new[ALICE]) == 1 and len(new[BOB]) == 1


async def test_a_press_after_the_deadline_or_a_new_deadline_sends_nothing(bot: Harness) -> None:
    await due(bot)
    bot.clock.set(DEADLINE - timedelta(minutes=30))
    ask = await _asked(bot)
    bot.clock.set(DEADLINE + timedelta(minutes=1))
    before = {chat: n for chat, n in count(bot).items() if chat != bot.group}
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    assert shown(bot, ask.message_id).text == (
        "Đã hết thời hạn Đăng ký thi đua; không gửi nhắc hạn nữa."
    )
    assert received(bot, before) == {ALICE: [], BOB: []}

    await set_deadline(bot, "pledge 20/01/2026 17:00")  # reopened: a new deadline
    ask = await _asked(bot)
    await set_deadline(bot, "pledge 21/01/2026 17:00")
    before = {chat: n for chat, n in count(bot).items() if chat != bot.group}
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    assert shown(bot, ask.message_id).text.startswith(
        "Thời hạn Đăng ký thi đua đã thay đổi từ khi câu hỏi này hiện ra nên không gửi nhắc lại."
    )
    assert received(bot, before) == {ALICE: [], BOB: []}


async def test_after_a_reminder_posted_only_in_the_group_it_says_so(bot: Harness) -> None:
    """Nobody could be written to privately: the digest was the reminder, and a repeat a few
    minutes later would have posted it again."""
    await make_bloc(bot, language="en", delegates={})
    await open_year(bot)
    await set_deadline(bot, "pledge 16/01/2026 17:00")
    await bot.say(bot.group, ADMIN, "/remind now")
    bot.clock.move(timedelta(minutes=20))
    seen = len(bot.emu.bot_messages(bot.group))
    [ask] = await bot.say(bot.group, ADMIN, "/remind now")
    assert ask.text.startswith(
        "The Pledge reminder (deadline Friday, 16/01/2026 17:00) was posted in the group at"
        " 09:00, 20 min ago.\n"
    )
    assert len(bot.emu.bot_messages(bot.group)) == seen + 1  # no second digest


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_reminder_of_another_day_is_dated(bot: Harness, lang: str) -> None:
    """Sent yesterday at 20:30: the question says "20:30" with its date, and a ✅ pressed days
    after a newer round says that round's date too (a time alone read as today's)."""
    await due(bot, lang)
    bot.clock.set(datetime(2026, 1, 5, 13, 30, tzinfo=UTC))  # Monday 20:30
    [first] = await bot.say(bot.group, ADMIN, "/remind now")
    assert first.text.startswith(STARTED[lang])
    await run_jobs(bot)
    bot.clock.set(datetime(2026, 1, 6, 0, 45, tzinfo=UTC))  # Tuesday 07:45
    [ask] = await bot.say(bot.group, ADMIN, "/remind now")
    assert ask.text.startswith(
        {
            "vi": "Nhắc hạn Đăng ký thi đua (thời hạn Thứ Sáu, 16/01/2026 17:00) đã được gửi lúc"
            " 05/01/2026 20:30, cách đây 11 giờ 15 phút,",
            "en": "The Pledge reminder (deadline Friday, 16/01/2026 17:00) went out at"
            " 05/01/2026 20:30, 11 h 15 min ago,",
        }[lang]
    )
    bot.emu.set_admin(bot.group, CAROL)
    [other] = await bot.say(bot.group, CAROL, "/remind now")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")  # 07:45
    await run_jobs(bot)
    bot.clock.set(datetime(2026, 1, 9, 2, 0, tzinfo=UTC))  # Friday 09:00
    await bot.press(bot.group, CAROL, message_id=other.message_id, text="✅")
    assert shown(bot, other.message_id).text.startswith(
        {
            "vi": "Nhắc hạn Đăng ký thi đua đã được gửi lại lúc 06/01/2026 07:45, sau khi",
            "en": "The Pledge reminder already went out again at 06/01/2026 07:45, after",
        }[lang]
    )

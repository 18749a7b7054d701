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
STARTED = {
    "vi": "✅ Đang gửi nhắc hạn Đăng ký thi đua cho 2 cán bộ đầu mối của 2 đơn vị.",
    "en": "✅ Sending the Pledge reminder privately to 2 delegates of 2 units.",
}
CANCELLED = {
    "vi": "Đã thôi: không gửi nhắc lại.",
    "en": "Cancelled: the reminder is not sent again.",
}


async def _due(bot: Harness, lang: str = "vi") -> None:
    await make_bloc(bot, language=lang, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    for person in (ALICE, BOB):
        await bot.say(person, person, "/start")
    await set_deadline(bot, "pledge 16/01/2026 17:00")


def _count(bot: Harness) -> dict[int, int]:
    return {chat: len(bot.emu.bot_messages(chat)) for chat in (ALICE, BOB, bot.group)}


def _new(bot: Harness, before: dict[int, int]) -> dict[int, list[str]]:
    return {c: [m.text for m in bot.emu.bot_messages(c)[n:]] for c, n in before.items()}


def _shown(bot: Harness, message_id: int) -> SentMessage:
    return next(m for m in bot.emu.bot_messages(bot.group) if m.message_id == message_id)


async def _asked(bot: Harness, *, after: timedelta = timedelta(minutes=5)) -> SentMessage:
    """`/remind now` (sent), and again `after` later: the question (nothing sent meanwhile)."""
    [first] = await bot.say(bot.group, ADMIN, "/remind now")
    assert first.text.startswith(("✅ Đang gửi", "✅ Sending"))
    await run_jobs(bot)  # the digest follows
    bot.clock.move(after - FOLLOW_UP)
    before = _count(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/remind now")
    assert _new(bot, before) == {ALICE: [], BOB: [], bot.group: [ask.text]}
    return ask


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_repeat_within_hours_asks_and_confirmed_sends_once(bot: Harness, lang: str) -> None:
    await _due(bot, lang)
    ask = await _asked(bot)
    assert ask.text == ASK[lang]
    assert ask.button_texts() == BUTTONS[lang]
    before = _count(bot)
    data = ask.button("✅").callback_data
    assert data is not None
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    assert _shown(bot, ask.message_id).text.startswith(STARTED[lang])
    assert _shown(bot, ask.message_id).buttons == []
    # a double press (the buttons not yet gone on the admin's screen) sends nothing more
    query = bot.emu.press_forged(bot.group, ADMIN, ask.message_id, data)
    await bot.settle()
    said = (bot.emu.answer_for(query) or {}).get("text") or ""
    assert said.startswith(("Việc này đã được thực hiện", "This was already done"))
    assert _shown(bot, ask.message_id).text.startswith(STARTED[lang])
    await run_jobs(bot)
    new = _new(bot, before)
    assert len(new[ALICE]) == 1 and len(new[BOB]) == 1
    assert len([t for t in new[bot.group] if t.startswith("⏰")]) == 1  # one new digest
    rows = await bot.services.db.fetch_all(
        "SELECT chat_id FROM nudges_sent WHERE point LIKE 'now-again-%' AND kind = 'private'"
    )
    assert sorted(r["chat_id"] for r in rows) == sorted([ALICE, BOB])


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_cancel_sends_nothing(bot: Harness, lang: str) -> None:
    await _due(bot, lang)
    ask = await _asked(bot)
    before = _count(bot)
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✖️")
    assert _shown(bot, ask.message_id).text == CANCELLED[lang]
    assert _shown(bot, ask.message_id).buttons == []
    await run_jobs(bot)
    assert _new(bot, before) == {ALICE: [], BOB: [], bot.group: []}


async def test_only_an_admin_may_confirm(bot: Harness) -> None:
    await _due(bot)
    ask = await _asked(bot)
    before = _count(bot)
    answer = await bot.press(bot.group, ALICE, message_id=ask.message_id, text="✅")
    assert answer is not None and "Chỉ quản trị Khối" in (answer["text"] or "")
    assert _new(bot, before) == {ALICE: [], BOB: [], bot.group: []}
    assert _shown(bot, ask.message_id).text == ASK["vi"]  # stays for its admin


async def test_a_repeat_after_twelve_hours_sends_at_once(bot: Harness) -> None:
    await _due(bot)
    bot.clock.set(datetime(2026, 1, 6, 0, 30, tzinfo=UTC))  # Tuesday 07:30: 12 hours later
    await bot.say(bot.group, ADMIN, "/remind now")  # is 19:30, before the quiet hours
    await run_jobs(bot)
    bot.clock.move(timedelta(hours=12))
    before = _count(bot)
    [answer] = await bot.say(bot.group, ADMIN, "/remind now")
    assert answer.text.startswith(STARTED["vi"])
    new = _new(bot, before)
    assert len(new[ALICE]) == 1 and len(new[BOB]) == 1


async def test_a_scheduled_reminder_counts_too(bot: Harness) -> None:
    """The 7-day reminder at 17:00: `/remind now` at 18:00 asks; the next morning at 08:00
    (15 hours later) it goes at once."""
    await _due(bot)
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
    await _due(bot)
    bot.emu.set_admin(bot.group, CAROL)
    ask = await _asked(bot)
    [other] = await bot.say(bot.group, CAROL, "/remind now")
    assert other.text == ASK["vi"]
    bot.clock.move(timedelta(minutes=2))
    before = _count(bot)
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    bot.clock.move(timedelta(minutes=1))
    await bot.press(bot.group, CAROL, message_id=other.message_id, text="✅")
    assert _shown(bot, other.message_id).text == (
        "Nhắc hạn Đăng ký thi đua đã được gửi lại lúc 09:07, sau khi câu hỏi này hiện ra;"
        " không gửi thêm lần nữa."
    )
    assert _shown(bot, other.message_id).buttons == []
    await run_jobs(bot)
    new = _new(bot, before)
    assert len(new[ALICE]) == 1 and len(new[BOB]) == 1


async def test_a_press_after_the_deadline_or_a_new_deadline_sends_nothing(bot: Harness) -> None:
    await _due(bot)
    bot.clock.set(DEADLINE - timedelta(minutes=30))
    ask = await _asked(bot)
    bot.clock.set(DEADLINE + timedelta(minutes=1))
    before = {chat: n for chat, n in _count(bot).items() if chat != bot.group}
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    assert _shown(bot, ask.message_id).text == (
        "Đã hết thời hạn Đăng ký thi đua; không gửi nhắc hạn nữa."
    )
    assert _new(bot, before) == {ALICE: [], BOB: []}

    await set_deadline(bot, "pledge 20/01/2026 17:00")  # reopened: a new deadline
    ask = await _asked(bot)
    await set_deadline(bot, "pledge 21/01/2026 17:00")
    before = {chat: n for chat, n in _count(bot).items() if chat != bot.group}
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    assert _shown(bot, ask.message_id).text.startswith(
        "Thời hạn Đăng ký thi đua đã thay đổi từ khi câu hỏi này hiện ra nên không gửi nhắc lại."
    )
    assert _new(bot, before) == {ALICE: [], BOB: []}


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
    await _due(bot, lang)
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
    assert _shown(bot, other.message_id).text.startswith(
        {
            "vi": "Nhắc hạn Đăng ký thi đua đã được gửi lại lúc 06/01/2026 07:45, sau khi",
            "en": "The Pledge reminder already went out again at 06/01/2026 07:45, after",
        }[lang]
    )

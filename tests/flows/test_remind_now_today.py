"""`/remind now` is that day's reminder: a reminder of the same deadline planned later the same
day does not say it again, to the delegates or in the group, unless it has something new (a
unit not named yet, a delegate not reminded yet), and the deadline day's last call the bloc
asked for (`/remind 2h`) still goes.

The pledge deadline is Friday 16/01/2026 17:00 (Vietnam): reminders on Tuesday 13/01 17:00
(3 days), Thursday 15/01 17:00 (1 day) and Friday 08:00 (the deadline's morning).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.bloc import Bloc
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.nudge_kit import run_jobs
from tests.flows.year_setup import UNITS, make_bloc, open_year, pledge_first_titles, set_deadline

SEVEN_BEFORE = datetime(2026, 1, 9, 10, 0, tzinfo=UTC)  # Friday 09/01 17:00
TUESDAY_10 = datetime(2026, 1, 13, 3, 0, tzinfo=UTC)  # Tuesday 13/01 10:00 in Vietnam
TUESDAY_17 = datetime(2026, 1, 13, 10, 0, tzinfo=UTC)  # the 3-day reminder
THURSDAY_17 = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)  # the 1-day reminder
FRIDAY = datetime(2026, 1, 16, 0, 45, tzinfo=UTC)  # Friday 16/01 07:45, the deadline's day
FRIDAY_08 = datetime(2026, 1, 16, 1, 0, tzinfo=UTC)  # the deadline's morning
FRIDAY_15 = datetime(2026, 1, 16, 8, 0, tzinfo=UTC)  # 2 hours before the deadline
DIGEST = "⏰ Còn 3 ngày nữa đến thời hạn Đăng ký thi đua (16/01/2026 17:00)"


def _after(bot: Harness, chat: int, seen: int) -> list[str]:
    return [m.text for m in bot.emu.bot_messages(chat)[seen:]]


def _seen(bot: Harness, *chats: int) -> dict[int, int]:
    return {chat: len(bot.emu.bot_messages(chat)) for chat in chats}


async def _bloc(bot: Harness, *, language: str = "vi", offsets: str = "") -> Bloc:
    """Lan (DLK) and Bob (DNG) have started the bot; GLI has no delegate; the 7-day reminder
    has gone."""
    bloc = await make_bloc(bot, language=language, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    for person in (ALICE, BOB):
        await bot.say(person, person, "/start")
    if offsets:
        await bot.say(bot.group, ADMIN, f"/remind {offsets}")
    await set_deadline(bot, "pledge 16/01/2026 17:00")
    bot.clock.set(SEVEN_BEFORE)  # the 7-day reminder, as planned
    await run_jobs(bot)
    return bloc


async def test_remind_now_in_the_morning_stands_for_that_afternoons_reminder(
    bot: Harness,
) -> None:
    await _bloc(bot)
    bot.clock.set(TUESDAY_10)
    seen = _seen(bot, ALICE, BOB, bot.group)
    [answer] = await bot.say(bot.group, ADMIN, "/remind now")
    assert answer.text.startswith("✅ Đang gửi nhắc hạn Đăng ký thi đua cho 2 cán bộ đầu mối")
    assert answer.text.endswith(
        "Lần nhắc theo lịch lúc 17:00 hôm nay sẽ không nhắc lại những người đã được nhắc lần"
        " này; bản tin trong nhóm lúc đó chỉ gửi khi có thêm đơn vị cần nhắc."
    )
    await run_jobs(bot)
    [digest] = [t for t in _after(bot, bot.group, seen[bot.group]) if t.startswith("⏰")]
    assert digest.startswith(DIGEST) and "3 đơn vị chưa đăng ký thi đua: DLK, DNG, GLI" in digest
    assert len(_after(bot, ALICE, seen[ALICE])) == 1 and len(_after(bot, BOB, seen[BOB])) == 1

    seen = _seen(bot, ALICE, BOB, bot.group)
    bot.clock.set(TUESDAY_17)  # the 3-day reminder: nothing new to say, to anyone
    await run_jobs(bot)
    assert _after(bot, bot.group, seen[bot.group]) == []
    assert _after(bot, ALICE, seen[ALICE]) == []
    assert _after(bot, BOB, seen[BOB]) == []
    await bot.restart()  # the round is recorded as done: a restart does not send it
    await run_jobs(bot)
    assert _after(bot, bot.group, seen[bot.group]) == []
    assert _after(bot, ALICE, seen[ALICE]) == []

    bot.clock.set(THURSDAY_17)  # another day: the 1-day reminder goes as planned
    await run_jobs(bot)
    assert "Còn 1 ngày nữa" in bot.last(ALICE).text
    assert "Còn 1 ngày nữa" in bot.last(BOB).text or "1 day to the" in bot.last(BOB).text
    [digest] = _after(bot, bot.group, seen[bot.group])
    assert digest.startswith("⏰ Còn 1 ngày nữa đến thời hạn Đăng ký thi đua")


async def test_the_afternoons_reminder_still_tells_what_is_new(bot: Harness) -> None:
    """Between the two, Mai becomes GLI's delegate and a unit KTM is added: Mai, whom nobody
    reminded, gets the 3-day reminder, and the group its digest (KTM was not named); Lan and
    Bob are not reminded again."""
    bloc = await _bloc(bot)
    bot.clock.set(TUESDAY_10)
    await bot.say(bot.group, ADMIN, "/remind now")
    await run_jobs(bot)
    services, now = bot.services, bot.clock.now()
    gli = await services.units.by_code(bloc.id, "GLI")
    assert gli is not None
    await services.units.add_delegate(gli.id, CAROL, by=ADMIN, now=now)
    await bot.say(CAROL, CAROL, "/start")
    await services.units.add(bloc.id, "KTM", "Ban Quản lý Khu kinh tế tỉnh Kon Tum", now)
    assert "KTM" not in UNITS

    seen = _seen(bot, ALICE, BOB, CAROL, bot.group)
    bot.clock.set(TUESDAY_17)
    await run_jobs(bot)
    assert _after(bot, ALICE, seen[ALICE]) == [] and _after(bot, BOB, seen[BOB]) == []
    [mai] = _after(bot, CAROL, seen[CAROL])
    assert "Còn 3 ngày nữa" in mai and "Đơn vị GLI chưa đăng ký thi đua" in mai
    [digest] = _after(bot, bot.group, seen[bot.group])
    assert digest.startswith(DIGEST)
    assert "4 đơn vị chưa đăng ký thi đua: DLK, DNG, GLI, KTM" in digest
    rows = await services.db.fetch_all(
        "SELECT chat_id, message_key FROM nudges_sent WHERE point = '3d' AND kind = 'private'"
    )
    # in the ledger: Lan and Bob were reminded by /remind now (no message of the 3-day round)
    assert {r["chat_id"]: r["message_key"] is None for r in rows} == {
        ALICE: True,
        BOB: True,
        CAROL: False,
    }


async def test_the_deadline_days_last_call_still_goes(bot: Harness) -> None:
    """`/remind 7d 3d 1d 2h`: on the deadline's day, /remind now at 07:45 stands for the 08:00
    reminder, not for the 2-hour one the bloc asked for, which goes at 15:00 to whoever has
    still not acted (Bob has registered by then)."""
    bloc = await _bloc(bot, offsets="7d 3d 1d 2h")
    bot.clock.set(THURSDAY_17)
    await run_jobs(bot)
    bot.clock.set(FRIDAY)
    seen = _seen(bot, ALICE, BOB, bot.group)
    [answer] = await bot.say(bot.group, ADMIN, "/remind now")
    assert "Lần nhắc theo lịch lúc 08:00 hôm nay sẽ không nhắc lại" in answer.text
    await run_jobs(bot)
    assert "Hôm nay là thời hạn" in bot.last(ALICE).text
    assert len(_after(bot, bot.group, seen[bot.group])) == 2  # the answer and the digest

    seen = _seen(bot, ALICE, BOB, bot.group)
    bot.clock.set(FRIDAY_08)
    await run_jobs(bot)
    assert _after(bot, ALICE, seen[ALICE]) == [] and _after(bot, bot.group, seen[bot.group]) == []

    await pledge_first_titles(bot, bloc, "DNG", 1, BOB)
    bot.clock.set(FRIDAY_15)
    await run_jobs(bot)
    [last_call] = _after(bot, ALICE, seen[ALICE])
    assert "Hôm nay là thời hạn" in last_call
    assert _after(bot, BOB, seen[BOB]) == []
    [digest] = _after(bot, bot.group, seen[bot.group])
    assert "2 đơn vị chưa đăng ký thi đua: DLK, GLI" in digest


async def test_the_admin_is_told_in_english_too(bot: Harness) -> None:
    await _bloc(bot, language="en")
    bot.clock.set(TUESDAY_10)
    [answer] = await bot.say(bot.group, ADMIN, "/remind now")
    assert answer.text.endswith(
        "The reminder planned for 17:00 today will not remind again the people reminded now;"
        " the group digest then goes only if more units need reminding."
    )
    bot.clock.set(THURSDAY_17)  # another day: nothing ahead today is said to be stood for
    [answer] = await bot.say(bot.group, ADMIN, "/remind now")
    assert "today" not in answer.text

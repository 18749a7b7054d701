"""A deadline's confirmation: an older ✅ never undoes a newer deadline (QA setup 2), and a
deadline on a weekend the nudges skip says when the last nudge goes (QA setup 15)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, Harness
from tests.flows.year_setup import make_bloc, open_year, set_deadline


def _shown(bot: Harness, message_id: int) -> SentMessage:
    """A message of the group as it reads now (after any edit)."""
    return next(m for m in bot.emu.bot_messages(bot.group) if m.message_id == message_id)


async def _pledge_due(bot: Harness) -> datetime | None:
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None
    year = await bot.services.years.current(bloc.id)
    assert year is not None
    return await bot.services.years.deadline(year.id, "pledge")


async def test_an_older_confirmation_pressed_last_is_refused(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot)
    [older] = await bot.say(bot.group, ADMIN, "/deadline pledge 15/01/2026")
    [newer] = await bot.say(bot.group, ADMIN, "/deadline pledge 20/01/2026")
    await bot.press(bot.group, ADMIN, message_id=newer.message_id, text="✅")
    assert bot.last(bot.group).text.startswith("✅ Đã đặt thời hạn Đăng ký thi đua")
    answer = await bot.press(bot.group, ADMIN, message_id=older.message_id, text="✅")
    assert answer is not None and answer["text"] is None  # the message says it, once
    refused = _shown(bot, older.message_id)
    assert "hiện là Thứ Ba, 20/01/2026 17:00" in refused.text
    assert refused.text.startswith("Xác nhận này đã cũ: thời hạn Đăng ký thi đua đã được đặt lại")
    assert "gõ lại lệnh /deadline" in refused.text and refused.buttons == []
    assert await _pledge_due(bot) == datetime(2026, 1, 20, 10, 0, tzinfo=UTC)


async def test_a_confirmation_pressed_twice_stores_it_once(bot: Harness) -> None:
    """The same ✅ twice (a double tap, its buttons not yet gone) is not a newer deadline."""
    await make_bloc(bot)
    await open_year(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/deadline pledge 20/01/2026")
    data = ask.button("✅").callback_data
    assert data is not None
    await bot.press(bot.group, ADMIN, text="✅")
    query = bot.emu.press_forged(bot.group, ADMIN, ask.message_id, data)
    await bot.settle()
    assert (bot.emu.answer_for(query) or {}).get("show_alert") is not True
    assert _shown(bot, ask.message_id).text.startswith("✅ Đã đặt thời hạn")
    assert await _pledge_due(bot) == datetime(2026, 1, 20, 10, 0, tzinfo=UTC)


async def test_an_older_confirmation_is_refused_in_english(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    await open_year(bot)
    await set_deadline(bot, "pledge 27/01/2026")
    [older] = await bot.say(bot.group, ADMIN, "/deadline pledge 15/01/2026")
    await set_deadline(bot, "pledge 20/01/2026")
    await bot.press(bot.group, ADMIN, message_id=older.message_id, text="✅")
    refused = _shown(bot, older.message_id).text
    assert refused.startswith("This confirmation is out of date: the deadline for Pledge")
    assert "is now Tuesday, 20/01/2026 17:00" in refused and "/deadline command again" in refused
    assert await _pledge_due(bot) == datetime(2026, 1, 20, 10, 0, tzinfo=UTC)


async def _asked(bot: Harness, args: str) -> str:
    """The confirmation `/deadline <args>` shows (not pressed)."""
    [ask] = await bot.say(bot.group, ADMIN, f"/deadline {args}")
    return ask.text


async def test_a_sunday_deadline_names_the_last_nudge(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot, 2027)
    # 7 days before is a Sunday (moved to Monday), 3 days before is Thursday 17:00; the eve
    # (Saturday) and the deadline's morning (Sunday) are dropped, not moved earlier.
    said = (
        "⚠️ Thời hạn rơi vào Chủ Nhật, ngày không gửi nhắc thời hạn; "
        "lần nhắc cuối là Thứ Năm, 28/01/2027 17:00. "
        "Để nhắc cả Thứ Bảy, Chủ Nhật: /remind weekends on."
    )
    assert said in await _asked(bot, "pledge 31/01/2027")
    await bot.say(bot.group, ADMIN, "/remind weekends on")
    assert "⚠️" not in await _asked(bot, "pledge 31/01/2027")
    assert "⚠️" not in await _asked(bot, "midyear 30/06/2027")  # a Wednesday


async def test_a_saturday_deadline_in_english_and_one_with_no_nudge_left(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    await open_year(bot, 2026)
    said = (
        "⚠️ The deadline falls on a Saturday, when no reminders are sent; "
        "the last reminder goes on Friday, 26/06/2026 17:00."
    )
    assert said in await _asked(bot, "midyear 27/06/2026")
    # Nudges one day before only: Saturday's, for a Sunday deadline, is dropped like the
    # deadline morning's, and no nudge is left.
    await bot.say(bot.group, ADMIN, "/remind 1d")
    none = await _asked(bot, "pledge 11/01/2026 17:00")
    assert "falls on a Sunday" in none and "no reminder is left before it" in none
    await bot.say(bot.group, ADMIN, "/remind off pledge")
    off = await _asked(bot, "pledge 11/01/2026 17:00")
    assert "reminder" not in off  # its nudges are off: nothing to warn about

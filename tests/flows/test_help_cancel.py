"""/help in a group that is not a bloc yet says how to start (QA setup 7); /cancel with a
confirmation on screen says that its ✖️ cancels it (QA setup 6)."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, CAROL, Harness
from tests.flows.membership_kit import EVE, add_people, bot_en, set_up
from tests.flows.year_setup import make_bloc, open_year

__all__ = ["bot_en"]  # the fixture, used by name


async def test_help_in_a_group_not_yet_a_bloc_says_how_to_start(bot: Harness) -> None:
    [told] = await bot.say(bot.group, CAROL, "/help")
    assert told.text.startswith("Nhóm này chưa được đăng ký là một Khối thi đua.")
    assert "Tôi là Trợ lý Khối thi đua" in told.text
    assert "quản trị viên của nhóm Telegram này gõ /setup Tên Khối" in told.text
    assert "/units" not in told.text and "/join" not in told.text  # they would all refuse
    await set_up(bot)
    [listed] = await bot.say(bot.group, CAROL, "/help")
    assert "Trong nhóm của Khối, mọi thành viên có thể" in listed.text and "/join" in listed.text


async def test_help_in_a_group_not_yet_a_bloc_in_english(bot_en: Harness) -> None:
    add_people(bot_en)
    [told] = await bot_en.say(bot_en.group, EVE, "/help")
    assert told.text.startswith("This group is not registered as an emulation bloc yet.")
    assert "an administrator of this Telegram group types /setup Bloc name" in told.text
    assert "/units" not in told.text


async def test_cancel_with_a_confirmation_on_screen_points_to_its_cross(bot: Harness) -> None:
    bloc = await make_bloc(bot)
    await open_year(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/deadline pledge 20/01/2026")
    assert ask.button_texts() == ["✅ Đặt thời hạn", "✖️ Hủy"]
    [told] = await bot.say(bot.group, ADMIN, "/cancel")
    assert told.text.startswith("Trong nhóm, /cancel không tạm dừng việc gì.")
    assert "bấm ✖️ ngay dưới xác nhận đó để hủy" in told.text
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✖️")
    [cancelled] = [m for m in bot.emu.bot_messages(bot.group) if m.message_id == ask.message_id]
    assert "không có gì thay đổi" in cancelled.text and cancelled.buttons == []
    year = await bot.services.years.current(bloc.id)
    assert year is not None and await bot.services.years.deadlines(year.id) == {}


async def test_cancel_with_nothing_in_english(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    [told] = await bot.say(bot.group, ADMIN, "/cancel")
    assert "press ✖️ under it to cancel it; nothing is stored until ✅ is pressed" in told.text

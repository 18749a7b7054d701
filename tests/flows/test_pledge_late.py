"""A unit that never registered its pledge, after the deadline: its screen, the admin's
reopening and the notice speak of registering (late), never of editing or "registering again"."""

from __future__ import annotations

from datetime import timedelta

from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.year_setup import make_bloc, open_year, pledge_of, set_deadline


async def test_an_unregistered_unit_is_told_to_register_not_to_edit(bot: Harness) -> None:
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await set_deadline(bot, "pledge 31/01/2026")
    bot.clock.move(timedelta(days=30))

    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    assert screen.text.startswith("🔒 Đã quá thời hạn đăng ký thi đua")
    assert "nếu đơn vị cần đăng ký, đề nghị quản trị Khối mở lại" in screen.text
    assert "chỉ để xem" not in screen.text and "cần sửa" not in screen.text
    assert "Đơn vị chưa đăng ký thi đua." in screen.text

    await bot.say(ADMIN, ADMIN, "/start")
    await bot.say(bot.group, ADMIN, "/status pledge")
    await bot.press(bot.group, ADMIN, text="DLK")
    view = bot.last(ADMIN)
    await bot.press(ADMIN, ADMIN, text="Mở lại cho DLK")
    assert "đăng ký muộn" in view.text and "đăng ký lại" not in view.text
    await bot.press(ADMIN, ADMIN, text="✅")
    notice = bot.last(ALICE).text
    assert "Gõ /pledge để đăng ký." in notice
    assert "đăng ký lại" not in notice and "sửa" not in notice
    assert await pledge_of(bot, bloc, "DLK") is None  # reopening registers nothing

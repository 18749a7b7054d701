"""After a stored ✅ (or a command that stored something), Telegram failing on the answer never
leaves a screen asking for ✅ nor an apology: the person hears the truth once (issue 17,
findings 6 and 7 beyond pledges and rosters; `handlers.reply.show_stored`)."""

from __future__ import annotations

from datetime import timedelta

from tests.flows.conftest import ADMIN, CAROL, Harness
from tests.flows.membership_kit import delegates_of, set_up
from tests.flows.test_pledge_notices import _count
from tests.flows.year_setup import make_bloc, open_year

APOLOGY = "Xin lỗi, đã có lỗi"


async def test_a_5xx_on_the_edit_after_closing_the_year_still_shows_it_closed(
    bot: Harness,
) -> None:
    await make_bloc(bot)
    await open_year(bot, 2025)
    [ask] = await bot.say(bot.group, ADMIN, "/year close")
    bot.emu.faults.fail_next(2, status=502, methods={"editMessageText"})
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    bot.clock.move(timedelta(seconds=5))
    await bot.settle()
    assert "Đã kết thúc năm thi đua 2025" in ask.text and not ask.buttons
    assert _count(bot, bot.group, "Đã kết thúc năm thi đua 2025") == 1
    assert _count(bot, bot.group, APOLOGY) == 0


async def test_a_timed_out_edit_of_a_join_approval_gives_one_confirmation(bot: Harness) -> None:
    await set_up(bot, "DLK")
    await bot.say(CAROL, CAROL, "/start")
    await bot.say(bot.group, CAROL, "/join")
    await bot.press(bot.group, CAROL, text="DLK")
    request = bot.last(bot.group)
    before = len(bot.emu.bot_messages(bot.group))
    bot.emu.faults.fail_next(1, status=504, methods={"editMessageText"})
    await bot.press(bot.group, ADMIN, message_id=request.message_id, text="✅")
    await bot.settle()
    assert await delegates_of(bot, "DLK") == [CAROL]
    assert "đã trở thành cán bộ đầu mối" in request.text and not request.buttons
    assert len(bot.emu.bot_messages(bot.group)) == before  # edited, not a second message
    assert _count(bot, bot.group, APOLOGY) == 0


async def test_a_unit_removal_whose_screen_cannot_be_edited_says_so_in_a_new_message(
    bot: Harness,
) -> None:
    await set_up(bot, "DLK")
    await bot.say(bot.group, ADMIN, "/unit DLK")
    await bot.press(bot.group, ADMIN, text="🗑")
    screen = bot.last(bot.group)
    bot.emu.faults.fail_next(
        2,  # the handler's edit, then the notifier's
        status=400,
        description="Bad Request: message can't be edited",
        methods={"editMessageText"},
    )
    await bot.press(bot.group, ADMIN, message_id=screen.message_id, text="✅")
    await bot.settle()
    assert _count(bot, bot.group, "Đã xóa đơn vị DLK") == 1
    assert bot.last(bot.group).message_id != screen.message_id
    assert _count(bot, bot.group, APOLOGY) == 0


async def test_a_5xx_on_the_answer_to_admin_add_is_sent_later_not_apologised_for(
    bot: Harness,
) -> None:
    await set_up(bot)
    await bot.say(bot.group, CAROL, "Chào mọi người")
    await bot.say(bot.group, ADMIN, "/admin add @mai")
    bot.emu.faults.fail_next(1, status=500, methods={"editMessageText"})
    await bot.press(bot.group, ADMIN, text="✅")
    bot.clock.move(timedelta(seconds=5))
    await bot.settle()
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None and await bot.services.blocs.is_admin(bloc.id, CAROL)
    assert _count(bot, bot.group, "Mai đã trở thành quản trị Khối") == 1
    assert _count(bot, bot.group, APOLOGY) == 0

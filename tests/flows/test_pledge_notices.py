"""Issue 17, findings 6 and 7 and the doubled confirmation: after ✅ is stored, the person and
the group hear of it exactly once, whatever Telegram or the process does in between."""

from __future__ import annotations

from datetime import timedelta

from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.test_pledge_edges import _ready, _to_review
from tests.flows.year_setup import make_bloc, pledge_of

CONFIRM = "Đã đăng ký thi đua cho DLK"
LINE = "✅ DLK đã đăng ký thi đua — 1/3 đơn vị"


def _count(bot: Harness, chat: int, text: str) -> int:
    return sum(text in m.text for m in bot.emu.bot_messages(chat))


async def test_edit_and_fallback_failing_then_a_restart_still_tell_everyone_once(
    bot: Harness,
) -> None:
    bloc = await _ready(bot)
    await _to_review(bot, ALICE, "Bằng khen", "Cam kết")
    bot.emu.faults.fail_next(50, status=502, methods={"editMessageText", "sendMessage"})
    await bot.press(ALICE, ALICE, text="✅")
    assert await pledge_of(bot, bloc, "DLK") is not None
    assert _count(bot, ALICE, CONFIRM) == 0 and _count(bot, bot.group, LINE) == 0

    await bot.stop()  # the process dies with both messages unsent
    bot.emu.faults.clear()
    await bot.start()
    bot.clock.move(timedelta(minutes=10))
    await bot.settle()
    assert _count(bot, ALICE, CONFIRM) == 1
    assert _count(bot, bot.group, LINE) == 1
    await bot.restart()
    bot.clock.move(timedelta(hours=1))
    await bot.settle()
    assert _count(bot, ALICE, CONFIRM) == 1 and _count(bot, bot.group, LINE) == 1


async def test_a_timed_out_edit_gives_one_confirmation(bot: Harness) -> None:
    await _ready(bot)
    await _to_review(bot, ALICE, "Bằng khen", "Cam kết")
    review = bot.last(ALICE)
    before = len(bot.emu.bot_messages(ALICE))
    bot.emu.faults.fail_next(1, status=504, methods={"editMessageText"})
    await bot.press(ALICE, ALICE, text="✅")
    assert CONFIRM in review.text
    assert len(bot.emu.bot_messages(ALICE)) == before
    assert _count(bot, bot.group, LINE) == 1


async def test_a_review_that_can_no_longer_be_edited_gets_a_new_message(bot: Harness) -> None:
    await _ready(bot)
    await _to_review(bot, ALICE, "Bằng khen", "Cam kết")
    bot.emu.faults.fail_next(
        1,
        status=400,
        methods={"editMessageText"},
        description="Bad Request: message can't be edited",
    )
    await bot.press(ALICE, ALICE, text="✅")
    assert CONFIRM in bot.last(ALICE).text
    assert _count(bot, ALICE, CONFIRM) == 1


async def test_a_stored_roster_change_is_confirmed_once_even_if_telegram_fails(
    bot: Harness,
) -> None:
    """Finding 6: a 500 on the edit after ✅ no longer leaves "(not stored)" on the screen."""
    await make_bloc(bot)
    [preview] = await bot.say(bot.group, ADMIN, "/addunit DLK Ban Quản lý KCN Đắk Lắk")
    bot.emu.faults.fail_next(2, status=500, methods={"editMessageText"})
    await bot.press(bot.group, ADMIN, text="✅")
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None
    unit = await bot.services.units.by_code(bloc.id, "DLK")
    assert unit is not None and unit.name == "Ban Quản lý KCN Đắk Lắk"
    bot.clock.move(timedelta(seconds=2))
    await bot.settle()
    assert preview.text.startswith("✅ Đã lưu: đổi tên 1.")
    assert preview.buttons == []
    assert _count(bot, bot.group, "✅ Đã lưu") == 1

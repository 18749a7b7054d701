"""/setup by a group member who is not one of its Telegram administrators: the refusal names
the administrators to ask, says what they type, and what the person does once the bloc is
registered (before, it only said that they could not)."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.membership_kit import BLOC_NAME, EVE, add_people, bot_en

__all__ = ["bot_en"]


async def test_the_refusal_names_whom_to_ask_and_the_next_step(bot: Harness) -> None:
    [answer] = await bot.say(bot.group, CAROL, "/setup Khối của Mai")
    assert answer.text == (
        "Chỉ quản trị viên của nhóm Telegram này mới đăng ký được nhóm là Khối thi đua: Hùng."
        " Kính đề nghị Anh/Chị nhờ quản trị viên gõ /setup Tên Khối tại đây; sau khi Khối được"
        " đăng ký, cán bộ đầu mối của từng đơn vị tham gia bằng lệnh /join."
    )
    assert await bot.services.blocs.by_chat(bot.group) is None
    bot.emu.set_admin(bot.group, ALICE)  # two administrators: both named
    [answer] = await bot.say(bot.group, CAROL, "/setup")
    assert "Khối thi đua: Hùng, Lan. " in answer.text
    add_people(bot)
    for person in (BOB, EVE):  # four: three named, the other counted
        bot.emu.set_admin(bot.group, person)
    [answer] = await bot.say(bot.group, CAROL, "/setup")
    assert "Khối thi đua: Hùng, Lan, Bob và 1 người khác. " in answer.text
    [created] = await bot.say(bot.group, ADMIN, f"/setup {BLOC_NAME}")  # the step named works
    assert created.text.startswith("✅")


async def test_telegram_not_answering_leaves_the_refusal_without_names(bot: Harness) -> None:
    bot.emu.faults.fail_next(1, status=500, methods={"getChatAdministrators"})
    [answer] = await bot.say(bot.group, CAROL, "/setup Khối của Mai")
    assert answer.text.startswith(
        "Chỉ quản trị viên của nhóm Telegram này mới đăng ký được nhóm là Khối thi đua. Kính đề"
        " nghị Anh/Chị nhờ một quản trị viên của nhóm gõ /setup Tên Khối tại đây;"
    )


async def test_the_refusal_in_english(bot_en: Harness) -> None:
    bot = bot_en
    [answer] = await bot.say(bot.group, CAROL, "/setup Mai's bloc")
    assert answer.text == (
        "Only an administrator of this Telegram group can register it as an emulation bloc:"
        " Hùng. Please ask them to type /setup Bloc name here; once the bloc is registered, each"
        " unit's delegate joins it with /join."
    )

"""/setup, /admin, the bot joining a group or a channel, and a group becoming a supergroup."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.membership_kit import (
    BLOC_NAME,
    EVE,
    add_people,
    admin_change,
    bot_en,
    set_up,
    table_dump,
)

__all__ = ["bot_en"]


async def test_setup_registers_the_group_and_its_first_admin(bot: Harness) -> None:
    [answer] = await bot.say(bot.group, ADMIN, f"/setup {BLOC_NAME}")
    assert answer.text.startswith("✅") and BLOC_NAME in answer.text and "Hùng" in answer.text
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None and bloc.name == BLOC_NAME and bloc.language == "vi"
    assert await bot.services.blocs.admins(bloc.id) == [ADMIN]


async def test_setup_again_shows_the_settings_and_changes_nothing(bot: Harness) -> None:
    await set_up(bot, "DLK")
    before = await table_dump(bot)
    [answer] = await bot.say(bot.group, ADMIN, "/setup")
    assert "đã được thiết lập từ trước" in answer.text and answer.buttons == []
    assert BLOC_NAME in answer.text and "giờ Việt Nam (GMT+7)" in answer.text
    assert "Đơn vị thành viên: 1" in answer.text and "Hùng" in answer.text
    assert await table_dump(bot) == before


async def test_setup_by_a_non_administrator_is_refused(bot: Harness) -> None:
    [answer] = await bot.say(bot.group, CAROL, "/setup Khối của Mai")
    assert "quản trị viên của nhóm" in answer.text
    assert await bot.services.blocs.by_chat(bot.group) is None


async def test_setup_without_a_name_or_with_a_long_one(bot: Harness) -> None:
    [usage] = await bot.say(bot.group, ADMIN, "/setup")
    assert "/setup Tên Khối" in usage.text
    [long] = await bot.say(bot.group, ADMIN, "/setup " + "K" * 201)
    assert "200" in long.text
    assert await bot.services.blocs.by_chat(bot.group) is None


async def test_setup_in_private_gets_the_group_only_answer(bot: Harness) -> None:
    [answer] = await bot.say(ADMIN, ADMIN, "/setup Khối")
    assert "dùng trong nhóm" in answer.text


async def test_group_commands_before_setup_say_how_to_start(bot: Harness) -> None:
    for command in ("/units", "/join", "/addunit DLK Đắk Lắk", "/invite DLK", "/admin"):
        [answer] = await bot.say(bot.group, ADMIN, command)
        assert "/setup" in answer.text, command


async def test_an_english_bloc(bot_en: Harness) -> None:
    bot = bot_en
    [created] = await bot.say(bot.group, ADMIN, "/setup Central Highlands bloc")
    assert "is now registered as Central Highlands bloc" in created.text
    [again] = await bot.say(bot.group, ADMIN, "/setup")
    assert "was set up before" in again.text and "English" in again.text
    [refused] = await bot.say(bot.group, CAROL, "/addunit DLK Dak Lak")
    assert refused.text.startswith("Only bloc admins can do this: Hùng and the group's")


async def test_bot_added_to_a_group_says_how_to_start(harness: Harness) -> None:
    fresh = harness.emu.add_group(
        "Nhóm mới", members=[ADMIN, CAROL], admins=[ADMIN], with_bot=False
    )
    await harness.start()
    harness.emu.add_bot_to_group(fresh, by_user=ADMIN)
    await harness.settle()
    [hello] = harness.emu.bot_messages(fresh)
    assert "/setup" in hello.text


async def test_bot_added_to_a_channel_stays_silent(bot: Harness) -> None:
    channel = bot.emu.add_channel("Kênh tin")
    bot.emu.channel_post(channel, "/setup Khối kênh")
    await bot.settle()
    assert bot.emu.bot_messages(channel) == []
    assert await bot.services.blocs.by_chat(channel) is None
    [still] = await bot.say(ALICE, ALICE, "/start")
    assert "Xin chào" in still.text


async def test_group_migrating_to_a_supergroup_mid_setup_keeps_the_bloc(bot: Harness) -> None:
    await set_up(bot, "DLK")
    new_id = bot.emu.migrate_to_supergroup(bot.group)
    await bot.settle()
    bloc = await bot.services.blocs.by_chat(new_id)
    assert bloc is not None and bloc.name == BLOC_NAME
    [added] = await bot.say(new_id, ADMIN, "/addunit DNG Đà Nẵng")
    assert added.text.startswith("✅")
    [listing] = await bot.say(new_id, CAROL, "/units")
    assert "DLK" in listing.text and "DNG" in listing.text


async def test_admin_add_and_remove_by_username_and_by_reply(bot: Harness) -> None:
    await set_up(bot)
    await bot.say(bot.group, CAROL, "Chào mọi người")
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None
    added = await admin_change(bot, "/admin add @mai")
    assert added.startswith("✅") and "Mai" in added
    assert await bot.services.blocs.is_admin(bloc.id, CAROL)
    [again] = await bot.say(bot.group, ADMIN, "/admin add @MAI")
    assert "đã có trong danh sách" in again.text
    [listing] = await bot.say(bot.group, CAROL, "/admin")
    assert "Hùng" in listing.text and "Mai" in listing.text
    removed = await admin_change(bot, "/admin remove @mai", by=CAROL)
    assert "không còn là quản trị" in removed
    assert not await bot.services.blocs.is_admin(bloc.id, CAROL)
    message = bot.emu.send_text(bot.group, BOB, "Tôi là Bob")
    await bot.settle()
    bot.emu.send_text(bot.group, ADMIN, "/admin add", reply_to_message_id=message["message_id"])
    await bot.settle()
    assert "Bob" in bot.last(bot.group).text
    assert not await bot.services.blocs.is_admin(bloc.id, BOB)
    await bot.press(bot.group, ADMIN, text="✅")
    assert await bot.services.blocs.is_admin(bloc.id, BOB)


async def test_admin_bad_inputs(bot: Harness) -> None:
    await set_up(bot)
    [unknown] = await bot.say(bot.group, ADMIN, "/admin add @nobody_here")
    assert "@nobody_here" in unknown.text
    [usage] = await bot.say(bot.group, ADMIN, "/admin promote @mai")
    assert "/admin add" in usage.text
    [alone] = await bot.say(bot.group, ADMIN, "/admin add")
    assert "/admin add" in alone.text
    [last] = await bot.say(bot.group, ADMIN, "/admin remove @hung_admin")
    assert "cuối cùng" in last.text
    bot_message = bot.last(bot.group)
    bot.emu.send_text(bot.group, ADMIN, "/admin add", reply_to_message_id=bot_message.message_id)
    await bot.settle()
    assert "Bot không thể" in bot.last(bot.group).text


async def test_a_telegram_admin_is_a_bloc_admin_and_stays_one(bot: Harness) -> None:
    add_people(bot)
    await set_up(bot)
    [added] = await bot.say(bot.group, EVE, "/addunit DLK Đắk Lắk")
    assert added.text.startswith("✅")
    await admin_change(bot, "/admin add @eve_tg")
    removed = await admin_change(bot, "/admin remove @eve_tg")
    assert "quản trị viên của nhóm Telegram" in removed


async def test_admin_add_someone_without_a_username_picked_from_the_mention_list(
    bot: Harness,
) -> None:
    await set_up(bot)
    bot.emu.add_user(1999, "Thảo", username=None, language_code="vi")
    bot.emu.join_group(bot.group, 1999)
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None
    bot.emu.send_text(bot.group, ADMIN, "/admin add Thảo Nguyễn", mention=("Thảo Nguyễn", 1999))
    await bot.settle()
    assert "Thảo" in bot.last(bot.group).text
    await bot.press(bot.group, ADMIN, text="✅")
    assert await bot.services.blocs.is_admin(bloc.id, 1999)

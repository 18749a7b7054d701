"""Commands per scope and language, chat information and membership."""

from __future__ import annotations

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    MenuButtonCommands,
)
from telegram.error import BadRequest

from bot.emulator import BotApiEmulator

LAN, MINH, HOA = 111, 222, 333


async def test_commands_per_scope_and_language(bot: Bot, emu: BotApiEmulator, group: int) -> None:
    await bot.set_my_commands([BotCommand("start", "Bắt đầu"), BotCommand("help", "Trợ giúp")])
    await bot.set_my_commands([BotCommand("help", "Help")], language_code="en")
    await bot.set_my_commands(
        [BotCommand("setup", "Thiết lập khối")], scope=BotCommandScopeAllGroupChats()
    )
    await bot.set_my_commands([BotCommand("summary", "Tổng hợp")], scope=BotCommandScopeChat(group))
    assert [c["command"] for c in emu.commands()] == ["start", "help"]
    assert emu.commands(language_code="en") == [{"command": "help", "description": "Help"}]
    assert emu.commands({"type": "all_group_chats"})[0]["command"] == "setup"
    assert emu.commands({"type": "chat", "chat_id": group})[0]["command"] == "summary"
    assert emu.commands({"type": "all_private_chats"}) == []
    fetched = await bot.get_my_commands(language_code="en")
    assert [c.command for c in fetched] == ["help"]
    await bot.delete_my_commands(language_code="en")
    assert emu.commands(language_code="en") == []
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Start", "uppercase")])
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("x" * 33, "too long")])
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("ok", "d" * 257)])


async def test_chat_information(bot: Bot, emu: BotApiEmulator, group: int) -> None:
    emu.set_admin(group, MINH)
    chat = await bot.get_chat(group)
    assert (chat.type, chat.title) == ("group", "Khối 5")
    admins = await bot.get_chat_administrators(group)
    assert {a.user.id: a.status for a in admins} == {LAN: "creator", MINH: "administrator"}
    assert (await bot.get_chat_member(group, HOA)).status == "left"
    assert await bot.get_chat_member_count(group) == 3  # Lan, Minh and the bot
    emu.join_group(group, HOA)
    assert emu.chat_member_status(group, HOA) == "member"
    emu.leave_group(group, HOA)
    assert (await bot.get_chat_member(group, HOA)).status == "left"
    emu.set_admin(group, MINH, is_admin=False)
    assert emu.chat_member_status(group, MINH) == "member"
    await bot.send_chat_action(group, "typing")
    with pytest.raises(BadRequest):
        await bot.send_chat_action(group, "dancing")
    assert await bot.leave_chat(group)
    assert emu.chat_member_status(group, emu.bot_id) == "left"


async def test_profile_and_menu(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    await bot.set_my_description("Trợ lý khối thi đua")
    await bot.set_my_short_description("Trợ lý", language_code="en")
    assert (await bot.get_my_description()).description == "Trợ lý khối thi đua"
    await bot.set_chat_menu_button(LAN, MenuButtonCommands())
    assert (await bot.get_chat_menu_button(LAN)).type == "commands"
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.delete_webhook(drop_pending_updates=True)


async def test_pins_need_admin_rights_in_groups(bot: Bot, emu: BotApiEmulator, group: int) -> None:
    sent = await bot.send_message(group, "Tiến độ: 7/11 đơn vị")
    with pytest.raises(BadRequest, match=r"(?i)not enough rights"):
        await bot.pin_chat_message(group, sent.message_id)
    emu.set_admin(group, emu.bot_id)
    assert await bot.pin_chat_message(group, sent.message_id)
    assert emu.pinned(group) == [sent.message_id]
    assert await bot.unpin_chat_message(group)
    assert emu.pinned(group) == []


async def test_message_ids(bot: Bot, emu: BotApiEmulator, group: int) -> None:
    """Private chats and basic groups share one id sequence; supergroups count their own."""
    emu.start_bot(LAN)
    first = await bot.send_message(LAN, "a")
    second = await bot.send_message(group, "b")
    assert second.message_id == first.message_id + 1
    supergroup = emu.add_group("SG", members=[LAN], supergroup=True)
    assert str(supergroup).startswith("-100")
    assert (await bot.send_message(supergroup, "c")).message_id == 1

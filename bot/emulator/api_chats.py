"""Chat information and membership methods, answered from the emulated world.

Rights checks in the product ("is this user a group administrator?") ask Telegram through
``getChatMember`` / ``getChatAdministrators``; answering them from the same membership table
the driver changes (``set_admin``, ``join_group``...) makes those checks testable end to end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import bad_request
from .registry import method
from .world import ACTIVE, ADMINS

if TYPE_CHECKING:
    from .emulator import BotApiEmulator
    from .models import ChatRec

_NO_GIFTS = {
    "unlimited_gifts": False,
    "limited_gifts": False,
    "unique_gifts": False,
    "premium_subscription": False,
    "gifts_from_channels": False,
}


@method("getChat")
async def get_chat(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    chat = emu.world.resolve(p["chat_id"])
    emu.world.check_can_read(chat)
    info = emu.world.chat_dict(chat)
    info.update(accent_color_id=0, max_reaction_count=11, accepted_gift_types=dict(_NO_GIFTS))
    return info


@method("getChatMember")
async def get_chat_member(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    chat = emu.world.resolve(p["chat_id"])
    emu.world.check_can_read(chat)
    if p["user_id"] not in emu.world.users:
        raise bad_request("user not found")
    return emu.world.member_dict(chat, p["user_id"])


@method("getChatAdministrators")
async def get_chat_administrators(emu: BotApiEmulator, p: dict[str, Any]) -> list[dict]:
    chat = emu.world.resolve(p["chat_id"])
    emu.world.check_can_read(chat)
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    admins = [uid for uid, status in chat.members.items() if status in ADMINS]
    if chat.bot_status in ADMINS:
        admins.append(emu.world.bot.id)
    return [emu.world.member_dict(chat, uid) for uid in admins]


@method("getChatMemberCount")
async def get_chat_member_count(emu: BotApiEmulator, p: dict[str, Any]) -> int:
    chat = emu.world.resolve(p["chat_id"])
    emu.world.check_can_read(chat)
    if chat.type == "private":
        return 2
    count = sum(1 for status in chat.members.values() if status in ACTIVE)
    return count + (1 if chat.bot_status in ACTIVE else 0)


@method("leaveChat")
async def leave_chat(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    chat = emu.world.resolve(p["chat_id"])
    if chat.type == "private":
        raise bad_request("chat member status can't be changed in private chats")
    emu.world.check_can_read(chat)
    emu.change_bot_status(chat, "left", actor_id=emu.world.bot.id)
    return True


def _pin_rights(emu: BotApiEmulator, chat_id: int | str) -> ChatRec:
    chat = emu.world.resolve(chat_id)
    emu.world.check_can_send(chat)
    if chat.type != "private" and chat.bot_status not in ADMINS:
        raise bad_request("not enough rights to manage pinned messages in the chat")
    return chat


@method("pinChatMessage")
async def pin_chat_message(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    chat = _pin_rights(emu, p["chat_id"])
    if emu.world.message(chat, p["message_id"]) is None:
        raise bad_request("message to pin not found")
    if p["message_id"] in chat.pinned:
        chat.pinned.remove(p["message_id"])
    chat.pinned.append(p["message_id"])
    return True


@method("unpinChatMessage")
async def unpin_chat_message(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    chat = _pin_rights(emu, p["chat_id"])
    target = p.get("message_id") or (chat.pinned[-1] if chat.pinned else None)
    if target not in chat.pinned:
        raise bad_request("message to unpin not found")
    chat.pinned.remove(target)
    return True


@method("unpinAllChatMessages")
async def unpin_all_chat_messages(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    _pin_rights(emu, p["chat_id"]).pinned.clear()
    return True


@method("setChatMenuButton")
async def set_chat_menu_button(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    button = p.get("menu_button") or {"type": "default"}
    if p.get("chat_id") is None:
        emu.default_menu_button = button
        return True
    chat = emu.world.resolve(p["chat_id"])
    if chat.type != "private":
        raise bad_request("chat must be a private chat")
    chat.menu_button = button
    return True


@method("getChatMenuButton")
async def get_chat_menu_button(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    if p.get("chat_id") is not None:
        chat = emu.world.resolve(p["chat_id"])
        if chat.menu_button and chat.menu_button.get("type") != "default":
            return dict(chat.menu_button)
    button = emu.default_menu_button
    if button and button.get("type") != "default":
        return dict(button)
    return {"type": "commands"}

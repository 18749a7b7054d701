"""getUpdates semantics (long poll, offsets, allowed_updates) and settle()."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from telegram import Bot, Update
from telegram.error import Conflict

from bot.emulator import BotApiEmulator

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"
LAN, MINH, HOA = 111, 222, 333


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    bot: Bot, emu: BotApiEmulator
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    assert not poll.done()
    sent = emu.send_text(LAN, LAN, "/start")
    updates = await poll
    assert time.monotonic() - started < 1.5
    assert len(updates) == 1
    message = updates[0].message
    assert message.message_id == sent["message_id"]
    assert message.from_user.language_code == "vi"
    assert message.chat.type == "private"
    assert message.entities[0].type == "bot_command"
    assert message.entities[0].length == len("/start")


async def test_empty_long_poll_times_out_quietly(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 < time.monotonic() - started < 2


async def test_offset_confirms_updates(bot: Bot, emu: BotApiEmulator) -> None:
    for text in ("one", "two", "three"):
        emu.send_text(LAN, LAN, text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first] == ["one", "two"]
    again = await bot.get_updates()
    assert [u.message.text for u in again] == ["one", "two", "three"]  # nothing confirmed yet
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest] == ["three"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1) == ()
    ids = [u.update_id for u in again]
    assert ids == sorted(ids) and len(set(ids)) == 3


async def test_negative_offset_keeps_only_the_last(bot: Bot, emu: BotApiEmulator) -> None:
    for text in ("a", "b", "c"):
        emu.send_text(LAN, LAN, text)
    assert [u.message.text for u in await bot.get_updates(offset=-1)] == ["c"]


async def test_chat_member_updates_need_allowed_updates_and_admin(
    bot: Bot, emu: BotApiEmulator
) -> None:
    gid = emu.add_group("G", members=[LAN], creator=LAN)
    emu.join_group(gid, MINH)  # default allowed_updates: no chat_member
    updates = await bot.get_updates()
    assert [bool(u.message and u.message.new_chat_members) for u in updates] == [True]
    await bot.get_updates(offset=updates[-1].update_id + 1, allowed_updates=Update.ALL_TYPES)
    emu.set_admin(gid, emu.bot_id)
    emu.join_group(gid, HOA)
    updates = await bot.get_updates()
    assert updates[0].my_chat_member.new_chat_member.status == "administrator"
    assert updates[1].message.new_chat_members[0].id == HOA
    assert updates[2].chat_member.new_chat_member.status == "member"
    assert len(updates) == 3


async def test_second_poller_ends_the_first_with_conflict(
    bot: Bot, http: httpx.AsyncClient
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    second = await http.post(f"/bot{TOKEN}/getUpdates", data={"timeout": "0"})
    assert second.json() == {"ok": True, "result": []}
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_settle_waits_for_confirmation(bot: Bot, emu: BotApiEmulator) -> None:
    await emu.settle(timeout=0.1)  # nothing pending: immediate
    emu.send_text(LAN, LAN, "hello")
    with pytest.raises(TimeoutError, match="confirmed up to 0"):
        await emu.settle(timeout=0.1)

    async def poll_twice() -> None:
        updates = await bot.get_updates(timeout=1)
        await bot.get_updates(offset=updates[-1].update_id + 1)

    task = asyncio.create_task(poll_twice())
    await emu.settle(timeout=2)
    await task
    assert emu.updates.settled


async def test_settle_waits_for_requests_in_flight(
    bot: Bot, emu: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    emu.faults.delay_next(1, 0.3)
    started = time.monotonic()
    request = asyncio.create_task(http.post(f"/bot{TOKEN}/getMe"))
    await asyncio.sleep(0.05)
    with pytest.raises(TimeoutError, match="getMe"):
        await emu.settle(timeout=0.05)
    await emu.settle(timeout=2)
    assert time.monotonic() - started >= 0.3
    assert (await request).json()["ok"] is True


async def test_privacy_mode_filters_group_chatter(bot: Bot, emu: BotApiEmulator) -> None:
    emu.privacy_mode = True
    gid = emu.add_group("G", members=[LAN, MINH], creator=LAN)
    emu.send_text(gid, LAN, "just chatting")
    emu.send_text(gid, LAN, "/status@other_bot")
    command = emu.send_text(gid, LAN, "/status@bloc_assistant_bot now")
    updates = await bot.get_updates()
    assert [u.message.message_id for u in updates] == [command["message_id"]]
    assert command["entities"][0]["length"] == len("/status@bloc_assistant_bot")
    await bot.get_updates(offset=updates[-1].update_id + 1)
    sent = await bot.send_message(gid, "question?")
    emu.send_text(gid, MINH, "answer", reply_to_message_id=sent.message_id)
    emu.leave_group(gid, MINH)
    updates = await bot.get_updates()
    assert updates[0].message.reply_to_message.message_id == sent.message_id
    assert updates[1].message.left_chat_member.id == MINH

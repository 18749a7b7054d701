"""/admin add|remove go through one ✅ step: nothing changes before ✅, ✖️ changes nothing,
and ✅ re-checks that the presser is still an admin and the person still (not) one."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, BOB, CAROL, Harness
from tests.flows.membership_kit import add_people, admin_change, set_up, table_dump


async def _bloc_id(bot: Harness) -> int:
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None
    return bloc.id


async def test_admin_add_asks_first_and_cancel_changes_nothing(bot: Harness) -> None:
    await set_up(bot)
    await bot.say(bot.group, CAROL, "Chào mọi người")
    before = await table_dump(bot)
    [asked] = await bot.say(bot.group, ADMIN, "/admin add @mai")
    assert "Mai (@mai)" in asked.text and "quản trị Khối?" in asked.text
    assert await table_dump(bot) == before
    await bot.press(bot.group, CAROL, text="✅")  # not an admin: refused, nothing stored
    assert await table_dump(bot) == before
    await bot.press(bot.group, ADMIN, text="✖️")
    assert "Đã hủy" in bot.last(bot.group).text and bot.last(bot.group).buttons == []
    assert await table_dump(bot) == before
    added = await admin_change(bot, "/admin add @mai")
    assert added.startswith("✅") and "Mai" in added
    assert await bot.services.blocs.is_admin(await _bloc_id(bot), CAROL)


async def test_admin_remove_asks_first_and_stores_on_commit(bot: Harness) -> None:
    await set_up(bot)
    await bot.say(bot.group, CAROL, "Chào mọi người")
    await admin_change(bot, "/admin add @mai")
    before = await table_dump(bot)
    [asked] = await bot.say(bot.group, ADMIN, "/admin remove @mai")
    assert "Gỡ Mai (@mai) khỏi danh sách" in asked.text
    assert await table_dump(bot) == before
    await bot.press(bot.group, ADMIN, text="✖️")
    assert await table_dump(bot) == before
    await bot.say(bot.group, ADMIN, "/admin remove @mai")
    await bot.press(bot.group, ADMIN, text="✅")
    assert "không còn là quản trị" in bot.last(bot.group).text
    assert not await bot.services.blocs.is_admin(await _bloc_id(bot), CAROL)


async def test_a_stale_commit_by_a_demoted_admin_is_refused(bot: Harness) -> None:
    add_people(bot)
    await set_up(bot)
    for user in (BOB, CAROL):
        await bot.say(bot.group, user, "Xin chào")
    await admin_change(bot, "/admin add @mai")
    [asked] = await bot.say(bot.group, CAROL, "/admin add @bob_dng")  # Mai asks …
    await admin_change(bot, "/admin remove @mai")  # … and is demoted meanwhile
    before = await table_dump(bot)
    answer = await bot.press(bot.group, CAROL, message_id=asked.message_id, text="✅")
    assert answer is not None and "quản trị Khối" in answer["text"]
    assert await table_dump(bot) == before
    assert not await bot.services.blocs.is_admin(await _bloc_id(bot), BOB)


async def test_a_commit_whose_state_moved_on_becomes_the_refusal(bot: Harness) -> None:
    await set_up(bot)
    await bot.say(bot.group, CAROL, "Chào mọi người")
    [first] = await bot.say(bot.group, ADMIN, "/admin add @mai")
    await admin_change(bot, "/admin add @mai")
    await bot.press(bot.group, ADMIN, message_id=first.message_id, text="✅")
    shown = bot.emu.bot_messages(bot.group)
    [again] = [m for m in shown if m.message_id == first.message_id]
    assert "đã có trong danh sách" in again.text and again.buttons == []

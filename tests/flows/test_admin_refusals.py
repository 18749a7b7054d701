"""Refusals for lack of rights name who can act (QA qa-roles, defect 5): the bloc's admins by
name (a few), the group's administrators and /admin, which any member may read; /setup typed
again by a non-admin says what the group is registered as."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.membership_kit import (
    BLOC_NAME,
    DAVE,
    EVE,
    add_people,
    admin_change,
    bot_en,
    set_up,
)

__all__ = ["bot_en"]


async def test_a_refusal_names_the_admins_and_a_member_reads_the_list(bot: Harness) -> None:
    await set_up(bot, "DLK")
    [refused] = await bot.say(bot.group, CAROL, "/addunit DNG Đà Nẵng")
    assert refused.text == (
        "Chỉ quản trị Khối mới dùng được chức năng này: Hùng và các quản trị viên của nhóm."
        " Gõ /admin để xem danh sách."
    )
    [listing] = await bot.say(bot.group, CAROL, "/admin")
    assert listing.text.startswith("Quản trị Khối: Hùng")
    assert "/admin add" not in listing.text  # changing it stays the admins'
    [own] = await bot.say(bot.group, ADMIN, "/admin")
    assert "/admin add" in own.text
    [again] = await bot.say(bot.group, CAROL, "/setup Khối khác")
    assert again.text.startswith(f"Nhóm này đã được đăng ký là {BLOC_NAME};")
    [add] = await bot.say(bot.group, CAROL, "/admin add @lan_dlk")
    assert add.text.startswith("Chỉ quản trị Khối mới dùng được chức năng này: Hùng")


async def test_a_few_admins_by_name_then_how_many_more(bot_en: Harness) -> None:
    bot = bot_en
    add_people(bot)
    bot.emu.join_group(bot.group, DAVE)
    await bot.say(bot.group, ADMIN, "/setup Highlands")
    for person in (ALICE, EVE, DAVE):
        await bot.say(bot.group, person, "hello")
    await admin_change(bot, "/admin add @lan_dlk")
    await admin_change(bot, "/admin add @eve_tg")
    await admin_change(bot, "/admin add @dung_out")
    [refused] = await bot.say(bot.group, BOB, "/addunit DNG Da Nang")
    assert refused.text == (
        "Only bloc admins can do this: Hùng, Lan, Dũng, 1 other and the group's"
        " administrators. /admin lists them."
    )

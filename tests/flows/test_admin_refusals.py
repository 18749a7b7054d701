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
from tests.flows.results_kit import current_scale, submit_midyear
from tests.flows.year_setup import make_bloc, open_year

__all__ = ["bot_en"]


async def test_a_refusal_names_the_admins_and_a_member_reads_the_list(bot: Harness) -> None:
    await set_up(bot, "DLK")
    [refused] = await bot.say(bot.group, CAROL, "/addunit DNG Đà Nẵng")
    assert refused.text == (
        "Chỉ quản trị Khối mới dùng được chức năng này: Hùng và các quản trị viên của nhóm."
        " Gõ /admin để xem danh sách quản trị Khối."
    )
    [listing] = await bot.say(bot.group, CAROL, "/admin")
    assert listing.text.startswith("Quản trị Khối: Hùng")
    assert "/admin add" not in listing.text  # changing it stays the admins'
    [own] = await bot.say(bot.group, ADMIN, "/admin")
    assert "/admin add" in own.text
    [again] = await bot.say(bot.group, CAROL, "/setup")
    assert again.text.startswith(f"Nhóm này đã được đăng ký là {BLOC_NAME};")
    [rename] = await bot.say(bot.group, CAROL, "/setup Khối khác")  # renaming is the admins'
    assert rename.text.startswith("Chỉ quản trị Khối mới dùng được chức năng này: Hùng")
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
        " administrators. /admin lists the bloc admins."
    )


NAMED = "Chỉ quản trị Khối mới dùng được chức năng này: Hùng và các quản trị viên của nhóm."


async def test_a_head_delegate_pressing_close_hears_who_the_admins_are(bot: Harness) -> None:
    """The review's ✅ of closing pressed by a reviewer who is no admin (the head unit's
    delegate): the refusal names the admins, as every other admin-only refusal does."""
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    units = {u.code: u.id for u in await bot.services.units.list(bloc.id)}
    await bot.services.blocs.set_head(bloc.id, head=units["DLK"], deputy=units["DNG"])
    await submit_midyear(bot, bloc, "DNG", await current_scale(bot, bloc), {})
    await bot.say(bot.group, ADMIN, "/review close midyear")
    answer = await bot.press(bot.group, ALICE, text="Kết thúc thẩm định")
    assert answer is not None and answer["text"].startswith(NAMED)


async def test_documents_in_private_names_the_admins_of_the_delegates_bloc(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE]})
    await bot.say(ADMIN, ADMIN, "/start")  # the bot knows the admin's name
    [refused] = await bot.say(ALICE, ALICE, "/documents")
    assert refused.text.startswith(NAMED)
    [plain] = await bot.say(CAROL, CAROL, "/documents")  # no bloc to name admins of
    assert plain.text == "Chỉ quản trị Khối mới dùng được chức năng này."


async def test_an_admin_the_bot_never_saw_is_never_named_by_id(bot: Harness) -> None:
    """The bloc's one admin has never written to the bot, so it has no name for him: the
    refusal says who can act without a bare Telegram id, and points to /admin."""
    await make_bloc(bot, delegates={"DLK": [ALICE]})
    [refused] = await bot.say(ALICE, ALICE, "/documents")
    assert refused.text == (
        "Chỉ quản trị Khối và các quản trị viên của nhóm mới dùng được chức năng này. Gõ /admin"
        " trong nhóm của Khối để xem danh sách quản trị Khối."
    )
    assert str(ADMIN) not in refused.text


async def test_a_person_outside_the_group_cannot_be_made_a_bloc_admin(bot: Harness) -> None:
    """The bot knows people of other blocs (they wrote to it privately): an admin cannot put one
    of them on the list, neither by /admin add nor by a ✅ naming them (found by the soak's
    fuzzing: a forged ✅ of the other bloc's admin added a person of this bloc there)."""
    add_people(bot)
    await bot.say(bot.group, ADMIN, "/setup Khối thử")
    await bot.say(DAVE, DAVE, "/start")  # known to the bot, not in the group
    [refused] = await bot.say(bot.group, ADMIN, "/admin add @dung_out")
    assert refused.text.startswith("Người này không ở trong nhóm của Khối")
    assert not refused.buttons  # nothing to confirm
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None and DAVE not in await bot.services.blocs.admins(bloc.id)

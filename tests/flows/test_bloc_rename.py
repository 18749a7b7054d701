"""The bloc's name can be corrected: `/setup <new name>` on an existing bloc shows old → new
with ✅/✖️ (QA qa-vi-first #2: a name typed wrong at the first `/setup` stayed in every
reminder, welcome and year-end document). A name with no letter at all is refused, as an emoji
unit code is; `/setup` alone still shows the settings, and says how to rename."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, CAROL, Harness
from tests.flows.membership_kit import (
    BLOC_NAME,
    add_people,
    admin_change,
    bot_en,
    make_delegate,
    set_up,
    table_dump,
)

__all__ = ["bot_en"]

NEW_NAME = "Khối thi đua các Khu công nghiệp Tây Nguyên"


async def _name(bot: Harness) -> str | None:
    bloc = await bot.services.blocs.by_chat(bot.group)
    return bloc.name if bloc else None


async def test_a_name_without_letters_is_refused_with_an_example(bot: Harness) -> None:
    for typed in ("🏆🏆🏆", "!!! ...", "2027", "🏆 - 🏆"):
        [answer] = await bot.say(bot.group, ADMIN, f"/setup {typed}")
        assert "cần có chữ" in answer.text, typed
        assert "/setup Khối thi đua" in answer.text, typed
        assert await _name(bot) is None
    [created] = await bot.say(bot.group, ADMIN, "/setup 🏆 Khối thi đua số 5")
    assert created.text.startswith("✅") and await _name(bot) == "🏆 Khối thi đua số 5"


async def test_the_first_setup_says_how_to_correct_the_name(bot: Harness) -> None:
    [created] = await bot.say(bot.group, ADMIN, f"/setup {BLOC_NAME}")
    assert created.text.startswith("✅") and created.buttons == []
    assert "/setup Tên mới" in created.text


async def test_an_admin_renames_the_bloc_after_confirming(bot: Harness) -> None:
    await set_up(bot, "DLK")
    before = await table_dump(bot)
    [asked] = await bot.say(bot.group, ADMIN, f"/setup   {NEW_NAME}  ")
    assert BLOC_NAME in asked.text and NEW_NAME in asked.text and "→" in asked.text
    labels = [b.text for row in asked.buttons for b in row]
    assert labels[0].startswith("✅") and labels[1].startswith("✖️")
    assert await _name(bot) == BLOC_NAME  # nothing before ✅
    await bot.press(bot.group, ADMIN, text="✅")
    done = bot.last(bot.group)
    assert done.text.startswith("✅") and NEW_NAME in done.text and done.buttons == []
    assert await _name(bot) == NEW_NAME
    after = await table_dump(bot)
    assert after["units"] == before["units"] and after["bloc_admins"] == before["bloc_admins"]
    # the new name is what people see from now on
    [settings] = await bot.say(bot.group, ADMIN, "/setup")
    assert NEW_NAME in settings.text and BLOC_NAME not in settings.text
    await make_delegate(bot, ALICE, "DLK")
    assert NEW_NAME in bot.last(ALICE).text


async def test_cancel_changes_nothing(bot: Harness) -> None:
    await set_up(bot)
    before = await table_dump(bot)
    await bot.say(bot.group, ADMIN, f"/setup {NEW_NAME}")
    await bot.press(bot.group, ADMIN, text="✖️")
    cancelled = bot.last(bot.group)
    assert BLOC_NAME in cancelled.text and cancelled.buttons == []
    assert await _name(bot) == BLOC_NAME
    assert await table_dump(bot) == before


async def test_a_non_admin_is_refused_by_name_and_cannot_press(bot: Harness) -> None:
    await set_up(bot)
    before = await table_dump(bot)
    [refused] = await bot.say(bot.group, CAROL, f"/setup {NEW_NAME}")
    assert refused.text.startswith("Chỉ quản trị Khối mới dùng được chức năng này: Hùng")
    assert await table_dump(bot) == before
    await bot.say(bot.group, ADMIN, f"/setup {NEW_NAME}")
    proposed = await table_dump(bot)
    answer = await bot.press(bot.group, CAROL, text="✅")
    assert answer is not None and "Chỉ quản trị Khối" in answer["text"]
    assert await table_dump(bot) == proposed and await _name(bot) == BLOC_NAME
    # the admin's ✖️ and ✅ still work on the same screen
    await bot.press(bot.group, ADMIN, text="✅")
    assert await _name(bot) == NEW_NAME


async def test_a_demoted_admins_press_is_refused(bot: Harness) -> None:
    await set_up(bot)
    await bot.say(bot.group, CAROL, "Chào mọi người")
    await admin_change(bot, "/admin add @mai")
    [asked] = await bot.say(bot.group, CAROL, f"/setup {NEW_NAME}")
    await admin_change(bot, "/admin remove @mai")
    answer = await bot.press(bot.group, CAROL, message_id=asked.message_id, text="✅")
    assert answer is not None and "Chỉ quản trị Khối" in answer["text"]
    assert await _name(bot) == BLOC_NAME


async def test_an_older_proposal_after_a_rename_is_refused(bot: Harness) -> None:
    """Two proposals from the same name: the second ✅ would undo the first without anyone
    having seen the name it replaces."""
    add_people(bot)
    await set_up(bot)
    [first] = await bot.say(bot.group, ADMIN, "/setup Khối Tây Nguyên")
    [second] = await bot.say(bot.group, ADMIN, f"/setup {NEW_NAME}")
    await bot.press(bot.group, ADMIN, message_id=second.message_id, text="✅")
    assert await _name(bot) == NEW_NAME
    await bot.press(bot.group, ADMIN, message_id=first.message_id, text="✅")
    [again] = [m for m in bot.emu.bot_messages(bot.group) if m.message_id == first.message_id]
    assert NEW_NAME in again.text and "/setup" in again.text and again.buttons == []
    assert await _name(bot) == NEW_NAME


async def test_same_name_and_bad_names_on_an_existing_bloc(bot: Harness) -> None:
    await set_up(bot)
    before = await table_dump(bot)
    [same] = await bot.say(bot.group, ADMIN, f"/setup {BLOC_NAME}")
    assert "đã mang tên" in same.text and same.buttons == []
    [emoji] = await bot.say(bot.group, ADMIN, "/setup 🏆🏆🏆")
    assert "cần có chữ" in emoji.text and emoji.buttons == []
    [long] = await bot.say(bot.group, ADMIN, "/setup " + "K" * 201)
    assert "200" in long.text and long.buttons == []
    assert await table_dump(bot) == before


async def test_setup_alone_shows_the_settings_and_how_to_rename(bot: Harness) -> None:
    await set_up(bot, "DLK")
    before = await table_dump(bot)
    [settings] = await bot.say(bot.group, ADMIN, "/setup")
    assert BLOC_NAME in settings.text and "Đơn vị thành viên: 1" in settings.text
    assert "/setup Tên mới" in settings.text and settings.buttons == []
    assert await table_dump(bot) == before


async def test_an_english_bloc_is_renamed_too(bot_en: Harness) -> None:
    bot = bot_en
    await bot.say(bot.group, ADMIN, "/setup Central Highlands bloc")
    [settings] = await bot.say(bot.group, ADMIN, "/setup")
    assert "/setup New name" in settings.text
    [emoji] = await bot.say(bot.group, ADMIN, "/setup 🏆")
    assert "needs letters" in emoji.text
    [asked] = await bot.say(bot.group, ADMIN, "/setup Central Highlands Emulation Bloc")
    assert "Rename the bloc" in asked.text
    await bot.press(bot.group, ADMIN, text="✅")
    assert bot.last(bot.group).text.startswith("✅ The bloc is now called")
    assert await _name(bot) == "Central Highlands Emulation Bloc"

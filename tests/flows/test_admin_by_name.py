"""`/admin add` given a person's name instead of an @username: the refusal says which forms the
command takes (before: "I don't know @Lan yet", as if "Lan" were a username, and a full name got
the bare usage line)."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.membership_kit import bot_en, make_delegate, set_up

__all__ = ["bot_en"]


async def test_a_name_is_refused_with_the_forms_admin_takes(bot: Harness) -> None:
    await set_up(bot)
    await bot.say(bot.group, ALICE, "Chào cả nhà")  # the bot knows Lan, as @lan_dlk
    [refused] = await bot.say(bot.group, ADMIN, "/admin add Lan")
    assert refused.text == (
        "Tôi không xác định được «Lan» là ai: không dùng được họ tên vì nhiều người có thể trùng"
        " tên. Anh/Chị ghi tên người dùng Telegram của người đó: /admin add @tên; hoặc trả lời"
        " một tin nhắn của người đó bằng /admin add; với người chưa đặt tên người dùng, gõ"
        " /admin add @ rồi chọn người đó trong danh sách Telegram hiện ra."
    )
    assert refused.buttons == []
    [refused] = await bot.say(bot.group, ADMIN, "/admin remove Lan Nguyễn")
    assert refused.text.startswith("Tôi không xác định được «Lan Nguyễn» là ai")
    assert "/admin remove @tên" in refused.text
    [asked] = await bot.say(bot.group, ADMIN, "/admin add lan_dlk")  # a username without @
    assert "Lan (@lan_dlk)" in asked.text and asked.buttons != []


async def test_the_refusal_in_english(bot_en: Harness) -> None:
    bot = bot_en
    await set_up(bot)
    [refused] = await bot.say(bot.group, ADMIN, "/admin add Lan")
    assert refused.text == (
        "I cannot tell who “Lan” is: a name cannot be used, as several people may share it."
        " Write the person's Telegram username: /admin add @username; or reply to one of their"
        " messages with /admin add; for someone without a username, type /admin add @ and pick"
        " them from the list Telegram shows."
    )


async def test_an_at_name_that_is_nobodys_username_points_to_the_blocs_person(
    bot: Harness,
) -> None:
    """QA qa9 #12: `/admin add @Lan` said "I don't know @Lan yet, ask them to write in the
    group" while Lan, a delegate, had written there: her username is @lan_dlk. The bot now
    names the bloc's person called Lan and her username; for nobody of the bloc, it says the
    username may differ from the name."""
    await set_up(bot, "DLK")
    await make_delegate(bot, ALICE, "DLK")
    await bot.say(bot.group, ALICE, "Chào cả nhà")
    [refused] = await bot.say(bot.group, ADMIN, "/admin add @Lan")
    assert refused.text == (
        "Không ai có tên người dùng Telegram @Lan. Trong Khối có Lan, tên người dùng là"
        " @lan_dlk: nếu đúng người này, Anh/Chị gõ /admin add @lan_dlk."
    )
    assert "nhắn một tin trong nhóm" not in refused.text
    [refused] = await bot.say(bot.group, ADMIN, "/admin add @Mai")  # not the bloc's
    assert refused.text.startswith(
        "Tôi chưa thấy ai có tên người dùng Telegram @Mai. Tên người dùng là phần sau dấu @"
        " trong hồ sơ Telegram của người đó, có thể khác họ tên"
    )


async def test_an_at_name_in_english(bot_en: Harness) -> None:
    bot = bot_en
    await set_up(bot, "DLK")
    await make_delegate(bot, ALICE, "DLK")
    [refused] = await bot.say(bot.group, ADMIN, "/admin remove @lan")
    assert refused.text == (
        "Nobody has the Telegram username @lan. The bloc has Lan, whose username is @lan_dlk:"
        " if that is the person, type /admin remove @lan_dlk."
    )

"""A bloc admin who acts for no unit (QA qa-roles, defect 3): the private commands of delegates
and /me say they administer the bloc and how to act for a unit themselves, instead of sending
them to "ask your bloc admin"."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.membership_kit import BLOC_NAME, admin_change, bot_en, make_delegate, set_up

__all__ = ["bot_en"]


async def test_an_admin_is_told_he_administers_the_bloc(bot: Harness) -> None:
    await set_up(bot, "DLK")
    for command in ("/pledge", "/vote", "/assess"):
        [said] = await bot.say(ADMIN, ADMIN, command)
        assert said.text.startswith(f"Anh/Chị là quản trị Khối của {BLOC_NAME}, chưa là"), command
        assert "gõ /invite MÃ trong nhóm của Khối" in said.text and "xin quản trị" not in said.text
    [me] = await bot.say(ADMIN, ADMIN, "/me")
    assert me.text.startswith(f"Anh/Chị là quản trị Khối của {BLOC_NAME}")
    [plain] = await bot.say(ALICE, ALICE, "/me")  # not an admin: the old hint
    assert "xin quản trị Khối một đường dẫn mời" in plain.text


async def test_me_lists_the_administered_blocs_beside_the_units(bot_en: Harness) -> None:
    bot = bot_en
    await bot.say(bot.group, ADMIN, "/setup Highlands")
    await bot.say(bot.group, ADMIN, "/addunit DNG Da Nang board")
    await make_delegate(bot, BOB, "DNG")
    await admin_change(bot, "/admin add @bob_dng")
    [me] = await bot.say(BOB, BOB, "/me")
    assert "• DNG — Da Nang board" in me.text
    assert "You are also a bloc admin of Highlands." in me.text

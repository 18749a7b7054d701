"""/join by someone who is a delegate already: the picker says which units they act for.

QA (qa-vi-first #17): Dũng, delegate of DKN, typed /join and got the plain picker of every unit,
with no word that he already acts for DKN. A person may act for several units of a bloc, so the
picker stays, headed by the units he acts for.
"""

from __future__ import annotations

from tests.flows.conftest import ALICE, Harness
from tests.flows.membership_kit import bot_en, make_delegate, set_up

__all__ = ["bot_en"]


async def test_a_delegate_is_reminded_of_the_unit_he_acts_for(bot: Harness) -> None:
    await set_up(bot, "DLK", "DNG")
    await make_delegate(bot, ALICE, "DLK")
    [pick] = await bot.say(bot.group, ALICE, "/join")
    assert pick.text.startswith(
        "Lan, Anh/Chị đang là cán bộ đầu mối của DLK; chọn đơn vị khác bên dưới nếu Anh/Chị"
        " làm đầu mối cho thêm một đơn vị"
    )
    assert pick.button_texts() == ["DLK", "DNG"]
    await bot.press(bot.group, ALICE, message_id=pick.message_id, text="DNG")
    assert (
        "Lan (đã là cán bộ đầu mối của DLK) xin làm cán bộ đầu mối của DNG"
        in bot.last(bot.group).text
    )


async def test_in_english_with_two_units_already(bot_en: Harness) -> None:
    bot = bot_en
    await set_up(bot, "DLK", "DNG")
    await make_delegate(bot, ALICE, "DLK")
    await make_delegate(bot, ALICE, "DNG")
    [pick] = await bot.say(bot.group, ALICE, "/join")
    assert pick.text.startswith("Lan, you are already the delegate of DLK, DNG; pick another")

"""A draft whose phase has closed is not offered as work to carry on (QA qa-vi-first #1).

After the pledge deadline, "the pledge you had under way is paused; type /pledge to carry on"
sent a delegate to a pledge the next /pledge showed as locked; the self-assessment after its
round's deadline likewise. The hints now ask the phase's own rule (the deadline, or an admin's
reopening for the unit): a closed draft is left out, but kept, and offered again once an
admin reopens the unit.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.flows.assess_kit import ready
from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.year_setup import set_deadline

#: 31/01/2026 18:00 in Vietnam: the pledge deadline (17:00) has passed.
AFTER_PLEDGE = datetime(2026, 1, 31, 11, 0, tzinfo=UTC)
#: 01/07/2026 09:00 in Vietnam: the mid-year deadline (30/06 17:00) has passed too.
AFTER_MIDYEAR = datetime(2026, 7, 1, 2, 0, tzinfo=UTC)

PLEDGE_VI = "Việc đang tạm dừng: Đăng ký thi đua. Gõ /pledge để tiếp tục."
ASSESS_VI = "Việc đang tạm dừng: Tự chấm điểm. Gõ /assess để tiếp tục."
PLEDGE_EN = "Paused: The pledge. Type /pledge to carry on."
ASSESS_EN = "Paused: The self-assessment. Type /assess to carry on."


async def _both_due(bot: Harness, code: str, user: int) -> None:
    """The unit's delegate, pledges due 31/01/2026 and the mid-year 30/06/2026; the admin and
    the delegate have /start-ed the bot."""
    await ready(bot, {code: [user]})
    await set_deadline(bot, "pledge 31/01/2026")
    await bot.say(ADMIN, ADMIN, "/start")


async def _reopen_pledge(bot: Harness, code: str) -> None:
    """The admin's 🔍 of the unit in `/status pledge`, 🔓 for it, ✅."""
    await bot.say(bot.group, ADMIN, "/status pledge")
    await bot.press(bot.group, ADMIN, text=code)
    await bot.press(ADMIN, ADMIN, text=f"Mở lại cho {code}")
    await bot.press(ADMIN, ADMIN, text="✅")


async def _reopen_midyear(bot: Harness, code: str) -> None:
    """The admin's `/assess midyear` in private, 🔓 for the unit, a reason, ✅."""
    await bot.say(ADMIN, ADMIN, "/assess midyear")
    await bot.press(ADMIN, ADMIN, text=f"🔓 {code}")
    await bot.say(ADMIN, ADMIN, "Đơn vị bổ sung minh chứng")
    await bot.press(ADMIN, ADMIN, text="✅")


async def test_a_pledge_edit_left_at_the_deadline_is_not_offered_until_reopened(
    bot: Harness,
) -> None:
    await _both_due(bot, "DLK", ALICE)
    await bot.say(ALICE, ALICE, "/pledge")
    for label in ("Cờ thi đua", "Tiếp"):
        await bot.press(ALICE, ALICE, text=label)
    await bot.say(ALICE, ALICE, "Hoàn thành 100% kế hoạch năm.")
    for label in ("Xem lại", "✅"):
        await bot.press(ALICE, ALICE, text=label)
    # Lan opens the registered pledge, adds a title she does not send, and leaves it
    await bot.say(ALICE, ALICE, "/pledge")
    await bot.press(ALICE, ALICE, text="Bằng khen")
    bot.clock.set(AFTER_PLEDGE)

    [welcome] = await bot.say(ALICE, ALICE, "/start")
    assert "chưa hoàn tất" not in welcome.text and "/pledge" not in welcome.text
    opened = await bot.say(ALICE, ALICE, "/assess")
    assert all("tạm dừng" not in m.text and "/pledge" not in m.text for m in opened)
    kept = await bot.services.flows.get(ALICE, "pledge")  # not offered, but not lost
    assert kept is not None and len(kept.data["drafts"]["1"]["titles"]) == 2
    await bot.say(ALICE, ALICE, "/cancel")
    [hint] = await bot.say(ALICE, ALICE, "Xin chào")
    assert ASSESS_VI in hint.text and "Đăng ký thi đua" not in hint.text

    await _reopen_pledge(bot, "DLK")  # reopened for DLK: the draft is work again
    [hint] = await bot.say(ALICE, ALICE, "Xin chào")
    assert PLEDGE_VI in hint.text and ASSESS_VI in hint.text
    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    assert "bản nháp riêng của mình" in screen.text
    assert "☑️ Bằng khen của Bộ trưởng Bộ Tài chính" in screen.button_texts()


async def test_drafts_of_closed_phases_are_left_out_of_the_hint_in_english(
    bot: Harness,
) -> None:
    await _both_due(bot, "DNG", BOB)
    await bot.say(BOB, BOB, "/pledge")  # never registered: a draft left paused
    await bot.press(BOB, BOB, text="Bằng khen")  # titles: the bloc's language
    await bot.say(BOB, BOB, "/assess")
    await bot.say(BOB, BOB, "1.1 8")
    await bot.say(BOB, BOB, "/cancel")
    [hint] = await bot.say(BOB, BOB, "Hello")
    assert ASSESS_EN in hint.text and PLEDGE_EN in hint.text

    bot.clock.set(AFTER_PLEDGE)
    [hint] = await bot.say(BOB, BOB, "Late commitments")
    assert ASSESS_EN in hint.text and "pledge" not in hint.text

    bot.clock.set(AFTER_MIDYEAR)
    [hint] = await bot.say(BOB, BOB, "Hello")
    assert "Paused" not in hint.text and "/assess" not in hint.text

    await _reopen_midyear(bot, "DNG")
    [hint] = await bot.say(BOB, BOB, "Hello")
    assert ASSESS_EN in hint.text and "pledge" not in hint.text
    assert await bot.services.flows.get(BOB, "pledge") is not None  # kept for a reopening

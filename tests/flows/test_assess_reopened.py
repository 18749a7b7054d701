"""A round reopened for one unit after its deadline is what its delegate's plain `/assess` opens.

Once the mid-year deadline had passed, an admin's 🔓 told the unit's delegate to change the
mid-year self-assessment "with /assess", but plain `/assess` opened the year-end round, and the
paused-work hint named plain /assess for a draft it did not open. Plain `/assess` now opens the
round reopened for the unit (until it is sent again), its overview names the command of the
year's own round, and every hint names the command that reaches the paused draft.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.flows.assess_kit import ready, submit
from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.year_setup import set_deadline

#: 01/07/2026 09:00 in Vietnam: the mid-year deadline (30/06 17:00) has passed.
AFTER_MIDYEAR = datetime(2026, 7, 1, 2, 0, tzinfo=UTC)


async def _reopen_midyear(bot: Harness, code: str) -> None:
    """The admin's `/assess midyear` in private, 🔓 for the unit, a reason, ✅."""
    await bot.say(ADMIN, ADMIN, "/assess midyear")
    await bot.press(ADMIN, ADMIN, text=f"🔓 {code}")
    await bot.say(ADMIN, ADMIN, "Đơn vị bổ sung minh chứng")
    await bot.press(ADMIN, ADMIN, text="✅")


async def _left(bot: Harness, user: int, cancelled: str, hint: str) -> None:
    """/cancel, then a word sent to no step: both name the command that carries on."""
    [done] = await bot.say(user, user, "/cancel")
    assert cancelled in done.text
    [told] = await bot.say(user, user, "Xin chào")
    assert hint in told.text


async def test_plain_assess_opens_the_reopened_midyear_round(bot: Harness) -> None:
    await ready(bot, {"DNG": [ALICE]})
    await set_deadline(bot, "yearend 15/12/2026")
    await bot.say(ADMIN, ADMIN, "/start")
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, "1.1 8")
    await bot.say(ALICE, ALICE, "/cancel")
    bot.clock.set(AFTER_MIDYEAR)
    [late] = await bot.say(ALICE, ALICE, "/assess")
    assert "Tổng kết năm 2026" in late.text  # the year is in its year-end round

    await _reopen_midyear(bot, "DNG")
    notice = bot.last(ALICE).text
    assert "Sơ kết 6 tháng của DNG" in notice and "chấm bằng /assess rồi gửi" in notice
    [opened] = await bot.say(ALICE, ALICE, "/assess")
    assert "Tự chấm điểm — Sơ kết 6 tháng 2026" in opened.text
    assert "Đã hết thời hạn" not in opened.text
    assert "bản tự chấm điểm Tổng kết năm Anh/Chị mở bằng /assess yearend" in opened.text
    await _left(bot, ALICE, "gõ /assess để", "Tự chấm điểm. Gõ /assess để tiếp tục.")
    [yearend] = await bot.say(ALICE, ALICE, "/assess yearend")
    assert "Tự chấm điểm — Tổng kết năm 2026" in yearend.text
    await _left(bot, ALICE, "gõ /assess yearend để", "Gõ /assess yearend để tiếp tục.")

    await submit(bot, ALICE)  # plain /assess: the reopened mid-year, sent again
    [after] = await bot.say(ALICE, ALICE, "/assess")  # the reopening is over
    assert "Tự chấm điểm — Tổng kết năm 2026" in after.text


async def test_a_yearend_draft_scored_early_is_resumed_by_its_round_in_english(
    bot: Harness,
) -> None:
    await ready(bot, {"DNG": [BOB]})
    await bot.say(BOB, BOB, "/assess yearend")  # the year is still in its mid-year round
    await bot.say(BOB, BOB, "1.1 8")
    opened = await bot.say(BOB, BOB, "/pledge")  # opened over the year-end draft
    assert any("Type /assess yearend to carry on." in m.text for m in opened)
    await bot.say(BOB, BOB, "/cancel")
    [hint] = await bot.say(BOB, BOB, "Hello")
    assert "Paused: The self-assessment. Type /assess yearend to carry on." in hint.text
    await bot.say(BOB, BOB, "/assess")  # plain: the mid-year round, the year's
    await _left(bot, BOB, "type /assess to", "Type /assess to carry on.")

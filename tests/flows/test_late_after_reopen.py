"""A unit that missed a deadline and acts once an admin reopened it for it (QA qa-vi-first,
defect 13): the group hears of it once, by the ordinary line of that action, and never sees
the unit labelled late ("muộn"); the lateness stays where the admins read it (the time of the
registration on 🔍, the round's /status).

The clock is walked through the bot's own scheduler (the jobs run as they would in a day),
well past the hour at which a watch for late units used to post its second line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.flows.assess_kit import FULL, ready, submit
from tests.flows.conftest import ADMIN, ALICE, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year, register_pledge, set_deadline

#: Saturday 31/01/2026 17:00 in Vietnam, the pledge deadline of these tests.
PLEDGE_DUE = datetime(2026, 1, 31, 10, 0, tzinfo=UTC)
#: Tuesday 30/06/2026 17:00 in Vietnam, the mid-year deadline (`assess_kit.ready`).
MIDYEAR_DUE = datetime(2026, 6, 30, 10, 0, tzinfo=UTC)


async def _walk(bot: Harness, until: datetime) -> None:
    """Move the clock to `until`, running each job of the bot's scheduler at its time."""
    await bot.services.scheduler.walk(bot.clock, until, bot.settle)
    await bot.settle()


def _group_since(bot: Harness, count: int) -> list[str]:
    return [m.text for m in bot.emu.bot_messages(bot.group)[count:]]


async def test_a_pledge_registered_on_a_reopening_is_told_once_and_not_as_late(
    bot: Harness,
) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE], "DNG": [CAROL]})
    await open_year(bot)
    await set_deadline(bot, "pledge 31/01/2026")
    for person in (ADMIN, ALICE, CAROL):
        await bot.say(person, person, "/start")
    await register_pledge(bot, CAROL, "Cờ thi đua", "Thu hút 5 dự án mới.")
    await _walk(bot, PLEDGE_DUE)
    assert "Chưa đăng ký thi đua: DLK, GLI." in bot.last(bot.group).text  # the after line

    await bot.say(bot.group, ADMIN, "/status pledge")
    await bot.press(bot.group, ADMIN, text="🔍 DLK")
    await bot.press(ADMIN, ADMIN, text="Mở lại cho DLK")
    await bot.press(ADMIN, ADMIN, text="✅")
    await _walk(bot, PLEDGE_DUE + timedelta(hours=1))  # 18:00: Lan registers
    before = len(bot.emu.bot_messages(bot.group))
    await register_pledge(bot, ALICE, "Cờ thi đua", "Thu hút 5 dự án mới.")
    assert "được khóa lại" in bot.last(ALICE).text

    await _walk(bot, PLEDGE_DUE + timedelta(hours=2))  # 19:00
    await _walk(bot, PLEDGE_DUE + timedelta(days=15))  # and the two weeks after
    assert _group_since(bot, before) == ["✅ DLK đã đăng ký thi đua — 2/3 đơn vị"]
    assert not [t for t in _group_since(bot, 0) if "muộn" in t]

    # an admin still reads when it was registered: after the deadline
    await bot.say(bot.group, ADMIN, "/status pledge")
    await bot.press(bot.group, ADMIN, text="🔍 DLK")
    assert "31/01/2026 18:00" in bot.last(ADMIN).text


async def test_a_self_assessment_submitted_on_a_reopening_is_told_once_and_not_as_late(
    bot: Harness,
) -> None:
    await ready(bot, {"DLK": [ALICE], "DNG": [CAROL]})
    await bot.say(ADMIN, ADMIN, "/start")
    await submit(bot, CAROL)
    await _walk(bot, MIDYEAR_DUE)
    assert "Chưa nộp bản tự chấm điểm: DLK, GLI." in bot.last(bot.group).text

    await bot.say(ADMIN, ADMIN, "/assess midyear")  # an admin's list, with 🔓 in private
    await bot.press(ADMIN, ADMIN, text="🔓 DLK")
    await bot.say(ADMIN, ADMIN, "Đơn vị gặp sự cố đường truyền")
    await bot.press(ADMIN, ADMIN, text="✅")
    assert "đã mở lại" in bot.last(ALICE).text
    await _walk(bot, MIDYEAR_DUE + timedelta(hours=1))
    before = len(bot.emu.bot_messages(bot.group))
    await bot.say(ALICE, ALICE, "/assess midyear")  # the year is in its year-end phase now
    await bot.say(ALICE, ALICE, FULL)
    await bot.press(ALICE, ALICE, text="Xem lại")
    await bot.press(ALICE, ALICE, text="Gửi bản tự chấm điểm")
    await bot.press(ALICE, ALICE, text="✅")
    assert "được khóa lại" in bot.last(ALICE).text

    await _walk(bot, MIDYEAR_DUE + timedelta(hours=2))
    await _walk(bot, MIDYEAR_DUE + timedelta(days=15))
    assert _group_since(bot, before) == [
        "✅ DLK đã gửi bản tự chấm điểm Sơ kết 6 tháng — 2/3 đơn vị"
    ]
    assert not [t for t in _group_since(bot, 0) if "muộn" in t]

    # the round's progress still says it came after the deadline, as /status always did
    [status] = await bot.say(bot.group, ADMIN, "/status midyear")
    assert "DLK: Đã gửi, tổng 98,5 điểm · ⚠️ quá thời hạn" in status.text

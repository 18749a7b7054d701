"""A runoff, as the delegates live it (QA qa-vi-votes #3): its deadline falls at 17:00 on a
working day, at least the rule's 48 hours after it opens (never at midnight, never on a
Saturday), and each delegate of a unit on its roll is told privately, once, in their language,
between which units and until when, with the 🗳 button of the ballot reminders.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_binh_xet import _approve, _pledges
from tests.flows.test_election import close_vote, progress, ready, three_way_runoff, vote

#: Wednesday 07/01/2026 23:49 in Vietnam (UTC+7): 48 hours on is Friday night.
WEDNESDAY_NIGHT = datetime(2026, 1, 7, 16, 49, tzinfo=UTC)
#: Thursday 08/01/2026 08:11 in Vietnam: 48 hours on is Saturday morning.
THURSDAY_MORNING = datetime(2026, 1, 8, 1, 11, tzinfo=UTC)


def notices(bot: Harness, user: int) -> list[SentMessage]:
    """The runoff notices a person got privately (a first round's: test_vote_opened_notice)."""
    heads = ("🗳 Đã mở", "🗳 Election", "🗳 New commendation")
    between = (": bỏ phiếu giữa", ": a vote between")
    return [
        m
        for m in bot.emu.bot_messages(user)
        if m.text.startswith(heads) and any(b in m.text.splitlines()[0] for b in between)
    ]


async def test_a_head_runoff_closes_on_a_working_day_and_each_delegate_is_told(
    bot: Harness,
) -> None:
    await ready(bot)  # DLK Lan (vi), DNG Bob (en), GLI Mai (vi)
    bot.clock.set(WEDNESDAY_NIGHT)
    result = await three_way_runoff(bot)
    assert "Bầu vòng hai giữa DLK, DNG và GLI được mở ngay" in result
    # Not Friday 09/01 23:49: the first working day's 17:00 at least 48 hours on.
    assert "Thứ Hai, 12/01/2026 17:00" in result
    assert "12/01/2026 17:00" in progress(bot).text
    [lan] = notices(bot, ALICE)
    assert "Đã mở Bầu Khối trưởng năm 2027 (vòng 2): bỏ phiếu giữa DLK, DNG và GLI" in lan.text
    assert "Thời hạn bỏ phiếu: Thứ Hai, 12/01/2026 17:00" in lan.text
    assert "Anh/Chị bỏ phiếu cho đơn vị DLK bằng /vote" in lan.text
    assert lan.button_texts() == ["🗳 Bỏ phiếu"]
    [bob] = notices(bot, BOB)
    assert "Election of the bloc head for 2027 (round 2) is open" in bob.text
    assert "between DLK, DNG and GLI" in bob.text and "Vote for DNG with /vote" in bob.text
    assert bob.button_texts() == ["🗳 Vote"]
    assert len(notices(bot, CAROL)) == 1
    assert not notices(bot, ADMIN)  # an admin who is no delegate votes for no unit
    # Never twice: a restart sends nothing again.
    await bot.restart()
    assert [len(notices(bot, u)) for u in (ALICE, BOB, CAROL)] == [1, 1, 1]
    # The button opens the runoff's ballot (the only vote waiting for the unit).
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="🗳 Bỏ phiếu")
    ballot = bot.last(ALICE)
    assert "vòng 2" in ballot.text and ballot.button_texts()[:3] == ["DLK", "DNG", "GLI"]


async def test_a_new_binh_xet_among_the_tied_is_told_to_each_delegate(bot: Harness) -> None:
    bloc = await ready(bot)
    await _pledges(bot, bloc)
    bot.clock.set(THURSDAY_MORNING)
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="➕")  # the flag: 2
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    await _approve(bot, ALICE, ["1·DNG", "1·GLI"], "Xem lại")
    await _approve(bot, BOB, ["1·DLK", "1·GLI"], "Review")
    await _approve(bot, CAROL, ["1·DLK", "1·DNG"], "Xem lại")
    await close_vote(bot)  # DLK, DNG and GLI tied for the flag's 2 seats
    tie = [m for m in bot.emu.bot_messages(bot.group) if m.buttons][-1]
    await bot.press(bot.group, ADMIN, message_id=tie.message_id, text=tie.button_texts()[0])
    assert "Thứ Hai, 12/01/2026 17:00" in tie.text  # its confirmation says it first
    await bot.press(bot.group, ADMIN, message_id=tie.message_id, text="✅")
    # Not Saturday 10/01 08:11: Monday at 17:00.
    assert "Thứ Hai, 12/01/2026 17:00" in progress(bot).text
    [lan] = notices(bot, ALICE)
    assert "Đã mở Bình xét lại năm 2026 (giữa các đơn vị bằng phiếu)" in lan.text
    assert "giữa DLK, DNG và GLI" in lan.text and "Thứ Hai, 12/01/2026 17:00" in lan.text
    assert lan.button_texts() == ["🗳 Bỏ phiếu"]
    [bob] = notices(bot, BOB)
    assert "New commendation vote 2026 (among the tied units) is open" in bob.text
    assert len(notices(bot, CAROL)) == 1


def reminders(bot: Harness, user: int) -> list[SentMessage]:
    return [m for m in bot.emu.bot_messages(user) if m.text.startswith(("🔔 Nhắc", "🔔 Rem"))]


async def at(bot: Harness, moment: datetime) -> None:
    """The clock at `moment`, and the scheduler's jobs due by then run."""
    bot.clock.set(moment)
    await bot.services.scheduler.run_due()
    await bot.settle()


async def test_a_runoff_is_reminded_to_the_units_that_have_not_voted(bot: Harness) -> None:
    await ready(bot)
    bot.clock.set(WEDNESDAY_NIGHT)
    await three_way_runoff(bot)  # closes Monday 12/01 17:00
    [lan] = notices(bot, ALICE)
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="🗳 Bỏ phiếu")
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="DLK")
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="✅")
    assert "Mã phiếu" in bot.last(ALICE).text
    await at(bot, datetime(2026, 1, 9, 9, 59, tzinfo=UTC))  # Friday 16:59: nothing yet
    assert not reminders(bot, BOB)
    await at(bot, datetime(2026, 1, 9, 10, 0, tzinfo=UTC))  # Friday 17:00, 3 days before
    [mai] = reminders(bot, CAROL)
    assert "Nhắc hạn — Bầu Khối trưởng năm 2027 (vòng 2): bỏ phiếu giữa DLK, DNG và GLI" in (
        mai.text
    )
    assert "Thứ Hai, 12/01/2026 17:00" in mai.text and "Đơn vị GLI chưa bỏ phiếu" in mai.text
    assert mai.button_texts() == ["🗳 Bỏ phiếu"]
    [bob] = reminders(bot, BOB)
    assert "Reminder — Election of the bloc head for 2027 (round 2)" in bob.text
    assert not reminders(bot, ALICE)  # DLK has voted
    await vote(bot, CAROL, "GLI")
    await at(bot, datetime(2026, 1, 10, 3, 0, tzinfo=UTC))  # the weekend: nothing
    await at(bot, datetime(2026, 1, 12, 1, 0, tzinfo=UTC))  # Monday 08:00, the morning's
    assert len(reminders(bot, BOB)) == 2 and len(reminders(bot, CAROL)) == 1
    await bot.restart()  # never twice
    assert len(reminders(bot, BOB)) == 2
    await at(bot, datetime(2026, 1, 12, 10, 0, tzinfo=UTC))  # Monday 17:00: closed
    assert "đã kết thúc" in progress(bot).text.lower()
    assert len(reminders(bot, BOB)) == 2

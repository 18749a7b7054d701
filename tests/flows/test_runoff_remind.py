"""A runoff is reminded with its own deadline (QA qa9 #2): `/remind now` during a runoff sends
the runoff's own reminder privately to the delegates of its units that have not voted, with the
runoff's deadline, and no group digest (a runoff has none); the phase's reminders and digest no
longer count the runoff's units under the year's later deadline; `/remind` lists the runoff's
reminders still ahead.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import ready, three_way_runoff, vote
from tests.flows.test_runoff_notice import at, reminders
from tests.flows.year_setup import set_deadline

#: Monday 05/01/2026 17:00 in Vietnam: the 3-day reminder of the year's deadline (08/01 17:00).
MONDAY_EVENING = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def digests(bot: Harness) -> list[SentMessage]:
    return [m for m in bot.emu.bot_messages(bot.group) if m.text.startswith("⏰")]


async def _runoff(bot: Harness, language: str) -> None:
    """The year's votes close 08/01 17:00; the head's runoff (DLK, DNG, GLI) closes Wednesday
    07/01 17:00, and DLK has voted in it."""
    await ready(bot, language=language)
    await set_deadline(bot, "election 08/01/2026 17:00")
    await three_way_runoff(bot)
    await vote(bot, ALICE, "DLK")


async def test_remind_now_in_a_runoff_gives_its_own_deadline_and_no_digest(bot: Harness) -> None:
    await _runoff(bot, "vi")
    [answer] = await bot.say(bot.group, ADMIN, "/remind now")
    assert (
        "Đang gửi nhắc hạn Bầu Khối trưởng năm 2027 (vòng 2) cho 2 cán bộ đầu mối của 2 đơn vị"
        " chưa bỏ phiếu. Thời hạn bỏ phiếu: Thứ Tư, 07/01/2026 17:00." in answer.text
    )
    assert "không có bản tin trong nhóm" in answer.text and "08/01" not in answer.text
    await at(bot, bot.clock.now())
    assert not digests(bot)  # no group digest for a runoff
    [mai] = reminders(bot, CAROL)
    assert "Nhắc hạn — Bầu Khối trưởng năm 2027 (vòng 2): bỏ phiếu giữa DLK, DNG và GLI" in (
        mai.text
    )
    assert "Thời hạn bỏ phiếu: Thứ Tư, 07/01/2026 17:00" in mai.text and "08/01" not in mai.text
    assert mai.button_texts() == ["🗳 Bỏ phiếu"]
    [bob] = reminders(bot, BOB)
    assert "Reminder — Election of the bloc head for 2027 (round 2)" in bob.text
    assert "Wednesday, 07/01/2026 17:00" in bob.text and "08/01" not in bob.text
    assert not reminders(bot, ALICE)  # DLK has voted
    await bot.say(bot.group, ADMIN, "/remind now")  # the same minute: nobody twice
    await at(bot, bot.clock.now())
    assert [len(reminders(bot, u)) for u in (BOB, CAROL)] == [1, 1]
    # The year's 3-day reminder (Monday 17:00) no longer counts the runoff's units.
    await at(bot, MONDAY_EVENING)
    assert not digests(bot)
    assert [len(reminders(bot, u)) for u in (ALICE, BOB, CAROL)] == [0, 1, 1]
    [schedule] = await bot.say(bot.group, ADMIN, "/remind")
    assert (
        "• Bầu Khối trưởng năm 2027 (vòng 2) — thời hạn riêng 07/01/2026 17:00; các lần nhắc"
        " riêng tới: Thứ Ba, 06/01/2026 17:00; Thứ Tư, 07/01/2026 08:00 (không có bản tin trong"
        " nhóm)." in schedule.text
    )


async def test_remind_now_in_a_runoff_in_english(bot: Harness) -> None:
    await _runoff(bot, "en")
    [answer] = await bot.say(bot.group, ADMIN, "/remind now")
    assert (
        "Sending the Election of the bloc head for 2027 (round 2) reminder to 2 delegates of 2"
        " units yet to vote. Voting closes: Wednesday, 07/01/2026 17:00." in answer.text
    )
    assert "no digest in the group" in answer.text and "08/01" not in answer.text
    await at(bot, bot.clock.now())
    assert not digests(bot)
    assert [len(reminders(bot, u)) for u in (ALICE, BOB, CAROL)] == [0, 1, 1]
    [schedule] = await bot.say(bot.group, ADMIN, "/remind")
    assert (
        "• Election of the bloc head for 2027 (round 2) — its own deadline 07/01/2026 17:00;"
        " private reminders ahead: Tuesday, 06/01/2026 17:00; Wednesday, 07/01/2026 08:00"
        " (no digest in the group)." in schedule.text
    )

"""The year's `election` deadline is named for every vote it closes, the bình xét included.

QA (qa-vi-votes #2): with only the bình xét open, reminders, the after-deadline line and
`/deadline election` named the phase "Bầu Khối trưởng, Khối phó": a delegate read that the
head election was still running, and nothing said the bình xét was the vote pending.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.flows.conftest import ADMIN, BOB, CAROL, Harness
from tests.flows.test_binh_xet import _pledges
from tests.flows.test_election import ready
from tests.flows.year_setup import set_deadline

VI = "Bầu Khối trưởng, Khối phó và bình xét"
EN = "Head, deputy and commendation votes"


async def test_the_binh_xet_reminder_names_the_phase_for_what_it_covers(bot: Harness) -> None:
    bloc = await ready(bot)
    await _pledges(bot, bloc)
    set_text = await set_deadline(bot, "election 20/01/2026 17:00")
    assert f"Đã đặt thời hạn {VI} của năm thi đua 2026" in set_text
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    bot.clock.set(datetime(2026, 1, 13, 10, 0, tzinfo=UTC))  # 7 days before
    await bot.services.scheduler.run_due()
    await bot.settle()
    assert f"Còn 7 ngày nữa đến thời hạn {VI}" in bot.last(CAROL).text
    assert EN in bot.last(BOB).text  # in Bob's language
    [schedule] = await bot.say(bot.group, ADMIN, "/remind")
    assert f"• {VI} — thời hạn" in schedule.text

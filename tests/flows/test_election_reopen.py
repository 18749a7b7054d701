"""Opening a head or deputy vote again: the refusal that tells what stands comes first.

QA (qa-vi-votes #6): once the year's `election` deadline had passed, `/election open deputy`
for a vote that already had a result sent the admin to set a new deadline, and only then said
the vote was held; moving the deadline also re-arms the phase's reminders, for nothing.
"""

from __future__ import annotations

from datetime import timedelta

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import close_vote, open_vote, ready, vote
from tests.flows.test_held_after_runoff import _runoff_tie as runoff_tie
from tests.flows.year_setup import set_deadline


async def test_a_vote_with_a_result_is_refused_as_held_after_the_years_deadline(
    bot: Harness,
) -> None:
    await ready(bot)
    await set_deadline(bot, "election 20/01/2026 17:00")
    await open_vote(bot, "deputy")
    for user in (ALICE, BOB, CAROL):
        await vote(bot, user, "DNG")
    await close_vote(bot)
    bot.clock.move(timedelta(days=30))  # the year's deadline is past
    [refused] = await bot.say(bot.group, ADMIN, "/election open deputy")
    assert "Bầu Khối phó năm 2027 đã kết thúc lúc 05/01/2026 09:00" in refused.text
    assert "/deadline election" not in refused.text


async def test_a_head_decided_after_a_tie_is_refused_as_held_after_the_deadline(
    bot: Harness,
) -> None:
    await ready(bot, language="en")
    await set_deadline(bot, "election 20/01/2026 17:00")
    await runoff_tie(bot, "head")
    [ask] = await bot.say(bot.group, ADMIN, "/head set DLK")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    bot.clock.move(timedelta(days=30))
    [refused] = await bot.say(bot.group, ADMIN, "/election open head")
    assert "recorded DLK as head for 2027, so no second election is opened" in refused.text
    assert "/deadline election" not in refused.text


async def test_with_nothing_held_the_past_deadline_is_still_said(bot: Harness) -> None:
    await ready(bot)
    await set_deadline(bot, "election 20/01/2026 17:00")
    bot.clock.move(timedelta(days=30))
    [refused] = await bot.say(bot.group, ADMIN, "/election open head")
    assert "Thời hạn bỏ phiếu của năm đã qua" in refused.text
    assert "/deadline election <ngày/tháng/năm>" in refused.text  # not dd/mm/yyyy (QA)

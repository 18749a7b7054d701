"""The group's line after the `election` deadline counts the votes that deadline ended: the
deadline closes them first, so nobody is "pending" any more, yet the units that did not vote
did not vote (QA: "3/3 … Tất cả đơn vị đã bỏ phiếu đúng hạn" right after a void vote). A vote
an admin closed before the deadline was over before it: no line for it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.flows.conftest import ALICE, CAROL, Harness
from tests.flows.test_election import close_vote, open_vote, ready, vote
from tests.flows.year_setup import set_deadline


async def _past_the_deadline(bot: Harness) -> str:
    """The clock a minute past 20/01/2026 17:00 (Việt Nam); Mai's /vote closes the votes due
    (as QA saw it: the close before the line), then every job due runs; what the group was
    sent meanwhile."""
    before = len(bot.emu.bot_messages(bot.group))
    bot.clock.set(datetime(2026, 1, 20, 10, 1, tzinfo=UTC))
    await bot.say(CAROL, CAROL, "/vote")
    for _ in range(3):
        await bot.services.scheduler.run_due()
        await bot.settle()
    return "\n".join(m.text for m in bot.emu.bot_messages(bot.group)[before:])


@pytest.mark.parametrize(
    ("language", "counted", "missing", "void"),
    [
        ("vi", "1/3 đơn vị đã bỏ phiếu.", "Chưa bỏ phiếu: DNG, GLI.", "không có giá trị"),
        ("en", "1/3 units were in time to cast", "Still to cast the ballot: DNG, GLI.", "is void"),
    ],
)
async def test_after_a_void_vote_the_line_names_who_did_not_vote(
    bot: Harness, language: str, counted: str, missing: str, void: str
) -> None:
    await ready(bot, language=language)
    await set_deadline(bot, "election 20/01/2026 17:00")
    await open_vote(bot, "deputy")
    await vote(bot, ALICE, "DNG")
    told = await _past_the_deadline(bot)
    assert void in told and counted in told and missing in told
    assert "tất cả các đơn vị" not in told and "Every unit" not in told


async def test_no_line_for_a_vote_closed_before_the_deadline(bot: Harness) -> None:
    await ready(bot)
    await set_deadline(bot, "election 20/01/2026 17:00")
    await open_vote(bot, "head")
    await vote(bot, ALICE, "DNG")
    await close_vote(bot)
    told = await _past_the_deadline(bot)
    assert "Đã hết thời hạn" not in told and "tất cả các đơn vị" not in told

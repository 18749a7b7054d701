"""The group's message of a vote just opened says how to vote, and until when.

QA (qa-vi-votes #7): after ✅ the message read only "🗳 Bầu Khối trưởng năm 2027 / 0/11 đơn vị
đã bỏ phiếu." — nothing told the delegates to vote with /vote in a private chat with the bot.
"""

from __future__ import annotations

from tests.flows.conftest import ALICE, Harness
from tests.flows.test_election import close_vote, open_vote, progress, ready, vote
from tests.flows.year_setup import set_deadline

HOW_VI = "Cán bộ đầu mối bỏ phiếu bằng /vote trong tin nhắn riêng với bot."


async def test_the_opened_vote_says_how_to_vote_until_it_closes(bot: Harness) -> None:
    await ready(bot)
    await open_vote(bot, "head")
    assert progress(bot).text.splitlines()[1:] == ["0/3 đơn vị đã bỏ phiếu.", HOW_VI]
    await vote(bot, ALICE, "DNG")
    assert HOW_VI in progress(bot).text  # still there, edited at each ballot
    await close_vote(bot)
    closed = [m for m in bot.emu.bot_messages(bot.group) if "Đã kết thúc bỏ phiếu" in m.text]
    assert closed and HOW_VI not in closed[-1].text


async def test_the_opened_vote_gives_its_deadline_in_english(bot: Harness) -> None:
    await ready(bot, language="en")
    await set_deadline(bot, "election 20/01/2026 17:00")
    await open_vote(bot, "deputy")
    assert progress(bot).text.splitlines()[1:] == [
        "0/3 units have voted.",
        "Voting closes: Tuesday, 20/01/2026 17:00.",
        "Delegates vote with /vote in a private chat with the bot.",
    ]

"""`/election close` asks which vote to close, and shows what closing it now means.

QA (qa-vi-votes #5): the confirmation named the vote only; the admin closed a deputy vote with
7/11 ballots (quorum 8) and learned only from the result that it was void. It now shows each
open vote's turnout against the quorum, warns when closing now voids the vote, and gives the
deadline when one is set (DESIGN: a commit's confirmation shows what will be stored).
"""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.test_election import open_vote, ready, vote
from tests.flows.year_setup import set_deadline


async def test_closing_without_quorum_is_warned_with_the_turnout(bot: Harness) -> None:
    await ready(bot)
    await open_vote(bot, "deputy")
    await vote(bot, ALICE, "DNG")
    [ask] = await bot.say(bot.group, ADMIN, "/election close")
    assert "Bầu Khối phó năm 2027: 1/3 đơn vị đã bỏ phiếu, cần ít nhất 2." in ask.text
    assert "⛔ Nếu kết thúc bây giờ, cuộc bỏ phiếu không có giá trị" in ask.text
    assert "Thời hạn" not in ask.text  # none set


async def test_closing_with_quorum_shows_the_deadline_and_no_warning(bot: Harness) -> None:
    await ready(bot, language="en")
    await set_deadline(bot, "election 20/01/2026 17:00")
    await open_vote(bot, "head")
    await vote(bot, ALICE, "DNG")
    await vote(bot, BOB, "DNG")
    [ask] = await bot.say(bot.group, ADMIN, "/election close")
    assert (
        "Election of the bloc head for 2027: 2/3 units have voted, at least 2 needed."
        " Voting deadline: Tuesday, 20/01/2026 17:00." in ask.text
    )
    assert "⛔" not in ask.text

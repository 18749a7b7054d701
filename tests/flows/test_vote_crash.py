"""A crash between a ballot and its answers (qa-docs #2): the ballot is stored, but neither the
receipt nor the group's progress line went out. The next start shows the group the true count
(one edit a vote, nothing new posted), and the delegate pressing their own old ✅ is told the
unit's ballot is stored and will be counted (the same words any delegate of the unit reads:
the bot keeps no record of who pressed ✅).
"""

from __future__ import annotations

import pytest

from bot.actor import Actor
from bot.usecases import ballots
from tests.flows.conftest import ALICE, BOB, Harness
from tests.flows.test_election import open_vote, progress, ready, vote

#: Per person: their unit, whom they vote for, what their own old ✅ says after the crash.
CRASHED = {
    ALICE: (
        "DLK",
        "DNG",
        "Đơn vị DLK đã bỏ phiếu trong cuộc này; phiếu đã được lưu và sẽ được kiểm. Mỗi đơn vị"
        " chỉ có một phiếu; phiếu đã bỏ không sửa được, mã phiếu không xem lại được.",
    ),
    BOB: (
        "DNG",
        "DLK",
        "Unit DNG has already voted in this vote; its ballot is stored and will be counted."
        " Each unit has one ballot; a cast ballot cannot be changed and its receipt code cannot"
        " be shown again.",
    ),
}


@pytest.mark.parametrize("crashed", [ALICE, BOB])
async def test_a_restart_shows_the_true_count_and_the_old_ok_says_the_ballot_is_kept(
    bot: Harness, crashed: int
) -> None:
    bloc = await ready(bot)
    code, choice, told = CRASHED[crashed]
    other, other_choice = (BOB, "DLK") if crashed == ALICE else (ALICE, "DNG")
    await open_vote(bot, "head")
    await vote(bot, other, other_choice)
    line = progress(bot)
    assert "1/3 đơn vị đã bỏ phiếu" in line.text

    # The confirmation on screen; its ✅ stored the ballot, then the process died.
    [ballot] = await bot.say(crashed, crashed, "/vote")
    await bot.press(crashed, crashed, message_id=ballot.message_id, text=choice)
    [election] = await bot.services.elections.open_of_bloc(bloc.id)
    unit = await bot.services.units.by_code(bloc.id, code)
    picked = await bot.services.units.by_code(bloc.id, choice)
    assert unit is not None and picked is not None
    me = Actor(user_id=crashed, chat_id=crashed, private=True)
    await ballots.cast_head(bot.services, me, unit.id, election.id, picked.id)
    assert "1/3 đơn vị đã bỏ phiếu" in line.text  # the group's line left behind

    posted = len(bot.emu.bot_messages(bot.group))
    await bot.restart()
    await bot.settle()
    assert "2/3 đơn vị đã bỏ phiếu" in line.text  # edited in place at start-up
    assert len(bot.emu.bot_messages(bot.group)) == posted  # nothing new in the group

    answer = await bot.press(crashed, crashed, message_id=ballot.message_id, text="✅")
    assert answer is not None and answer["text"] is None  # said once: not again in a pop-up
    assert ballot.text == told and not ballot.buttons  # the confirmation became that answer
    assert await bot.services.elections.turnout(election.id) == (2, 3)


async def test_a_restart_with_the_count_already_shown_changes_nothing(bot: Harness) -> None:
    """The edit at start-up repeats what is shown: Telegram's "not modified" is no error."""
    await ready(bot)
    await open_vote(bot, "head")
    await vote(bot, ALICE, "DNG")
    line = progress(bot)
    edits, posted = line.edited, len(bot.emu.bot_messages(bot.group))
    await bot.restart()
    await bot.settle()
    assert "1/3 đơn vị đã bỏ phiếu" in line.text and line.edited == edits
    assert len(bot.emu.bot_messages(bot.group)) == posted
    # the refresh was done (logged as sent), not left to be tried again
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM outbox") == 0
    done = await bot.services.db.fetch_all(
        "SELECT outcome FROM sent_log WHERE key LIKE 'election:%:progress:%'"
    )
    assert [row["outcome"] for row in done] == ["sent"]

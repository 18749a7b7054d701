"""The year's `election` deadline moved while a vote closes at it (QA qa9 #3): the group's
progress message of the vote shows the new deadline (edited through the notifier), and each
delegate of a unit that has not voted yet is told once, privately, naming the vote, whether the
deadline moved later or earlier; a unit that voted hears nothing.
"""

from __future__ import annotations

from bot.emulator import SentMessage
from tests.flows.conftest import ALICE, BOB, CAROL, Harness
from tests.flows.test_election import open_vote, progress, ready, vote
from tests.flows.year_setup import set_deadline


def moved(bot: Harness, user: int) -> list[SentMessage]:
    heads = ("🔔 Thời hạn bỏ phiếu", "🔔 Voting deadline", "🔔 Thời hạn đã", "🔔 The deadline")
    return [m for m in bot.emu.bot_messages(user) if m.text.startswith(heads)]


async def test_a_moved_deadline_shows_in_the_group_and_reaches_who_has_not_voted(
    bot: Harness,
) -> None:
    await ready(bot)  # DLK Lan (vi), DNG Bob (en), GLI Mai (vi); the group in Vietnamese
    await set_deadline(bot, "election 15/01/2026 17:30")
    await open_vote(bot, "head")
    await vote(bot, BOB, "DNG")
    assert "15/01/2026 17:30" in progress(bot).text
    later = await set_deadline(bot, "election 16/01/2026 17:00")
    assert "nhắn riêng thời hạn mới cho 2 cán bộ đầu mối của các đơn vị chưa bỏ phiếu" in later
    await bot.settle()
    shown = progress(bot).text
    assert "Thời hạn bỏ phiếu: Thứ Sáu, 16/01/2026 17:00." in shown and "15/01" not in shown
    [lan] = moved(bot, ALICE)
    assert "Thời hạn bỏ phiếu đã lùi — Bầu Khối trưởng năm 2027" in lan.text
    assert (
        "Thời hạn bỏ phiếu nay là Thứ Sáu, 16/01/2026 17:00 (trước đây Thứ Năm, 15/01/2026 17:30)"
        in lan.text
    )
    assert "Đơn vị DLK chưa bỏ phiếu" in lan.text and lan.button_texts() == ["🗳 Bỏ phiếu"]
    assert len(moved(bot, CAROL)) == 1
    assert not moved(bot, BOB)  # DNG has voted
    await vote(bot, ALICE, "DLK")
    await set_deadline(bot, "election 06/01/2026 09:00")
    await bot.settle()
    assert "Thời hạn bỏ phiếu: Thứ Ba, 06/01/2026 09:00." in progress(bot).text
    [_, mai] = moved(bot, CAROL)  # once, and naming the vote (not the reminders' notice)
    assert "Thời hạn bỏ phiếu đã dời sớm hơn — Bầu Khối trưởng năm 2027" in mai.text
    assert "nay là Thứ Ba, 06/01/2026 09:00 (trước đây Thứ Sáu, 16/01/2026 17:00)" in mai.text
    assert "Đơn vị GLI chưa bỏ phiếu" in mai.text
    assert len(moved(bot, ALICE)) == 1 and not moved(bot, BOB)
    await bot.restart()  # never twice
    assert [len(moved(bot, u)) for u in (ALICE, BOB, CAROL)] == [1, 0, 2]


async def test_a_moved_deadline_in_english(bot: Harness) -> None:
    await ready(bot, language="en")
    await set_deadline(bot, "election 15/01/2026 17:30")
    await open_vote(bot, "head")
    await vote(bot, ALICE, "DLK")
    later = await set_deadline(bot, "election 16/01/2026 17:00")
    assert "privately told 2 delegates of the units yet to vote the new deadline" in later
    await bot.settle()
    shown = progress(bot).text
    assert "Voting closes: Friday, 16/01/2026 17:00" in shown and "15/01" not in shown
    [bob] = moved(bot, BOB)
    assert "Voting deadline extended — Election of the bloc head for 2027" in bob.text
    assert "now closes Friday, 16/01/2026 17:00 (no longer Thursday, 15/01/2026 17:30)" in bob.text
    assert "Unit DNG has not voted yet" in bob.text and bob.button_texts() == ["🗳 Vote"]
    await set_deadline(bot, "election 06/01/2026 09:00")
    await bot.settle()
    assert "Voting closes: Tuesday, 06/01/2026 09:00" in progress(bot).text
    [_, bob] = moved(bot, BOB)
    assert "Voting deadline brought forward — Election of the bloc head for 2027" in bob.text
    assert "(no longer Friday, 16/01/2026 17:00)" in bob.text
    assert not moved(bot, ALICE)

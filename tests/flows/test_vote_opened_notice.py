"""A first round opened (Khối trưởng, Khối phó, bình xét): each delegate of a unit on its roll
is told privately, once, in their language, which vote opened, until when and how to vote
(/vote, or the 🗳 button), through the notifier as a runoff's notice is.
"""

from __future__ import annotations

from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_binh_xet import _pledges
from tests.flows.test_election import open_vote, ready
from tests.flows.year_setup import make_bloc, open_year, set_deadline


def opened(bot: Harness, user: int) -> list[SentMessage]:
    """The notices of a vote opened a person got privately."""
    heads = ("🗳 Đã mở", "🗳 Election", "🗳 Commendation")
    return [m for m in bot.emu.bot_messages(user) if m.text.startswith(heads)]


async def test_each_delegate_hears_once_that_the_head_vote_opened(bot: Harness) -> None:
    await ready(bot)  # DLK Lan (vi), DNG Bob (en), GLI Mai (vi)
    await set_deadline(bot, "election 20/01/2026 17:00")
    await open_vote(bot, "head")
    [lan] = opened(bot, ALICE)
    assert lan.text.splitlines() == [
        "🗳 Đã mở Bầu Khối trưởng năm 2027.",
        "Thời hạn bỏ phiếu: Thứ Ba, 20/01/2026 17:00.",
        "Anh/Chị bỏ phiếu cho đơn vị DLK bằng /vote trong tin nhắn riêng với bot, hoặc bấm"
        " nút dưới đây.",
    ]
    assert lan.button_texts() == ["🗳 Bỏ phiếu"]
    [bob] = opened(bot, BOB)
    assert "Election of the bloc head for 2027 is open" in bob.text
    assert "Voting closes: Tuesday, 20/01/2026 17:00" in bob.text
    assert "Vote for DNG with /vote" in bob.text and bob.button_texts() == ["🗳 Vote"]
    assert len(opened(bot, CAROL)) == 1
    assert not opened(bot, ADMIN)  # an admin who is no delegate votes for no unit
    await bot.restart()  # never twice
    assert [len(opened(bot, u)) for u in (ALICE, BOB, CAROL)] == [1, 1, 1]
    # The button opens the ballot (the only vote waiting for the unit).
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="🗳 Bỏ phiếu")
    ballot = bot.last(ALICE)
    assert "Bầu Khối trưởng năm 2027" in ballot.text
    assert ballot.button_texts()[:3] == ["DLK", "DNG", "GLI"]


async def test_a_delegate_of_two_units_gets_one_notice_without_a_deadline(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE], "DNG": [BOB], "GLI": [ALICE]})
    await open_year(bot)
    for user in (ALICE, BOB):
        await bot.say(user, user, "/start")
    await open_vote(bot, "deputy")
    [lan] = opened(bot, ALICE)
    assert "Đã mở Bầu Khối phó năm 2027." in lan.text
    assert "Chưa đặt thời hạn bỏ phiếu: cuộc bỏ phiếu kết thúc khi quản trị Khối đóng phiếu." in (
        lan.text
    )
    assert "cho đơn vị DLK, GLI bằng /vote" in lan.text
    assert lan.button_texts() == ["🗳 Bỏ phiếu · DLK", "🗳 Bỏ phiếu · GLI"]
    [bob] = opened(bot, BOB)
    assert "No deadline is set: voting ends when a bloc admin closes the vote." in bob.text


async def test_a_binh_xet_opened_is_told_to_each_delegate(bot: Harness) -> None:
    bloc = await ready(bot)
    await _pledges(bot, bloc)
    await set_deadline(bot, "election 20/01/2026 17:00")
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    [lan] = opened(bot, ALICE)
    assert "Đã mở Bình xét, suy tôn năm 2026." in lan.text
    assert "Thời hạn bỏ phiếu: Thứ Ba, 20/01/2026 17:00." in lan.text
    [bob] = opened(bot, BOB)
    assert bob.text.startswith("🗳 Commendation vote (bình xét) 2026 is open.")

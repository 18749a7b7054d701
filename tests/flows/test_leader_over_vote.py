"""`/deputy set` or `/head set` over a unit elected by ballot says it replaces a vote's result.

QA (qa-vi-votes #14): DNG elected deputy, then `/deputy set GLA` showed "Thay cho DNG đã ghi
nhận trước đó.", the warning of a plain re-record; a meeting decision replacing a ballot's
result is worth saying as such.
"""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import close_vote, open_vote, ready, vote


async def _deputy_elected_then_set(bot: Harness, language: str) -> tuple[str, str]:
    """DNG elected deputy for 2027; `/deputy set DLK` (✅) then `/deputy set GLI`: both asks."""
    await ready(bot, language=language)
    await open_vote(bot, "deputy")
    for user in (ALICE, BOB, CAROL):
        await vote(bot, user, "DNG")
    await close_vote(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/deputy set DLK")
    asked = ask.text  # the ✅ edits the message
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    [again] = await bot.say(bot.group, ADMIN, "/deputy set GLI")  # over a meeting's record
    return asked, again.text


async def test_a_seat_won_by_ballot_is_named_as_such(bot: Harness) -> None:
    ask, again = await _deputy_elected_then_set(bot, "vi")
    assert (
        "DNG được bầu làm Khối phó năm 2027 (cuộc bỏ phiếu kết thúc lúc 05/01/2026 09:00); "
        "ghi nhận DLK sẽ thay kết quả bầu." in ask
    )
    assert "Thay cho" not in ask
    assert "Thay cho DLK đã ghi nhận trước đó." in again and "kết quả bầu" not in again


async def test_a_seat_won_by_ballot_in_english(bot: Harness) -> None:
    ask, again = await _deputy_elected_then_set(bot, "en")
    assert (
        "DNG was elected bloc deputy for 2027 (the vote ended 05/01/2026 09:00); "
        "recording DLK replaces the result of the vote." in ask
    )
    assert "This replaces DLK, recorded before." in again and "result of the vote" not in again

"""One result a year per kind of vote: a second head, deputy or bình xét vote is refused once
one has closed with a result (the bình xét's: test_binh_xet.py), a void vote may be held
again, and a void vote reads as one (its share apart from its count, its codes received, not
counted).
"""

from __future__ import annotations

import pytest

from bot.domain.ballots import ElectionKind
from bot.domain.elections import Role
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import close_vote, ready, vote


async def _kinds(bot: Harness, kind: ElectionKind) -> list[int]:
    """The rounds of the year's votes of `kind`, as the database holds them."""
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None
    year = await bot.services.years.current(bloc.id)
    assert year is not None
    return [e.round for e in await bot.services.elections.of_year(year.id) if e.kind is kind]


async def test_a_head_elected_is_not_elected_again_even_from_an_old_confirmation(
    bot: Harness,
) -> None:
    bloc = await ready(bot)
    [first] = await bot.say(bot.group, ADMIN, "/election open head")
    [second] = await bot.say(bot.group, ADMIN, "/election open head")  # a confirmation kept
    await bot.press(bot.group, ADMIN, message_id=first.message_id, text="✅")
    for user, code in ((ALICE, "DNG"), (CAROL, "DNG"), (BOB, "DLK")):
        await vote(bot, user, code)
    posted = "\n".join(m.text for m in await close_vote(bot))
    assert "được bầu làm Khối trưởng năm 2027" in posted and "Mã phiếu đã kiểm (3)" in posted
    answer = await bot.press(bot.group, ADMIN, message_id=second.message_id, text="✅")
    assert answer is not None and "Bầu Khối trưởng năm 2027 đã kết thúc lúc" in answer["text"]
    [refused] = await bot.say(bot.group, ADMIN, "/election open head")
    assert "không mở cuộc bầu thứ hai" in refused.text and "/head set" in refused.text
    assert not refused.buttons
    assert await _kinds(bot, ElectionKind.HEAD) == [1]
    dng = await bot.services.units.by_code(bloc.id, "DNG")
    leaders = await bot.services.elections.leaders(bloc.id, 2027)
    assert dng is not None and leaders[Role.HEAD].unit_id == dng.id


async def test_a_void_vote_may_be_held_again_and_reads_as_void(bot: Harness) -> None:
    await ready(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/election open head")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    await vote(bot, ALICE, "DNG")
    posted = "\n".join(m.text for m in await close_vote(bot))
    assert (
        "chưa đủ số đơn vị tham gia — cần ít nhất 2 trong 3 đơn vị"
        " (quy chế của Khối: từ 2/3 trở lên tổng số đơn vị)" in posted
    )
    assert "2/3 đơn vị" not in posted
    # Not counted: the codes are those received.
    assert "Mã phiếu đã nhận (1)" in posted and "đã kiểm" not in posted
    [again] = await bot.say(bot.group, ADMIN, "/election open head")
    await bot.press(bot.group, ADMIN, message_id=again.message_id, text="✅")
    assert await _kinds(bot, ElectionKind.HEAD) == [1, 1]
    [ballot] = await bot.say(CAROL, CAROL, "/vote")
    assert "Bầu Khối trưởng năm 2027" in ballot.text and ballot.buttons


async def test_a_second_deputy_vote_is_refused_in_english(bot: Harness) -> None:
    await ready(bot, language="en")
    [ask] = await bot.say(bot.group, ADMIN, "/election open deputy")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    for user, code in ((ALICE, "GLI"), (BOB, "GLI"), (CAROL, "DLK")):
        await vote(bot, user, code)
    await close_vote(bot)
    [refused] = await bot.say(bot.group, ADMIN, "/election open deputy")
    assert "The election of the bloc deputy for 2027 closed on" in refused.text
    assert "/deputy set" in refused.text and not refused.buttons
    assert await _kinds(bot, ElectionKind.DEPUTY) == [1]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "hợp lệ khi có từ 2/3 trở lên tổng số đơn vị tham gia bỏ phiếu (ít nhất 2 trong 3"),
        ("en", "valid when at least 2/3 of all units vote (at least 2 of 3)"),
    ],
)
async def test_the_quorum_on_the_opening_reads_as_a_count_of_the_roll(
    bot: Harness, language: str, expected: str
) -> None:
    """ "2/3 of the units vote" is the rule; the count beside it says how many that is."""
    await ready(bot, language=language)
    [ask] = await bot.say(bot.group, ADMIN, "/election open head")
    assert expected in ask.text

"""A head or deputy runoff that ends void (no quorum) may be held again between the same units.

QA (qa-vi-votes #4): after a void runoff, `/election open head` refused with "only a void vote
may be held again" about the very vote that was void, and nothing let the bloc vote again. As
README says, a void vote has no result and may be held again: `/election open head` offers the
runoff again with a ✅ (as a bình xét's tie waits on one), or the bloc records its meeting's
decision with /head set.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import close_vote, open_vote, ready, vote


async def _void_runoff(bot: Harness, kind: str) -> str:
    """A three-way tie, then its runoff closed with one ballot of three (void); the group's
    text of the void runoff's result."""
    await open_vote(bot, kind)
    for user, code in ((ALICE, "DLK"), (BOB, "DNG"), (CAROL, "GLI")):
        await vote(bot, user, code)
    await close_vote(bot)
    bot.clock.move(timedelta(hours=2))
    await vote(bot, ALICE, "DLK")
    return "\n".join(m.text for m in await close_vote(bot))


@pytest.mark.parametrize(
    ("language", "kind", "asked", "again"),
    [
        (
            "vi",
            "head",
            "Vòng hai bầu Khối trưởng năm 2027 giữa các đơn vị DLK, DNG, GLI kết thúc lúc"
            " 05/01/2026 11:00 không có giá trị: 1/3 đơn vị bỏ phiếu",
            "Quản trị Khối có thể tổ chức lại vòng hai bằng /election open head",
        ),
        (
            "en",
            "deputy",
            "The runoff of the election of the bloc deputy for 2027 between DLK, DNG, GLI closed"
            " on 05/01/2026 11:00 void: 1/3 units voted",
            "A bloc admin can hold the runoff again with /election open deputy",
        ),
    ],
)
async def test_a_void_runoff_is_held_again_between_the_same_units(
    bot: Harness, language: str, kind: str, asked: str, again: str
) -> None:
    bloc = await ready(bot, language=language)
    posted = await _void_runoff(bot, kind)
    assert again in posted  # the group's result says what comes next
    [ask] = await bot.say(bot.group, ADMIN, f"/election open {kind}")
    assert asked in ask.text and f"/{kind} set" in ask.text
    assert "không có giá trị (chưa đủ số đơn vị tham gia) mới" not in ask.text
    [button] = ask.button_texts()
    assert not button.startswith("✅")  # it offers the runoff; its confirmation opens it
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text=button)
    assert "DLK, DNG, GLI" in ask.text and "07/01/2026 17:00" in ask.text
    assert f"/{kind} set" in ask.text  # the other way: the meeting's decision
    assert await bot.services.elections.open_of_bloc(bloc.id) == []
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    assert "✅" in ask.text and not ask.buttons  # the question becomes its answer
    [ballot] = await bot.say(BOB, BOB, "/vote")
    assert ballot.button_texts()[:3] == ["DLK", "DNG", "GLI"]
    assert "07/01/2026 17:00" in ballot.text  # 17:00 of the working day 48 hours on
    for user in (ALICE, BOB, CAROL):
        await vote(bot, user, "DLK")
    result = "\n".join(m.text for m in await close_vote(bot))
    assert "DLK — Ban Quản lý các KCN tỉnh Đắk Lắk" in result
    assert "được bầu làm" in result or "is elected" in result
    [refused] = await bot.say(bot.group, ADMIN, f"/election open {kind}")
    assert not refused.buttons  # the result stands now


async def test_the_void_runoff_is_not_offered_once_the_meeting_decided(bot: Harness) -> None:
    await ready(bot)
    await _void_runoff(bot, "head")
    [old] = await bot.say(bot.group, ADMIN, "/election open head")
    [ask] = await bot.say(bot.group, ADMIN, "/head set DNG")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    [refused] = await bot.say(bot.group, ADMIN, "/election open head")
    assert "ghi nhận DNG là Khối trưởng năm 2027" in refused.text and not refused.buttons
    answer = await bot.press(
        bot.group, ADMIN, message_id=old.message_id, text=old.button_texts()[0]
    )
    assert answer is not None and "ghi nhận DNG" in answer["text"]
    [late] = await bot.say(CAROL, CAROL, "/vote")
    assert "Hiện không có cuộc bỏ phiếu nào" in late.text

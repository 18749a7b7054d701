"""A second head or deputy vote is refused once one has ended, and the refusal says how it
ended: after a runoff tie it names the tied units and the runoff's close (QA: it said the vote
"có kết quả", with the first round's time), and once the bloc recorded its decision it names
the unit recorded (as /summary does: next year's head and deputy, elected or recorded).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import close_vote, open_vote, ready, vote
from tests.flows.test_vote_records import _vote_tab


async def _runoff_tie(bot: Harness, kind: str) -> None:
    """A three-way tie (05/01/2026 09:00), then a runoff tied DLK–DNG closed at 11:30."""
    await open_vote(bot, kind)
    for user, code in ((ALICE, "DLK"), (BOB, "DNG"), (CAROL, "GLI")):
        await vote(bot, user, code)
    await close_vote(bot)
    bot.clock.move(timedelta(hours=2, minutes=30))
    for user, code in ((ALICE, "DLK"), (BOB, "DNG"), (CAROL, None)):
        await vote(bot, user, code)
    await close_vote(bot)


@pytest.mark.parametrize(
    ("language", "kind", "expected"),
    [
        (
            "vi",
            "head",
            "Bầu Khối trưởng năm 2027 đã kết thúc lúc 05/01/2026 11:30: các đơn vị DLK, DNG"
            " bằng phiếu ở vòng hai, nên không có đơn vị được bầu.",
        ),
        (
            "en",
            "deputy",
            "The election of the bloc deputy for 2027 closed on 05/01/2026 11:30: DLK, DNG were"
            " tied in the runoff, so no unit was elected.",
        ),
    ],
)
async def test_after_a_runoff_tie_the_refusal_names_the_tie_and_the_runoffs_close(
    bot: Harness, language: str, kind: str, expected: str
) -> None:
    await ready(bot, language=language)
    await _runoff_tie(bot, kind)
    [refused] = await bot.say(bot.group, ADMIN, f"/election open {kind}")
    assert expected in refused.text and f"/{kind} set" in refused.text
    assert "có kết quả" not in refused.text and "with a result" not in refused.text


async def test_once_recorded_the_refusal_names_the_unit_recorded(bot: Harness) -> None:
    await ready(bot)
    await _runoff_tie(bot, "head")
    [ask] = await bot.say(bot.group, ADMIN, "/head set DLK")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    [refused] = await bot.say(bot.group, ADMIN, "/election open head")
    assert "ghi nhận DLK là Khối trưởng năm 2027, nên không mở cuộc bầu thứ hai" in refused.text


async def test_summary_names_next_years_head_decided_after_the_tie(bot: Harness) -> None:
    """/summary's 🗳 tab names next year's head as recorded, and no longer asks to record it."""
    await ready(bot)
    await _runoff_tie(bot, "head")
    [ask] = await bot.say(bot.group, ADMIN, "/head set DLK")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    tab = await _vote_tab(bot)
    assert "Khối trưởng năm 2027: DLK (quyết định tại cuộc họp) · Khối phó năm 2027: chưa có" in tab
    assert "Khối đã quyết định tại cuộc họp và ghi nhận DLK" in tab
    assert "ghi nhận bằng /head set" not in tab


async def test_summary_names_next_years_elected_head_in_english(bot: Harness) -> None:
    await ready(bot, language="en")
    await open_vote(bot, "head")
    for user, code in ((ALICE, "DNG"), (BOB, "DNG"), (CAROL, "GLI")):
        await vote(bot, user, code)
    await close_vote(bot)
    assert "Head for 2027: DNG (elected) · Deputy for 2027: none yet" in await _vote_tab(bot)

"""A vote's name says its round and its attempt once (QA qa9 #4).

A runoff that closed void and was held again read "Bầu Khối trưởng năm 2027 (lần 2, vòng 2)
(lần 2)" in the group, the notices and /status. One place (`bot.domain.elections.numbering`)
now names every vote: the first round, the first round held again "(lần 2)", the runoff
"(vòng 2)", the runoff held again "(vòng 2, lần 2)", in the group, the delegates' notices,
/status, /summary and the workbook.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import close_vote, open_vote, progress, ready, vote
from tests.flows.test_vote_records import _vote_rows

NAMES = {
    "vi": (
        "Bầu Khối trưởng năm 2027",
        "Bầu Khối trưởng năm 2027 (lần 2)",
        "Bầu Khối trưởng năm 2027 (vòng 2)",
        "Bầu Khối trưởng năm 2027 (vòng 2, lần 2)",
    ),
    "en": (
        "Election of the bloc head for 2027",
        "Election of the bloc head for 2027 (attempt 2)",
        "Election of the bloc head for 2027 (round 2)",
        "Election of the bloc head for 2027 (round 2, attempt 2)",
    ),
}
ROWS = {
    "vi": (
        "Bầu Khối trưởng (lần 1)",
        "Bầu Khối trưởng (lần 2)",
        "Bầu Khối trưởng (vòng 2, lần 1)",
        "Bầu Khối trưởng (vòng 2, lần 2)",
    ),
    "en": (
        "Election of the head (attempt 1)",
        "Election of the head (attempt 2)",
        "Election of the head (round 2, attempt 1)",
        "Election of the head (round 2, attempt 2)",
    ),
}


async def _status(bot: Harness) -> str:
    [status] = await bot.say(bot.group, BOB, "/status")
    return status.text


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_every_round_and_attempt_is_named_once(bot: Harness, language: str) -> None:
    first, first_again, runoff, runoff_again = NAMES[language]
    await ready(bot, language=language)
    await open_vote(bot, "head")
    assert progress(bot).text.splitlines()[0] == f"🗳 {first}"
    assert first in await _status(bot)
    await vote(bot, ALICE, "DNG")
    await close_vote(bot)  # void: one ballot of three
    await open_vote(bot, "head")
    assert progress(bot).text.splitlines()[0] == f"🗳 {first_again}"
    assert first_again in await _status(bot)
    for user, code in ((ALICE, "DLK"), (BOB, "DNG"), (CAROL, "GLI")):
        await vote(bot, user, code)
    await close_vote(bot)  # no majority: the runoff opens
    assert progress(bot).text.splitlines()[0] == f"🗳 {runoff}"
    reader = ALICE if language == "vi" else BOB  # Lan reads Vietnamese, Bob English
    assert f"{runoff}:" in bot.last(reader).text or f"{runoff} " in bot.last(reader).text
    assert runoff in await _status(bot)
    bot.clock.move(timedelta(hours=2))
    await vote(bot, ALICE, "DLK")
    await close_vote(bot)  # void: one ballot of three
    [ask] = await bot.say(bot.group, ADMIN, "/election open head")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text=ask.button_texts()[0])
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")  # its confirmation
    title = progress(bot).text.splitlines()[0]
    assert title == f"🗳 {runoff_again}"
    notice = bot.last(reader).text  # the delegate's private notice of the new vote
    assert runoff_again in notice and notice.count("(") == 1
    status = await _status(bot)
    assert runoff_again in status and "(lần 2, vòng 2)" not in status
    assert ") (" not in status and ") (" not in notice
    for user in (ALICE, BOB, CAROL):
        await vote(bot, user, "DLK")
    await close_vote(bot)
    sheet = {"vi": "Bầu và bình xét", "en": "Elections, commendation votes"}[language]
    rows = [r[0] for r in await _vote_rows(bot, sheet)]
    for name in ROWS[language]:
        assert name in rows

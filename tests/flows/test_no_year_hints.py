"""Every answer about a missing year names the same `/year <number>` (QA setup 14): computed
from the clock in the bloc's zone and the bloc's last year, never written into a text."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.flows.conftest import ADMIN, ALICE, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year

#: (chat: "group" or the person's private chat, person, command) answered with the hint.
ASKED = [
    ("group", CAROL, "/status"),
    ("group", CAROL, "/summary"),
    ("group", ADMIN, "/deadline pledge 31/01/2026"),
    ("group", ADMIN, "/election open head"),
    ("group", ADMIN, "/review"),
    ("group", CAROL, "/scale"),
    ("private", ALICE, "/pledge"),
    ("private", ALICE, "/assess"),
]


async def _hints(bot: Harness) -> dict[str, str]:
    said = {}
    for where, person, command in ASKED:
        chat = bot.group if where == "group" else person
        answers = await bot.say(chat, person, command)
        said[command] = " ".join(a.text for a in answers)
    return said


async def test_every_no_year_answer_names_the_same_year(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE]})
    bot.emu.start_bot(ALICE)
    for command, text in (await _hints(bot)).items():
        assert "/year 2026" in text, (command, text)
        assert "số năm" not in text, (command, text)  # never "/year and the year's number"


async def test_the_year_named_follows_the_calendar_and_the_last_year(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE]}, language="en")
    bot.emu.start_bot(ALICE)
    bot.clock.set(datetime(2027, 12, 31, 17, 30, tzinfo=UTC))  # 1 January 2028 in Vietnam
    for command, text in (await _hints(bot)).items():
        assert "/year 2028" in text, (command, text)
        assert "year's number" not in text, (command, text)
    await open_year(bot, 2025)  # a year left behind: the next one to open is this one
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    [pledge] = await bot.say(ALICE, ALICE, "/pledge")
    assert "/year" not in pledge.text  # a closed year's pledges are still there to read
    [deadline] = await bot.say(bot.group, ADMIN, "/deadline pledge 31/01/2028")
    assert "/year 2028" in deadline.text, deadline.text


async def test_in_december_the_year_named_is_the_coming_one(bot: Harness) -> None:
    """QA roles #8: a bloc set up in December (when next year's covenant is signed) is told to
    open the coming year, not the one that is ending."""
    await make_bloc(bot, delegates={"DLK": [ALICE]}, language="en")
    bot.emu.start_bot(ALICE)
    bot.clock.set(datetime(2026, 12, 2, 3, 0, tzinfo=UTC))
    for command, text in (await _hints(bot)).items():
        assert "/year 2027" in text and "/year 2026" not in text, (command, text)
    bot.clock.set(datetime(2026, 9, 30, 3, 0, tzinfo=UTC))  # until September: this year
    [status] = await bot.say(bot.group, CAROL, "/status")
    assert "/year 2026" in status.text

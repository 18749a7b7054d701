"""QA qa9 §14: the `/deadline` examples in the hints name a day still ahead on the bot's
clock, never one already past; and the English deadline confirmation reads as a sentence."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.flows.conftest import ADMIN, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year

DECEMBER = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_examples_in_december_name_a_day_ahead(bot: Harness, lang: str) -> None:
    await make_bloc(bot, language=lang)
    bot.clock.set(DECEMBER)
    await bot.say(bot.group, ADMIN, "/year 2026")
    await bot.press(bot.group, ADMIN, text="✅")
    opened = bot.last(bot.group).text
    assert "/deadline yearend 15/12/2026 17:00" in opened
    assert "31/01/2026" not in opened
    [shown] = await bot.say(bot.group, CAROL, "/year")
    assert "/deadline yearend 15/12/2026 17:00" in shown.text
    assert "31/01/2026" not in shown.text
    [usage] = await bot.say(bot.group, ADMIN, "/deadline")
    assert "/deadline yearend 15/12/2026 17:00" in usage.text
    assert "15/12/26" in usage.text and "2026-12-15" in usage.text
    assert "31/01/2026" not in usage.text and "2026-01-31" not in usage.text


async def test_examples_in_january_keep_the_pledge(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot)
    [shown] = await bot.say(bot.group, CAROL, "/year")
    assert "/deadline pledge 31/01/2026 17:00" in shown.text


async def test_english_deadline_confirmation_reads_as_a_sentence(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    await open_year(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/deadline pledge 31/01/2026")
    assert ask.text.startswith("Set this deadline of emulation year 2026?\nPledge: Saturday")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    done = bot.last(bot.group).text
    assert done.startswith("✅ Deadline of emulation year 2026 set.\nPledge: Saturday")

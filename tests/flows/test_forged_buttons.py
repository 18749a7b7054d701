"""Forged button data (issue 17, findings 1 and 9): malformed numbers are "out of date",
nothing else; an id in a button never lets anyone read what they may not."""

from __future__ import annotations

import pytest

from bot.i18n import Catalog
from tests.flows.conftest import ADMIN, Harness
from tests.flows.membership_kit import DAVE
from tests.flows.test_rights_table import ROLES, Ids, scene

#: "Out of date", then what to type again (the button's command, or "the command").
STALE = Catalog.load().t("vi", "core.stale_button").split(". ")[0]
MEMBERS_ONLY = Catalog.load().t("vi", "rights.members_only")


@pytest.mark.parametrize(
    "data",
    [
        "v1:pledges:see:--1",
        "v1:pledges:see:-1",
        "v1:units:page:--1",
        "v1:join:ask:9999999999999999999",
        "v1:join:ask:9223372036854775808",
        "v1:year:dl:1:pledge:99999999999999999",
        "v1:year:dl:1:pledge:-5",
        "v1:year:dl:1:nophase:1800000000",
        "v1:year:open:+2027",
        "v1:scale:part:1:0:007",
    ],
)
async def test_malformed_numbers_are_out_of_date(bot: Harness, data: str) -> None:
    await scene(bot)
    for chat in (bot.group, ADMIN):
        before = len(bot.emu.bot_messages(chat))
        query = bot.emu.press_forged(chat, ADMIN, bot.last(chat).message_id, data)
        await bot.settle()
        answer = bot.emu.answer_for(query)
        assert answer is not None and answer["text"].startswith(STALE), (data, answer)
        assert len(bot.emu.bot_messages(chat)) == before  # no apology, no message at all


async def test_a_forged_deadline_past_any_year_is_out_of_date(bot: Harness) -> None:
    await scene(bot)
    ids = await Ids.of(bot)
    for stamp in (0, 2**62, 4102444800 * 10):
        data = f"v1:year:dl:{ids.year}:pledge:{stamp}"
        query = bot.emu.press_forged(bot.group, ADMIN, bot.last(bot.group).message_id, data)
        await bot.settle()
        assert (bot.emu.answer_for(query) or {}).get("text", "").startswith(STALE), stamp


async def test_a_stranger_cannot_read_a_pledge_by_its_unit_id(bot: Harness) -> None:
    """Finding 17.1: `v1:pledges:see:<n>` from someone with no link to the bloc, even once
    the commitments are published, in private or on a group message, shows nothing."""
    await scene(bot)
    ids = await Ids.of(bot)
    await bot.services.years.publish_pledges(ids.year, by=ADMIN, now=bot.clock.now())
    seen = len(bot.emu.bot_messages(DAVE))
    for chat in (DAVE, bot.group):
        data = f"v1:pledges:see:{ids.dlk}"
        query = bot.emu.press_forged(chat, DAVE, bot.last(chat).message_id, data)
        await bot.settle()
        said = (bot.emu.answer_for(query) or {}).get("text", "")
        assert said.startswith(STALE) or said == MEMBERS_ONLY, said
    assert len(bot.emu.bot_messages(DAVE)) == seen
    assert ROLES["stranger"] == DAVE

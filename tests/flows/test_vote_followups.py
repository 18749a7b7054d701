"""Votes, the details around them (QA votes 7-14): a refused ✅ does not leave the choice on
screen, quotas within the registered units, a title with nobody to choose, a round without a
majority and its outcome, /status and /head during a vote, the workbook's receipts.
"""

from __future__ import annotations

from bot.domain.bloc import Bloc
from tests.flows.conftest import ADMIN, ALICE, CAROL, Harness
from tests.flows.membership_kit import DAVE, add_people
from tests.flows.test_election import close_vote, open_vote, ready


async def _second_delegate(bot: Harness, bloc: Bloc) -> None:
    """Dũng joins DLK beside Lan."""
    add_people(bot)
    unit = await bot.services.units.by_code(bloc.id, "DLK")
    assert unit is not None
    await bot.services.units.add_delegate(unit.id, DAVE, by=ADMIN, now=bot.clock.now())
    await bot.say(DAVE, DAVE, "/start")


async def test_a_refused_cast_turns_the_confirmation_into_the_refusal(bot: Harness) -> None:
    bloc = await ready(bot)
    await _second_delegate(bot, bloc)
    await open_vote(bot, "head")
    [lan] = await bot.say(ALICE, ALICE, "/vote")
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="DNG")
    assert "sắp bỏ phiếu cho: DNG" in lan.text
    [dung] = await bot.say(DAVE, DAVE, "/vote")
    await bot.press(DAVE, DAVE, message_id=dung.message_id, text="GLI")
    await bot.press(DAVE, DAVE, message_id=dung.message_id, text="✅")
    answer = await bot.press(ALICE, ALICE, message_id=lan.message_id, text="✅")
    assert answer is not None and "đã bỏ phiếu" in answer["text"]
    assert "sắp bỏ phiếu cho" not in lan.text and "đã bỏ phiếu" in lan.text
    assert not lan.buttons
    # After the close: the same, for Mai's choice.
    [mai] = await bot.say(CAROL, CAROL, "/vote")
    await bot.press(CAROL, CAROL, message_id=mai.message_id, text="DNG")
    await close_vote(bot)
    await bot.press(CAROL, CAROL, message_id=mai.message_id, text="✅")
    assert "sắp bỏ phiếu cho" not in mai.text and not mai.buttons

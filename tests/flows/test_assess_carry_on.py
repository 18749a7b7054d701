"""/cancel in the middle of a criterion, then /assess: the same step again (the README: the
same command carries on where you were), not the overview."""

from __future__ import annotations

from tests.flows.assess_kit import press_exact, ready, scores_of, with_buttons
from tests.flows.conftest import ALICE, BOB, Harness


async def test_cancel_at_the_note_step_then_assess_carries_on_at_it(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")
    await press_exact(bot, ALICE, ALICE, "9")  # 1.1 = 9: its note step
    note_step = with_buttons(bot, ALICE).text
    await bot.say(ALICE, ALICE, "/cancel")
    [again] = await bot.say(ALICE, ALICE, "/assess")
    assert again.text == note_step and "Tiêu chí 1.1" in again.text
    await bot.say(ALICE, ALICE, "Có biên bản kèm theo")
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].note == "Có biên bản kèm theo"


async def test_cancel_then_assess_in_english(bot: Harness) -> None:
    await ready(bot, {"DNG": [BOB]})
    await bot.say(BOB, BOB, "/assess")
    await bot.press(BOB, BOB, text="Score each criterion")
    await press_exact(bot, BOB, BOB, "9")
    await bot.say(BOB, BOB, "/cancel")
    [again] = await bot.say(BOB, BOB, "/assess")
    assert "1.1" in again.text and "Score each criterion" not in " ".join(again.button_texts())

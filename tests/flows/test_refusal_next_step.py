"""Refusals that name the next step: a first-round ballot pressed after the runoff opened points
to /vote, and a meeting form the bot cannot read says which part is wrong and shows the form
again (in Vietnamese and in English)."""

from __future__ import annotations

from tests.flows.conftest import ALICE, BOB, CAROL, Harness
from tests.flows.test_election import close_vote, open_vote, ready, vote


async def test_a_first_round_ballot_after_the_runoff_opened_points_to_vote(bot: Harness) -> None:
    await ready(bot)
    await open_vote(bot, "head")
    [mai] = await bot.say(CAROL, CAROL, "/vote")  # Mai opens her ballot, then leaves it
    [lan] = await bot.say(ALICE, ALICE, "/vote")  # as Lan does, to press it in English later
    await vote(bot, BOB, "DNG")
    await vote(bot, ALICE, "DLK")
    assert "vòng hai" in "\n".join(m.text for m in await close_vote(bot))  # DLK 1, DNG 1
    answer = await bot.press(CAROL, CAROL, message_id=mai.message_id, text="DLK")
    assert answer is not None
    assert "Vòng hai đang mở: Anh/Chị gõ /vote để bỏ phiếu vòng hai." in answer["text"]
    assert "không được ghi nhận" in answer["text"]
    [runoff] = await bot.say(CAROL, CAROL, "/vote")  # the step it names works
    assert "vòng 2" in runoff.text and "DLK" in runoff.button_texts()
    await bot.say(ALICE, ALICE, "/lang en")
    answer = await bot.press(ALICE, ALICE, message_id=lan.message_id, text="GLI")
    assert answer is not None and "The runoff is open: type /vote" in answer["text"]

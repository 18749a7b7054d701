"""A delegate of two units keeps the other unit's 🗳 (QA qa9 #6): a unit's button on the vote's
notice opens the ballot below the notice, so a refusal, /cancel or the receipt on that ballot
never takes the notice, and its other button, away."""

from __future__ import annotations

from tests.flows.conftest import ALICE, BOB, CAROL, Harness
from tests.flows.test_election import open_vote, vote
from tests.flows.test_vote_opened_notice import opened
from tests.flows.year_setup import make_bloc, open_year


async def test_a_refused_or_cancelled_ballot_keeps_the_other_units_button(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE], "DNG": [BOB], "GLI": [ALICE, CAROL]})
    await open_year(bot)
    for user in (ALICE, BOB, CAROL):
        await bot.say(user, user, "/start")
    await open_vote(bot, "head")
    [notice] = opened(bot, ALICE)
    buttons = ["🗳 Bỏ phiếu · DLK", "🗳 Bỏ phiếu · GLI"]
    assert notice.button_texts() == buttons
    # GLI's ballot opens below the notice; GLI's other delegate casts first: a refusal.
    await bot.press(ALICE, ALICE, message_id=notice.message_id, text="🗳 Bỏ phiếu · GLI")
    gli = bot.last(ALICE)
    assert gli.message_id != notice.message_id and "DNG" in gli.button_texts()
    await bot.press(ALICE, ALICE, message_id=gli.message_id, text="DNG")
    assert "Mã phiếu:" in await vote(bot, CAROL, "DLK")
    await bot.press(ALICE, ALICE, message_id=gli.message_id, text="✅")
    assert "GLI" in gli.text and gli.buttons == []  # the refusal
    assert notice.text.startswith("🗳 Đã mở") and notice.button_texts() == buttons
    # DLK's button still works; /cancel closes its ballot, and the notice stays.
    await bot.press(ALICE, ALICE, message_id=notice.message_id, text="🗳 Bỏ phiếu · DLK")
    dlk = bot.last(ALICE)
    assert dlk.message_id != notice.message_id and "DNG" in dlk.button_texts()
    await bot.say(ALICE, ALICE, "/cancel")
    assert dlk.text.startswith("✖️ Đã hủy") and dlk.buttons == []
    assert notice.button_texts() == buttons
    # Cast at last from the notice: the receipt replaces the ballot, not the notice.
    await bot.press(ALICE, ALICE, message_id=notice.message_id, text="🗳 Bỏ phiếu · DLK")
    dlk = bot.last(ALICE)
    await bot.press(ALICE, ALICE, message_id=dlk.message_id, text="DNG")
    await bot.press(ALICE, ALICE, message_id=dlk.message_id, text="✅")
    assert "Mã phiếu:" in dlk.text and notice.button_texts() == buttons

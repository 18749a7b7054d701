"""A receipt or a ballot screen that Telegram's flood control holds back when the bot stops is
dropped, never stored (QA qa-vi-votes #1).

A stop keeps the other replies the rate limiter still holds in the notifier's outbox, text and
buttons, so that the next start sends them. Kept there, a receipt ("Unit DLK has voted…
Receipt code: K7MQ-9XTA") or a confirmation ("Ballot of unit DLK… about to vote for: DNG")
would link the unit to its ballot in the database file until the next start. They are lost
instead, as a receipt lost in transit is: the ballot is stored and counted, and the old ✅
says so.
"""

from __future__ import annotations

import logging
import re

import pytest

from bot.emulator import BotApiEmulator
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.runtime_kit import limiter_of
from tests.flows.secrecy_kit import tables_holding
from tests.flows.test_binh_xet import _pledges
from tests.flows.test_election import open_vote, progress, ready

RECEIPT = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}")
#: What every button of a ballot carries (the unit, the vote, the pick or the approvals).
BALLOT_BUTTONS = "v1:vote:"


def _hold_next_edit(bot: Harness) -> None:
    """Telegram's flood control answers the next edit with a 2-minute wait."""
    bot.emu.faults.fail_next(1, status=429, retry_after=120, methods={"editMessageText"})


def held(emu: BotApiEmulator, chat: int) -> str:
    """The text of the last request to `chat` that flood control refused."""
    return next(
        str(r.params["text"])
        for r in reversed(emu.call_log)
        if r.status == 429 and str(r.params.get("chat_id")) == str(chat)
    )


def receipt_in(text: str) -> str:
    found = RECEIPT.search(text)
    assert found is not None, text
    return found.group()


async def _outbox(bot: Harness) -> list[int]:
    return [q.message.chat_id for q in await bot.services.notifier.outbox.pending()]


async def test_a_held_receipt_and_ballot_are_dropped_at_a_stop_and_other_replies_kept(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bloc = await ready(bot)
    dng = await bot.services.units.by_code(bloc.id, "DNG")
    assert dng is not None
    picked = f'{{"unit":{dng.id}}}'  # Lan's ballot as the ballots table holds it
    await open_vote(bot, "head")
    [lan] = await bot.say(ALICE, ALICE, "/vote")
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="DNG")
    confirmation = lan.text
    _hold_next_edit(bot)
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="✅")  # stored, receipt held
    receipt = receipt_in(held(bot.emu, ALICE))
    assert "1/3 đơn vị đã bỏ phiếu" in progress(bot).text
    [bob] = await bot.say(BOB, BOB, "/vote")
    _hold_next_edit(bot)
    await bot.press(BOB, BOB, message_id=bob.message_id, text="DLK")
    choice = held(bot.emu, BOB)
    assert "about to vote for: <b>DLK</b>" in choice
    ballot = bob.text
    # A reply with no vote in it, held too: the group's flood control.
    bot.emu.faults.fail_next(1, status=429, retry_after=120, methods={"sendMessage"})
    await bot.say(bot.group, CAROL, "/help")
    assert limiter_of(bot).deferred == 3

    await bot.stop()

    # The database file, every table: the receipt is on the ballot only, and nothing of the
    # held receipt or confirmation (their texts, the ballot's buttons) was written anywhere.
    found = tables_holding(
        bot.settings.database_path, receipt, picked, held(bot.emu, ALICE), choice, BALLOT_BUTTONS
    )
    assert found == {receipt: {"ballots"}, picked: {"ballots"}}
    assert "dropped 2 deferred secret messages" in caplog.text
    assert receipt not in caplog.text and "vote for" not in caplog.text

    await bot.start()
    await bot.settle()
    assert "/help" in bot.last(bot.group).text  # the group's reply was kept and sent
    assert await _outbox(bot) == []
    assert lan.text == confirmation and bob.text == ballot  # the held ones never came
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="✅")
    assert lan.text.startswith("Đơn vị DLK đã bỏ phiếu trong cuộc này; phiếu đã được lưu")
    await bot.press(BOB, BOB, message_id=bob.message_id, text="DLK")  # Bob votes after all
    await bot.press(BOB, BOB, message_id=bob.message_id, text="✅")
    assert "Receipt code" in bob.text
    assert "2/3 đơn vị đã bỏ phiếu" in progress(bot).text
    assert receipt not in caplog.text


async def test_a_held_binh_xet_ballot_and_receipt_are_dropped_at_a_stop(bot: Harness) -> None:
    bloc = await ready(bot)
    await _pledges(bot, bloc)
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    [lan] = await bot.say(ALICE, ALICE, "/vote")
    for label in ("1·DNG", "2·DNG", "Xem lại"):
        await bot.press(ALICE, ALICE, message_id=lan.message_id, text=label)
    _hold_next_edit(bot)
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="✅")
    receipt = receipt_in(held(bot.emu, ALICE))
    [bob] = await bot.say(BOB, BOB, "/vote")
    _hold_next_edit(bot)
    await bot.press(BOB, BOB, message_id=bob.message_id, text="1·GLI")  # the approval held
    approvals = held(bot.emu, BOB)
    assert "☑️" not in bob.button_texts()[0] and "(1 chosen)" in approvals
    assert limiter_of(bot).deferred == 2

    await bot.stop()

    found = tables_holding(
        bot.settings.database_path, receipt, held(bot.emu, ALICE), approvals, BALLOT_BUTTONS
    )
    assert found == {receipt: {"ballots"}}
    await bot.start()
    await bot.settle()
    assert await _outbox(bot) == []
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="✅")
    assert lan.text.startswith("Đơn vị DLK đã bỏ phiếu trong cuộc này")

"""`kill -9` in the middle of a self-assessment loses nothing: a new process carries on at the
same criterion with everything typed so far (scores and notes are stored as they arrive)."""

from __future__ import annotations

import signal
from decimal import Decimal
from pathlib import Path

from tests.flows.assess_kit import ready, scores_of
from tests.flows.conftest import ALICE, Harness
from tests.flows.test_crash_recovery import _answers, _edited, _spawn


async def test_kill_9_mid_assessment_loses_nothing(bot: Harness, tmp_path: Path) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]}, deadline=False)
    await bot.stop()

    process = _spawn(bot, tmp_path)
    try:
        n = len(bot.emu.bot_messages(ALICE))
        bot.emu.send_text(ALICE, ALICE, "/assess")
        [screen] = await _answers(bot, ALICE, n)
        bot.emu.press(ALICE, ALICE, text="Chấm từng tiêu chí")
        await _edited(bot, screen, 1)
        n = len(bot.emu.bot_messages(ALICE))
        bot.emu.send_text(ALICE, ALICE, "9,5")
        await _answers(bot, ALICE, n)
        n = len(bot.emu.bot_messages(ALICE))
        bot.emu.send_text(ALICE, ALICE, "Đạt 100% kế hoạch")
        [next_item] = await _answers(bot, ALICE, n)
        assert "Tiêu chí 1.2" in next_item.text, next_item.text
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    process = _spawn(bot, tmp_path)
    try:
        n = len(bot.emu.bot_messages(ALICE))
        bot.emu.send_text(ALICE, ALICE, "8,5")  # the score of 1.2, where the user was
        [asked] = await _answers(bot, ALICE, n)
        assert "Tiêu chí 1.2" in asked.text and "Điểm đã chấm: 8,5" in asked.text, asked.text
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    await bot.start()
    scores = await scores_of(bot, bloc, "DLK")
    assert scores["1.1"].value == Decimal("9.5") and scores["1.1"].note == "Đạt 100% kế hoạch"
    assert scores["1.2"].value == Decimal("8.5")
    state = await bot.services.flows.get(ALICE, "assess")
    assert state is not None and state.active and state.data["code"] == "1.2"

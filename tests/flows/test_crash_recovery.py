"""`kill -9` in the middle of a pledge loses nothing: a new bot process carries on.

The bot runs as a real `python -m bot run` process against the in-test emulator; it is killed
with SIGKILL between two messages of the commitments, and a fresh process picks the flow up
from SQLite (and the update Telegram had not seen confirmed is delivered again).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from bot.constants import DEPLOYED_FLAGS
from bot.emulator import SentMessage
from tests.flows.conftest import ALICE, TOKEN, Harness
from tests.flows.year_setup import make_bloc, open_year, pledge_of

ROOT = Path(__file__).resolve().parents[2]


def _spawn(bot: Harness, folder: Path) -> subprocess.Popen[bytes]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": bot.emu.base_url,
        "DATABASE_PATH": str(bot.settings.database_path),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, *DEPLOYED_FLAGS, "-m", "bot", "run"],  # as `make run` starts it
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _answers(bot: Harness, chat: int, before: int, count: int = 1) -> list[SentMessage]:
    """Wait (bounded) for the bot process to send `count` new messages to `chat`."""
    for _ in range(400):
        messages = bot.emu.bot_messages(chat)
        if len(messages) >= before + count:
            return messages[before:]
        await asyncio.sleep(0.025)
    raise AssertionError(f"the bot process sent nothing new to {chat}")


async def _edited(bot: Harness, message: SentMessage, edits: int) -> None:
    for _ in range(400):
        if message.edited >= edits:
            return
        await asyncio.sleep(0.025)
    raise AssertionError("the bot process did not update the message")


async def test_kill_9_mid_pledge_loses_nothing(bot: Harness, tmp_path: Path) -> None:
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await bot.say(ALICE, ALICE, "/start")
    await bot.stop()

    process = _spawn(bot, tmp_path)
    try:
        n = len(bot.emu.bot_messages(ALICE))
        bot.emu.send_text(ALICE, ALICE, "/pledge")
        [screen] = await _answers(bot, ALICE, n)
        bot.emu.press(ALICE, ALICE, text="Bằng khen")
        await _edited(bot, screen, 1)
        bot.emu.press(ALICE, ALICE, text="Tiếp")
        await _edited(bot, screen, 2)
        n = len(bot.emu.bot_messages(ALICE))
        bot.emu.send_text(ALICE, ALICE, "Dòng một.")
        await _answers(bot, ALICE, n)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    process = _spawn(bot, tmp_path)
    try:
        n = len(bot.emu.bot_messages(ALICE))
        bot.emu.send_text(ALICE, ALICE, "Dòng hai.")
        [saved] = await _answers(bot, ALICE, n)
        assert "19/3.000" in saved.text, saved.text  # 9 + a line break + 9
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    await bot.start()
    state = await bot.services.flows.get(ALICE, "pledge")
    assert state is not None and state.active
    await bot.press(ALICE, ALICE, text="Xem lại")
    review = bot.last(ALICE)
    assert "Dòng một." in review.text and "Dòng hai." in review.text
    assert "Bằng khen" in review.text
    await bot.press(ALICE, ALICE, text="✅")
    pledge = await pledge_of(bot, bloc, "DLK")
    assert pledge is not None and "Dòng một." in pledge.commitments

"""The real PTB Application polling the emulator: the pattern every flow test uses."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)
from telegram.request import HTTPXRequest

from bot.emulator import BotApiEmulator

LAN = 111


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("✅ Đồng ý", callback_data="yes")],
            [InlineKeyboardButton("✖️ Huỷ", callback_data="no")],
        ]
    )
    await update.effective_message.reply_html("Chào <b>bạn</b>!", reply_markup=markup)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer("Đã ghi nhận")
    await query.edit_message_text(f"Bạn chọn: {query.data}")


@pytest.fixture
async def app(emu: BotApiEmulator) -> AsyncIterator[Application]:
    application = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .request(HTTPXRequest(httpx_kwargs={"verify": False}))
        .get_updates_request(HTTPXRequest(httpx_kwargs={"verify": False}))
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(pressed))
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0, allowed_updates=Update.ALL_TYPES)
        yield application
        await application.updater.stop()
        await application.stop()


async def settle(emu: BotApiEmulator, app: Application) -> None:
    await emu.settle()
    await app.update_queue.join()
    await emu.settle()


async def test_command_button_edit_flow(emu: BotApiEmulator, app: Application) -> None:
    started = time.monotonic()
    emu.send_text(LAN, LAN, "/start")
    await settle(emu, app)
    (welcome,) = emu.bot_messages(LAN)
    assert welcome.text == "Chào bạn!"
    assert welcome.button_texts() == ["✅ Đồng ý", "✖️ Huỷ"]

    query_id = emu.press(LAN, LAN, text="Đồng ý")
    await settle(emu, app)
    assert emu.answer_for(query_id)["text"] == "Đã ghi nhận"
    (edited,) = emu.bot_messages(LAN)
    assert (edited.text, edited.edited, edited.buttons) == ("Bạn chọn: yes", 1, [])
    assert time.monotonic() - started < 2  # long polling wakes at once, no sleeps
    assert [m for m, _ in emu.calls() if m != "getUpdates"][-3:] == [
        "sendMessage",
        "answerCallbackQuery",
        "editMessageText",
    ]

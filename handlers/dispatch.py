"""Installs a `Registry` into PTB: raw handlers, commands, one button dispatcher, the flows.

Order (first match in a group wins): every feature's raw handlers (files with captions, a
deep-link /start, service messages), then the commands, then one CallbackQueryHandler that
decodes every press with the registry's table and calls the action's callback, then private
text and files by (flow, step), then `handlers.fallback` and the error handler. Private
commands and presses are watched for a flow they open over another (`handlers.flow_pause`).
"""

from __future__ import annotations

from typing import Any

from telegram import Chat, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callback_data import decode
from bot.context import BotContext
from bot.errors import NotFound
from bot.registry import Callback, Registry, Where
from handlers import errors, fallback, flow_router
from handlers.chat_filters import GROUP, PRIVATE
from handlers.flow_pause import noting_pause
from handlers.reply import closing

_FILTERS = {Where.GROUP: GROUP, Where.PRIVATE: PRIVATE, Where.ANYWHERE: PRIVATE | GROUP}


async def on_press(update: Update, context: BotContext) -> None:
    """Decode the press into its typed action and run it; anything else is out of date."""
    query = update.callback_query
    assert query is not None
    pressed = decode(query.data, context.registry.button_table)
    if pressed is None or not _in_its_chat(update, pressed.WHERE):
        raise NotFound("core.stale_button")
    callback = context.registry.buttons[type(pressed)]

    async def run() -> None:
        if type(pressed) in context.registry.closing:  # a stale press closes its screen
            await closing(update, context, callback(update, context, pressed))
        else:
            await callback(update, context, pressed)

    await noting_pause(update, context, run)


def _watched(callback: Callback) -> Callback:
    """A command that may open a flow over another (`noting_pause`)."""

    async def watched(update: Update, context: BotContext) -> None:
        await noting_pause(update, context, lambda: callback(update, context))

    return watched


def _in_its_chat(update: Update, where: Where) -> bool:
    chat = update.effective_chat
    if where is Where.ANYWHERE:
        return True
    private = chat is not None and chat.type == Chat.PRIVATE
    return private == (where is Where.PRIVATE) and chat is not None


def install(app: Application[Any, Any, Any, Any, Any, Any], registry: Registry) -> None:
    for raw in registry.handlers():
        app.add_handler(raw.handler, group=raw.group)
    for command in registry.commands.values():
        where = _FILTERS[command.where]
        app.add_handler(CommandHandler(command.name, _watched(command.callback), filters=where))
    app.add_handler(CallbackQueryHandler(on_press))
    flow_router.register(app)
    fallback.register(app)
    errors.register(app)

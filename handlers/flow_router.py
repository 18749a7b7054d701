"""Private text and files go to the step of the flow the user is in, or get a hint.

Features register their steps with `on_text` / `on_document` inside their `register(app)`;
the router looks the active flow up in the database, so a restart loses nothing.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot.context import BotContext, BotData, FlowStep
from bot.usecases import flows
from handlers.chat_filters import PRIVATE
from handlers.reply import reply


def on_text(app: Application, flow: str, step: FlowStep) -> None:  # type: ignore[type-arg]
    data: BotData = app.bot_data
    data.flow_text[flow] = step


def on_document(app: Application, flow: str, step: FlowStep) -> None:  # type: ignore[type-arg]
    data: BotData = app.bot_data
    data.flow_document[flow] = step


async def route_text(update: Update, context: BotContext) -> None:
    """Hand the text to the active flow's step."""
    await _route(update, context, context.bot_data.flow_text, "core.no_flow")


async def route_document(update: Update, context: BotContext) -> None:
    """Hand an uncaptioned file to the active flow, if it takes files."""
    await _route(update, context, context.bot_data.flow_document, "core.no_flow_document")


async def _route(
    update: Update, context: BotContext, steps: dict[str, FlowStep], hint_key: str
) -> None:
    user = update.effective_user
    assert user is not None
    state = await flows.current(context.services, user.id)
    step = steps.get(state.name) if state else None
    if step is None:
        await reply(update, context, hint_key)
        return
    await step(update, context)


async def unsupported(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice…: say what the bot reads."""
    await reply(update, context, "core.unsupported_message")


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, route_text))
    app.add_handler(MessageHandler(PRIVATE & filters.Document.ALL, route_document))
    app.add_handler(
        MessageHandler(PRIVATE & ~filters.COMMAND & ~filters.StatusUpdate.ALL, unsupported)
    )

"""Private text and files go to the step of the flow the user is in, or get a hint.

Features declare their steps in `bot.registry.Flow` (keyed by flow name and step); the router
looks the active flow up in the database, so a restart loses nothing.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot.context import BotContext
from bot.usecases import flows
from handlers.chat_filters import PRIVATE
from handlers.reply import reply


async def route_text(update: Update, context: BotContext) -> None:
    """Hand the text to the active flow's step."""
    await _route(update, context, documents=False)


async def route_document(update: Update, context: BotContext) -> None:
    """Hand an uncaptioned file to the active flow's step, if it takes files."""
    await _route(update, context, documents=True)


async def _route(update: Update, context: BotContext, *, documents: bool) -> None:
    user = update.effective_user
    assert user is not None
    state = await flows.current(context.services, user.id)
    registry = context.registry
    find = registry.document_step if documents else registry.text_step
    step = find(state.name, state.step) if state else None
    if step is None:
        await reply(update, context, "core.no_flow_document" if documents else "core.no_flow")
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

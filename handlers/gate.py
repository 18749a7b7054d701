"""Runs before every handler: drops what the bot must not answer, remembers who wrote."""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.context import BotContext
from bot.usecases.users import note_user

GATE_GROUP = -10


async def gate(update: Update, context: BotContext) -> None:
    """Channel posts, edits and other bots end here, silently; people are recorded."""
    if update.channel_post or update.edited_channel_post or update.edited_message:
        raise ApplicationHandlerStop
    user, chat = update.effective_user, update.effective_chat
    if user is None:
        return
    if user.is_bot or (chat is not None and chat.type == Chat.CHANNEL):
        raise ApplicationHandlerStop
    await note_user(
        context.services,
        user_id=user.id,
        username=user.username,
        first_name=user.first_name,
        last_name=user.last_name,
        language_code=user.language_code,
        private=chat is not None and chat.type == Chat.PRIVATE,
    )


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)

"""Runs before every handler: drops what the bot must not answer, remembers who wrote."""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.context import BotContext
from bot.registry import Feature, Raw
from bot.usecases import answers
from bot.usecases.users import note_user
from handlers.reply import reply

GATE_GROUP = -10


async def gate(update: Update, context: BotContext) -> None:
    """Channel posts, edits and other bots end here, silently; people are recorded."""
    if update.channel_post or update.edited_channel_post or update.edited_message:
        raise ApplicationHandlerStop
    user, chat = update.effective_user, update.effective_chat
    if user is None:
        return
    if chat is not None and chat.type != Chat.CHANNEL and _anonymous_admin(update, chat):
        message = update.effective_message
        if message is not None and message.text and message.text.startswith("/"):
            await reply(update, context, "core.anonymous_admin")
        raise ApplicationHandlerStop
    if user.is_bot or (chat is not None and chat.type == Chat.CHANNEL):
        raise ApplicationHandlerStop
    private = chat is not None and chat.type == Chat.PRIVATE
    if private:
        await answers.person_acted(context.services, user.id)
    await note_user(
        context.services,
        user_id=user.id,
        username=user.username,
        first_name=user.first_name,
        last_name=user.last_name,
        language_code=user.language_code,
        private=private,
        restarted=_pressed_start(update),
    )


def _pressed_start(update: Update) -> bool:
    message = update.effective_message
    return bool(message is not None and message.text and message.text.startswith("/start"))


def _anonymous_admin(update: Update, chat: Chat) -> bool:
    """An anonymous admin writes as the group itself: the bot cannot tell who it is."""
    message = update.effective_message
    sender = message.sender_chat if message is not None else None
    return sender is not None and sender.id == chat.id


def feature() -> Feature:
    return Feature("gate", handlers=[Raw(TypeHandler(Update, gate), GATE_GROUP)])

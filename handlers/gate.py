"""Runs before every handler: drops what the bot must not answer, remembers who wrote."""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.context import BotContext
from bot.registry import Feature, Raw
from bot.usecases import answers, flows
from bot.usecases.users import note_user
from handlers.reply import reply

GATE_GROUP = -10


async def gate(update: Update, context: BotContext) -> None:
    """Channel posts, edits and other bots end here (an edit in a flow with a word, see
    `_edited`); people are recorded."""
    if update.channel_post or update.edited_channel_post:
        raise ApplicationHandlerStop
    if update.edited_message:
        await _edited(update, context)
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


async def _edited(update: Update, context: BotContext) -> None:
    """An edit is never read as input (it would run a step again). A person who corrects a
    pasted score or their commitments by editing the message, in the middle of a flow, is told
    so: silence would let them believe the correction was stored."""
    message, user = update.edited_message, update.effective_user
    if message is None or user is None or user.is_bot or message.chat.type != Chat.PRIVATE:
        return
    if not (message.text or message.caption):
        return
    if await flows.current(context.services, user.id) is not None:
        await reply(update, context, "core.edit_not_read")


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

"""The one error handler: refusals become replies; anything else is logged and apologised for."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application

from bot.context import BotContext
from bot.domain.errors import DomainError
from bot.errors import UserFacingError
from bot.rate_limit import Deferred
from bot.usecases import blocs
from handlers.file_errors import send_domain_error
from handlers.reply import answer_refusal, reply
from handlers.storage_errors import apology_key

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log first (with the update id), then tell the user; the bot keeps running."""
    error = context.error
    if isinstance(update, Update) and isinstance(error, UserFacingError):
        await answer_refusal(update, context, error)
        return
    if isinstance(update, Update) and isinstance(error, DomainError):
        if update.callback_query is not None:
            await update.callback_query.answer()
        await send_domain_error(update, context, error)
        return
    if isinstance(error, ChatMigrated) and isinstance(update, Update) and update.effective_chat:
        moved = await blocs.move_chat(context.services, update.effective_chat.id, error.new_chat_id)
        log.info(
            "chat %s migrated to %s (bloc moved: %s)",
            update.effective_chat.id,
            error.new_chat_id,
            moved,
        )
        return
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, Deferred):  # a throttled chat: the message goes out later
        log.info("update %s: %s", update_id, error)
        return
    if transient(error):
        log.warning("Telegram failed while handling update %s: %s", update_id, error)
    else:
        log.error("error while handling update %s", update_id, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(error, Forbidden):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await reply(update, context, apology_key(error))
    except TelegramError:
        log.warning("could not apologise for update %s", update_id)


def transient(error: BaseException | None) -> bool:
    """Telegram failing, not us: a time-out, a network error, flood control, a 5xx (PTB raises
    a plain TelegramError for those). One warning line is enough; tracebacks are for our bugs,
    and a BadRequest (a NetworkError in PTB 22) is one of ours."""
    if isinstance(error, BadRequest):
        return False
    return isinstance(error, (NetworkError, RetryAfter)) or type(error) is TelegramError


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_error_handler(on_error)

"""A group upgraded to a supergroup keeps its bloc: the bloc follows the new chat id."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import BotContext
from bot.registry import Feature, Raw
from bot.usecases import blocs

log = logging.getLogger(__name__)


async def migrated(update: Update, context: BotContext) -> None:
    """Move the bloc on either of the two service messages (idempotent)."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    if await blocs.move_chat(context.services, old, new):
        log.info("bloc of chat %s moved to supergroup %s", old, new)


def feature() -> Feature:
    return Feature(
        "chat_migration", handlers=[Raw(MessageHandler(filters.StatusUpdate.MIGRATE, migrated))]
    )

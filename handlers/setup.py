"""/setup: a group administrator registers the group as a bloc; run again, it shows settings.

Also the one-line hello when the bot is added to a group that is not a bloc yet.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import BotContext
from bot.registry import Command, Feature, Raw
from bot.usecases import blocs
from handlers.chat_filters import GROUP
from handlers.reply import reply, send_html, show_stored, texts_for
from views.setup import render_settings


async def setup(update: Update, context: BotContext) -> None:
    """Register the group as a bloc with the caller as first admin, or show its settings."""
    services, actor = context.services, context.actor
    name = " ".join(context.args or [])
    bloc, created = await blocs.setup_bloc(services, actor, name)
    if created:
        tx = await texts_for(update, context)
        text = tx("setup.created", name=bloc.name, admin=actor.full_name)
        await show_stored(update, context, text)
        return
    tx = await texts_for(update, context)
    await send_html(
        update, context, render_settings(tx, await blocs.bloc_settings(services, actor))
    )


async def bot_added(update: Update, context: BotContext) -> None:
    """Say how to start when the bot joins a group that is not a bloc yet."""
    message = update.effective_message
    assert message is not None
    if not any(m.id == context.bot.id for m in message.new_chat_members):
        return
    if not await blocs.is_bloc(context.services, message.chat_id):
        await reply(update, context, "setup.hello")


def feature() -> Feature:
    added = MessageHandler(GROUP & filters.StatusUpdate.NEW_CHAT_MEMBERS, bot_added)
    return Feature("setup", commands=[Command("setup", setup)], handlers=[Raw(added)])

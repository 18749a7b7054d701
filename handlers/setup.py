"""/setup: a group administrator registers the group as a bloc; run again, it shows settings.

Also the one-line hello when the bot is added to a group that is not a bloc yet.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import BotContext
from bot.i18n import Texts
from bot.registry import Command, Feature, Raw
from bot.usecases import blocs
from bot.usecases.blocs import BlocSettings
from handlers.chat_filters import GROUP
from handlers.reply import reply, send_html, texts_for


async def setup(update: Update, context: BotContext) -> None:
    """Register the group as a bloc with the caller as first admin, or show its settings."""
    services, actor = context.services, context.actor
    name = " ".join(context.args or [])
    bloc, created = await blocs.setup_bloc(services, actor, name)
    if created:
        await reply(update, context, "setup.created", name=bloc.name, admin=actor.full_name)
        return
    tx = await texts_for(update, context)
    await send_html(
        update, context, render_settings(tx, await blocs.bloc_settings(services, actor))
    )


def render_settings(tx: Texts, found: BlocSettings) -> str:
    bloc = found.bloc
    return tx(
        "setup.settings",
        name=bloc.name,
        language=tx(f"setup.language_{bloc.language}"),
        timezone=bloc.timezone,
        units=found.units,
        delegates=found.delegates,
        admins=", ".join(p.display_name for p in found.admins),
        date=tx.date(bloc.created_at, bloc.timezone),
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

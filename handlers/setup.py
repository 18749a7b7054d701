"""/setup: a group administrator registers the group as a bloc; run again, it shows settings.

Also the one-line hello when the bot is added to a group that is not a bloc yet.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.context import BotContext
from bot.domain.calendar import format_local
from bot.i18n import Texts
from bot.rights import require_admin, require_group_admin
from bot.usecases import blocs
from bot.usecases.blocs import BlocSettings
from handlers.calendar_text import zone_name
from handlers.chat_filters import GROUP
from handlers.reply import reply, send_html, texts_for


async def setup(update: Update, context: BotContext) -> None:
    """Register the group as a bloc with the caller as first admin, or show its settings."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    services = context.services
    existing = await services.blocs.by_chat(chat.id)
    if existing is None:
        await require_group_admin(services, context.bot, chat.id, user.id)
    else:
        await require_admin(services, context.bot, existing, user.id)
    name = " ".join(context.args or [])
    bloc, created = await blocs.setup_bloc(services, chat_id=chat.id, name=name, user_id=user.id)
    if created:
        await reply(update, context, "setup.created", name=bloc.name, admin=user.full_name)
        return
    tx = await texts_for(update, context)
    await send_html(update, context, render_settings(tx, await blocs.bloc_settings(services, bloc)))


def render_settings(tx: Texts, found: BlocSettings) -> str:
    bloc = found.bloc
    return tx(
        "setup.settings",
        name=bloc.name,
        language=tx(f"setup.language_{bloc.language}"),
        timezone=zone_name(tx, bloc.timezone),
        units=found.units,
        delegates=found.delegates,
        admins=", ".join(p.display_name for p in found.admins),
        date=format_local(bloc.created_at, ZoneInfo(bloc.timezone)),
    )


async def bot_added(update: Update, context: BotContext) -> None:
    """Say how to start when the bot joins a group that is not a bloc yet."""
    message = update.effective_message
    assert message is not None
    if not any(m.id == context.bot.id for m in message.new_chat_members):
        return
    if await context.services.blocs.by_chat(message.chat_id) is None:
        await reply(update, context, "setup.hello")


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("setup", setup, filters=GROUP))
    app.add_handler(MessageHandler(GROUP & filters.StatusUpdate.NEW_CHAT_MEMBERS, bot_added))

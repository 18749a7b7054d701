"""/setup: a group administrator registers the group as a bloc; run again, it shows settings,
and with a name it renames the bloc after ✅ (a bloc admin's; every press re-checks the rights
and that the name is still the one shown).

Also the one-line hello when the bot is added to a group that is not a bloc yet.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import BotContext
from bot.registry import Command, Feature, Raw
from bot.usecases import blocs
from bot.usecases.blocs import BlocSettings, Rename
from handlers.chat_filters import GROUP
from handlers.reply import reply, send_html, settled, show, show_stored, texts_for
from views.setup import DropBlocName, SaveBlocName, rename_confirmation, render_settings


async def setup(update: Update, context: BotContext) -> None:
    """Register the group as a bloc, show its settings, or propose its new name."""
    services, actor = context.services, context.actor
    outcome = await blocs.setup_bloc(services, actor, " ".join(context.args or []))
    tx = await texts_for(update, context)
    if isinstance(outcome, BlocSettings):
        await send_html(update, context, render_settings(tx, outcome))
    elif isinstance(outcome, Rename):
        text, markup = rename_confirmation(tx, outcome)
        await send_html(update, context, text, keyboard=markup)
    else:
        text = tx("setup.created", name=outcome.name, admin=actor.full_name)
        await show_stored(update, context, text)


async def _rename(update: Update, context: BotContext, pressed: SaveBlocName) -> None:
    action = blocs.rename(context.services, context.actor, pressed.change_id)
    done = await settled(update, context, action)
    if done is not None:
        tx = await texts_for(update, context)
        await show_stored(update, context, tx("setup.renamed", old=done.old, new=done.new))


async def _keep(update: Update, context: BotContext, pressed: DropBlocName) -> None:
    name = await blocs.keep_name(context.services, context.actor, pressed.change_id)
    await show(update, (await texts_for(update, context))("setup.rename_cancelled", name=name))


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
    return Feature(
        "setup",
        commands=[Command("setup", setup)],
        handlers=[Raw(added)],
        buttons={SaveBlocName: _rename, DropBlocName: _keep},
    )

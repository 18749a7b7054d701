"""Commands nobody else took: wrong chat type, unknown command. Registered last."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot.context import BotContext
from bot.menus import COMMANDS, IN_PRIVATE, Scope
from bot.usecases import users
from handlers.chat_filters import GROUP, PRIVATE
from handlers.file_errors import file_in_group
from handlers.reply import reply, texts_for
from views.keyboards import keyboard, open_private

_PRIVATE_ONLY = {c.name for c in COMMANDS if c.scopes <= IN_PRIVATE}
_GROUP_ONLY = {c.name for c in COMMANDS if not c.scopes & IN_PRIVATE}
#: Private commands only a unit's delegate can use (and /me, which says whose delegate one
#: is): typed in the group by someone who is no delegate of its bloc, they are explained (and
#: how to become one), not pointed to private.
_FOR_DELEGATES = {c.name for c in COMMANDS if c.scopes == {Scope.DELEGATE}} | {"me"}


def _command(update: Update, bot_username: str) -> tuple[str, bool] | None:
    """(command, addressed to this bot explicitly) of a command message."""
    message = update.effective_message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    head = message.text.split()[0][1:]
    name, _, target = head.partition("@")
    if target and target.lower() != bot_username.lower():
        return None
    return name.lower(), bool(target)


async def private_command(update: Update, context: BotContext) -> None:
    """A group command in private, named with the group to type it in (the bloc's, when the
    person acts in one bloc); an unknown one."""
    found = _command(update, context.bot.username)
    if found is None:
        return
    name = found[0]
    if name not in _GROUP_ONLY:
        await reply(update, context, "core.unknown_command")
        return
    where = (await users.standing(context.services, context.actor.user_id)).blocs
    if len(where) == 1:
        await reply(update, context, "core.group_only_bloc", command=name, bloc=where[0].name)
    elif where:
        names = ", ".join(bloc.name for bloc in where)
        await reply(update, context, "core.group_only_blocs", command=name, blocs=names)
    else:
        await reply(update, context, "core.group_only", command=name)


async def group_command(update: Update, context: BotContext) -> None:
    """A private command in the group gets a pointer; unknown ones only when addressed to us."""
    found = _command(update, context.bot.username)
    if found is None:
        return
    name, addressed = found
    if (
        name in _FOR_DELEGATES
        and await users.delegate_here(context.services, context.actor) is False
    ):
        tx = await texts_for(update, context)
        purpose = tx(f"core.purpose_{name}")
        await reply(update, context, "core.delegates_only", command=name, purpose=purpose)
    elif name in _PRIVATE_ONLY:
        tx = await texts_for(update, context)
        button = open_private(tx, context.bot.username)
        await reply(
            update, context, "core.private_only", command=name, keyboard=keyboard([[button]])
        )
    elif addressed:
        await reply(update, context, "core.unknown_command")


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(MessageHandler(PRIVATE & filters.COMMAND, private_command))
    app.add_handler(MessageHandler(GROUP & filters.COMMAND, group_command))
    app.add_handler(MessageHandler(GROUP & filters.Document.ALL, file_in_group))

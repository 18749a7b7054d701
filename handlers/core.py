"""/start, /help, /lang, /me and /cancel: what every user can do in a private chat."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import BotContext
from bot.menus import Scope, admin_only_commands, commands_for
from bot.rights import is_bloc_admin
from bot.usecases import flows, users
from handlers.chat_filters import GROUP, NEW, PRIVATE
from handlers.reply import reply, send_html, texts_for


async def start(update: Update, context: BotContext) -> None:
    """Welcome the user, or remind them of the flow they left half-way."""
    user = update.effective_user
    assert user is not None
    active = await flows.current(context.services, user.id)
    if active is not None:
        await reply(update, context, "core.welcome_back", name=user.full_name, command=active.name)
        return
    await reply(update, context, "core.welcome", name=user.full_name)


async def help_command(update: Update, context: BotContext) -> None:
    """List what the caller can do here, from the same table as the menus."""
    services, tx = context.services, await texts_for(update, context)
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    if chat.type == chat.PRIVATE:
        lines = [tx("core.help_private_header")]
        lines += _lines(tx, commands_for(Scope.PRIVATE, services.catalog, tx.lang))
        lines += ["", tx("core.help_footer_private")]
    else:
        lines = [tx("core.help_group_header")]
        lines += _lines(tx, commands_for(Scope.GROUP, services.catalog, tx.lang))
        bloc = await services.blocs.by_chat(chat.id)
        admin_part = admin_only_commands(services.catalog, tx.lang)
        if (
            bloc is not None
            and admin_part
            and await is_bloc_admin(services, context.bot, bloc, user.id)
        ):
            lines += ["", tx("core.help_admin_header"), *_lines(tx, admin_part)]
        lines += ["", tx("core.help_footer_group")]
    await send_html(update, context, "\n".join(lines))


def _lines(tx, pairs: list[tuple[str, str]]) -> list[str]:  # type: ignore[no-untyped-def]
    return [tx("core.help_line", command=name, description=text) for name, text in pairs]


async def lang(update: Update, context: BotContext) -> None:
    """Store the user's language; the answer is already in the new language."""
    user = update.effective_user
    assert user is not None
    await users.choose_language(context.services, user.id, " ".join(context.args or []))
    await reply(update, context, "core.lang_set")


async def me(update: Update, context: BotContext) -> None:
    """Say which units, of which blocs, the user acts for."""
    user = update.effective_user
    assert user is not None
    tx = await texts_for(update, context)
    found = await users.memberships(context.services, user.id)
    if not found:
        await send_html(update, context, tx("core.me_none") + "\n\n" + tx("core.me_language"))
        return
    lines = [tx("core.me_header")]
    lines += [
        tx("core.me_line", code=m.unit.code, unit=m.unit.name, bloc=m.bloc.name) for m in found
    ]
    await send_html(update, context, "\n".join([*lines, "", tx("core.me_language")]))


async def cancel(update: Update, context: BotContext) -> None:
    """Leave the current flow; its draft stays for next time."""
    user = update.effective_user
    assert user is not None
    left = await flows.cancel(context.services, user.id)
    if left is None:
        await reply(update, context, "core.cancel_nothing")
        return
    await reply(update, context, "core.cancel_done", command=left.name)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("start", start, filters=PRIVATE))
    app.add_handler(CommandHandler("help", help_command, filters=PRIVATE | GROUP))
    app.add_handler(CommandHandler("lang", lang, filters=PRIVATE))
    app.add_handler(CommandHandler("me", me, filters=PRIVATE))
    app.add_handler(CommandHandler("cancel", cancel, filters=NEW & PRIVATE))

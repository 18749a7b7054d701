"""/start, /help, /lang, /me and /cancel: what every user can do in a private chat.

/help, /lang and /cancel are answered in the group too: they show nothing of a unit (the
language is the person's own; cancelling names only the flow paused).
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.menus import Scope, admin_only_commands, commands_for
from bot.registry import Command, Feature, Where
from bot.usecases import blocs, flows, users
from handlers.reply import reply, send_html, show, texts_for, texts_for_user
from views.fit import fit_lines
from views.lang import ChooseLanguage, render_choice


async def start(update: Update, context: BotContext) -> None:
    """Welcome the user, or remind them of the flow they left half-way."""
    user = update.effective_user
    assert user is not None
    active = await flows.under_way(context.services, user.id)
    if active is not None:
        await _resume(update, context, "core.welcome_back", active.name, name=user.full_name)
        return
    await reply(update, context, "core.welcome", name=user.full_name)


async def help_command(update: Update, context: BotContext) -> None:
    """List what the caller can do here, from the same table as the menus; in a group that
    is not a bloc yet (where every command of the list would refuse), what the bot is and
    how a group administrator starts with /setup."""
    services, tx = context.services, await texts_for(update, context)
    chat = update.effective_chat
    assert chat is not None
    if chat.type != chat.PRIVATE and not await blocs.is_bloc(services, chat.id):
        lines = [tx("core.help_unregistered")]
    elif chat.type == chat.PRIVATE:
        lines = [tx("core.help_private_header")]
        lines += _lines(tx, commands_for(Scope.PRIVATE, services.catalog, tx.lang))
        lines += ["", tx("core.help_footer_private")]
    else:
        lines = [tx("core.help_group_header")]
        lines += _lines(tx, commands_for(Scope.GROUP, services.catalog, tx.lang))
        admin_part = admin_only_commands(services.catalog, tx.lang)
        if admin_part and await blocs.is_admin_here(services, context.actor):
            lines += ["", tx("core.help_admin_header"), *_lines(tx, admin_part)]
        lines += ["", tx("core.help_footer_group")]
    await send_html(update, context, "\n".join(lines))


def _lines(tx, pairs: list[tuple[str, str]]) -> list[str]:  # type: ignore[no-untyped-def]
    return [tx("core.help_line", command=name, description=text) for name, text in pairs]


async def lang(update: Update, context: BotContext) -> None:
    """Store the user's language; the answer is already in the new language (in the group,
    where messages stay in the bloc's language, it says so). Without a language offered, say
    which one is in use and which are offered (a button each in private)."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    asked = users.offered_language(" ".join(context.args or []))
    if asked is None:  # in the group, said in the bloc's language like every group message
        current = await users.language_of(context.services, user.id, user.language_code)
        tx = await texts_for(update, context)
        text, markup = render_choice(tx, current, buttons=chat.type == chat.PRIVATE)
        await send_html(update, context, text, keyboard=markup)
        return
    await users.choose_language(context.services, user.id, asked)
    if chat.type == chat.PRIVATE:
        await reply(update, context, "core.lang_set")
        return
    tx = await texts_for_user(context, user.id, user.language_code)
    await send_html(update, context, tx("core.lang_set") + "\n" + tx("core.lang_set_group"))


async def _chosen(update: Update, context: BotContext, pressed: ChooseLanguage) -> None:
    """A language button of /lang: stored, and the screen says so in the new language."""
    user = update.effective_user
    assert user is not None
    await users.choose_language(context.services, user.id, pressed.code)
    await show(update, (await texts_for(update, context))("core.lang_set"))


async def me(update: Update, context: BotContext) -> None:
    """Say which units, of which blocs, the user acts for, and the blocs they administer."""
    user = update.effective_user
    assert user is not None
    tx = await texts_for(update, context)
    found = await users.memberships(context.services, user.id)
    administered = ", ".join(b.name for b in await users.administered(context.services, user.id))
    waiting = await users.pending_joins(context.services, user.id)
    pending = [tx("core.me_pending", codes=", ".join(waiting))] if waiting else []
    if not found:
        none = (
            tx("rights.not_a_delegate_admin", blocs=administered)
            if administered
            else tx("core.me_none")
        )
        await send_html(update, context, "\n\n".join([none, *pending, tx("core.me_language")]))
        return
    lines = [tx("core.me_header")]
    lines += [
        tx("core.me_line", code=m.unit.code, unit=m.unit.name, bloc=m.bloc.name) for m in found
    ]
    lines += pending
    if administered:
        lines += ["", tx("core.me_admin", blocs=administered)]
    await send_html(update, context, fit_lines(tx, [*lines, "", tx("core.me_language")]))


async def cancel(update: Update, context: BotContext) -> None:
    """Leave the current flow; its draft stays for next time. With none, say that a
    confirmation waiting for ✅ is cancelled with its own ✖️ (/cancel leaves it as it is)."""
    user = update.effective_user
    assert user is not None
    left = await flows.cancel(context.services, user.id)
    if left is None:
        await reply(update, context, "core.cancel_nothing")
        return
    await _resume(update, context, "core.cancel_done", left.name)


async def _resume(update: Update, context: BotContext, key: str, flow: str, **params: str) -> None:
    """Say how `flow` is carried on: its command when one resumes it (the registry's answer,
    not the flow's name: `review_answer` is no command), else the button that opened it."""
    command = context.registry.resumes(flow)
    if command is not None:
        await reply(update, context, key, command=command, **params)
        return
    tx = await texts_for(update, context)
    await reply(update, context, f"{key}_button", flow=tx(f"flows.name_{flow}"), **params)


def feature() -> Feature:
    return Feature(
        "core",
        commands=[
            Command("start", start, Where.PRIVATE),
            Command("help", help_command, Where.ANYWHERE),
            Command("lang", lang, Where.ANYWHERE),
            Command("me", me, Where.PRIVATE),
            Command("cancel", cancel, Where.ANYWHERE),
        ],
        buttons={ChooseLanguage: _chosen},
    )

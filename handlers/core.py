"""/start, /help, /lang, /me and /cancel: what every user can do in a private chat.

/help, /lang and /cancel are answered in the group too: they show nothing of a unit (the
language is the person's own; /cancel there pauses nothing and points to the private chat).
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update

from bot.context import BotContext
from bot.domain.bloc import Bloc
from bot.i18n import Texts
from bot.menus import Scope, help_part
from bot.registry import Command, Feature, Where
from bot.usecases import blocs, flows, users
from handlers import live_screens
from handlers.flow_pause import way_on
from handlers.reply import reply, send_html, show, texts_for, texts_for_user
from storage.flows import FlowState
from views.fit import fit_lines
from views.keyboards import keyboard, open_private
from views.lang import ChooseLanguage, render_choice


async def start(update: Update, context: BotContext) -> None:
    """Welcome the user, or remind them of the flow they left half-way."""
    user = update.effective_user
    assert user is not None
    active = await flows.under_way(context.services, user.id)
    if active is not None:
        await _resume(update, context, "core.welcome_back", active, name=user.full_name)
        return
    await reply(update, context, "core.welcome", name=user.full_name)


async def help_command(update: Update, context: BotContext) -> None:
    """List what the caller can do here, from the same table as the menus: what everyone can
    do, then what the caller's role adds (a bloc admin's in the group, a delegate's in private;
    someone who acts for no unit is first told, as by /me, how to become a delegate). In a
    group that is not a bloc yet (where every command of the list would refuse), what the bot
    is and how a group administrator starts with /setup."""
    services, tx = context.services, await texts_for(update, context)
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    if chat.type == chat.PRIVATE:
        text = _private_help(tx, await users.standing(services, user.id))
    elif not await blocs.is_bloc(services, chat.id):
        text = tx("core.help_unregistered")
    else:
        admin = await blocs.is_admin_here(services, context.actor)
        role = (Scope.ADMIN, tx("core.help_admin_header")) if admin else None
        text = _help_text(tx, Scope.GROUP, role, footer=tx("core.help_footer_group"))
    await send_html(update, context, text)


def _private_help(tx: Texts, found: users.Standing) -> str:
    """A delegate's commands for a delegate; for someone who acts for no unit, how to become
    one first; for a bloc admin, the footer points to the admin commands in the group."""
    first = _not_a_delegate(tx, found)
    role: tuple[Scope, str] | None = None
    if found.units:
        codes = ", ".join(dict.fromkeys(m.unit.code for m in found.units))
        first = _pending(tx, found)
        role = (Scope.DELEGATE, tx("core.help_delegate_header", codes=codes))
    footer = "core.help_footer_admin" if found.administered else "core.help_footer_private"
    return _help_text(tx, Scope.PRIVATE, role, first=first, footer=tx(footer))


def _help_text(
    tx: Texts,
    place: Scope,
    role: tuple[Scope, str] | None,
    *,
    footer: str,
    first: Sequence[str] = (),
) -> str:
    """The one /help: `first` (what to say before all), what everyone can do in `place`, the
    part the caller's `role` adds there under its header, then the footer."""
    lines = ["\n\n".join(first), ""] if first else []
    lines += [tx(f"core.help_{place}_header"), *_lines(tx, help_part(place, tx.catalog, tx.lang))]
    added = help_part(role[0], tx.catalog, tx.lang) if role is not None else []
    if role is not None and added:
        lines += ["", role[1], *_lines(tx, added)]
    return "\n".join([*lines, "", footer])


def _lines(tx: Texts, pairs: list[tuple[str, str]]) -> list[str]:
    return [tx("core.help_line", command=name, description=text) for name, text in pairs]


def _pending(tx: Texts, found: users.Standing) -> list[str]:
    return [tx("core.me_pending", codes=", ".join(found.pending))] if found.pending else []


def _not_a_delegate(tx: Texts, found: users.Standing) -> list[str]:
    """What /me and /help tell someone who acts for no unit: how to become a delegate (a bloc
    admin: by inviting themselves), and the /join requests still waiting."""
    if found.administered:
        none = tx("rights.not_a_delegate_admin", blocs=_names(found.administered))
    else:
        none = tx("core.me_none")
    return [none, *_pending(tx, found)]


def _names(found: list[Bloc]) -> str:
    return ", ".join(bloc.name for bloc in found)


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
    found = await users.standing(context.services, user.id)
    if not found.units:
        said = [*_not_a_delegate(tx, found), tx("core.me_language")]
        await send_html(update, context, "\n\n".join(said))
        return
    lines = [tx("core.me_header")]
    lines += [
        tx("core.me_line", code=m.unit.code, unit=m.unit.name, bloc=m.bloc.name)
        for m in found.units
    ]
    lines += _pending(tx, found)
    if found.administered:
        lines += ["", tx("core.me_admin", blocs=_names(found.administered))]
    await send_html(update, context, fit_lines(tx, [*lines, "", tx("core.me_language")]))


async def cancel(update: Update, context: BotContext) -> None:
    """Leave the current flow; its draft stays for next time. A ballot on screen is closed
    (`live_screens`: its buttons would still cast). With neither, say that a confirmation
    waiting for ✅ is cancelled with its own ✖️ (/cancel leaves it as it is).

    In a group, nothing is paused or closed and nothing is named: every flow and ballot is
    private, and the group must not learn that someone has one (QA qa9 #1). The answer says
    that /cancel pauses work in the private chat, and how a confirmation here is cancelled."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    if chat.type != chat.PRIVATE:
        tx = await texts_for(update, context)
        button = open_private(tx, context.bot.username)
        await send_html(update, context, tx("core.cancel_in_group"), keyboard=keyboard([[button]]))
        return
    left = await flows.cancel(context.services, user.id)
    mine = await texts_for_user(context, user.id, user.language_code)
    closed = await live_screens.close_all(context, user.id, mine)
    tx = await texts_for(update, context)
    said = [tx(key) for key in closed]
    markup = None
    if left is not None:
        way = await way_on(context, tx, "core.cancel_done", left)
        said.insert(0, way.text)
        markup = way.keyboard
    await send_html(update, context, "\n".join(said) or tx("core.cancel_nothing"), keyboard=markup)


async def _resume(
    update: Update, context: BotContext, key: str, state: FlowState, **params: str
) -> None:
    tx = await texts_for(update, context)
    way = await way_on(context, tx, key, state, **params)
    await send_html(update, context, way.text, keyboard=way.keyboard)


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

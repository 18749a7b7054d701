"""/units (anyone): the units with their delegates, head and deputy, a page at a time.

/unit CODE (admin): one unit's card, with buttons to remove a delegate or the unit itself;
each goes through one ✅ confirmation, and every press re-checks rights and state.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import callback_data
from bot.callback_data import CallbackData
from bot.constants import DELEGATES_MAX_CHARS, LIST_PAGE_MAX_CHARS, UNITS_PER_PAGE
from bot.context import BotContext
from bot.domain.bloc import Bloc, UserProfile
from bot.errors import BadInput, Conflict, NotFound
from bot.i18n import Texts
from bot.rights import require_bloc, require_bloc_admin
from bot.usecases import delegates, units
from bot.usecases.units import UnitEntry
from handlers.chat_filters import GROUP
from handlers.keyboards import Btn, confirm_keyboard, keyboard, pager_row, paginate_sized
from handlers.presses import pressed_data
from handlers.reply import (
    answer_button,
    edit_html,
    reply,
    send_elsewhere,
    send_html,
    texts_for,
    texts_for_user,
)

KIND = "units"


async def list_units(update: Update, context: BotContext) -> None:
    """List the bloc's units, their delegates, head and deputy."""
    chat = update.effective_chat
    assert chat is not None
    bloc = await require_bloc(context.services, chat.id)
    entries = await units.listing(context.services, bloc)
    if not entries:
        await reply(update, context, "units.list_empty")
        return
    text, markup = render_page(await texts_for(update, context), bloc, entries, 0)
    await send_html(update, context, text, keyboard=markup)


def render_page(
    tx: Texts, bloc: Bloc, entries: list[UnitEntry], number: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of `/units`: at most UNITS_PER_PAGE units and LIST_PAGE_MAX_CHARS characters."""
    if not entries:
        return tx("units.list_empty"), None
    blocks = [unit_lines(tx, entry) for entry in entries]
    sizes = [sum(len(line) + 1 for line in block) for block in blocks]
    page = paginate_sized(blocks, number, sizes, LIST_PAGE_MAX_CHARS, UNITS_PER_PAGE)
    lines = [tx("units.list_header", bloc=bloc.name, count=len(entries))]
    for block in page.items:
        lines += block
    pager = pager_row(page, KIND, "page")  # type: ignore[arg-type]
    return "\n".join(lines), keyboard([pager]) if pager else None


def unit_lines(tx: Texts, entry: UnitEntry) -> list[str]:
    role = tx(f"units.role_{entry.role}") if entry.role else ""
    first = tx("units.list_unit", code=entry.unit.code, name=entry.unit.name, role=role)
    if not entry.delegates:
        return [first, tx("units.list_no_delegates")]
    names: list[str] = []
    size = 0
    for person in entry.delegates:
        size += len(person.display_name) + 2
        if names and size > DELEGATES_MAX_CHARS:
            more = tx("units.list_more_delegates", count=len(entry.delegates) - len(names))
            return [first, tx("units.list_delegates", names=", ".join(names)) + more]
        names.append(person.display_name)
    return [first, tx("units.list_delegates", names=", ".join(names))]


async def unit_card(update: Update, context: BotContext) -> None:
    """Show one unit to an admin, with its remove buttons."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    bloc = await require_bloc_admin(context.services, context.bot, chat.id, user.id)
    if len(context.args or []) != 1:
        raise BadInput("units.unit_usage")
    unit = await units.unit_by_code(context.services, bloc, (context.args or [""])[0])
    entry = await units.entry(context.services, bloc, unit)
    text, markup = render_card(await texts_for(update, context), entry)
    await send_html(update, context, text, keyboard=markup)


def render_card(tx: Texts, entry: UnitEntry) -> tuple[str, InlineKeyboardMarkup]:
    unit_id = entry.unit.id
    rows = [
        [
            Btn(
                html.unescape(tx("units.btn_kick", name=p.display_name)),
                (KIND, "kick", unit_id, p.id),
            )
        ]
        for p in entry.delegates
    ]
    rows.append([Btn(tx("units.btn_remove"), (KIND, "rm", unit_id))])
    return "\n".join(unit_lines(tx, entry)), keyboard(rows)


# --- buttons --------------------------------------------------------------------------------

Action = Callable[[Update, BotContext, CallbackData, Bloc, Texts], Awaitable[None]]


async def pressed(update: Update, context: BotContext) -> None:
    """Re-check who pressed and what the button names, then do it."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    data = pressed_data(update)
    action = _ACTIONS.get(data.action)
    if action is None:
        raise NotFound("core.stale_button")
    if data.action == "page":
        bloc = await require_bloc(context.services, chat.id, context.bot)
    else:
        bloc = await require_bloc_admin(context.services, context.bot, chat.id, user.id)
    await action(update, context, data, bloc, await texts_for(update, context))


async def _page(
    update: Update, context: BotContext, data: CallbackData, bloc: Bloc, tx: Texts
) -> None:
    entries = await units.listing(context.services, bloc)
    text, markup = render_page(tx, bloc, entries, data.int_arg(0) or 0)
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


async def _card(
    update: Update, context: BotContext, data: CallbackData, bloc: Bloc, tx: Texts
) -> None:
    entry = await _entry(context, bloc, data)
    await answer_button(update)
    text, markup = render_card(tx, entry)
    await edit_html(update, text, keyboard=markup)


async def _kick(
    update: Update, context: BotContext, data: CallbackData, bloc: Bloc, tx: Texts
) -> None:
    entry = await _entry(context, bloc, data)
    person = _delegate(entry, data.int_arg(1))
    code, unit_id = entry.unit.code, entry.unit.id
    markup = confirm_keyboard(
        tx("units.btn_kick_ok"),
        (KIND, "kickok", unit_id, person.id),
        tx("units.btn_back"),
        (KIND, "card", unit_id),
    )
    await answer_button(update)
    await edit_html(
        update, tx("units.confirm_kick", name=person.display_name, code=code), keyboard=markup
    )


async def _kick_ok(
    update: Update, context: BotContext, data: CallbackData, bloc: Bloc, tx: Texts
) -> None:
    entry = await _entry(context, bloc, data)
    person = await delegates.remove_delegate(context.services, entry.unit, data.int_arg(1))
    await answer_button(update)
    await edit_html(update, tx("units.kicked", name=person.display_name, code=entry.unit.code))
    private = await texts_for_user(context, person.id, person.telegram_language)
    await send_elsewhere(
        context, person.id, private("units.kicked_private", code=entry.unit.code, bloc=bloc.name)
    )


async def _remove(
    update: Update, context: BotContext, data: CallbackData, bloc: Bloc, tx: Texts
) -> None:
    entry = await _entry(context, bloc, data)
    unit = entry.unit
    markup = confirm_keyboard(
        tx("units.btn_remove_ok"),
        (KIND, "rmok", unit.id),
        tx("units.btn_back"),
        (KIND, "card", unit.id),
    )
    text = tx("units.confirm_remove", code=unit.code, name=unit.name, count=len(entry.delegates))
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


async def _remove_ok(
    update: Update, context: BotContext, data: CallbackData, bloc: Bloc, tx: Texts
) -> None:
    unit = await units.unit_of_bloc(context.services, bloc, data.int_arg(0))
    await units.remove_unit(context.services, bloc, unit)
    await answer_button(update)
    await edit_html(update, tx("units.removed", code=unit.code, name=unit.name))


async def _entry(context: BotContext, bloc: Bloc, data: CallbackData) -> UnitEntry:
    unit = await units.unit_of_bloc(context.services, bloc, data.int_arg(0))
    return await units.entry(context.services, bloc, unit)


def _delegate(entry: UnitEntry, user_id: int | None) -> UserProfile:
    for person in entry.delegates:
        if person.id == user_id:
            return person
    raise Conflict("units.not_a_delegate", code=entry.unit.code)


_ACTIONS: dict[str, Action] = {
    "page": _page,
    "card": _card,
    "kick": _kick,
    "kickok": _kick_ok,
    "rm": _remove,
    "rmok": _remove_ok,
}


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("units", list_units, filters=GROUP))
    app.add_handler(CommandHandler("unit", unit_card, filters=GROUP))
    app.add_handler(CallbackQueryHandler(pressed, pattern=callback_data.pattern(KIND)))

"""/units (anyone): the units with their delegates, head and deputy, a page at a time.

/unit CODE (admin): one unit's card, with buttons to remove a delegate or the unit itself;
each goes through one ✅ confirmation, and every press re-checks rights and state.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update

from bot.callback_data import button
from bot.constants import DELEGATES_MAX_CHARS, LIST_PAGE_MAX_CHARS, UNITS_PER_PAGE
from bot.context import BotContext
from bot.domain.bloc import Bloc, UserProfile
from bot.errors import BadInput, Conflict
from bot.i18n import Texts
from bot.registry import Command, Feature
from bot.usecases import blocs, delegates, units
from bot.usecases.units import UnitEntry
from handlers.keyboards import Btn, confirm_keyboard, keyboard, pager_row, paginate_sized
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


@button(KIND, "page")
class UnitsPage:
    page: int = 0


@button(KIND, "card")
class UnitCard:
    unit_id: int


@button(KIND, "kick")
class AskKick:
    """➖ a delegate on a unit's card: asks first."""

    unit_id: int
    user_id: int


@button(KIND, "kickok")
class Kick:
    unit_id: int
    user_id: int


@button(KIND, "rm")
class AskRemoveUnit:
    unit_id: int


@button(KIND, "rmok")
class RemoveUnit:
    unit_id: int


async def list_units(update: Update, context: BotContext) -> None:
    """List the bloc's units, their delegates, head and deputy."""
    bloc, entries = await units.listing_here(context.services, context.actor)
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
    pager = pager_row(page, UnitsPage)
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
    if len(context.args or []) != 1:
        await blocs.admin_here(context.services, context.actor)  # usage is for admins only
        raise BadInput("units.unit_usage")
    entry = await units.card(context.services, context.actor, (context.args or [""])[0])
    text, markup = render_card(await texts_for(update, context), entry)
    await send_html(update, context, text, keyboard=markup)


def render_card(tx: Texts, entry: UnitEntry) -> tuple[str, InlineKeyboardMarkup]:
    unit_id = entry.unit.id
    rows = [
        [
            Btn(
                html.unescape(tx("units.btn_kick", name=p.display_name)),
                AskKick(unit_id, p.id),
            )
        ]
        for p in entry.delegates
    ]
    rows.append([Btn(tx("units.btn_remove"), AskRemoveUnit(unit_id))])
    return "\n".join(unit_lines(tx, entry)), keyboard(rows)


# --- buttons --------------------------------------------------------------------------------


async def _edit(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


async def _page(update: Update, context: BotContext, pressed: UnitsPage) -> None:
    bloc, entries = await units.listing_here(context.services, context.actor)
    tx = await texts_for(update, context)
    await _edit(update, *render_page(tx, bloc, entries, pressed.page))


async def _card(update: Update, context: BotContext, pressed: UnitCard) -> None:
    entry = await units.card_of(context.services, context.actor, pressed.unit_id)
    await _edit(update, *render_card(await texts_for(update, context), entry))


async def _kick(update: Update, context: BotContext, pressed: AskKick) -> None:
    entry = await units.card_of(context.services, context.actor, pressed.unit_id)
    person = _delegate(entry, pressed.user_id)
    code, unit_id = entry.unit.code, entry.unit.id
    tx = await texts_for(update, context)
    markup = confirm_keyboard(
        tx("units.btn_kick_ok"),
        Kick(unit_id, person.id),
        tx("units.btn_back"),
        UnitCard(unit_id),
    )
    await _edit(update, tx("units.confirm_kick", name=person.display_name, code=code), markup)


async def _kick_ok(update: Update, context: BotContext, pressed: Kick) -> None:
    services, actor = context.services, context.actor
    unit, person = await delegates.kick(services, actor, pressed.unit_id, pressed.user_id)
    tx = await texts_for(update, context)
    await _edit(update, tx("units.kicked", name=person.display_name, code=unit.code))
    bloc = await blocs.admin_here(services, actor)
    private = await texts_for_user(context, person.id, person.telegram_language)
    await send_elsewhere(
        context, person.id, private("units.kicked_private", code=unit.code, bloc=bloc.name)
    )


async def _remove(update: Update, context: BotContext, pressed: AskRemoveUnit) -> None:
    entry = await units.card_of(context.services, context.actor, pressed.unit_id)
    unit = entry.unit
    tx = await texts_for(update, context)
    markup = confirm_keyboard(
        tx("units.btn_remove_ok"),
        RemoveUnit(unit.id),
        tx("units.btn_back"),
        UnitCard(unit.id),
    )
    text = tx("units.confirm_remove", code=unit.code, name=unit.name, count=len(entry.delegates))
    await _edit(update, text, markup)


async def _remove_ok(update: Update, context: BotContext, pressed: RemoveUnit) -> None:
    unit = await units.remove_unit(context.services, context.actor, pressed.unit_id)
    tx = await texts_for(update, context)
    await _edit(update, tx("units.removed", code=unit.code, name=unit.name))


def _delegate(entry: UnitEntry, user_id: int) -> UserProfile:
    for person in entry.delegates:
        if person.id == user_id:
            return person
    raise Conflict("units.not_a_delegate", code=entry.unit.code)


def feature() -> Feature:
    return Feature(
        "units",
        commands=[Command("units", list_units), Command("unit", unit_card)],
        buttons={
            UnitsPage: _page,
            UnitCard: _card,
            AskKick: _kick,
            Kick: _kick_ok,
            AskRemoveUnit: _remove,
            RemoveUnit: _remove_ok,
        },
    )

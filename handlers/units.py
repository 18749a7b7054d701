"""/units (anyone): the units with their delegates, head and deputy, a page at a time.

/unit CODE (admin): one unit's card, with buttons to remove a delegate or the unit itself;
each goes through one ✅ confirmation, and every press re-checks rights and state.
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.domain.bloc import Unit, UserProfile
from bot.errors import BadInput, Conflict
from bot.registry import Command, Feature
from bot.usecases import blocs, delegates, units
from bot.usecases.notices import queue_after, together
from bot.usecases.units import UnitEntry
from handlers.reply import (
    reply,
    send_html,
    settled,
    show,
    show_stored,
    texts_for,
    texts_for_user,
)
from storage.outbox import Outgoing
from views.keyboards import confirm_keyboard
from views.units import (
    AskKick,
    AskRemoveUnit,
    Kick,
    RemoveUnit,
    UnitCard,
    UnitsPage,
    render_card,
    render_page,
)


async def list_units(update: Update, context: BotContext) -> None:
    """List the bloc's units, their delegates, head and deputy (`/units 2`: the second page)."""
    bloc, entries = await units.listing_here(context.services, context.actor)
    if not entries:
        await reply(update, context, "units.list_empty")
        return
    page = _page_number(context.args or [])
    text, markup = render_page(await texts_for(update, context), bloc, entries, page)
    await send_html(update, context, text, keyboard=markup)


def _page_number(args: list[str]) -> int:
    """The page a person names, counted from 1 as they count (0-based here; past the end is
    the last page, anything but a number the first)."""
    typed = args[0] if len(args) == 1 else ""
    return int(typed) - 1 if typed.isascii() and typed.isdigit() and len(typed) <= 4 else 0


async def unit_card(update: Update, context: BotContext) -> None:
    """Show one unit to an admin, with its remove buttons."""
    if len(context.args or []) != 1:
        await blocs.admin_here(context.services, context.actor)  # usage is for admins only
        raise BadInput("units.unit_usage")
    entry = await units.card(context.services, context.actor, (context.args or [""])[0])
    text, markup = render_card(await texts_for(update, context), entry)
    await send_html(update, context, text, keyboard=markup)


# --- buttons --------------------------------------------------------------------------------


async def _page(update: Update, context: BotContext, pressed: UnitsPage) -> None:
    bloc, entries = await units.listing_here(context.services, context.actor)
    tx = await texts_for(update, context)
    await show(update, *render_page(tx, bloc, entries, pressed.page))


async def _card(update: Update, context: BotContext, pressed: UnitCard) -> None:
    entry = await units.card_of(context.services, context.actor, pressed.unit_id)
    await show(update, *render_card(await texts_for(update, context), entry))


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
    await show(update, tx("units.confirm_kick", name=person.display_name, code=code), markup)


async def _kick_ok(update: Update, context: BotContext, pressed: Kick) -> None:
    services, actor = context.services, context.actor

    async def kick_and_tell() -> tuple[Unit, UserProfile]:
        async with together(services):  # the removal and the person's note, both or none
            unit, person = await delegates.kick(services, actor, pressed.unit_id, pressed.user_id)
            bloc = await blocs.admin_here(services, actor)
            private = await texts_for_user(context, person.id, person.telegram_language)
            note = private("units.kicked_private", code=unit.code, bloc=bloc.name)
            key = f"kicked:{unit.id}:{person.id}:{update.update_id}"
            await queue_after(services, Outgoing(key, person.id, note))
        return unit, person

    done = await settled(update, context, kick_and_tell())
    if done is None:
        return
    unit, person = done
    tx = await texts_for(update, context)
    await show_stored(update, context, tx("units.kicked", name=person.display_name, code=unit.code))


async def _remove(update: Update, context: BotContext, pressed: AskRemoveUnit) -> None:
    entry = await units.ask_remove(context.services, context.actor, pressed.unit_id)
    unit = entry.unit
    tx = await texts_for(update, context)
    markup = confirm_keyboard(
        tx("units.btn_remove_ok"),
        RemoveUnit(unit.id),
        tx("units.btn_back"),
        UnitCard(unit.id),
    )
    count = len(entry.delegates)
    if count:
        text = tx.plural("units.confirm_remove", count, code=unit.code, name=unit.name, count=count)
    else:
        text = tx("units.confirm_remove_no_delegate", code=unit.code, name=unit.name)
    await show(update, text, markup)


async def _remove_ok(update: Update, context: BotContext, pressed: RemoveUnit) -> None:
    unit = await settled(
        update, context, units.remove_unit(context.services, context.actor, pressed.unit_id)
    )
    if unit is None:
        return
    tx = await texts_for(update, context)
    await show_stored(update, context, tx("units.removed", code=unit.code, name=unit.name))


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

"""/leave (private): a delegate stops acting for a unit, after one ✅ confirmation.

The unit's data stays with the unit; the group gets one short line.
"""

from __future__ import annotations

from telegram import Update

from bot.callback_data import Where
from bot.context import BotContext
from bot.registry import Command, Feature
from bot.usecases import delegates, users
from bot.usecases.notices import queue_after, together
from handlers.reply import send_html, show, show_stored, texts_for
from handlers.unit_picker import choose_unit
from storage.outbox import Outgoing
from views.leave import AskLeave, Leave, Stay, confirmation


async def leave(update: Update, context: BotContext) -> None:
    """Ask which unit (when several), then confirm."""
    unit_id = await choose_unit(update, context, AskLeave)
    if unit_id is None:
        return
    membership = await users.membership_of(context.services, context.actor, unit_id)
    text, markup = confirmation(await texts_for(update, context), membership)
    await send_html(update, context, text, keyboard=markup)


async def _ask(update: Update, context: BotContext, pressed: AskLeave) -> None:
    membership = await users.membership_of(context.services, context.actor, pressed.unit_id)
    text, markup = confirmation(await texts_for(update, context), membership)
    await show(update, text, markup)


async def _stay(update: Update, context: BotContext, pressed: Stay) -> None:
    membership = await users.membership_of(context.services, context.actor, pressed.unit_id)
    tx = await texts_for(update, context)
    await show(update, tx("join.stayed", code=membership.unit.code))


async def _leave(update: Update, context: BotContext, pressed: Leave) -> None:
    actor = context.actor
    async with together(context.services):  # leaving and the group's line, both or none
        membership = await delegates.leave(context.services, actor, pressed.unit_id)
        unit, bloc = membership.unit, membership.bloc
        group_tx = context.services.catalog.for_lang(bloc.language)
        line = group_tx("join.left_group", name=actor.full_name, code=unit.code)
        key = f"left:{unit.id}:{actor.user_id}:{update.update_id}"  # the group line, once
        await queue_after(context.services, Outgoing(key, bloc.chat_id, line))
    tx = await texts_for(update, context)
    await show_stored(update, context, tx("join.left", code=unit.code))


def feature() -> Feature:
    return Feature(
        "leave",
        commands=[Command("leave", leave, Where.PRIVATE)],
        buttons={AskLeave: _ask, Leave: _leave, Stay: _stay},
    )

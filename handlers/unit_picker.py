"""Which unit a private command acts for: the only one, or a button per unit to pick from.

A delegate of several units (several blocs) picks once per flow: each button shows the unit's
code and name, and the message lists each unit with its bloc (a bloc's name, cut off on every
button, told them apart by nothing). The feature stores the unit id
in its flow draft. A press is re-checked by the feature's use case: the user must still be a
delegate of that unit.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import Update

from bot.callback_data import Button
from bot.context import BotContext
from bot.domain.bloc import Membership
from bot.usecases.users import acting_for
from handlers.reply import send_html, texts_for
from views.keyboards import Btn, grid, keyboard

BUTTON_TEXT_MAX = 60


async def choose_unit(
    update: Update, context: BotContext, pick: Callable[[int], Button]
) -> int | None:
    """The id of the user's only unit, or None after sending a `pick(unit id)` button each."""
    found = await acting_for(context.services, context.actor)
    if len(found) == 1:
        return found[0].unit.id
    tx = await texts_for(update, context)
    lines = [tx("core.pick_unit")]
    lines += [
        tx("core.me_line", code=m.unit.code, unit=m.unit.name, bloc=m.bloc.name) for m in found
    ]
    buttons = [Btn(_label(m), pick(m.unit.id)) for m in found]
    await send_html(update, context, "\n".join(lines), keyboard=keyboard(grid(buttons, 1)))
    return None


def _label(m: Membership) -> str:
    text = f"{m.unit.code} — {m.unit.name}"
    return text if len(text) <= BUTTON_TEXT_MAX else text[: BUTTON_TEXT_MAX - 1] + "…"

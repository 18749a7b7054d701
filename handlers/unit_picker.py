"""Which unit a private command acts for: the only one, or a button per unit to pick from.

A delegate of several units (several blocs) picks once per flow; the feature stores the unit id
in its flow draft. A press is re-checked: the user must still be a delegate of that unit.
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.domain.bloc import Membership
from bot.errors import NotAllowed
from bot.rights import delegate_memberships
from handlers.keyboards import Btn, grid, keyboard
from handlers.reply import reply

BUTTON_TEXT_MAX = 60


async def choose_membership(update: Update, context: BotContext, kind: str) -> Membership | None:
    """The user's only unit, or None after sending `v1:<kind>:unit:<unit id>` buttons."""
    user = update.effective_user
    assert user is not None
    found = await delegate_memberships(context.services, user.id)
    if len(found) == 1:
        return found[0]
    buttons = [Btn(_label(m), (kind, "unit", m.unit.id)) for m in found]
    await reply(update, context, "core.pick_unit", keyboard=keyboard(grid(buttons, 1)))
    return None


async def picked_membership(context: BotContext, user_id: int, unit_id: int | None) -> Membership:
    """The membership a unit button names, if the user still acts for that unit."""
    for membership in await delegate_memberships(context.services, user_id):
        if membership.unit.id == unit_id:
            return membership
    raise NotAllowed("rights.delegate_only")


def _label(m: Membership) -> str:
    text = f"{m.unit.code} — {m.bloc.name}"
    return text if len(text) <= BUTTON_TEXT_MAX else text[: BUTTON_TEXT_MAX - 1] + "…"

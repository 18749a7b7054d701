"""/invite CODE (admin) and `/start <token>`: one-time links that make a unit's delegate.

The link goes to the admin in private (never into the group, where anyone could open it),
with a ✖️ button that revokes it. Whoever opens it first becomes a delegate of the unit and the
group gets one short line. The token itself is never logged.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.callback_data import Where, button
from bot.context import BotContext
from bot.errors import BadInput
from bot.registry import Command, Feature, Raw
from bot.usecases import blocs, invites
from bot.usecases.notices import queue_after, together
from handlers.chat_filters import PRIVATE
from handlers.reply import (
    Delivery,
    deliver,
    reply,
    show,
    texts_for,
    texts_for_user,
)
from storage.outbox import Outgoing
from views.keyboards import CANCEL, Btn, keyboard, open_private

KIND = "invite"


@button(KIND, "revoke", Where.PRIVATE)
class RevokeInvite:
    invite_id: int


async def invite(update: Update, context: BotContext) -> None:
    """Make a one-time link for the unit and send it to the admin in private."""
    services, actor = context.services, context.actor
    if len(context.args or []) != 1:
        await blocs.admin_here(services, actor)  # usage is for admins only
        raise BadInput("invite.usage")
    made = await invites.create_invite(services, actor, (context.args or [""])[0])
    tx = await texts_for_user(context, actor.user_id, actor.language_code)
    text = tx(
        "invite.link",
        code=made.unit.code,
        name=made.unit.name,
        link=f"https://t.me/{context.bot.username}?start={made.token}",
        expires=tx.date(made.invite.expires_at, made.bloc.timezone),
    )
    revoke = Btn(CANCEL + tx("invite.btn_revoke"), RevokeInvite(made.invite.id))
    outcome, _ = await deliver(context, actor.user_id, text, keyboard=keyboard([[revoke]]))
    if outcome is Delivery.UNREACHABLE:
        await invites.revoke_unsent(services, actor, made)  # it certainly reached nobody
        await _open_private_first(update, context, made.unit.code)
        return
    # Telegram failing (5xx, a time-out) may still deliver the link, late: it stays valid (the
    # ✖️ under it revokes it), and the admin hears what happened instead of "press Start".
    key = "sendfail.invite_unconfirmed" if outcome is Delivery.UNCONFIRMED else "invite.sent"
    await reply(update, context, key, admin=actor.full_name, code=made.unit.code)


async def _open_private_first(update: Update, context: BotContext, code: str) -> None:
    """The admin never started the bot (403): a button to open the private chat."""
    tx = await texts_for(update, context)
    button = open_private(tx, context.bot.username)
    await reply(
        update,
        context,
        "invite.open_private_first",
        admin=context.actor.full_name,
        code=code,
        keyboard=keyboard([[button]]),
    )


async def _revoke(update: Update, context: BotContext, pressed: RevokeInvite) -> None:
    """Revoke the link, if the presser is still an admin of its bloc and nobody used it."""
    unit = await invites.revoke(context.services, context.actor, pressed.invite_id)
    await show(update, (await texts_for(update, context))("invite.revoked", code=unit.code))


async def start_with_token(update: Update, context: BotContext) -> None:
    """Bind the user to the unit of the invite, or say why the link does not work."""
    actor = context.actor
    async with together(context.services):  # the delegate and the group's line, both or none
        joined = await invites.redeem(context.services, actor, (context.args or [""])[0])
        unit, bloc = joined.membership.unit, joined.membership.bloc
        group_tx = context.services.catalog.for_lang(bloc.language)
        notice = group_tx("invite.joined_group", name=actor.full_name, code=unit.code)
        key = f"joined:{unit.id}:{actor.user_id}:{update.update_id}"  # the group line, once
        await queue_after(context.services, Outgoing(key, bloc.chat_id, notice))
        settled = joined.settled
        if settled is not None and settled.message_id is not None:  # its ✅/✖️ go away
            text = group_tx("join.joined_by_link", name=actor.full_name, code=unit.code)
            edit = Outgoing(f"join-settled:{settled.id}", bloc.chat_id, text, settled.message_id)
            await queue_after(context.services, edit)
    await reply(update, context, "invite.joined", code=unit.code, name=unit.name, bloc=bloc.name)


def feature() -> Feature:
    """`/start <token>` is a raw handler: installed before core's plain /start command."""
    deep_link = CommandHandler("start", start_with_token, filters=PRIVATE, has_args=True)
    return Feature(
        "invites",
        commands=[Command("invite", invite)],
        buttons={RevokeInvite: _revoke},
        handlers=[Raw(deep_link)],
    )

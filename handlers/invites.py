"""/invite CODE (admin) and `/start <token>`: one-time links that make a unit's delegate.

The link goes to the admin in private (never into the group, where anyone could open it),
with a ✖️ button that revokes it. Whoever opens it first becomes a delegate of the unit and the
group gets one short line. The token itself is never logged.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import callback_data
from bot.context import BotContext
from bot.domain.calendar import format_local
from bot.errors import BadInput, NotFound
from bot.rights import require_admin, require_bloc_admin
from bot.usecases import invites
from handlers.chat_filters import GROUP, PRIVATE
from handlers.keyboards import CANCEL, Btn, keyboard
from handlers.presses import pressed_data
from handlers.reply import (
    answer_button,
    edit_html,
    reply,
    send_elsewhere,
    texts_for,
    texts_for_user,
)

KIND = "invite"


async def invite(update: Update, context: BotContext) -> None:
    """Make a one-time link for the unit and send it to the admin in private."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    services = context.services
    bloc = await require_bloc_admin(services, context.bot, chat.id, user.id)
    if len(context.args or []) != 1:
        raise BadInput("invite.usage")
    made = await invites.create_invite(services, bloc, (context.args or [""])[0], by=user.id)
    tx = await texts_for_user(context, user.id, user.language_code)
    text = tx(
        "invite.link",
        code=made.unit.code,
        name=made.unit.name,
        link=f"https://t.me/{context.bot.username}?start={made.token}",
        expires=format_local(made.invite.expires_at, ZoneInfo(bloc.timezone)),
    )
    revoke = Btn(CANCEL + tx("invite.btn_revoke"), (KIND, "revoke", made.invite.id))
    if await send_elsewhere(context, user.id, text, keyboard=keyboard([[revoke]])) is None:
        await invites.revoke_invite(services, made.invite)  # it reached nobody
        await _open_private_first(update, context, made.unit.code)
        return
    await reply(update, context, "invite.sent", admin=user.full_name, code=made.unit.code)


async def _open_private_first(update: Update, context: BotContext, code: str) -> None:
    """The admin never started the bot (403): a button to open the private chat."""
    user = update.effective_user
    assert user is not None
    tx = await texts_for(update, context)
    button = Btn(tx("core.open_private"), url=f"https://t.me/{context.bot.username}")
    await reply(
        update,
        context,
        "invite.open_private_first",
        admin=user.full_name,
        code=code,
        keyboard=keyboard([[button]]),
    )


async def revoke(update: Update, context: BotContext) -> None:
    """Revoke the link, if the presser is still an admin of its bloc and nobody used it."""
    user = update.effective_user
    assert user is not None
    data = pressed_data(update)
    if data.action != "revoke":
        raise NotFound("core.stale_button")
    services = context.services
    found, unit, bloc = await invites.invite_with_bloc(services, data.int_arg(0))
    await require_admin(services, context.bot, bloc, user.id)
    await invites.revoke_invite(services, found)
    await answer_button(update)
    await edit_html(update, (await texts_for(update, context))("invite.revoked", code=unit.code))


async def start_with_token(update: Update, context: BotContext) -> None:
    """Bind the user to the unit of the invite, or say why the link does not work."""
    user = update.effective_user
    assert user is not None
    joined = await invites.redeem(context.services, (context.args or [""])[0], user.id)
    unit, bloc = joined.unit, joined.bloc
    await reply(update, context, "invite.joined", code=unit.code, name=unit.name, bloc=bloc.name)
    group_tx = context.services.catalog.for_lang(bloc.language)
    notice = group_tx("invite.joined_group", name=user.full_name, code=unit.code)
    await send_elsewhere(context, bloc.chat_id, notice)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Registered before core: `/start <token>` is taken here, a bare /start goes on to core."""
    app.add_handler(CommandHandler("start", start_with_token, filters=PRIVATE, has_args=True))
    app.add_handler(CommandHandler("invite", invite, filters=GROUP))
    app.add_handler(CallbackQueryHandler(revoke, pattern=callback_data.pattern(KIND)))

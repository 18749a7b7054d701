"""/leave (private): a delegate stops acting for a unit, after one ✅ confirmation.

The unit's data stays with the unit; the group gets one short line.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import callback_data
from bot.context import BotContext
from bot.domain.bloc import Membership
from bot.errors import NotFound
from bot.i18n import Texts
from bot.usecases import delegates
from handlers.chat_filters import PRIVATE
from handlers.keyboards import confirm_keyboard
from handlers.presses import pressed_data
from handlers.reply import answer_button, edit_html, send_elsewhere, send_html, texts_for
from handlers.unit_picker import choose_membership, picked_membership

KIND = "leave"


async def leave(update: Update, context: BotContext) -> None:
    """Ask which unit (when several), then confirm."""
    membership = await choose_membership(update, context, KIND)
    if membership is None:
        return
    text, markup = _confirmation(await texts_for(update, context), membership)
    await send_html(update, context, text, keyboard=markup)


def _confirmation(tx: Texts, m: Membership) -> tuple[str, InlineKeyboardMarkup]:
    text = tx("join.leave_confirm", code=m.unit.code, unit=m.unit.name, bloc=m.bloc.name)
    markup = confirm_keyboard(
        tx("join.btn_leave"), (KIND, "ok", m.unit.id), tx("join.btn_stay"), (KIND, "no", m.unit.id)
    )
    return text, markup


async def pressed(update: Update, context: BotContext) -> None:
    """unit: the unit picked; ok: leave it; no: keep everything as it is."""
    user = update.effective_user
    assert user is not None
    data = pressed_data(update)
    if data.action not in ("unit", "ok", "no"):
        raise NotFound("core.stale_button")
    membership = await picked_membership(context, user.id, data.int_arg(0))
    unit, bloc = membership.unit, membership.bloc
    tx = await texts_for(update, context)
    if data.action == "unit":
        text, markup = _confirmation(tx, membership)
        await answer_button(update)
        await edit_html(update, text, keyboard=markup)
        return
    if data.action == "no":
        await answer_button(update)
        await edit_html(update, tx("join.stayed", code=unit.code))
        return
    await delegates.remove_delegate(context.services, unit, user.id)
    await answer_button(update)
    await edit_html(update, tx("join.left", code=unit.code))
    group_tx = context.services.catalog.for_lang(bloc.language)
    await send_elsewhere(
        context, bloc.chat_id, group_tx("join.left_group", name=user.full_name, code=unit.code)
    )


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("leave", leave, filters=PRIVATE))
    app.add_handler(CallbackQueryHandler(pressed, pattern=callback_data.pattern(KIND)))

"""/join: a member picks a unit; the bloc admins approve ✅ or refuse ✖️ in the group.

The member is told the outcome in private. Someone who never started the bot cannot be written
to (Telegram answers 403), so the request says so in the group, with a button to open the chat.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import callback_data
from bot.callback_data import CallbackData
from bot.constants import JOIN_BUTTONS_PER_PAGE
from bot.context import BotContext
from bot.domain.bloc import Bloc, Unit
from bot.errors import NotFound
from bot.i18n import Texts
from bot.rights import require_admin, require_bloc, require_member
from bot.usecases import delegates, units
from handlers.chat_filters import GROUP
from handlers.keyboards import (
    Btn,
    confirm_row,
    grid,
    keyboard,
    pager_row,
    paginate,
)
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

KIND = "join"


async def join(update: Update, context: BotContext) -> None:
    """Show the bloc's units as buttons."""
    chat = update.effective_chat
    assert chat is not None
    bloc = await require_bloc(context.services, chat.id)
    found = await units.units_of(context.services, bloc)
    if not found:
        await reply(update, context, "units.list_empty")
        return
    text, markup = render_pick(await texts_for(update, context), found, 0)
    await send_html(update, context, text, keyboard=markup)


def render_pick(
    tx: Texts, found: list[Unit], number: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    if not found:  # an old /join message after every unit was removed
        return tx("units.list_empty"), None
    page = paginate(found, number, JOIN_BUTTONS_PER_PAGE)
    buttons = [Btn(u.code, (KIND, "ask", u.id)) for u in page.items]
    return tx("join.pick"), keyboard([*grid(buttons, 4), pager_row(page, KIND, "page")])  # type: ignore[arg-type]


async def pressed(update: Update, context: BotContext) -> None:
    """Dispatch a /join button after re-checking the chat, the presser and the data."""
    chat = update.effective_chat
    assert chat is not None
    data = pressed_data(update)
    action = _ACTIONS.get(data.action)
    if action is None:
        raise NotFound("core.stale_button")
    bloc = await require_bloc(context.services, chat.id, context.bot)
    await action(update, context, data, bloc, await texts_for(update, context))


async def _page(
    update: Update, context: BotContext, data: CallbackData, bloc: Bloc, tx: Texts
) -> None:
    text, markup = render_pick(
        tx, await units.units_of(context.services, bloc), data.int_arg(0) or 0
    )
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


async def _ask(
    update: Update, context: BotContext, data: CallbackData, bloc: Bloc, tx: Texts
) -> None:
    user = update.effective_user
    assert user is not None
    await require_member(context.services, context.bot, bloc, user.id)
    ask = await delegates.request_join(context.services, bloc, data.int_arg(0), user.id)
    code, request_id = ask.unit.code, ask.request.id
    rows = [
        confirm_row(
            tx("join.btn_approve"),
            (KIND, "yes", request_id),
            tx("join.btn_refuse"),
            (KIND, "no", request_id),
        )
    ]
    lines = [tx("join.request", name=user.full_name, code=code, unit=ask.unit.name)]
    if not ask.reachable:
        lines.append(tx("join.start_first", name=user.full_name))
        rows.append([Btn(tx("core.open_private"), url=f"https://t.me/{context.bot.username}")])
    try:
        await send_html(update, context, "\n".join(lines), keyboard=keyboard(rows))
    except TelegramError:
        await delegates.withdraw_join(context.services, ask.request)  # no admin saw it
        raise
    await answer_button(update, tx("join.requested", code=code))


async def _decide(
    update: Update, context: BotContext, data: CallbackData, bloc: Bloc, tx: Texts
) -> None:
    user = update.effective_user
    assert user is not None
    await require_admin(context.services, context.bot, bloc, user.id)
    approve = data.action == "yes"
    decision = await delegates.decide_join(
        context.services, bloc, data.int_arg(0), approve=approve, by=user.id
    )
    await answer_button(update)
    person, unit = decision.person, decision.unit
    private = await texts_for_user(context, person.id, person.telegram_language)
    outcome = "approved" if approve else "refused"
    told = await send_elsewhere(
        context,
        person.id,
        private(f"join.{outcome}_private", code=unit.code, unit=unit.name, bloc=bloc.name),
    )
    lines = [tx(f"join.{outcome}", name=person.display_name, code=unit.code, admin=user.full_name)]
    if told is None:
        lines.append(tx("join.not_reached", name=person.display_name))
    await edit_html(update, "\n".join(lines))


_ACTIONS = {"page": _page, "ask": _ask, "yes": _decide, "no": _decide}


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("join", join, filters=GROUP))
    app.add_handler(CallbackQueryHandler(pressed, pattern=callback_data.pattern(KIND)))

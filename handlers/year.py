"""/year (show, open, close), /deadline and /status, in the bloc's group.

Opening, closing and each deadline are shown first with ✅ / ✖️; the ✅ carries what will be
stored (the year number, or the phase and the UTC instant) and is re-checked at the press.
/status shows the current phase (`/status pledge`: that phase, e.g. once its deadline passed);
each phase's feature adds its unit-by-unit part with `add_status` (pledges: handlers.pledge_group).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import callback_data
from bot.context import BotContext
from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.domain.year import Year
from bot.errors import NotFound
from bot.i18n import Html, Texts
from bot.rights import require_bloc, require_bloc_admin
from bot.usecases import year as years
from handlers.calendar_text import phase_name, when, zone_name
from handlers.chat_filters import GROUP
from handlers.file_errors import render_error
from handlers.keyboards import confirm_keyboard
from handlers.presses import pressed_data
from handlers.reply import answer_button, edit_html, send_html, texts_for

KIND = "year"

#: phase -> what /status shows for it, unit by unit (registered by the phase's feature).
StatusPart = Callable[[Update, BotContext, Bloc, Year], Awaitable[None]]
_STATUS: dict[Phase, StatusPart] = {}


def add_status(phase: Phase, part: StatusPart) -> None:
    _STATUS[phase] = part


def _confirm_keys(tx: Texts, data: tuple[object, ...], commit_key: str) -> InlineKeyboardMarkup:
    return confirm_keyboard(tx(commit_key), data, tx("year.btn_cancel"), (KIND, "no"))


def render_year(tx: Texts, bloc: Bloc, view: years.YearView) -> Html:
    state = "year.state_open" if view.year.is_open else "year.state_closed"
    lines = [tx("year.header", year=view.year.year, state=tx(state))]
    if view.phase is not None:
        lines.append(tx("year.phase_now", phase=phase_name(tx, view.phase)))
    lines += ["", tx("year.deadlines_header")]
    for phase in Phase:
        due = view.deadlines.get(phase)
        text = when(tx, due, bloc) if due else tx("year.no_deadline")
        lines.append(tx("year.deadline_line", phase=phase_name(tx, phase), when=text))
    if view.scale is not None:
        lines += ["", tx("year.scale_line", name=view.scale.name, version=view.scale.version)]
    if view.year.is_open and len(view.deadlines) < len(Phase):
        lines += ["", tx("year.deadline_hint", year=view.year.year)]
    return Html("\n".join(lines))


async def year_command(update: Update, context: BotContext) -> None:
    """Show the year; an admin opens a new one (`/year 2026`) or closes it (`/year close`)."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    services, tx, args = context.services, await texts_for(update, context), context.args or []
    if args and args[0].lower() == "close":
        bloc = await require_bloc_admin(services, context.bot, chat.id, user.id)
        year = await years.open_year_of(services, bloc)
        markup = _confirm_keys(tx, (KIND, "close", year.id), "year.btn_close")
        await send_html(update, context, tx("year.confirm_close", year=year.year), keyboard=markup)
        return
    bloc = await require_bloc(services, chat.id)
    try:
        view = await years.view(services, bloc, args[0] if args else None)
    except NotFound:
        if not args:
            raise
        bloc = await require_bloc_admin(services, context.bot, chat.id, user.id)
        number = await years.propose_open(services, bloc, args[0])
        markup = _confirm_keys(tx, (KIND, "open", number), "year.btn_open")
        await send_html(update, context, tx("year.confirm_open", year=number), keyboard=markup)
        return
    await send_html(update, context, render_year(tx, bloc, view))


def _deadline_text(tx: Texts, bloc: Bloc, proposal: years.DeadlineProposal, key: str) -> Html:
    lines = [
        tx(
            key,
            phase=phase_name(tx, proposal.phase),
            year=proposal.year.year,
            when=when(tx, proposal.due_at, bloc),
            timezone=zone_name(tx, bloc.timezone),
        )
    ]
    lines += [tx("year.warning", text=render_error(tx, w)) for w in proposal.warnings]
    return Html("\n".join(lines))


async def deadline_command(update: Update, context: BotContext) -> None:
    """Check `/deadline <phase> <dd/mm/yyyy> [HH:MM]` and show it back for ✅."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    services, tx = context.services, await texts_for(update, context)
    bloc = await require_bloc_admin(services, context.bot, chat.id, user.id)
    proposal = await years.propose_deadline(services, bloc, context.args or [])
    stamp = int(proposal.due_at.timestamp())
    data = (KIND, "dl", proposal.year.id, proposal.phase.value, stamp)
    text = _deadline_text(tx, bloc, proposal, "year.confirm_deadline")
    await send_html(update, context, text, keyboard=_confirm_keys(tx, data, "year.btn_set"))


async def status_command(update: Update, context: BotContext) -> None:
    """Where the open year stands: the current phase (or the one named), unit by unit."""
    chat = update.effective_chat
    assert chat is not None
    services, tx = context.services, await texts_for(update, context)
    bloc = await require_bloc(services, chat.id)
    year = await years.open_year_of(services, bloc)
    phase, due = await years.phase_now(services, year, " ".join(context.args or []))
    part = _STATUS.get(phase) if phase else None
    if part is not None:
        await part(update, context, bloc, year)
        return
    if phase is None:
        await send_html(update, context, tx("year.status_over", year=year.year))
        return
    deadline = when(tx, due, bloc) if due else tx("year.no_deadline")
    text = tx("year.status_phase", year=year.year, phase=phase_name(tx, phase), when=deadline)
    await send_html(update, context, text)


async def pressed(update: Update, context: BotContext) -> None:
    """✅ opens, closes or sets the deadline shown; ✖️ leaves everything as it was."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    data = pressed_data(update)
    if data.action not in ("open", "close", "dl", "no"):
        raise NotFound("core.stale_button")
    services, tx = context.services, await texts_for(update, context)
    bloc = await require_bloc_admin(services, context.bot, chat.id, user.id)
    if data.action == "no":
        text = tx("year.cancelled")
    elif data.action == "open":
        year = await years.open_year(services, bloc, data.int_arg(0) or 0, by=user.id)
        text = tx("year.opened", year=year.year)
    elif data.action == "close":
        year = await years.close_year(services, bloc, data.int_arg(0), by=user.id)
        text = tx("year.closed", year=year.year)
    else:
        proposal = await years.set_deadline(
            services,
            bloc,
            year_id=data.int_arg(0),
            phase_text=data.arg(1),
            timestamp=data.int_arg(2),
            by=user.id,
        )
        text = _deadline_text(tx, bloc, proposal, "year.deadline_set")
    await answer_button(update)
    await edit_html(update, text)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("year", year_command, filters=GROUP))
    app.add_handler(CommandHandler("deadline", deadline_command, filters=GROUP))
    app.add_handler(CommandHandler("status", status_command, filters=GROUP))
    app.add_handler(CallbackQueryHandler(pressed, pattern=callback_data.pattern(KIND)))

"""/year (show, open, close), /deadline and /status, in the bloc's group.

Opening, closing and each deadline are shown first with ✅ / ✖️; the ✅ carries what will be
stored (the year number, or the phase and the UTC instant) and is re-checked at the press.
/status shows the current phase (`/status pledge`: that phase, e.g. once its deadline passed);
each phase's feature declares its unit-by-unit part as `Feature.status` (pledges:
handlers.pledge_group).
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.errors import NotFound
from bot.registry import Command, Feature
from bot.usecases import year as years
from handlers.reply import send_html, show_stored, texts_for
from views.year import (
    CloseYear,
    KeepYear,
    OpenYear,
    SetDeadline,
    confirm_keys,
    deadline_text,
    render_year,
)


async def year_command(update: Update, context: BotContext) -> None:
    """Show the year; an admin opens a new one (`/year 2026`) or closes it (`/year close`)."""
    services, actor = context.services, context.actor
    tx, args = await texts_for(update, context), context.args or []
    if args and args[0].lower() == "close":
        year = await years.ask_close(services, actor)
        markup = confirm_keys(tx, CloseYear(year.id), "year.btn_close")
        await send_html(update, context, tx("year.confirm_close", year=year.year), keyboard=markup)
        return
    try:
        view = await years.view(services, actor, args[0] if args else None)
    except NotFound as missing:
        if not args or missing.key == "rights.no_bloc":
            raise
        number = await years.propose_open(services, actor, args[0])
        markup = confirm_keys(tx, OpenYear(number), "year.btn_open")
        await send_html(update, context, tx("year.confirm_open", year=number), keyboard=markup)
        return
    await send_html(update, context, render_year(tx, view.bloc, view))


async def deadline_command(update: Update, context: BotContext) -> None:
    """Check `/deadline <phase> <dd/mm/yyyy> [HH:MM]` and show it back for ✅."""
    tx = await texts_for(update, context)
    proposal = await years.propose_deadline(context.services, context.actor, context.args or [])
    stamp = int(proposal.due_at.timestamp())
    commit = SetDeadline(proposal.year.id, proposal.phase, stamp)
    text = deadline_text(tx, proposal.bloc, proposal, "year.confirm_deadline")
    await send_html(update, context, text, keyboard=confirm_keys(tx, commit, "year.btn_set"))


async def status_command(update: Update, context: BotContext) -> None:
    """Where the open year stands: the current phase (or the one named), unit by unit."""
    services, actor = context.services, context.actor
    tx = await texts_for(update, context)
    found = await years.status(services, actor, " ".join(context.args or []))
    bloc, year, phase = found.bloc, found.year, found.phase
    part = context.registry.status.get(phase) if phase else None
    if part is not None:
        screen = await part(services, actor, bloc, year, tx)
        await send_html(update, context, screen.text, keyboard=screen.keyboard)
        return
    if phase is None:
        await send_html(update, context, tx("year.status_over", year=year.year))
        return
    deadline = tx.when(found.due, bloc.timezone) if found.due else tx("year.no_deadline")
    text = tx("year.status_phase", year=year.year, phase=tx.phase(phase), when=deadline)
    await send_html(update, context, text)


async def _opened(update: Update, context: BotContext, pressed: OpenYear) -> None:
    year = await years.open_year(context.services, context.actor, pressed.year)
    await _done(update, context, "year.opened", year=year.year)


async def _closed(update: Update, context: BotContext, pressed: CloseYear) -> None:
    year = await years.close_year(context.services, context.actor, pressed.year_id)
    await _done(update, context, "year.closed", year=year.year)


async def _deadline_set(update: Update, context: BotContext, pressed: SetDeadline) -> None:
    proposal = await years.set_deadline(
        context.services,
        context.actor,
        year_id=pressed.year_id,
        phase=pressed.phase,
        timestamp=pressed.at,
    )
    tx = await texts_for(update, context)
    await show_stored(
        update, context, deadline_text(tx, proposal.bloc, proposal, "year.deadline_set")
    )


async def _kept(update: Update, context: BotContext, pressed: KeepYear) -> None:
    await years.ask_nothing(context.services, context.actor)
    await _done(update, context, "year.cancelled")


async def _done(update: Update, context: BotContext, key: str, **params: object) -> None:
    """The outcome of ✅/✖️, shown even if Telegram fails right then (see `show_stored`)."""
    tx = await texts_for(update, context)
    await show_stored(update, context, tx(key, **params))


def feature() -> Feature:
    return Feature(
        "year",
        commands=[
            Command("year", year_command),
            Command("deadline", deadline_command),
            Command("status", status_command),
        ],
        buttons={
            OpenYear: _opened,
            CloseYear: _closed,
            SetDeadline: _deadline_set,
            KeepYear: _kept,
        },
    )

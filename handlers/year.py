"""/year (show, open, close, reopen), /deadline and /status, in the bloc's group.

Opening, closing, reopening and each deadline are shown first with ✅ / ✖️; the ✅ carries
what will be stored (the year number, or the phase and the UTC instant, with the deadline it
replaces) and is re-checked at the press: an older deadline confirmation pressed after a newer
one is refused (`settled`), never undoing it. Closing is asked with what is still pending;
a close can be undone (`/year reopen`); an open vote of the year refuses it (named, with
`/election close`), asked and at ✅.
/status shows a year (`/status 2027`: that one; else the open one, else the last closed one)
at its current phase (`/status pledge`: that phase, e.g. once its deadline passed), pointing to
the earlier phases it does not show; each phase's feature declares its unit-by-unit part as
`Feature.status` (pledges: handlers.pledge_group).
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.errors import Conflict, NotFound
from bot.i18n import Html
from bot.registry import Command, Feature
from bot.usecases import year as years
from bot.usecases import year_close
from handlers.election_news import close_due, moved_notices
from handlers.reply import send_html, settled, show, show_stored, texts_for
from views.year import (
    CloseYear,
    KeepYear,
    OpenYear,
    ReopenYear,
    SetDeadline,
    confirm_keys,
    deadline_text,
    moved_params,
    render_close,
    render_open,
    render_votes_open,
    render_year,
    status_hints,
    status_over,
)


async def year_command(update: Update, context: BotContext) -> None:
    """Show the year; an admin opens a new one (`/year 2026`) or closes it (`/year close`)."""
    services, actor = context.services, context.actor
    tx, args = await texts_for(update, context), context.args or []
    if args and args[0].lower() == "close":
        await close_due(context)  # a vote past its deadline closes now, not after the year
        found = await year_close.ask_close(services, actor)
        if found.votes:
            text = render_votes_open(tx, found.bloc, found.year.year, found.votes)
            await send_html(update, context, text)
            return
        markup = confirm_keys(tx, CloseYear(found.year.id), "year.btn_close")
        await send_html(update, context, render_close(tx, found), keyboard=markup)
        return
    if args and args[0].lower() == "reopen":
        year = await year_close.ask_reopen(services, actor)
        markup = confirm_keys(tx, ReopenYear(year.id), "year.btn_reopen")
        await send_html(update, context, tx("year.confirm_reopen", year=year.year), keyboard=markup)
        return
    typed = " ".join(args) or None  # "/year hai nghìn" is quoted whole when refused
    try:
        view = await years.view(services, actor, typed)
    except NotFound as missing:
        if typed is None or missing.key == "rights.no_bloc":
            raise
        found = await years.propose_open(services, actor, typed)
        markup = confirm_keys(tx, OpenYear(found.year), "year.btn_open")
        await send_html(update, context, render_open(tx, found), keyboard=markup)
        return
    await send_html(update, context, render_year(tx, view.bloc, view))


async def deadline_command(update: Update, context: BotContext) -> None:
    """Check `/deadline <phase> <dd/mm/yyyy> [HH:MM]` and show it back for ✅."""
    tx = await texts_for(update, context)
    proposal = await years.propose_deadline(context.services, context.actor, context.args or [])
    stamp = int(proposal.due_at.timestamp())
    was = years.deadline_stamp(proposal.was)
    commit = SetDeadline(proposal.year.id, proposal.phase, stamp, was)
    text = deadline_text(tx, proposal.bloc, proposal, "year.confirm_deadline")
    await send_html(update, context, text, keyboard=confirm_keys(tx, commit, "year.btn_set"))


async def status_command(update: Update, context: BotContext) -> None:
    """Where a year stands (`/status [phase] [year]`): the current phase (or the one named),
    unit by unit, with a pointer to each earlier phase that has more to show."""
    services, actor = context.services, context.actor
    tx = await texts_for(update, context)
    found = await years.status(services, actor, " ".join(context.args or []))
    bloc, year, phase = found.bloc, found.year, found.phase
    part = context.registry.status.get(phase) if phase else None
    keyboard = None
    if part is not None:
        screen = await part(services, actor, bloc, year, tx)
        text, keyboard = screen.text, screen.keyboard
        if not year.is_open:
            text = Html(tx("year.status_closed", year=year.year) + "\n\n" + text)
    elif not year.is_open:
        text = tx("year.status_closed", year=year.year)
    elif phase is None:
        text = status_over(tx, year.year, found.past)
    else:
        deadline = tx.when(found.due, bloc.timezone) if found.due else tx("year.no_deadline")
        text = tx("year.status_phase", year=year.year, phase=tx.phase(phase), when=deadline)
    hints = status_hints(tx, found, context.registry.status)
    await send_html(update, context, Html("\n".join([text, *hints])), keyboard=keyboard)


async def _opened(update: Update, context: BotContext, pressed: OpenYear) -> None:
    opened = await settled(
        update, context, years.open_year(context.services, context.actor, pressed.year)
    )
    if opened is not None:
        year, example = opened
        await _done(update, context, "year.opened", year=year.year, **example)


async def _closed(update: Update, context: BotContext, pressed: CloseYear) -> None:
    await close_due(context)
    done = await settled(
        update, context, year_close.close_year(context.services, context.actor, pressed.year_id)
    )
    if isinstance(done, year_close.VotesOpen):  # a vote opened since: the year waits for it
        tx = await texts_for(update, context)
        await show(update, render_votes_open(tx, done.bloc, done.year.year, done.votes))
    elif done is not None:
        await _done(update, context, "year.closed", year=done[0].year, next=done[1])


async def _reopened(update: Update, context: BotContext, pressed: ReopenYear) -> None:
    year = await settled(
        update, context, year_close.reopen_year(context.services, context.actor, pressed.year_id)
    )
    if year is not None:
        await _done(update, context, "year.reopened", year=year.year)


async def _deadline_set(update: Update, context: BotContext, pressed: SetDeadline) -> None:
    tx = await texts_for(update, context)

    async def store() -> years.DeadlineProposal:
        try:
            return await years.set_deadline(
                context.services,
                context.actor,
                year_id=pressed.year_id,
                phase=pressed.phase,
                timestamp=pressed.at,
                was=pressed.was,
                moved=lambda votes: moved_notices(context.services, votes),
            )
        except years.DeadlineMoved as moved:  # its deadline and phase said in words
            raise Conflict(moved.key, **moved_params(tx, moved)) from None

    proposal = await settled(update, context, store())
    if proposal is None:
        return
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
            ReopenYear: _reopened,
            SetDeadline: _deadline_set,
            KeepYear: _kept,
        },
    )

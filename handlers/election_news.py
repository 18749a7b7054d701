"""What the group hears of a vote: its progress message, edited in place as ballots arrive
("6/11 đơn vị đã bỏ phiếu"), and at the close the count, the receipt codes counted, a runoff's
new progress message and, for a bình xét with ties, the admins' button to vote again.

Closing at the deadline happens here too: on each /vote and /election, and every minute from a
job (the scheduler of the runtime work can take this over). Sending to the group is a side note
of what is already stored: a failure is logged and never undoes the vote.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.context import BotContext
from bot.usecases import election_close
from bot.usecases.election_close import Closed
from handlers.reply import edit_html, send_elsewhere
from views.election import tie_keyboard
from views.election_text import progress_text, receipts_text, result_messages

log = logging.getLogger(__name__)

#: How often the job looks for votes past their deadline (seconds).
CLOSE_CHECK_SECONDS = 60


async def post_progress(
    context: BotContext, election_id: int, *, edit: Update | None = None
) -> None:
    """Show the vote's progress in the group: edit its message, else send a new one.

    Called after an action its use case allowed (open, cast, close): the bot telling the
    group a count. With `edit`, the pressed message (the opening's confirmation) becomes the
    progress one.
    """
    found = await election_close.progress_of(context.services, election_id)
    bloc, election = found.bloc, found.election
    tx = context.services.catalog.for_lang(bloc.language)
    text = progress_text(tx, bloc, election, found.year, found.turnout, found.deadline)
    if edit is not None and edit.effective_message is not None:
        await edit_html(edit, text)
        await election_close.remember_progress(
            context.services, election.id, edit.effective_message.message_id
        )
        return
    if election.progress_message_id is not None:
        try:
            await context.bot.edit_message_text(
                text, chat_id=bloc.chat_id, message_id=election.progress_message_id
            )
            return
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return
            log.info("progress message of vote %s gone, sending a new one", election.id)
        except TelegramError as exc:
            log.warning("could not edit the progress of vote %s: %s", election.id, exc)
            return
    sent = await send_elsewhere(context, bloc.chat_id, text)
    if sent is not None:
        await election_close.remember_progress(context.services, election.id, sent.message_id)


async def announce_closed(context: BotContext, closed: Closed) -> None:
    """The count, the receipts, the progress line marked closed, and what follows."""
    bloc, services = closed.bloc, context.services
    tx = services.catalog.for_lang(bloc.language)
    messages = result_messages(
        tx,
        bloc,
        closed.election,
        closed.year,
        closed.tally,
        closed.units,
        closed.titles,
        closed.runoff_deadline,
    )
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        markup = tie_keyboard(tx, closed.election.id) if last and closed.has_ties else None
        await send_elsewhere(context, bloc.chat_id, text, keyboard=markup)
    receipts = receipts_text(tx, closed.election, closed.year, closed.receipts)
    await send_elsewhere(context, bloc.chat_id, receipts)
    if closed.election.progress_message_id is not None:
        await post_progress(context, closed.election.id)
    if closed.runoff is not None:
        await post_progress(context, closed.runoff.id)


async def close_due(context: BotContext) -> None:
    """Close every vote past its deadline and tell each group (a /vote or /election check)."""
    for closed in await election_close.close_due(context.services):
        await announce_closed(context, closed)


async def close_due_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await close_due(context)  # type: ignore[arg-type]


async def start_close_checks(app: object) -> None:
    """Start-up: the job that closes votes at their deadline."""
    queue = getattr(app, "job_queue", None)
    if queue is not None:
        queue.run_repeating(
            close_due_job, interval=CLOSE_CHECK_SECONDS, first=1, name="election:close_due"
        )

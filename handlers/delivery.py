"""The answer to a stored step must reach the person, even when Telegram fails to take it.

A step like "a message of commitments" is stored before it is answered. If the answer is lost
to a 5xx or a time-out, the person sees an apology and sends the text again: the draft then
holds it twice (found by tests/reliability/test_faults.py). So when the direct answer (with
its buttons) fails for a transient reason, the same text is handed to the notifier, which
retries it until Telegram takes it; the person sees "saved" once and does not repeat the step.
The buttons are left out of the retried copy (the outbox keeps text only); the next step's
screen brings them back.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.i18n import Html
from handlers.errors import transient
from handlers.reply import send_html
from storage.outbox import Outgoing

log = logging.getLogger(__name__)


async def answer_stored(
    update: Update,
    context: BotContext,
    name: str,
    text: Html | str,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
) -> None:
    """Answer a step already stored; on a transient failure, queue the text for retries.

    `name` names the stored step; with the person's message id it keys the answer (sent once).
    """
    try:
        await send_html(update, context, text, keyboard=keyboard)
    except Exception as exc:
        if not transient(exc) or update.effective_message is None:
            raise
        message = update.effective_message
        log.warning("answer to a stored %s queued for retry: %s", name, exc)
        key = f"{name}:answer:{message.chat_id}:{message.message_id}"
        services = context.services
        async with services.db.transaction():
            await services.notifier.enqueue(Outgoing(key, message.chat_id, str(text)))

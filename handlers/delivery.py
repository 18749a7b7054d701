"""The answer to a stored step must reach the person, even if Telegram or the process fails.

A step like "a message of commitments" or "a typed score" is stored before it is answered. If
the answer is lost (Telegram answers 5xx or times out, or the process dies between the commit
and the send), the person sees nothing or an apology and sends the text again: the draft then
holds it twice, or the score lands as the next step's note (found by tests/reliability:
test_faults.py and test_crash_points.py). So the step runs inside `stored_step`, one
transaction that also queues the answer as a *safety net*: an outbox message (text and
buttons) due a few seconds later. After the commit the handler sends the answer itself and
cancels the net; if that send fails or never happens, the notifier sends the net (retried
until Telegram takes it, and after a restart), so the person sees the step done and does not
repeat it. A net is at least once: a process killed between the direct answer and cancelling
its net sends the answer again on restart, unless the person writes again first.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.i18n import Html
from bot.notifier import ANSWER_NET as NET
from bot.notifier import NET_DELAY
from handlers.errors import transient
from handlers.reply import send_html
from storage.outbox import Outgoing

log = logging.getLogger(__name__)


class StoredAnswer:
    """The answer to one stored step: `queue` it inside the step's transaction."""

    def __init__(self, update: Update, context: BotContext, name: str) -> None:
        message = update.effective_message
        assert message is not None
        self.update, self.context = update, context
        self.chat_id = message.chat_id
        self.key = f"{name}{NET}{message.chat_id}:{message.message_id}"
        self.text: Html | str = ""
        self.keyboard: InlineKeyboardMarkup | None = None
        self.queued = False

    async def queue(self, text: Html | str, keyboard: InlineKeyboardMarkup | None) -> None:
        """The net; an older net of the chat still waiting is dropped: the person has acted
        since, so its answer is out of date (and its direct answer most likely went out)."""
        self.text, self.keyboard, self.queued = text, keyboard, True
        notifier = self.context.services.notifier
        await notifier.outbox.drop_waiting(self.chat_id, NET)
        markup = keyboard.to_json() if keyboard is not None else None
        due = notifier.clock.now() + NET_DELAY
        net = Outgoing(self.key, self.chat_id, str(text), reply_markup=markup, not_before=due)
        await notifier.enqueue(net)

    async def send(self) -> None:
        """The answer with its buttons; the net is cancelled once it went through."""
        try:
            sent = await send_html(self.update, self.context, self.text, keyboard=self.keyboard)
        except Exception as exc:
            if not transient(exc):
                raise
            log.warning("answer %s left to its safety net: %s", self.key, exc)
            return
        message_id = sent.message_id if sent else None
        await self.context.services.notifier.delivered(self.key, self.chat_id, message_id)


@asynccontextmanager
async def stored_step(
    update: Update, context: BotContext, name: str
) -> AsyncIterator[StoredAnswer]:
    """Run a step and `answer.queue(...)` its answer in one transaction; then send it.

    Nothing queued (a refusal, a blank message): nothing is sent here.
    """
    answer = StoredAnswer(update, context, name)
    async with context.services.db.transaction():
        yield answer
    if answer.queued:
        await answer.send()

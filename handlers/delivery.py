"""The answer to a stored step must reach the person, even if Telegram or the process fails.

A step like "a message of commitments" or "a typed score" is stored before it is answered. If
the answer is lost (Telegram answers 5xx or times out, or the process dies between the commit
and the send), the person sees nothing or an apology and sends the text again: the draft then
holds it twice, or the score lands as the next step's note (found by tests/reliability:
test_faults.py and test_crash_points.py). So right after the step is stored its answer is
queued as a *safety net*: an outbox message (text and buttons) due a few seconds later. The
handler then sends the answer itself and cancels the net; if that send fails or never happens,
the notifier sends the net (retried until Telegram takes it, and after a restart), so the
person sees the step done and does not repeat it.

Not in the step's own transaction: inside one, every read of the step would miss the read
cache (storage/read_cache.py) and a pledge step would cost three times the SQL. What is left:
a kill in the millisecond between the step's commit and the net's insert loses the answer; a
kill between the direct answer and the net's cancelling sends it again on restart, unless the
person writes or presses anything first (any action of theirs drops a net still waiting:
`bot.usecases.answers.person_acted`, from the gate).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.i18n import Html
from bot.notifier import ANSWER_NET
from bot.usecases import answers
from handlers.errors import transient
from handlers.reply import send_html

log = logging.getLogger(__name__)


class StoredAnswer:
    """The answer to one stored step: `queue` it inside the step's transaction."""

    def __init__(self, update: Update, context: BotContext, name: str) -> None:
        message = update.effective_message
        assert message is not None
        self.update, self.context = update, context
        self.chat_id = message.chat_id
        self.key = f"{name}{ANSWER_NET}{message.chat_id}:{message.message_id}"
        self.text: Html | str = ""
        self.keyboard: InlineKeyboardMarkup | None = None
        self.queued = False

    async def queue(self, text: Html | str, keyboard: InlineKeyboardMarkup | None) -> None:
        self.text, self.keyboard, self.queued = text, keyboard, True
        markup = keyboard.to_json() if keyboard is not None else None
        await answers.queue_net(self.context.services, self.key, self.chat_id, str(text), markup)

    async def send(self) -> None:
        """The answer with its buttons; the net is cancelled once it went through."""
        try:
            await send_html(self.update, self.context, self.text, keyboard=self.keyboard)
        except Exception as exc:
            if not transient(exc):
                raise
            log.warning("answer %s left to its safety net: %s", self.key, exc)
            return
        await answers.cancel_net(self.context.services, self.key, self.chat_id)


@asynccontextmanager
async def stored_step(
    update: Update, context: BotContext, name: str
) -> AsyncIterator[StoredAnswer]:
    """Run a step, `answer.queue(...)` its answer right after it is stored; then send it.

    Nothing queued (a refusal): nothing is sent here.
    """
    answer = StoredAnswer(update, context, name)
    yield answer
    if answer.queued:
        await answer.send()

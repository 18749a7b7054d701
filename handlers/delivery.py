"""The answer to a stored step must reach the person, even if Telegram or the process fails.

A step like "a message of commitments" is stored before it is answered. If the answer is lost
(Telegram answers 5xx or times out, or the process dies between the commit and the send), the
person sees nothing or an apology and sends the text again: the draft then holds it twice
(found by tests/reliability/test_faults.py and test_crash_points.py). So the answer is also
queued, in the step's own transaction, as a *safety net*: an outbox message due a few seconds
later. The handler then sends the answer itself (with its buttons) and cancels the net; if that
send fails or never happens, the notifier sends the net's text (retried until Telegram takes
it, and after a restart), so the person sees "saved" and does not repeat the step.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.i18n import Html
from handlers.errors import transient
from handlers.reply import send_html
from storage.outbox import Outgoing

log = logging.getLogger(__name__)

#: How long the direct answer has before the safety net goes out (it normally takes ms).
SAFETY_NET_DELAY = timedelta(seconds=2)


class StoredAnswer:
    """One answer to one stored step: `queue` inside the step's transaction, then `send`."""

    def __init__(self, update: Update, context: BotContext, name: str) -> None:
        message = update.effective_message
        assert message is not None
        self.update, self.context = update, context
        self.chat_id = message.chat_id
        self.key = f"{name}:answer:{message.chat_id}:{message.message_id}"
        self.text: Html | str = ""
        self.keyboard: InlineKeyboardMarkup | None = None
        self.queued = False

    async def queue(self, text: Html | str, keyboard: InlineKeyboardMarkup | None) -> None:
        """The safety net (call inside the step's transaction)."""
        self.text, self.keyboard, self.queued = text, keyboard, True
        net = Outgoing(self.key, self.chat_id, str(text))
        await self.context.services.notifier.enqueue(net, delay=SAFETY_NET_DELAY)

    async def send(self) -> None:
        """The answer with its buttons; the net is cancelled once it went through."""
        notifier = self.context.services.notifier
        try:
            sent = await send_html(self.update, self.context, self.text, keyboard=self.keyboard)
        except Exception as exc:
            if not transient(exc):
                raise
            log.warning("answer %s left to its safety net: %s", self.key, exc)
            return
        await notifier.delivered(self.key, self.chat_id, sent.message_id if sent else None)

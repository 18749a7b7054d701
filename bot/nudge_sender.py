"""Sending one nudge message through the bot, with Telegram's failures turned into an Outcome.

A stand-in until the shared notifier (issue 8) is wired: the same contract (`Sender` in
`bot.nudging`), so swapping it changes nothing else. 403 means the person cannot be reached
privately; 429 waits `retry_after` and tries again; 5xx and time-outs back off and try again;
what still fails after `retries` is FAILED (the round gives the claim back and runs again later).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.nudging import Outcome, Outgoing

log = logging.getLogger(__name__)

#: Bad requests that mean "this chat cannot be written to", not a bug of ours.
_GONE = ("chat not found", "user is deactivated", "bot was kicked", "not enough rights")


class BotSender:
    def __init__(
        self,
        bot: Bot,
        *,
        retries: int = 5,
        backoff: float = 1.0,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep

    async def __call__(self, message: Outgoing) -> Outcome:
        markup = None
        if message.button is not None:
            label, data = message.button
            markup = InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]])
        for attempt in range(self.retries + 1):
            try:
                await self.bot.send_message(
                    message.chat_id, message.text, parse_mode=ParseMode.HTML, reply_markup=markup
                )
                return Outcome.SENT
            except Forbidden:
                return Outcome.UNREACHABLE
            except RetryAfter as exc:
                wait = _seconds(exc)
            except BadRequest as exc:
                if any(gone in exc.message.lower() for gone in _GONE):
                    return Outcome.UNREACHABLE
                log.warning("nudge to chat %s refused: %s", message.chat_id, exc.message)
                return Outcome.FAILED
            except (TimedOut, NetworkError) as exc:
                wait = self.backoff * 2**attempt
                log.warning("nudge to chat %s failed (%s); retrying", message.chat_id, exc)
            if attempt < self.retries:
                await self.sleep(wait)
        return Outcome.FAILED


def _seconds(exc: RetryAfter) -> float:
    """`retry_after` in seconds (read without PTB 22's int/timedelta deprecation warning)."""
    value = getattr(exc, "_retry_after", None)
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(exc.retry_after)  # type: ignore[arg-type]

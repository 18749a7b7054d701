"""Screens whose buttons hold only while the person is at them (a ballot and its confirmation,
whose buttons carry the choice so far): remembered per person, so that /cancel closes them
instead of leaving buttons that still cast.

A feature `hold`s such a screen when it shows it (with the catalog keys of what the screen and
the /cancel reply then say); a pressed screen edited without buttons is no longer held
(`handlers.reply.edit_html` lets it go), so a receipt or a refusal is never overwritten.
In memory only (bounded, like every cache): nothing of a ballot in progress is stored, and
after a restart /cancel finds no screen (the ballot's ✖️ still cancels it, and its buttons
are checked again at every press).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.i18n import Texts
from bot.rate_limit import Deferred

log = logging.getLogger(__name__)

#: The cache of held screens: private chat id (the person's id) -> {message id: Held}.
CACHE = "live_screens"
#: A person's held screens, at most (the oldest is forgotten first).
PER_PERSON = 5


@dataclass(frozen=True)
class Held:
    #: What the screen becomes when /cancel closes it (a catalog key).
    closed: str
    #: What the /cancel reply says of it (a catalog key).
    said: str


def _of(context: BotContext, chat_id: int) -> dict[int, Held]:
    screens: dict[int, dict[int, Held]] = context.services.cache.setdefault(CACHE, {})
    return screens.setdefault(chat_id, {})


def hold(context: BotContext, chat_id: int, message_id: int, screen: Held) -> None:
    """The screen `message_id` of the private chat `chat_id` has buttons that /cancel closes."""
    held = _of(context, chat_id)
    held.pop(message_id, None)
    held[message_id] = screen
    while len(held) > PER_PERSON:
        del held[next(iter(held))]


def release(context: BotContext, chat_id: int, message_id: int) -> Held | None:
    """The screen no longer has such buttons (it became a receipt, a refusal…); what it was
    held as (None: it was not)."""
    screens: dict[int, dict[int, Held]] | None = context.services.cache.get(CACHE)
    held = screens.get(chat_id) if screens is not None else None
    return held.pop(message_id, None) if held else None


async def close_all(context: BotContext, user_id: int, tx: Texts) -> list[str]:
    """/cancel: each screen held in the private chat of `user_id` becomes its closed text,
    without buttons; the catalog keys of what the reply says of them (each once)."""
    held = _of(context, user_id)
    said: list[str] = []
    for message_id, screen in list(held.items()):
        del held[message_id]
        try:
            await context.bot.edit_message_text(
                tx(screen.closed), chat_id=user_id, message_id=message_id, reply_markup=None
            )
        except Deferred:  # throttled: the edit goes out shortly
            pass
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():  # gone, or too old: nothing to press
                log.info("could not close screen %s of chat %s: %s", message_id, user_id, exc)
                continue
        except TelegramError as exc:
            log.warning("could not close screen %s of chat %s: %s", message_id, user_id, exc)
            continue
        if screen.said not in said:
            said.append(screen.said)
    return said

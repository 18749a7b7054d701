"""What Telegram says of a person in a group, for the `Actor` of an update.

The one Telegram-facing part of rights: `getChatMember` (cached for ADMIN_CACHE_SECONDS in the
services' cache, never the source of truth) and the supergroup a basic group became.
"""

from __future__ import annotations

import time

from telegram import Bot, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.actor import Actor
from bot.constants import ADMIN_CACHE_SECONDS
from bot.services import Services


async def chat_status(services: Services, bot: Bot, chat_id: int, user_id: int) -> str | None:
    """The user's status in the group per Telegram, cached for a short while (None: not in it)."""
    cache: dict[tuple[int, int], tuple[float, str | None]] = services.cache.setdefault(
        "chat_status", {}
    )
    key = (chat_id, user_id)
    hit = cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < ADMIN_CACHE_SECONDS:
        return hit[1]
    try:
        member = await bot.get_chat_member(chat_id, user_id)
        status: str | None = member.status
    except (BadRequest, Forbidden):
        status = None  # not in the group, or the bot is no longer there: a real answer
    # Anything else (5xx, time-out, flood control) propagates uncached: the user gets the
    # "try again" apology, not a false "admins only" remembered for ADMIN_CACHE_SECONDS.
    cache[key] = (time.monotonic(), status)
    return status


async def moved_to(bot: Bot, chat_id: int) -> int | None:
    """A button pressed in the old basic group of a supergroup: where the group went.

    Only basic groups migrate (their ids do not start with -100); Telegram answers a request
    about one that did with the new chat id.
    """
    if chat_id >= 0 or str(chat_id).startswith("-100"):
        return None
    try:
        await bot.get_chat(chat_id)
    except ChatMigrated as moved:
        return moved.new_chat_id
    except TelegramError:
        return None
    return None


async def admin_names(bot: Bot, chat_id: int) -> list[str]:
    """The names of the group's administrators to ask (the owner first, as Telegram lists
    them): people only, not bots nor an administrator posting anonymously; none when Telegram
    does not answer (a refusal is then said without names, never turned into an error)."""
    try:
        admins = await bot.get_chat_administrators(chat_id)
    except TelegramError:
        return []
    people = [a for a in admins if not a.user.is_bot and not getattr(a, "is_anonymous", False)]
    return [a.user.full_name for a in people]


def actor_of(update: Update, bot: Bot, services: Services) -> Actor | None:
    """The actor of an update from a person (None for channel posts and the like)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None:
        return None
    chat_id = chat.id if chat is not None else user.id

    async def status(group_id: int, user_id: int) -> str | None:
        return await chat_status(services, bot, group_id, user_id)

    async def moved(old_id: int) -> int | None:
        return await moved_to(bot, old_id)

    async def admins(group_id: int) -> list[str]:
        return await admin_names(bot, group_id)

    return Actor(
        user_id=user.id,
        chat_id=chat_id,
        private=chat is None or chat.type == chat.PRIVATE,
        full_name=user.full_name,
        language_code=user.language_code,
        group_status=status,
        moved_to=moved,
        group_admins=admins,
    )

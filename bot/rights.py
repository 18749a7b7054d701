"""The one place that decides who may do what: anyone, group member, delegate, bloc admin.

Every handler and every button press asks here; a refusal is a `NotAllowed` carrying the
catalog key of the reason, so the refused action changes nothing.
"""

from __future__ import annotations

import time

from telegram import Bot, ChatMember
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.constants import ADMIN_CACHE_SECONDS
from bot.domain.bloc import Bloc, Membership
from bot.errors import NotAllowed, NotFound
from bot.services import Services

_ADMIN_STATUSES = {ChatMember.ADMINISTRATOR, ChatMember.OWNER}
_MEMBER_STATUSES = _ADMIN_STATUSES | {ChatMember.MEMBER, ChatMember.RESTRICTED}


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


def forget_status(services: Services, chat_id: int, user_id: int) -> None:
    services.cache.setdefault("chat_status", {}).pop((chat_id, user_id), None)


async def is_group_admin(services: Services, bot: Bot, chat_id: int, user_id: int) -> bool:
    return await chat_status(services, bot, chat_id, user_id) in _ADMIN_STATUSES


async def is_group_member(services: Services, bot: Bot, chat_id: int, user_id: int) -> bool:
    return await chat_status(services, bot, chat_id, user_id) in _MEMBER_STATUSES


async def is_bloc_admin(services: Services, bot: Bot, bloc: Bloc, user_id: int) -> bool:
    """A bloc admin: promoted in the bot (the /setup caller included) or a Telegram admin."""
    if await services.blocs.is_admin(bloc.id, user_id):
        return True
    return await is_group_admin(services, bot, bloc.chat_id, user_id)


async def require_bloc(services: Services, chat_id: int, bot: Bot | None = None) -> Bloc:
    """The chat's bloc; with `bot`, also the bloc of a basic group since made a supergroup."""
    bloc = await services.blocs.by_chat(chat_id)
    if bloc is None and bot is not None:
        bloc = await _moved_bloc(services, bot, chat_id)
    if bloc is None:
        raise NotFound("rights.no_bloc")
    return bloc


async def _moved_bloc(services: Services, bot: Bot, chat_id: int) -> Bloc | None:
    """A button pressed in the old basic group of a supergroup: the bloc has moved on.

    Only basic groups migrate (their ids do not start with -100); Telegram answers a request
    about one that did with the new chat id.
    """
    if chat_id >= 0 or str(chat_id).startswith("-100"):
        return None
    try:
        await bot.get_chat(chat_id)
    except ChatMigrated as moved:
        return await services.blocs.by_chat(moved.new_chat_id)
    except TelegramError:
        return None
    return None


async def require_admin(services: Services, bot: Bot, bloc: Bloc, user_id: int) -> None:
    if not await is_bloc_admin(services, bot, bloc, user_id):
        raise NotAllowed("rights.admin_only")


async def require_bloc_admin(services: Services, bot: Bot, chat_id: int, user_id: int) -> Bloc:
    """The chat's bloc, if the user is one of its admins (the common check of admin commands)."""
    bloc = await require_bloc(services, chat_id, bot)
    await require_admin(services, bot, bloc, user_id)
    return bloc


async def require_group_admin(services: Services, bot: Bot, chat_id: int, user_id: int) -> None:
    """An administrator of the Telegram group itself (who may register it as a bloc)."""
    if not await is_group_admin(services, bot, chat_id, user_id):
        raise NotAllowed("rights.group_admin_only")


async def require_member(services: Services, bot: Bot, bloc: Bloc, user_id: int) -> None:
    """A member of the bloc's group, or a delegate of one of its units."""
    if await is_group_member(services, bot, bloc.chat_id, user_id):
        return
    if any(m.bloc.id == bloc.id for m in await services.units.memberships(user_id)):
        return
    raise NotAllowed("rights.members_only")


async def require_delegate(services: Services, user_id: int, unit_id: int) -> None:
    if not await services.units.is_delegate(unit_id, user_id):
        raise NotAllowed("rights.delegate_only")


async def delegate_memberships(services: Services, user_id: int) -> list[Membership]:
    """The units the user acts for; refuses with a hint on how to join when there are none."""
    found = await services.units.memberships(user_id)
    if not found:
        raise NotAllowed("rights.not_a_delegate")
    return found

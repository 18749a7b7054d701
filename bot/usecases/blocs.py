"""Registering a group as a bloc, its settings, and the bot-level bloc admins."""

from __future__ import annotations

from dataclasses import dataclass

from bot import rights
from bot.actor import ADMIN_STATUSES, MEMBER_STATUSES, Actor
from bot.constants import BLOC_NAME_MAX_CHARS
from bot.domain.bloc import Bloc, UserProfile
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from bot.services import Services
from bot.usecases.users import note_user


@dataclass(frozen=True)
class BlocSettings:
    """What `/setup` shows about an existing bloc."""

    bloc: Bloc
    units: int
    delegates: int
    admins: list[UserProfile]


async def setup_bloc(services: Services, actor: Actor, name: str) -> tuple[Bloc, bool]:
    """The chat's bloc, created with the actor as first admin if there was none (True).

    A new bloc is for the group's Telegram administrators; an existing one for its admins.
    """
    chat_id, user_id = actor.chat_id, actor.user_id
    existing = await services.blocs.by_chat(chat_id)
    if existing is not None:
        if not await rights.is_bloc_admin(services, actor, existing):
            raise NotAllowed("setup.already_registered", bloc=existing.name)
        return existing, False
    await rights.require_group_admin(actor, chat_id)
    clean = " ".join(name.split())
    if not clean:
        raise BadInput("setup.usage")
    if len(clean) > BLOC_NAME_MAX_CHARS:
        raise BadInput("setup.name_too_long", max=BLOC_NAME_MAX_CHARS)
    async with services.db.transaction():
        if await services.blocs.by_chat(chat_id) is not None:
            raise Conflict("setup.already")
        bloc = await services.blocs.create(
            chat_id=chat_id,
            name=clean,
            language=services.settings.bot_language,
            timezone=services.settings.bot_timezone,
            by=user_id,
            now=services.clock.now(),
        )
    return bloc, True


async def bloc_settings(services: Services, actor: Actor) -> BlocSettings:
    bloc = await rights.admin_bloc_here(services, actor)
    delegates = await services.units.delegates_of_bloc(bloc.id)
    return BlocSettings(
        bloc=bloc,
        units=await services.units.count(bloc.id),
        delegates=sum(len(users) for users in delegates.values()),
        admins=await _admin_profiles(services, bloc),
    )


async def find_person(
    services: Services, actor: Actor, *, username: str | None, replied: UserProfile | None
) -> UserProfile:
    """The person an admin means: the author of the replied-to message, or a known @username.

    The bot can only find by username people it has seen (in the group or in private).
    """
    await rights.admin_bloc_here(services, actor)
    if replied is not None:
        return await note_user(
            services,
            user_id=replied.id,
            username=replied.username,
            first_name=replied.first_name,
            last_name=replied.last_name,
            language_code=replied.telegram_language,
            private=False,
        )
    name = (username or "").strip().lstrip("@")
    profile = await services.users.by_username(name) if name else None
    if profile is None:
        raise NotFound("admins.unknown_user", username=name)
    return profile


async def ask_promote(services: Services, actor: Actor, user_id: int) -> None:
    """`/admin add`: refuse at once what ✅ would refuse (the person is already an admin)."""
    bloc = await rights.admin_bloc_here(services, actor)
    await _can_promote(services, bloc, user_id)
    await _in_group(actor, bloc, user_id)


async def ask_demote(services: Services, actor: Actor, user_id: int) -> None:
    """`/admin remove`: refuse at once what ✅ would refuse (not on the list, the last one)."""
    bloc = await rights.admin_bloc_here(services, actor)
    await _can_demote(services, bloc, user_id)


async def promote(services: Services, actor: Actor, user_id: int) -> UserProfile:
    """✅ on `/admin add`: the presser must still be an admin, the person still not one."""
    bloc = await rights.admin_bloc_here(services, actor)
    await _in_group(actor, bloc, user_id)  # asks Telegram: before the transaction
    now = services.clock.now()
    async with services.db.transaction():
        await _can_promote(services, bloc, user_id)
        await services.blocs.add_admin(bloc.id, user_id, added_by=actor.user_id, now=now)
    return await services.users.get(user_id) or UserProfile(id=user_id)


async def demote(services: Services, actor: Actor, user_id: int) -> tuple[UserProfile, bool]:
    """✅ on `/admin remove`: take a user off the bot's admin list; the list never becomes
    empty. True when the person stays an admin all the same, being an administrator of the
    Telegram group."""
    bloc = await rights.admin_bloc_here(services, actor)
    async with services.db.transaction():
        await _can_demote(services, bloc, user_id)
        await services.blocs.remove_admin(bloc.id, user_id)
    status = actor.group_status
    still = status is not None and await status(bloc.chat_id, user_id) in ADMIN_STATUSES
    return await services.users.get(user_id) or UserProfile(id=user_id), still


async def _can_promote(services: Services, bloc: Bloc, user_id: int) -> None:
    if await services.blocs.is_admin(bloc.id, user_id):
        raise Conflict("admins.already_admin")


async def _in_group(actor: Actor, bloc: Bloc, user_id: int) -> None:
    """A bloc admin is a member of the bloc's group: the bot knows people of other blocs too,
    and a ✅ names its person by id (a forged one could name anyone the bot has seen)."""
    status = actor.group_status
    if status is not None and await status(bloc.chat_id, user_id) not in MEMBER_STATUSES:
        raise Conflict("admins.not_in_group")


async def _can_demote(services: Services, bloc: Bloc, user_id: int) -> None:
    admins = await services.blocs.admins(bloc.id)
    if user_id not in admins:
        raise Conflict("admins.not_admin")
    if len(admins) == 1:
        raise Conflict("admins.last_admin")


async def admin_profiles(services: Services, actor: Actor) -> tuple[list[UserProfile], bool]:
    """`/admin`: who is on the list (any member of the bloc may read it, so that a refusal's
    "ask an admin" can be followed); True when the reader is an admin (who may change it)."""
    bloc = await rights.member_bloc_here(services, actor)
    admin = await rights.is_bloc_admin(services, actor, bloc)
    return await _admin_profiles(services, bloc), admin


async def _admin_profiles(services: Services, bloc: Bloc) -> list[UserProfile]:
    """The admins on the bot's list (Telegram's group administrators come on top)."""
    admin_ids = await services.blocs.admins(bloc.id)
    profiles = await services.users.get_many(admin_ids)
    return [profiles.get(i) or UserProfile(id=i) for i in admin_ids]


async def is_admin_here(services: Services, actor: Actor) -> bool:
    """Whether the actor is an admin of the bloc of the chat they write in (False: no bloc)."""
    bloc = await services.blocs.by_chat(actor.chat_id)
    return bloc is not None and await rights.is_bloc_admin(services, actor, bloc)


async def move_chat(services: Services, old_chat_id: int, new_chat_id: int) -> bool:
    """A group became a supergroup: its bloc follows (False when it had none)."""
    return await services.blocs.move_chat(old_chat_id, new_chat_id)


async def is_bloc(services: Services, chat_id: int) -> bool:
    return await services.blocs.by_chat(chat_id) is not None


async def admin_here(services: Services, actor: Actor) -> Bloc:
    """Refuse a non-admin before an admin command's arguments are read (usage is for admins)."""
    return await rights.admin_bloc_here(services, actor)

"""Registering a group as a bloc, its settings, and the bot-level bloc admins."""

from __future__ import annotations

from dataclasses import dataclass

from bot.constants import BLOC_NAME_MAX_CHARS
from bot.domain.bloc import Bloc, UserProfile
from bot.errors import BadInput, Conflict, NotFound
from bot.services import Services
from bot.usecases.users import note_user


@dataclass(frozen=True)
class BlocSettings:
    """What `/setup` shows about an existing bloc."""

    bloc: Bloc
    units: int
    delegates: int
    admins: list[UserProfile]


async def setup_bloc(
    services: Services, *, chat_id: int, name: str, user_id: int
) -> tuple[Bloc, bool]:
    """The chat's bloc, created with `user_id` as first admin if there was none (True)."""
    existing = await services.blocs.by_chat(chat_id)
    if existing is not None:
        return existing, False
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


async def bloc_settings(services: Services, bloc: Bloc) -> BlocSettings:
    delegates = await services.units.delegates_of_bloc(bloc.id)
    return BlocSettings(
        bloc=bloc,
        units=await services.units.count(bloc.id),
        delegates=sum(len(users) for users in delegates.values()),
        admins=await admin_profiles(services, bloc),
    )


async def find_person(
    services: Services, *, username: str | None, replied: UserProfile | None
) -> UserProfile:
    """The person an admin means: the author of the replied-to message, or a known @username.

    The bot can only find by username people it has seen (in the group or in private).
    """
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


async def promote(services: Services, bloc: Bloc, user_id: int, *, by: int) -> None:
    async with services.db.transaction():
        if await services.blocs.is_admin(bloc.id, user_id):
            raise Conflict("admins.already_admin")
        await services.blocs.add_admin(bloc.id, user_id, added_by=by, now=services.clock.now())


async def demote(services: Services, bloc: Bloc, user_id: int) -> None:
    """Take a user off the bot's admin list; the list never becomes empty."""
    async with services.db.transaction():
        admins = await services.blocs.admins(bloc.id)
        if user_id not in admins:
            raise Conflict("admins.not_admin")
        if len(admins) == 1:
            raise Conflict("admins.last_admin")
        await services.blocs.remove_admin(bloc.id, user_id)


async def admin_profiles(services: Services, bloc: Bloc) -> list[UserProfile]:
    """The admins on the bot's list (Telegram's group administrators come on top)."""
    admin_ids = await services.blocs.admins(bloc.id)
    profiles = await services.users.get_many(admin_ids)
    return [profiles.get(i) or UserProfile(id=i) for i in admin_ids]

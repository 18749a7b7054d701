"""Registering a group as a bloc, its settings and name, and the bot-level bloc admins."""

from __future__ import annotations

from dataclasses import dataclass

from bot import rights
from bot.actor import ADMIN_STATUSES, MEMBER_STATUSES, Actor
from bot.constants import BLOC_NAME_MAX_CHARS, USERNAME_RE
from bot.domain.bloc import Bloc, UserProfile
from bot.domain.bloc_name import NameProblem, clean_bloc_name, name_problem
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from bot.services import Services
from bot.usecases import pending
from bot.usecases.users import note_user


@dataclass(frozen=True)
class BlocSettings:
    """What `/setup` shows about an existing bloc."""

    bloc: Bloc
    units: int
    delegates: int
    admins: list[UserProfile]


@dataclass(frozen=True)
class Rename:
    """`/setup <name>` on an existing bloc: old → new, stored as a pending change for ✅."""

    old: str
    new: str
    change_id: int


#: The kind of pending change a proposed bloc name is stored as (a name is too long for a
#: button's data).
RENAME_KIND = "bloc_name"


def _checked_name(name: str) -> str:
    """A cleaned name the bloc may take; refuses an empty, long or letterless one."""
    problem = name_problem(name)
    if problem is NameProblem.EMPTY:
        raise BadInput("setup.usage")
    if problem is NameProblem.TOO_LONG:
        raise BadInput("setup.name_too_long", max=BLOC_NAME_MAX_CHARS)
    if problem is NameProblem.NO_LETTER:
        raise BadInput("setup.name_no_letter", name=name)
    return name


async def setup_bloc(services: Services, actor: Actor, text: str) -> Bloc | BlocSettings | Rename:
    """`/setup [name]`: the chat's new bloc, with the actor as its first admin; on an existing
    bloc, its settings (no name) or the rename proposed (a name), for its admins.

    The first use is not confirmed: it is a newcomer's first command, and a name typed wrong is
    corrected with the rename (which is confirmed: by then the name heads what people read).
    """
    name = clean_bloc_name(text)
    existing = await services.blocs.by_chat(actor.chat_id)
    if existing is None:
        return await _create(services, actor, name)
    if not await rights.is_bloc_admin(services, actor, existing):
        if name:
            raise await rights.admins_only(services, existing)
        raise NotAllowed("setup.already_registered", bloc=existing.name)
    if not name:
        return await _settings(services, existing)
    return await _propose_rename(services, actor, existing, name)


async def _create(services: Services, actor: Actor, name: str) -> Bloc:
    """A new bloc is for the group's Telegram administrators."""
    chat_id = actor.chat_id
    await rights.require_group_admin(actor, chat_id)
    name = _checked_name(name)
    async with services.db.transaction():
        if await services.blocs.by_chat(chat_id) is not None:
            raise Conflict("setup.already")
        return await services.blocs.create(
            chat_id=chat_id,
            name=name,
            language=services.settings.bot_language,
            timezone=services.settings.bot_timezone,
            by=actor.user_id,
            now=services.clock.now(),
        )


async def _settings(services: Services, bloc: Bloc) -> BlocSettings:
    delegates = await services.units.delegates_of_bloc(bloc.id)
    return BlocSettings(
        bloc=bloc,
        units=await services.units.count(bloc.id),
        delegates=sum(len(users) for users in delegates.values()),
        admins=await _admin_profiles(services, bloc),
    )


async def _propose_rename(services: Services, actor: Actor, bloc: Bloc, name: str) -> Rename:
    new = _checked_name(name)
    if new == bloc.name:
        raise Conflict("setup.same_name", name=bloc.name)
    payload = {"name": new, "old": bloc.name}
    change = await services.pending_changes.create(
        bloc.id, RENAME_KIND, payload, by=actor.user_id, now=services.clock.now()
    )
    return Rename(old=bloc.name, new=new, change_id=change.id)


async def rename(services: Services, actor: Actor, change_id: int) -> Rename:
    """✅ on a proposed name: the presser must still be an admin, and the bloc still bear the
    name the proposal showed (another rename since would otherwise be undone unseen)."""
    bloc = await rights.admin_bloc_here(services, actor)
    async with services.db.transaction():
        change = await pending.open_change(services, bloc, change_id, RENAME_KIND)
        now = await services.blocs.get(bloc.id)
        assert now is not None
        old, new = change.payload["old"], _checked_name(change.payload["name"])
        if now.name != old:
            raise Conflict("setup.rename_outdated", name=now.name)
        await services.pending_changes.take(change.id)
        await services.blocs.rename(bloc.id, new)
    return Rename(old=old, new=new, change_id=change.id)


async def keep_name(services: Services, actor: Actor, change_id: int) -> str:
    """✖️ on a proposed name: forget it; the name the bloc keeps."""
    bloc = await rights.admin_bloc_here(services, actor)
    await pending.drop_change(services, bloc, change_id, RENAME_KIND)
    return bloc.name


async def find_person(
    services: Services,
    actor: Actor,
    *,
    username: str | None,
    replied: UserProfile | None,
    action: str = "add",
) -> UserProfile:
    """The person an admin means: the author of the replied-to message, or a known @username.

    The bot can only find by username people it has seen (in the group or in private); a name
    typed instead ("Lan", "Lan Nguyễn": several people may share it) is refused with the forms
    `/admin <action>` takes.
    """
    bloc = await rights.admin_bloc_here(services, actor)
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
    typed = (username or "").strip()
    name = typed.removeprefix("@")
    shaped = USERNAME_RE.fullmatch(name) is not None
    profile = await services.users.by_username(name) if shaped else None
    if profile is not None:
        return profile
    if shaped and typed.startswith("@"):
        like = await _named_like(services, bloc.id, name)
        if like is not None:  # "@Lan" for Lan (@lan_daklak): her username is another
            raise NotFound("admins.unknown_user_like", username=name, action=action, **like)
        raise NotFound("admins.unknown_user", username=name)
    # a first or full name (or a bare word nobody has as username): the forms it takes
    raise BadInput("admins.not_a_username", name=typed, action=action)


async def _named_like(services: Services, bloc_id: int, typed: str) -> dict[str, str] | None:
    """The one delegate or admin of the bloc with a username whose name is `typed` (an
    @username that matched nobody: often the person's first name), to point the admin to
    their username; None when nobody or several (only the bloc's own people are searched:
    the bot's other chats are none of this bloc's business)."""
    delegates = await services.units.delegates_of_bloc(bloc_id)
    ids = {u for users in delegates.values() for u in users}
    ids |= set(await services.blocs.admins(bloc_id))
    wanted = typed.casefold()
    found = [
        p
        for p in (await services.users.get_many(sorted(ids))).values()
        if p.username and wanted in {p.first_name.casefold(), p.display_name.casefold()}
    ]
    if len(found) != 1:
        return None
    return {"name": found[0].display_name, "found": found[0].username or ""}


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

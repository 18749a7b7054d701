"""The one place that decides who may do what: anyone, group member, delegate, bloc admin.

Use cases call these with the `Actor` of the update (reads as well as writes: an id in a
button is never a capability); a refusal is a `NotAllowed` carrying the catalog key of the
reason, raised before anything is changed. No Telegram here: what Telegram knows of a person
in a group comes through the actor.
"""

from __future__ import annotations

from bot.actor import Actor
from bot.domain.bloc import Bloc, Membership
from bot.errors import NotAllowed, NotFound
from bot.services import Services
from bot.textfit import clip_plain


async def bloc_here(services: Services, actor: Actor) -> Bloc:
    """The bloc of the chat the actor acts in (also a basic group since made a supergroup)."""
    bloc = await services.blocs.by_chat(actor.chat_id)
    if bloc is None and actor.moved_to is not None:
        moved = await actor.moved_to(actor.chat_id)
        bloc = await services.blocs.by_chat(moved) if moved is not None else None
    if bloc is None:
        raise NotFound("rights.no_bloc")
    return bloc


async def is_bloc_admin(services: Services, actor: Actor, bloc: Bloc) -> bool:
    """A bloc admin: promoted in the bot (the /setup caller included) or a Telegram admin."""
    if await services.blocs.is_admin(bloc.id, actor.user_id):
        return True
    return await actor.is_group_admin(bloc.chat_id)


#: A refusal names at most this many of the bloc's admins, in this room (a pop-up holds 200).
ADMINS_NAMED = 3
ADMIN_NAMES_ROOM = 60


async def require_admin(services: Services, actor: Actor, bloc: Bloc) -> None:
    """Refuse a non-admin, naming who can (the bot's list, then the group's administrators)."""
    if not await is_bloc_admin(services, actor, bloc):
        raise await admins_only(services, bloc)


async def admins_only(services: Services, bloc: Bloc) -> NotAllowed:
    """The refusal of an admin action: who can do it, a few by name, and /admin for the rest."""
    admin_ids = await services.blocs.admins(bloc.id)
    profiles = await services.users.get_many(admin_ids)  # a bloc has a few admins
    # an admin the bot never saw has no name to give (never an id): counted among the others
    names = [profiles[i].display_name for i in admin_ids if i in profiles]
    if not names:
        return NotAllowed("rights.admin_only_unnamed")
    return _naming("rights.admin_only", names, len(admin_ids))


def _naming(key: str, names: list[str], total: int) -> NotAllowed:
    """The refusal `key` naming a few of `names` (`key_named`), counting the rest of `total`
    people (`key_named_more`)."""
    shown = names[:ADMINS_NAMED]
    named = clip_plain(", ".join(shown), ADMIN_NAMES_ROOM)
    more = total - len(shown)
    if more == 0:
        return NotAllowed(f"{key}_named", admins=named)
    return NotAllowed(f"{key}_named_more" + ("_one" if more == 1 else ""), admins=named, more=more)


async def admins_only_in_private(services: Services, user_id: int) -> NotAllowed:
    """The refusal of an admin action in a private chat, where no bloc is at hand: the admins of
    the one bloc the person is a delegate in; the plain refusal when there is none, or several."""
    blocs = {m.bloc.id: m.bloc for m in await services.units.memberships(user_id)}
    if len(blocs) != 1:
        return NotAllowed("rights.admin_only")
    [bloc] = blocs.values()
    return await admins_only(services, bloc)


async def admin_bloc_here(services: Services, actor: Actor) -> Bloc:
    """The chat's bloc, if the actor is one of its admins (the common check of admin actions)."""
    bloc = await bloc_here(services, actor)
    await require_admin(services, actor, bloc)
    return bloc


async def require_group_admin(actor: Actor, chat_id: int) -> None:
    """An administrator of the Telegram group itself (who may register it as a bloc); the
    refusal names them, for the person to ask (Telegram's answer; none when it cannot tell)."""
    if await actor.is_group_admin(chat_id):
        return
    names = await actor.admin_names(chat_id)
    if not names:
        raise NotAllowed("rights.group_admin_only")
    raise _naming("rights.group_admin_only", names, len(names))


async def is_delegate_in(services: Services, actor: Actor, bloc: Bloc) -> bool:
    return any(m.bloc.id == bloc.id for m in await services.units.memberships(actor.user_id))


async def may_read(services: Services, actor: Actor, bloc: Bloc) -> bool:
    """Who may see a bloc's data: a member of its group, a delegate of a unit, an admin."""
    if await actor.is_group_member(bloc.chat_id) or await is_delegate_in(services, actor, bloc):
        return True
    return await services.blocs.is_admin(bloc.id, actor.user_id)


async def require_member(services: Services, actor: Actor, bloc: Bloc) -> None:
    """A member of the bloc's group, a delegate of one of its units, or a promoted admin."""
    if not await may_read(services, actor, bloc):
        raise NotAllowed("rights.members_only")


async def member_bloc_here(services: Services, actor: Actor) -> Bloc:
    """The chat's bloc, if the actor may read it (every read in the group asks this)."""
    bloc = await bloc_here(services, actor)
    await require_member(services, actor, bloc)
    return bloc


async def delegate_memberships(services: Services, actor: Actor) -> list[Membership]:
    """The units the actor acts for; refuses with a hint on how to join when there are none."""
    found = await services.units.memberships(actor.user_id)
    if not found:
        administered = await administered_blocs(services, actor.user_id)
        if administered:  # "ask your bloc admin" would send them to themselves
            names = ", ".join(bloc.name for bloc in administered)
            raise NotAllowed("rights.not_a_delegate_admin", blocs=names)
        raise NotAllowed("rights.not_a_delegate")
    return found


#: The keys `delegate_memberships` refuses with when the actor acts for no unit.
NOT_A_DELEGATE = ("rights.not_a_delegate", "rights.not_a_delegate_admin")


async def administered_blocs(services: Services, user_id: int) -> list[Bloc]:
    """The blocs whose bot list of admins has the person (the /setup caller, the promoted):
    what a private chat can know (a Telegram administrator is one only in their group)."""
    found = [await services.blocs.get(i) for i in await services.blocs.admin_bloc_ids(user_id)]
    return [bloc for bloc in found if bloc is not None]


async def membership_for(services: Services, actor: Actor, unit_id: int) -> Membership:
    """The actor's membership of the unit a button names, if they still act for it."""
    for membership in await delegate_memberships(services, actor):
        if membership.unit.id == unit_id:
            return membership
    raise NotAllowed("rights.delegate_only")

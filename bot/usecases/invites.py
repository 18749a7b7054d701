"""One-time invite links: made by an admin for a unit, opened once by the unit's delegate.

The token is shown once (in the link) and never logged; the database keeps its digest.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from bot import rights
from bot.actor import Actor
from bot.constants import INVITE_TOKEN_BYTES, INVITE_TTL_DAYS
from bot.domain.bloc import Bloc, Membership, Unit
from bot.domain.membership import Invite, InviteState, JoinRequest, is_token_shaped, token_digest
from bot.errors import Conflict, NotFound
from bot.services import Services
from bot.usecases.delegates import settle_joined
from bot.usecases.units import unit_by_code

_REFUSALS = {
    InviteState.USED: "invite.link_used",
    InviteState.REVOKED: "invite.link_revoked",
    InviteState.EXPIRED: "invite.link_expired",
}


@dataclass(frozen=True)
class Redeemed:
    """A link used: the unit the person now acts for, and their /join request for it that
    this settled (its group message says so), if they had one waiting."""

    membership: Membership
    settled: JoinRequest | None


@dataclass(frozen=True)
class NewInvite:
    bloc: Bloc
    token: str
    invite: Invite
    unit: Unit


async def create_invite(services: Services, actor: Actor, code_text: str) -> NewInvite:
    """A fresh single-use token for the unit `code_text` of the group's bloc (admins)."""
    bloc = await rights.admin_bloc_here(services, actor)
    by = actor.user_id
    unit = await unit_by_code(services, bloc, code_text)
    token = secrets.token_urlsafe(INVITE_TOKEN_BYTES)
    now = services.clock.now()
    async with services.db.transaction():
        invite = await services.invites.create(
            token_hash=token_digest(token),
            unit_id=unit.id,
            by=by,
            now=now,
            expires=now + timedelta(days=INVITE_TTL_DAYS),
        )
    return NewInvite(bloc=bloc, token=token, invite=invite, unit=unit)


async def revoke(services: Services, actor: Actor, invite_id: int) -> Unit:
    """✖️ under a link: revoke it, if the actor is still an admin of its bloc."""
    invite = await services.invites.get(invite_id)
    unit = await services.units.get(invite.unit_id) if invite else None
    bloc = await services.blocs.get(unit.bloc_id) if unit else None
    if invite is None or unit is None or bloc is None:
        raise NotFound("core.stale_button")
    await rights.require_admin(services, actor, bloc)
    await _revoke(services, invite)
    return unit


async def revoke_unsent(services: Services, actor: Actor, made: NewInvite) -> None:
    """The link reached nobody (the admin never started the bot): it must not stay open."""
    await rights.require_admin(services, actor, made.bloc)
    await _revoke(services, made.invite)


async def _revoke(services: Services, invite: Invite) -> None:
    """Revoke an unused invite; one already used or revoked is refused (nothing changes)."""
    async with services.db.transaction():
        if not await services.invites.revoke(invite.id, services.clock.now()):
            raise Conflict("invite.revoke_too_late")


async def redeem(services: Services, actor: Actor, token: str) -> Redeemed:
    """Bind the actor to the invite's unit and use the invite up, or refuse and bind nothing.

    Anyone holding the link may: the link is the capability (made by an admin for one person).
    """
    user_id = actor.user_id
    if not is_token_shaped(token):
        raise NotFound("invite.link_invalid")
    now = services.clock.now()
    async with services.db.transaction():
        invite = await services.invites.by_token_hash(token_digest(token))
        if invite is None:
            raise NotFound("invite.link_invalid")
        unit = await services.units.get(invite.unit_id)
        bloc = await services.blocs.get(unit.bloc_id) if unit else None
        if unit is None or bloc is None:
            raise NotFound("invite.link_invalid")
        state = invite.state(now)
        if invite.used_by == user_id and await services.units.is_delegate(unit.id, user_id):
            raise Conflict("invite.used_by_you", code=unit.code, name=unit.name, bloc=bloc.name)
        if state is not InviteState.OPEN:
            raise Conflict(_REFUSALS[state], code=unit.code)
        if await services.units.is_delegate(unit.id, user_id):
            raise Conflict("invite.already_delegate", code=unit.code)
        if not await services.invites.use(invite.id, user_id, now):
            raise Conflict("invite.link_used", code=unit.code)
        await services.units.add_delegate(unit.id, user_id, by=invite.created_by, now=now)
        settled = await settle_joined(services, unit, user_id, by=invite.created_by)
    return Redeemed(Membership(bloc=bloc, unit=unit), settled)

"""Who acts for a unit: join requests an admin decides, leaving a unit, removing a delegate."""

from __future__ import annotations

from dataclasses import dataclass

from bot import rights
from bot.actor import Actor
from bot.domain.bloc import Bloc, Membership, Unit, UserProfile
from bot.domain.membership import JoinRequest, JoinStatus
from bot.errors import Conflict, NotAllowed, NotFound
from bot.services import Services
from bot.usecases.units import unit_of_bloc


@dataclass(frozen=True)
class Decision:
    """A decided join request, with what the messages about it show."""

    request: JoinRequest
    bloc: Bloc
    unit: Unit
    person: UserProfile
    approved: bool
    #: The other units of the bloc the person acts for (before this decision).
    others: list[Unit]
    #: Nothing was decided: the person already acts for the unit (joined another way).
    already: bool = False


@dataclass(frozen=True)
class Ask:
    """A new join request; `reachable` is False when the bot cannot write to the asker yet."""

    request: JoinRequest
    unit: Unit
    reachable: bool
    #: The other units of the bloc the asker acts for already (the admins are told).
    others: list[Unit]


@dataclass(frozen=True)
class Picker:
    """A /join picker: the bloc's units, and those the asker acts for already (a person may
    act for more than one unit of a bloc; the picker reminds them which)."""

    units: list[Unit]
    acting: list[Unit]


async def picker(services: Services, actor: Actor, asker: int | None = None) -> Picker:
    """/join, or another page of its picker (only for the member who typed /join, `asker`)."""
    bloc = await rights.member_bloc_here(services, actor)
    if asker is not None and actor.user_id != asker:
        raise NotAllowed("rights.not_your_picker")
    mine = await services.units.memberships(actor.user_id)
    acting = [m.unit for m in mine if m.bloc.id == bloc.id]
    return Picker(units=await services.units.list(bloc.id), acting=acting)


async def request_join(services: Services, actor: Actor, unit_id: int, asker: int) -> Ask:
    """A pending request of the actor (a member of the group) to act for the unit; one
    pending request per person and unit. A /join picker answers only the one who asked."""
    bloc = await rights.member_bloc_here(services, actor)
    user_id = actor.user_id
    if user_id != asker:
        raise NotAllowed("rights.not_your_picker")
    unit = await unit_of_bloc(services, bloc, unit_id)
    async with services.db.transaction():
        if await services.units.is_delegate(unit.id, user_id):
            raise Conflict("join.already_delegate", code=unit.code)
        if await services.join_requests.pending(unit.id, user_id) is not None:
            raise Conflict("join.already_pending", code=unit.code)
        request = await services.join_requests.create(unit.id, user_id, services.clock.now())
    profile = await services.users.get(user_id)
    return Ask(
        request=request,
        unit=unit,
        reachable=profile is not None and profile.started,
        others=await other_units(services, unit, user_id),
    )


async def shown(services: Services, request: JoinRequest, message_id: int) -> None:
    """Keep the group message of a new request: it is edited if the request is settled."""
    async with services.db.transaction():
        await services.join_requests.shown(request.id, message_id)


async def other_units(services: Services, unit: Unit, user_id: int) -> list[Unit]:
    """The units of `unit`'s bloc, besides it, that the person acts for."""
    return [
        m.unit
        for m in await services.units.memberships(user_id)
        if m.bloc.id == unit.bloc_id and m.unit.id != unit.id
    ]


async def settle_joined(
    services: Services, unit: Unit, user_id: int, *, by: int
) -> JoinRequest | None:
    """The person just became a delegate of the unit (an invite link): their pending request
    for it, if any, is closed as JOINED, so that no admin decides it afterwards. Inside the
    caller's transaction; returns the request (its message is edited to say so)."""
    request = await services.join_requests.pending(unit.id, user_id)
    if request is None:
        return None
    now = services.clock.now()
    await services.join_requests.decide(request.id, JoinStatus.JOINED, by=by, now=now)
    return request


async def withdraw_join(services: Services, actor: Actor, request: JoinRequest) -> None:
    """Forget a request the admins could not be shown, so that the member can ask again."""
    if request.user_id != actor.user_id:
        raise NotFound("core.stale_button")
    async with services.db.transaction():
        await services.join_requests.withdraw(request.id)


async def decide_join(
    services: Services, actor: Actor, request_id: int, *, approve: bool
) -> Decision:
    """Approve (the user becomes a delegate) or refuse a pending request of this bloc.

    A person who acts for the unit already (joined by an invite link since) is neither approved
    again nor refused: the request is settled as JOINED and the decision says `already`."""
    bloc = await rights.admin_bloc_here(services, actor)
    by = actor.user_id
    request = await services.join_requests.get(request_id)
    if request is None:
        raise NotFound("core.stale_button")
    unit = await unit_of_bloc(services, bloc, request.unit_id)
    now = services.clock.now()
    others = await other_units(services, unit, request.user_id)
    async with services.db.transaction():
        already = await services.units.is_delegate(unit.id, request.user_id)
        status = JoinStatus.APPROVED if approve else JoinStatus.REFUSED
        if already:
            status = JoinStatus.JOINED
        if not await services.join_requests.decide(request.id, status, by=by, now=now):
            raise Conflict("join.already_decided")
        if approve and not already:
            await services.units.add_delegate(unit.id, request.user_id, by=by, now=now)
    person = await services.users.get(request.user_id) or UserProfile(id=request.user_id)
    decided = await services.join_requests.get(request.id)
    assert decided is not None
    return Decision(
        request=decided,
        bloc=bloc,
        unit=unit,
        person=person,
        approved=approve,
        others=others,
        already=already,
    )


async def kick(
    services: Services, actor: Actor, unit_id: int, user_id: int
) -> tuple[Unit, UserProfile]:
    """An admin takes a delegate off a unit of the bloc."""
    bloc = await rights.admin_bloc_here(services, actor)
    unit = await unit_of_bloc(services, bloc, unit_id)
    return unit, await _remove_delegate(services, unit, user_id)


async def leave(services: Services, actor: Actor, unit_id: int) -> Membership:
    """The actor stops acting for one of their units."""
    membership = await rights.membership_for(services, actor, unit_id)
    await _remove_delegate(services, membership.unit, actor.user_id)
    return membership


async def _remove_delegate(services: Services, unit: Unit, user_id: int) -> UserProfile:
    """Take `user_id` off the unit's delegates (an admin's decision, or the user leaving)."""
    async with services.db.transaction():
        if not await services.units.remove_delegate(unit.id, user_id):
            raise Conflict("units.not_a_delegate", code=unit.code)
    return await services.users.get(user_id) or UserProfile(id=user_id)

"""Pledges as the group and the admins see them: progress, one unit's pledge, reopening one
unit after the deadline, and publishing the commitments to the group.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot import rights
from bot.actor import Actor
from bot.domain.bloc import Bloc, Unit, UserProfile
from bot.domain.calendar import Phase
from bot.domain.nudge_times import ChangedUnit
from bot.domain.pledge import can_edit
from bot.domain.year import Pledge, Title, Year
from bot.errors import Conflict, NotAllowed
from bot.services import Services
from bot.usecases import titles
from bot.usecases.pledge_draft import UnitDraft, load_flow, unsent
from bot.usecases.year_next import no_open_year


@dataclass(frozen=True)
class Progress:
    """Who has registered in the year, unit by unit."""

    year: Year
    deadline: datetime | None
    units: list[Unit]
    pledges: dict[int, Pledge]
    titles: dict[int, Title]

    @property
    def registered(self) -> list[Unit]:
        return [u for u in self.units if u.id in self.pledges]


@dataclass(frozen=True)
class UnitPledge:
    """One unit's pledge in the open year, with what an admin may do about it."""

    bloc: Bloc
    unit: Unit
    year: Year
    pledge: Pledge | None
    titles: dict[int, Title]
    closed: bool  # the deadline has passed
    reopened: bool
    #: The reader is an admin of the bloc (and may reopen the unit).
    admin: bool = False


async def year_of(services: Services, bloc: Bloc, year_id: int) -> Year:
    """The open year a button was made for."""
    year = await services.years.current(bloc.id)
    if year is None or year.id != year_id:
        raise Conflict("core.stale_button")
    return year


async def any_year_of(services: Services, bloc: Bloc, year_id: int) -> Year:
    """The year, open or closed, a reading button was made for (a closed year stays readable)."""
    year = await services.years.get(year_id)
    if year is None or year.bloc_id != bloc.id:
        raise Conflict("core.stale_button")
    return year


async def progress(services: Services, actor: Actor, bloc: Bloc, year: Year) -> Progress:
    """Who registered (a read: members of the bloc's group, its delegates, its admins)."""
    await rights.require_member(services, actor, bloc)
    await titles.ensure_defaults(services, bloc)
    return Progress(
        year=year,
        deadline=await services.years.deadline(year.id, Phase.PLEDGE.value),
        units=await services.units.list(bloc.id),
        pledges=await services.pledges.of_year(year.id),
        titles=await services.titles.all(bloc.id),
    )


async def progress_here(services: Services, actor: Actor, year_id: int) -> tuple[Bloc, Progress]:
    """The progress of the group's open year a button was made for."""
    bloc = await rights.member_bloc_here(services, actor)
    year = await any_year_of(services, bloc, year_id)
    return bloc, await progress(services, actor, bloc, year)


async def _unit_pledge(services: Services, unit_id: int, year_id: int = 0) -> UnitPledge:
    """The unit's pledge in year `year_id` (0: the open year)."""
    unit = await services.units.get(unit_id)
    bloc = await services.blocs.get(unit.bloc_id) if unit is not None else None
    if unit is None or bloc is None:
        raise Conflict("core.stale_button")
    if year_id:
        year = await any_year_of(services, bloc, year_id)
    else:
        found = await services.years.current(bloc.id)
        if found is None:
            raise await no_open_year(services, bloc, "pledge.no_year")
        year = found
    deadline = await services.years.deadline(year.id, Phase.PLEDGE.value)
    return UnitPledge(
        bloc=bloc,
        unit=unit,
        year=year,
        pledge=await services.pledges.get(year.id, unit.id),
        titles=await services.titles.all(bloc.id),
        closed=not can_edit(deadline, services.clock.now(), reopened=False),
        reopened=await services.pledges.is_reopened(year.id, unit.id),
    )


async def read_unit(services: Services, actor: Actor, unit_id: int, year_id: int = 0) -> UnitPledge:
    """One unit's whole pledge, for whoever may read it: an admin of its bloc, the unit's own
    delegate, or, once the commitments are published, anyone of the bloc. Other members of the
    group are told the titles only; people outside the bloc nothing at all."""
    found = await _unit_pledge(services, unit_id, year_id)
    await rights.require_member(services, actor, found.bloc)
    admin = await rights.is_bloc_admin(services, actor, found.bloc)
    own = await services.units.is_delegate(found.unit.id, actor.user_id)
    if not (admin or own or found.year.published):
        chosen = found.pledge.title_ids if found.pledge else []
        names = [found.titles[t].name for t in chosen if t in found.titles]
        key = "pledge.titles_only" if found.pledge else "pledge.not_registered_short"
        raise NotAllowed(key, code=found.unit.code, titles=", ".join(names))
    return replace(found, admin=admin)


async def ask_reopen(services: Services, actor: Actor, unit_id: int) -> UnitPledge:
    """An admin's 🔓 (or ✖️ on its confirmation): the unit, re-checked."""
    found = await _unit_pledge(services, unit_id)
    await rights.require_admin(services, actor, found.bloc)
    return found


@dataclass(frozen=True)
class Reopened:
    found: UnitPledge
    delegates: list[UserProfile]


async def reopen(services: Services, actor: Actor, unit_id: int) -> Reopened:
    """Let one unit edit (or register late) after the pledge deadline; its delegates, to tell."""
    async with services.db.transaction():
        found = await ask_reopen(services, actor, unit_id)
        if not found.closed:
            raise Conflict("pledge.still_open", code=found.unit.code)
        year, unit = found.year, found.unit
        now = services.clock.now()
        if not await services.pledges.reopen(year.id, unit.id, by=actor.user_id, now=now):
            raise Conflict("pledge.already_reopened", code=unit.code)
    people = await services.users.get_many(await services.units.delegates(unit_id))
    return Reopened(found, list(people.values()))


async def ask_publish(services: Services, actor: Actor, year_id: int) -> tuple[Year, int]:
    """An admin's 📢: the year and how many pledges publishing would show."""
    bloc = await rights.admin_bloc_here(services, actor)
    year = await year_of(services, bloc, year_id)
    return year, await services.pledges.count(year.id)


async def publish(services: Services, actor: Actor, year_id: int) -> tuple[Bloc, Progress]:
    """Make the year's commitments visible to the group (titles always are)."""
    bloc = await rights.admin_bloc_here(services, actor)
    async with services.db.transaction():
        year = await year_of(services, bloc, year_id)
        if not await services.years.publish_pledges(
            year.id, by=actor.user_id, now=services.clock.now()
        ):
            raise Conflict("pledge.already_published")
    published = await services.years.get(year.id)
    assert published is not None
    return bloc, await progress(services, actor, bloc, published)


async def unregistered(services: Services, bloc: Bloc, year: Year) -> list[Unit]:
    """The units with no pledge in the year (what reminders of the pledge phase nudge)."""
    registered = await services.pledges.of_year(year.id)
    return [u for u in await services.units.list(bloc.id) if u.id not in registered]


async def unsent_changes(services: Services, bloc: Bloc, year: Year) -> list[ChangedUnit]:
    """The registered units some of whose delegates changed the pledge in their own draft
    without putting it in place with ✅, each with those delegates (what reminders of the
    pledge phase tell them of, never the unit's other delegates: the draft is the person's)."""
    registered = await services.pledges.of_year(year.id)
    delegates = await services.units.delegates_of_bloc(bloc.id)
    found = []
    for unit in await services.units.list(bloc.id):
        pledge = registered.get(unit.id)
        if pledge is None:  # not registered: reminded as pending, whatever the drafts say
            continue
        holders = [
            user
            for user in delegates.get(unit.id, [])
            if unsent(await _kept(services, user, unit.id), year.id, pledge)
        ]
        if holders:
            found.append(ChangedUnit(unit=unit, holders=frozenset(holders)))
    return found


async def _kept(services: Services, user_id: int, unit_id: int) -> UnitDraft | None:
    """The person's draft of the unit's pledge; None when none (or it no longer validates:
    `flows.load` logged it, and there is nothing to remind of)."""
    try:
        return (await load_flow(services, user_id)).drafts.get(str(unit_id))
    except Conflict:
        return None

"""Pledges as the group and the admins see them: progress, one unit's pledge, reopening one
unit after the deadline, and publishing the commitments to the group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.bloc import Bloc, Unit
from bot.domain.calendar import Phase
from bot.domain.pledge import can_edit
from bot.domain.year import Pledge, Title, Year
from bot.errors import Conflict, NotFound
from bot.services import Services
from bot.usecases import titles


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


async def year_of(services: Services, bloc: Bloc, year_id: int | None) -> Year:
    """The open year a button was made for."""
    year = await services.years.current(bloc.id)
    if year is None or year.id != year_id:
        raise Conflict("core.stale_button")
    return year


async def progress(services: Services, bloc: Bloc, year: Year) -> Progress:
    await titles.ensure_defaults(services, bloc)
    return Progress(
        year=year,
        deadline=await services.years.deadline(year.id, Phase.PLEDGE.value),
        units=await services.units.list(bloc.id),
        pledges=await services.pledges.of_year(year.id),
        titles=await services.titles.all(bloc.id),
    )


async def unit_pledge(services: Services, unit_id: int | None) -> UnitPledge:
    unit = await services.units.get(unit_id) if unit_id is not None else None
    bloc = await services.blocs.get(unit.bloc_id) if unit is not None else None
    if unit is None or bloc is None:
        raise Conflict("core.stale_button")
    year = await services.years.current(bloc.id)
    if year is None:
        raise NotFound("pledge.no_year")
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


async def reopen(services: Services, unit_id: int | None, *, by: int) -> UnitPledge:
    """Let one unit edit (or register late) after the pledge deadline."""
    async with services.db.transaction():
        found = await unit_pledge(services, unit_id)
        if not found.closed:
            raise Conflict("pledge.still_open", code=found.unit.code)
        year, unit = found.year, found.unit
        if not await services.pledges.reopen(year.id, unit.id, by=by, now=services.clock.now()):
            raise Conflict("pledge.already_reopened", code=unit.code)
    return found


async def publish(services: Services, bloc: Bloc, year_id: int | None, *, by: int) -> Year:
    """Make the year's commitments visible to the group (titles always are)."""
    async with services.db.transaction():
        year = await year_of(services, bloc, year_id)
        if not await services.years.publish_pledges(year.id, by=by, now=services.clock.now()):
            raise Conflict("pledge.already_published")
    published = await services.years.get(year.id)
    assert published is not None
    return published

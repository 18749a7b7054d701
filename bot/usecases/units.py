"""The units of a bloc: listing, adding one, importing a roster, renaming, removing.

A roster import and a rename are the same thing for the bot: a plan (`RosterPlan`) shown to
the admin and stored as a pending change; ✅ applies it only if the units still are as they
were when the plan was shown, so what was confirmed is exactly what gets stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot import rights
from bot.actor import Actor
from bot.domain.bloc import Bloc, Unit, UserProfile
from bot.domain.errors import Reason, reject
from bot.domain.pending import PendingChange
from bot.domain.roster import RosterPlan, RosterRow, plan_roster_import
from bot.domain.units import check_unit_name, normalize_code
from bot.errors import Conflict, NotFound
from bot.formats import worker
from bot.formats.reading import MAX_FILE_BYTES
from bot.formats.uploads import roster_upload
from bot.services import Services
from bot.usecases import pending
from storage.outbox import Outgoing
from storage.reviews import ReviewRepo

#: The kind of pending change a roster plan is stored as.
PLAN_KIND = "units"


@dataclass(frozen=True)
class UnitEntry:
    """A unit as `/units` and `/unit` show it."""

    unit: Unit
    delegates: list[UserProfile]
    role: str | None = None  # "head" or "deputy"
    #: Head or deputy of the next year (elected or decided in the meeting), and that year.
    next_role: str | None = None
    next_year: int | None = None


@dataclass(frozen=True)
class Proposal:
    """What an admin asked for: the plan to confirm (None when nothing would change)."""

    plan: RosterPlan
    change: PendingChange | None


async def unit_by_code(services: Services, bloc: Bloc, code_text: str) -> Unit:
    """The bloc's unit with this code (any case); refuses a bad or unknown code."""
    unit = await services.units.by_code(bloc.id, normalize_code(code_text))
    if unit is None:
        raise NotFound("units.unknown_code", code=code_text.strip().upper())
    return unit


async def unit_of_bloc(services: Services, bloc: Bloc, unit_id: int) -> Unit:
    """The unit a button names, if it still belongs to this bloc (else the button is stale)."""
    unit = await services.units.get(unit_id)
    if unit is None or unit.bloc_id != bloc.id:
        raise NotFound("core.stale_button")
    return unit


async def units_here(services: Services, actor: Actor) -> list[Unit]:
    """The units of the group's bloc (a read: its members, delegates and admins)."""
    bloc = await rights.member_bloc_here(services, actor)
    return await services.units.list(bloc.id)


async def listing_here(services: Services, actor: Actor) -> tuple[Bloc, list[UnitEntry]]:
    """`/units`: the group's bloc and its units (a read: members, delegates and admins)."""
    bloc = await rights.member_bloc_here(services, actor)
    return bloc, await listing(services, bloc)


async def card(services: Services, actor: Actor, code_text: str) -> UnitEntry:
    """`/unit CODE` (admins): one unit with its delegates."""
    bloc = await rights.admin_bloc_here(services, actor)
    return await entry(services, bloc, await unit_by_code(services, bloc, code_text))


async def card_of(services: Services, actor: Actor, unit_id: int) -> UnitEntry:
    """The unit a button of a card names (admins)."""
    bloc = await rights.admin_bloc_here(services, actor)
    return await entry(services, bloc, await unit_of_bloc(services, bloc, unit_id))


async def listing(services: Services, bloc: Bloc) -> list[UnitEntry]:
    """Every unit with its delegates, its role (head, deputy) this year and the next."""
    units = await services.units.list(bloc.id)
    delegates = await services.units.delegates_of_bloc(bloc.id)
    people = await services.users.get_many(sorted({u for ids in delegates.values() for u in ids}))
    latest = await services.years.latest(bloc.id)
    roles = {bloc.head_unit_id: "head", bloc.deputy_unit_id: "deputy"}
    if latest is not None:  # the year's own (elected the year before, or `/head set`)
        now = await ReviewRepo(services.db).leaders(bloc.id, latest.id)
        roles = {now.head_unit_id: "head", now.deputy_unit_id: "deputy"}
    upcoming = latest.year + 1 if latest else None
    chosen = await services.elections.leaders(bloc.id, upcoming) if upcoming else {}
    next_roles = {leader.unit_id: role.value for role, leader in chosen.items()}
    return [
        UnitEntry(
            unit=unit,
            delegates=[people.get(i) or UserProfile(id=i) for i in delegates.get(unit.id, [])],
            role=roles.get(unit.id),
            next_role=next_roles.get(unit.id),
            next_year=upcoming if unit.id in next_roles else None,
        )
        for unit in units
    ]


async def entry(services: Services, bloc: Bloc, unit: Unit) -> UnitEntry:
    for found in await listing(services, bloc):
        if found.unit.id == unit.id:
            return found
    raise NotFound("core.stale_button")


async def add_unit(
    services: Services, actor: Actor, code_text: str, name_text: str
) -> Unit | Proposal:
    """Add a new unit at once; for an existing code, propose the rename (a pending change)."""
    bloc = await rights.admin_bloc_here(services, actor)
    row = RosterRow(code=normalize_code(code_text), name=check_unit_name(name_text))
    async with services.db.transaction():
        existing = await services.units.by_code(bloc.id, row.code)
        if existing is None:
            return await services.units.add(bloc.id, row.code, row.name, services.clock.now())
        if existing.name == row.name:
            raise Conflict("units.same_name", code=row.code)
    return await propose(services, bloc, [row], by=actor.user_id)


def check_file_size(size: int | None) -> None:
    """Refuse a file over the limit before downloading it."""
    if size is not None and size > MAX_FILE_BYTES:
        raise reject(Reason.TOO_LARGE, max_mb=MAX_FILE_BYTES // (1024 * 1024))


async def propose_roster(services: Services, actor: Actor, filename: str, data: bytes) -> Proposal:
    """Read a roster file (FileRejected lists every error) and propose what it changes."""
    bloc = await rights.admin_bloc_here(services, actor)
    check_file_size(len(data))
    # In a process with time and memory limits; a scale file is told to go with /scale.
    rows = await worker.parse(roster_upload, filename, data)
    return await propose(services, bloc, rows, by=actor.user_id)


async def propose(services: Services, bloc: Bloc, rows: list[RosterRow], *, by: int) -> Proposal:
    plan = plan_roster_import(await _existing(services, bloc), rows)
    if not plan.changes:
        return Proposal(plan=plan, change=None)
    payload = {
        "rows": [r.model_dump() for r in rows],
        "plan": plan.model_dump(mode="json"),
    }
    async with services.db.transaction():
        change = await services.pending_changes.create(
            bloc.id, PLAN_KIND, payload, by=by, now=services.clock.now()
        )
    return Proposal(plan=plan, change=change)


async def apply_change(
    services: Services,
    actor: Actor,
    change_id: int,
    notices: Callable[[RosterPlan, int], list[Outgoing]] | None = None,
) -> tuple[RosterPlan, int]:
    """Store a confirmed plan, if the units are still as when it was shown; (plan, units now).

    `notices` (the confirmation) are queued in the same transaction: see bot/notifier.py.
    """
    bloc = await rights.admin_bloc_here(services, actor)
    now = services.clock.now()
    async with services.db.transaction():
        change = await pending.open_change(services, bloc, change_id, PLAN_KIND)
        rows = [RosterRow.model_validate(r) for r in change.payload["rows"]]
        plan = plan_roster_import(await _existing(services, bloc), rows)
        if plan != RosterPlan.model_validate(change.payload["plan"]):
            raise Conflict("units.plan_outdated")
        await services.pending_changes.take(change.id)
        for row in plan.added:
            await services.units.add(bloc.id, row.code, row.name, now)
        for code, _, new in plan.renamed:
            unit = await services.units.by_code(bloc.id, code)
            assert unit is not None
            await services.units.rename(unit.id, new)
        total = await services.units.count(bloc.id)
        if notices is not None:
            await services.notifier.enqueue_all(notices(plan, total))
    return plan, total


async def drop_change(services: Services, actor: Actor, change_id: int) -> None:
    bloc = await rights.admin_bloc_here(services, actor)
    await pending.drop_change(services, bloc, change_id, PLAN_KIND)


#: What a table holding the unit's data is, in the refusal to remove it (`units.has_data_*`);
#: a table not named here (a future feature's) is "data" in general.
_DATA_KIND = {
    "pledges": "pledge",
    "assessments": "assessment",
    "election_candidates": "vote",
    "election_roll": "vote",
    "bloc_leaders": "leader",
    "review_scores": "review",
    "review_extras": "review",
    "review_answers": "review",
    "review_exclusions": "review",
    "review_log": "review",
}


async def ask_remove(services: Services, actor: Actor, unit_id: int) -> UnitEntry:
    """🗑 on a card (admins): the unit to confirm removing, refused at once when it cannot be
    removed (it has data, or is the head or deputy) instead of after the ✅."""
    bloc = await rights.admin_bloc_here(services, actor)
    unit = await unit_of_bloc(services, bloc, unit_id)
    if unit.id in (bloc.head_unit_id, bloc.deputy_unit_id):
        raise Conflict("units.is_leader", code=unit.code)
    table = await services.units.used_by(unit.id)
    if table is not None:
        kind = _DATA_KIND.get(table)
        raise Conflict(f"units.has_data_{kind}" if kind else "units.has_data", code=unit.code)
    return await entry(services, bloc, unit)


async def remove_unit(services: Services, actor: Actor, unit_id: int) -> Unit:
    """Remove a unit that holds no data (no pledge, score or ballot; not head or deputy)."""
    bloc = await rights.admin_bloc_here(services, actor)
    unit = await unit_of_bloc(services, bloc, unit_id)
    if unit.id in (bloc.head_unit_id, bloc.deputy_unit_id):
        raise Conflict("units.is_leader", code=unit.code)
    async with services.db.transaction():
        if await services.units.get(unit.id) is None:
            raise NotFound("core.stale_button")
        if not await services.units.delete_unused(unit.id):
            raise Conflict("units.has_data", code=unit.code)
    return unit


async def _existing(services: Services, bloc: Bloc) -> dict[str, str]:
    return {unit.code: unit.name for unit in await services.units.list(bloc.id)}

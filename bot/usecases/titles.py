"""The titles a bloc's units can pledge for: the usual four at first, then the admins' list.

Every action here is a bloc admin's, in the bloc's group (checked by each function).
Adding and renaming carry a name, too long for a button, so they are proposed as a pending
change that the ✅ button names; removing is confirmed by a button naming the title. A removed
title stays in the pledges that chose it. A title a closed year used cannot be renamed
(`bot.domain.title_use`): the closed year's records would change with it.
"""

from __future__ import annotations

from bot import rights
from bot.actor import Actor
from bot.domain.bloc import Bloc
from bot.domain.pending import PendingChange
from bot.domain.pledge import TITLE_NAME_MAX_CHARS, TITLES_MAX, clean_title_name
from bot.domain.title_use import locking_years
from bot.domain.year import Title
from bot.errors import BadInput, Conflict
from bot.services import Services
from bot.usecases.pending import drop_change, open_change

CHANGE_KIND = "title"
#: The defaults, in the bloc's language: Cờ thi đua, Bằng khen, Tập thể lao động xuất sắc,
#: Tập thể lao động tiên tiến.
DEFAULT_KEYS = (
    "titles.default_flag",
    "titles.default_merit",
    "titles.default_excellent",
    "titles.default_advanced",
)


async def ensure_defaults(services: Services, bloc: Bloc) -> None:
    """Give a bloc that never had titles the usual four (once: removing them all is allowed)."""
    if await services.titles.ever_had(bloc.id):
        return
    now = services.clock.now()
    async with services.db.transaction():
        if await services.titles.ever_had(bloc.id):
            return
        for key in DEFAULT_KEYS:
            await services.titles.add(bloc.id, services.catalog.t(bloc.language, key), now)


async def active(services: Services, bloc: Bloc) -> list[Title]:
    await ensure_defaults(services, bloc)
    return await services.titles.active(bloc.id)


def _check_name(text: str, existing: list[Title], *, skip: int | None = None) -> str:
    name = clean_title_name(text)
    if not name:
        raise BadInput("titles.usage")
    if len(name) > TITLE_NAME_MAX_CHARS:
        raise BadInput("titles.name_too_long", max=TITLE_NAME_MAX_CHARS)
    if any(t.name.casefold() == name.casefold() and t.id != skip for t in existing):
        raise Conflict("titles.duplicate", name=name)
    return name


async def listing(services: Services, actor: Actor) -> list[Title]:
    """The list `/titles` shows (admins: it is their tool, the group sees titles in /status)."""
    return await active(services, await rights.admin_bloc_here(services, actor))


async def propose_add(services: Services, actor: Actor, text: str) -> PendingChange:
    bloc = await rights.admin_bloc_here(services, actor)
    existing = await active(services, bloc)
    if len(existing) >= TITLES_MAX:
        raise Conflict("titles.too_many", max=TITLES_MAX)
    name = _check_name(text, existing)
    return await services.pending_changes.create(
        bloc.id, CHANGE_KIND, {"name": name}, by=actor.user_id, now=services.clock.now()
    )


async def by_number(services: Services, actor: Actor, number_text: str) -> tuple[int, Title]:
    """(number, title) by its number in the list as it is now (what `/titles` shows now: the
    numbers move when a title is removed, so every confirmation names the title found)."""
    bloc = await rights.admin_bloc_here(services, actor)
    existing = await active(services, bloc)
    if not number_text.isdigit() or not 1 <= int(number_text) <= len(existing):
        raise BadInput("titles.bad_number", count=len(existing))
    return int(number_text), existing[int(number_text) - 1]


async def _may_rename(services: Services, title: Title, number: int) -> None:
    """Refuse renaming a title a closed year pledged for or voted on (never rewrite that year)."""
    years = locking_years(await services.titles.uses(title.id))
    if years:
        raise Conflict(
            "titles.rename_locked",
            name=title.name,
            years=", ".join(str(y) for y in years),
            number=number,
        )


async def propose_rename(
    services: Services, actor: Actor, number_text: str, text: str
) -> tuple[int, Title, PendingChange]:
    """`/titles rename <n> <name>`: the title number n is now, and the change proposed."""
    number, title = await by_number(services, actor, number_text)
    bloc = await rights.admin_bloc_here(services, actor)
    await _may_rename(services, title, number)
    name = _check_name(text, await active(services, bloc), skip=title.id)
    change = await services.pending_changes.create(
        bloc.id,
        CHANGE_KIND,
        {"name": name, "title_id": title.id, "old": title.name},
        by=actor.user_id,
        now=services.clock.now(),
    )
    return number, title, change


async def confirm(services: Services, actor: Actor, change_id: int) -> str:
    """Apply a proposed add or rename; returns the name stored."""
    bloc = await rights.admin_bloc_here(services, actor)
    async with services.db.transaction():
        change = await open_change(services, bloc, change_id, CHANGE_KIND)
        existing = await services.titles.active(bloc.id)
        title_id = change.payload.get("title_id")
        name = _check_name(change.payload["name"], existing, skip=title_id)
        if title_id is None:
            if len(existing) >= TITLES_MAX:
                raise Conflict("titles.too_many", max=TITLES_MAX)
            await services.titles.add(bloc.id, name, services.clock.now())
        else:
            await _renamable(services, existing, title_id)
            if not await services.titles.rename(title_id, name):
                raise Conflict("titles.gone", name=change.payload.get("old", name))
        await services.pending_changes.take(change.id)
    return name


async def _renamable(services: Services, existing: list[Title], title_id: int) -> None:
    """At ✅: a year may have closed since the rename was proposed."""
    for number, title in enumerate(existing, start=1):
        if title.id == title_id:
            await _may_rename(services, title, number)


async def _title_of(services: Services, bloc: Bloc, title_id: int) -> Title:
    """The title a button names (by id, so a press on an older list acts on the title shown
    beside it); one removed since is said so, with the way to a fresh list."""
    title = await services.titles.get(title_id)
    if title is None or title.bloc_id != bloc.id:
        raise Conflict("core.stale_button")
    if title.removed:
        raise Conflict("titles.gone", name=title.name)
    return title


async def title_of(services: Services, actor: Actor, title_id: int) -> Title:
    """An active title of the bloc a button names."""
    return await _title_of(services, await rights.admin_bloc_here(services, actor), title_id)


async def remove(services: Services, actor: Actor, title_id: int) -> tuple[Title, list[Title]]:
    """Remove the title; returns it and the list as it is now."""
    bloc = await rights.admin_bloc_here(services, actor)
    async with services.db.transaction():
        title = await _title_of(services, bloc, title_id)
        await services.titles.remove(title.id, services.clock.now())
    return title, await active(services, bloc)


async def drop(services: Services, actor: Actor, change_id: int) -> None:
    """✖️ on a proposal: nothing changes."""
    bloc = await rights.admin_bloc_here(services, actor)
    await drop_change(services, bloc, change_id, CHANGE_KIND)


async def keep(services: Services, actor: Actor) -> None:
    """✖️ on removing a title: nothing changes (an admin's button all the same)."""
    await rights.admin_bloc_here(services, actor)

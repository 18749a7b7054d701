"""The year's scoring scale: the bundled sample at opening, a bloc's own file as a new version.

A file is checked whole (`bot.formats.scale` lists every error) and then proposed: the
admin sees what will replace what and confirms with ✅. Once units have submitted assessments
of the year, replacing the scale re-opens them; the confirmation says so, and the commit
re-checks the count. The assessments feature plugs its table in as its `Feature.scale_guard`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from typing import Any

from bot import rights
from bot.actor import Actor
from bot.domain.bloc import Bloc
from bot.domain.pending import PendingChange
from bot.domain.scale import Scale
from bot.domain.scale_diff import Change, scale_changes
from bot.domain.year import StoredScale, Year
from bot.errors import Conflict, NotFound
from bot.formats import worker
from bot.formats.scale import load_scale_yaml
from bot.formats.scale_sheet import scale_to_xlsx
from bot.formats.uploads import scale_upload
from bot.services import Services
from bot.usecases.pending import drop_change, open_change
from bot.usecases.year_next import no_open_year

SAMPLE_FILE = "scale-sample.yaml"
SAMPLE_SOURCE = "sample"
#: The kind of pending change a proposed scale is stored as.
CHANGE_KIND = "scale"
#: What a scale file's name may be at most, as stored with its version.
SOURCE_MAX_CHARS = 120


async def _submitted(services: Services, year_id: int) -> int:
    """What depends on the year's scale, per the features' scale guards (assessments)."""
    return sum([await g.submitted(services, year_id) for g in services.registry.scale_guards])


async def _reopen_all(services: Services, year_id: int, *, by: int, now: datetime) -> int:
    guards = services.registry.scale_guards
    return sum([await g.reopen_all(services, year_id, by=by, now=now) for g in guards])


@dataclass(frozen=True)
class Current:
    year: Year
    stored: StoredScale
    scale: Scale


@dataclass(frozen=True)
class Proposal:
    change: PendingChange
    scale: Scale
    replaces: StoredScale
    submitted: int
    #: What the new scale adds, removes and changes against the one it replaces.
    changes: tuple[Change, ...] = ()


@lru_cache(maxsize=1)
def sample_scale() -> Scale:
    """The bundled sample (a copy of the shared `scale-sample.yaml`), read once."""
    data = resources.files("bot.data").joinpath(SAMPLE_FILE).read_bytes()
    return load_scale_yaml(data)


def as_body(scale: Scale) -> dict[str, Any]:
    """The scale as JSON data: decimals become strings, so nothing is rounded."""
    return scale.model_dump(mode="json")


def parsed(services: Services, stored: StoredScale) -> Scale:
    """The Scale of a stored version; versions never change, so they are cached by id."""
    cache: dict[int, Scale] = services.cache.setdefault("scales", {})
    scale = cache.get(stored.id)
    if scale is None:
        scale = cache[stored.id] = Scale.model_validate(stored.body)
    return scale


async def attach_sample(services: Services, year: Year, *, by: int) -> StoredScale:
    sample = sample_scale()
    return await services.scales.add_version(
        year.id,
        name=sample.name,
        source=SAMPLE_SOURCE,
        body=as_body(sample),
        by=by,
        now=services.clock.now(),
    )


async def current(services: Services, bloc: Bloc) -> Current:
    """The scale of the open year (else of the latest year)."""
    year = await services.years.current(bloc.id) or await services.years.latest(bloc.id)
    if year is None:
        raise await no_open_year(services, bloc, "year.none_next")
    stored = await services.scales.current(year.id)
    if stored is None:
        raise NotFound("scale.none")
    return Current(year=year, stored=stored, scale=parsed(services, stored))


async def current_here(services: Services, actor: Actor) -> Current:
    """`/scale`: the scale of the group's bloc (a read: members, delegates, admins)."""
    return await current(services, await rights.member_bloc_here(services, actor))


async def template_here(services: Services, actor: Actor) -> Current:
    """`/scale template` (admins): the scale to write as the XLSX template."""
    return await current(services, await rights.admin_bloc_here(services, actor))


async def version(services: Services, actor: Actor, scale_id: int) -> Current:
    """The version a button was made for, if it is still the current one (a read)."""
    found = await current_here(services, actor)
    if found.stored.id != scale_id:
        raise Conflict("scale.replaced")
    return found


def template(scale: Scale, lang: str, instructions: list[str]) -> bytes:
    """The XLSX template in the admin's language, its instructions on the first sheet."""
    return scale_to_xlsx(scale, lang, instructions)


async def propose(services: Services, actor: Actor, *, filename: str, data: bytes) -> Proposal:
    """Check a scale file whole (FileRejected lists every error) and keep it for the ✅.

    The file is read before the open year is looked for: a roster sent with /scale is told to
    go with /addunit, not to open a year first."""
    bloc = await rights.admin_bloc_here(services, actor)
    by = actor.user_id
    # Off the event loop, in a process with time and memory limits: others are not kept waiting.
    scale = await worker.parse(scale_upload, filename, data)
    year = await services.years.current(bloc.id)
    if year is None:
        raise await no_open_year(services, bloc, "year.none_open_next")
    replaces = await services.scales.current(year.id)
    assert replaces is not None
    if as_body(scale) == as_body(parsed(services, replaces)):  # one stored before NFC, too
        raise Conflict("scale.same_as_current", version=replaces.version)
    submitted = await _submitted(services, year.id)
    payload = {
        "year_id": year.id,
        "replaces": replaces.id,
        "submitted": submitted,
        "source": PurePath(filename).name[:SOURCE_MAX_CHARS],
        "scale": as_body(scale),
    }
    change = await services.pending_changes.create(
        bloc.id, CHANGE_KIND, payload, by=by, now=services.clock.now()
    )
    changes = tuple(scale_changes(parsed(services, replaces), scale))
    return Proposal(
        change=change, scale=scale, replaces=replaces, submitted=submitted, changes=changes
    )


async def confirm(services: Services, actor: Actor, change_id: int) -> tuple[StoredScale, int]:
    """Store the proposed scale as the new version; returns it and the re-opened count."""
    bloc = await rights.admin_bloc_here(services, actor)
    by = actor.user_id
    now = services.clock.now()
    async with services.db.transaction():
        change = await open_change(services, bloc, change_id, CHANGE_KIND)
        payload = change.payload
        year = await services.years.current(bloc.id)
        replaces = await services.scales.current(year.id) if year else None
        if year is None or year.id != payload["year_id"] or replaces is None:
            raise Conflict("core.stale_button")
        if replaces.id != payload["replaces"]:
            raise Conflict("scale.changed_meanwhile")
        submitted = await _submitted(services, year.id)
        if submitted > payload["submitted"]:
            raise Conflict("scale.new_submissions", count=submitted)
        reopened = await _reopen_all(services, year.id, by=by, now=now) if submitted else 0
        scale = Scale.model_validate(payload["scale"])
        stored = await services.scales.add_version(
            year.id, name=scale.name, source=payload["source"], body=as_body(scale), by=by, now=now
        )
        await services.pending_changes.take(change.id)
    return stored, reopened


async def drop(services: Services, actor: Actor, change_id: int) -> None:
    """✖️ on a proposal: nothing changes."""
    bloc = await rights.admin_bloc_here(services, actor)
    await drop_change(services, bloc, change_id, CHANGE_KIND)

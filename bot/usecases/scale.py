"""The year's scoring scale: the bundled sample at opening, a bloc's own file as a new version.

A file is checked whole (`bot.formats.scale` lists every error) and then proposed: the
admin sees what will replace what and confirms with ✅. Once units have submitted assessments
of the year, replacing the scale re-opens them; the confirmation says so, and the commit
re-checks the count. The assessments feature plugs its table in with `use_assessments`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from typing import Any, Protocol

from bot.domain.bloc import Bloc
from bot.domain.membership import PendingChange
from bot.domain.scale import Scale
from bot.domain.scale_diff import Change, scale_changes
from bot.domain.year import StoredScale, Year
from bot.errors import Conflict, NotFound
from bot.formats import worker
from bot.formats.scale import load_scale, load_scale_yaml
from bot.formats.scale_sheet import scale_to_xlsx
from bot.services import Services
from bot.usecases.pending import drop_change, open_change

SAMPLE_FILE = "scale-sample.yaml"
SAMPLE_SOURCE = "sample"
#: The kind of pending change a proposed scale is stored as.
CHANGE_KIND = "scale"
#: What a scale file's name may be at most, as stored with its version.
SOURCE_MAX_CHARS = 120


class Assessments(Protocol):
    """What replacing a scale needs to know of the year's assessments (issue: assessments)."""

    async def submitted(self, services: Services, year_id: int) -> int:
        """How many units have submitted an assessment of the year (any round)."""
        ...

    async def reopen_all(self, services: Services, year_id: int, *, by: int, now: datetime) -> int:
        """Re-open every submitted assessment of the year (inside the caller's transaction)."""
        ...


class _NoAssessments:
    """Until assessments exist, nothing is ever submitted."""

    async def submitted(self, services: Services, year_id: int) -> int:
        return 0

    async def reopen_all(self, services: Services, year_id: int, *, by: int, now: datetime) -> int:
        return 0


_assessments: list[Assessments] = [_NoAssessments()]


def use_assessments(source: Assessments) -> None:
    """Called once by the assessments feature (its `register`) to plug its table in."""
    _assessments[0] = source


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
        raise NotFound("year.none")
    stored = await services.scales.current(year.id)
    if stored is None:
        raise NotFound("scale.none")
    return Current(year=year, stored=stored, scale=parsed(services, stored))


async def version(services: Services, bloc: Bloc, scale_id: int | None) -> Current:
    """The version a button was made for, if it is still the current one."""
    found = await current(services, bloc)
    if found.stored.id != scale_id:
        raise Conflict("scale.replaced")
    return found


def template(scale: Scale, lang: str, instructions: list[str]) -> bytes:
    """The XLSX template in the admin's language, its instructions on the first sheet."""
    return scale_to_xlsx(scale, lang, instructions)


async def propose(
    services: Services, bloc: Bloc, *, filename: str, data: bytes, by: int
) -> Proposal:
    """Check a scale file whole (FileRejected lists every error) and keep it for the ✅."""
    year = await services.years.current(bloc.id)
    if year is None:
        raise NotFound("year.none_open")
    # Off the event loop, in a process with time and memory limits: others are not kept waiting.
    scale = await worker.parse(load_scale, filename, data)
    replaces = await services.scales.current(year.id)
    assert replaces is not None
    if as_body(scale) == replaces.body:
        raise Conflict("scale.same_as_current", version=replaces.version)
    submitted = await _assessments[0].submitted(services, year.id)
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


async def confirm(
    services: Services, bloc: Bloc, change_id: int | None, *, by: int
) -> tuple[StoredScale, int]:
    """Store the proposed scale as the new version; returns it and the re-opened count."""
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
        guard = _assessments[0]
        submitted = await guard.submitted(services, year.id)
        if submitted > payload["submitted"]:
            raise Conflict("scale.new_submissions", count=submitted)
        reopened = await guard.reopen_all(services, year.id, by=by, now=now) if submitted else 0
        scale = Scale.model_validate(payload["scale"])
        stored = await services.scales.add_version(
            year.id, name=scale.name, source=payload["source"], body=as_body(scale), by=by, now=now
        )
        await services.pending_changes.take(change.id)
    return stored, reopened


async def drop(services: Services, bloc: Bloc, change_id: int | None) -> None:
    """✖️ on a proposal: nothing changes."""
    await drop_change(services, bloc, change_id, CHANGE_KIND)

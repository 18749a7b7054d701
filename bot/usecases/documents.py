"""The year-end documents: what can be drafted now, drafting, the bloc's letterhead, templates.

Why here: `/documents` and `python -m bot documents` must agree on what can be drafted and on
every number, so both gather one `DocumentData` (the results' `YearReport` plus the closed
votes) and render it the same way. Rendering and checking a template run in a worker thread
(`asyncio.to_thread`), never on the event loop. Everything an admin does here is checked here:
a bloc admin only, checked with the `Actor` of the update (the command line is the
operator's and calls `draft_year`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from bot import rights
from bot.actor import Actor
from bot.domain.ballots import ElectionKind, HeadTally
from bot.domain.bloc import Bloc
from bot.domain.commendation import CommendationTally, Standing, open_ties
from bot.domain.documents import (
    MAX_FIELD,
    MAX_TEMPLATE_BYTES,
    SETTINGS_FIELDS,
    DocName,
    DocumentSettings,
    Facts,
    Meeting,
    Missing,
    Tie,
    availability,
    missing,
)
from bot.domain.review import Round
from bot.domain.year import Year
from bot.errors import BadInput, Conflict, NotFound
from bot.services import Services
from bot.usecases.results import year_report
from bot.usecases.year import named_year
from storage.documents import DocumentRepo
from storage.reviews import ReviewRepo

if TYPE_CHECKING:  # the documents' code loads with the first document (memory at idle)
    from bot.formats.documents.data import DocumentData


@dataclass(frozen=True)
class Drafted:
    name: DocName
    file_name: str
    body: bytes


async def admin_blocs(services: Services, actor: Actor) -> list[Bloc]:
    """The blocs `/documents` can act for: the group's (an admin's), or in private every bloc
    the person is a recorded admin of (a Telegram-only group admin is known in the group)."""
    if not actor.private:
        return [await rights.admin_bloc_here(services, actor)]
    found = [
        bloc
        for bloc_id in await services.blocs.admin_bloc_ids(actor.user_id)
        if (bloc := await services.blocs.get(bloc_id)) is not None
    ]
    if not found:
        raise await rights.admins_only_in_private(services, actor.user_id)
    return found


async def admin_bloc(services: Services, actor: Actor, bloc_id: int) -> Bloc:
    """A bloc by id (a button's address, never a permission): its admins only."""
    bloc = await services.blocs.get(bloc_id)
    if bloc is None:
        raise NotFound("core.stale_button")
    await rights.require_admin(services, actor, bloc)
    return bloc


async def year_of(services: Services, bloc: Bloc, number_text: str | None = None) -> Year:
    """The year the documents are about: the one named (`/documents 2026`, read as `/summary
    2026` reads it: a closed year too, a year the bloc never had refused), else the open one,
    else the latest closed one. The proposal letter is often filed after the next year opened.
    """
    return await named_year(services, bloc, number_text)


async def year_for(services: Services, actor: Actor, year_id: int) -> tuple[Bloc, Year]:
    """The year a button names and its bloc, for an admin of that bloc (checked again)."""
    year = await services.years.get(year_id)
    if year is None:
        raise NotFound("core.stale_button")
    return await admin_bloc(services, actor, year.bloc_id), year


async def _binhxet_rounds(services: Services, year: Year) -> list[CommendationTally]:
    """The counts of the year's bình xét, in the order its rounds closed."""
    votes = [
        v
        for v in await services.elections.of_year(year.id)
        if v.kind is ElectionKind.COMMENDATION and not v.is_open and v.result
    ]
    votes.sort(key=lambda v: (v.closed_at, v.id))
    return [CommendationTally.model_validate((v.result or {}).get("tally")) for v in votes]


async def ties_of(services: Services, year: Year) -> tuple[Tie, ...]:
    """The titles whose last seats are still tied after the year's bình xét (title order),
    with the tied units' codes: what the proposal letter and closing the year warn about."""
    found = open_ties(await _binhxet_rounds(services, year))
    if not found:
        return ()
    titles = await services.titles.all(year.bloc_id)
    codes = {u.id: u.code for u in await services.units.list(year.bloc_id)}
    ordered = sorted(found, key=lambda t: (titles[t].position, t) if t in titles else (0, t))
    return tuple(
        Tie(
            title=titles[t].name if t in titles else str(t),
            codes=tuple(codes.get(u, str(u)) for u in found[t].units(Standing.TIED)),
        )
        for t in ordered
    )


async def facts(services: Services, year: Year) -> Facts:
    votes = await services.elections.of_year(year.id)
    binhxet = [v for v in votes if v.kind is ElectionKind.COMMENDATION]
    yearend = await services.assessments.of_round(year.id, Round.YEAREND)
    return Facts(
        leader_votes_closed=sum(
            1 for v in votes if v.kind is not ElectionKind.COMMENDATION and not v.is_open
        ),
        binhxet_closed=any(not v.is_open for v in binhxet),
        binhxet_open=any(v.is_open for v in binhxet),
        yearend_submitted=any(a.submitted for a in yearend.values()),
        yearend_closed=await ReviewRepo(services.db).is_closed(year.id, Round.YEAREND),
        meeting_entered=await DocumentRepo(services.db).meeting(year.id) is not None,
        ties=await ties_of(services, year),
    )


@dataclass(frozen=True)
class Overview:
    """What `/documents` lists: the year's facts (what each document lacks or leaves open)
    and the bloc's kept letterhead."""

    bloc: Bloc
    year: Year
    facts: Facts
    settings: DocumentSettings | None

    @property
    def ready(self) -> dict[DocName, tuple[Missing, ...]]:
        """What each document lacks; with no letterhead yet, that too (no 📄 without it)."""
        found = availability(self.facts)
        if self.settings is not None:
            return found
        return {name: (*lacking, Missing.SETTINGS) for name, lacking in found.items()}


async def overview(
    services: Services, actor: Actor, bloc: Bloc, year: Year | None = None
) -> Overview:
    """Every document of the year (the open or latest one unless named) with what it lacks."""
    await rights.require_admin(services, actor, bloc)
    year = year or await year_of(services, bloc)
    settings = await DocumentRepo(services.db).settings(bloc.id)
    return Overview(bloc, year, await facts(services, year), settings)


async def gather(services: Services, bloc: Bloc, year: Year) -> DocumentData:
    from bot.formats.documents.data import DocumentData, VoteRecord

    repo = DocumentRepo(services.db)
    settings = await repo.settings(bloc.id)
    if settings is None:
        raise Conflict("documents.no_settings")
    report = await year_report(services, bloc, year)
    units = await services.units.list(bloc.id)
    titles = sorted((await services.titles.all(bloc.id)).values(), key=lambda t: (t.position, t.id))
    votes = [v for v in await services.elections.of_year(year.id) if not v.is_open and v.result]
    people_ids = {v.opened_by for v in votes} | {v.closed_by for v in votes if v.closed_by}
    people = await services.users.get_many(sorted(people_ids))
    name = {uid: profile.display_name for uid, profile in people.items()}
    records = []
    for vote in sorted(votes, key=lambda v: (v.closed_at, v.id)):
        tally = (vote.result or {}).get("tally")
        assert vote.closed_at is not None
        records.append(
            VoteRecord(
                kind=vote.kind,
                round=vote.round,
                opened_at=vote.opened_at,
                closed_at=vote.closed_at,
                opened_by=name.get(vote.opened_by, str(vote.opened_by)),
                closed_by=name.get(vote.closed_by, str(vote.closed_by)) if vote.closed_by else None,
                roll=tuple(sorted(await services.elections.roll(vote.id))),
                voted=tuple(sorted(await services.elections.voted(vote.id))),
                rules=vote.rules,
                head=HeadTally.model_validate(tally)
                if vote.kind is not ElectionKind.COMMENDATION
                else None,
                commendation=CommendationTally.model_validate(tally)
                if vote.kind is ElectionKind.COMMENDATION
                else None,
                receipts=len(await services.elections.receipts(vote.id)),
                attempt=vote.repeat,
                voiceless=vote.voiceless,
            )
        )
    return DocumentData(
        report=report,
        settings=settings,
        meeting=await repo.meeting(year.id),
        votes=tuple(records),
        titles={t.id: t.name for t in titles},  # in the bloc's order of titles
        units={u.id: (u.code, u.name) for u in units},
    )


def file_name(name: DocName, year: Year) -> str:
    return f"{name.value}-{year.year}.docx"


async def _template(services: Services, bloc: Bloc, name: DocName, lang: str) -> bytes:
    from bot.formats.documents.render import default_template

    stored = await DocumentRepo(services.db).template(bloc.id, name, lang)
    return stored if stored is not None else default_template(name, lang)


async def _render(
    services: Services, bloc: Bloc, year: Year, data: DocumentData, name: DocName, lang: str
) -> Drafted:
    from bot.formats.documents.context import context_for
    from bot.formats.documents.render import TemplateBroken, render

    template = await _template(services, bloc, name, lang)
    context = context_for(name, data, services.catalog, lang)
    try:
        body = await asyncio.to_thread(render, template, context)
    except TemplateBroken as exc:
        raise BadInput("documents.template_broken", detail=exc.detail) from exc
    return Drafted(name=name, file_name=file_name(name, year), body=body)


async def draft(
    services: Services, actor: Actor, bloc: Bloc, name: DocName, lang: str, *,
    year: Year | None = None, for_group: bool = False,
) -> Drafted:  # fmt: skip
    """One document of the year (the open or latest one unless given), or a refusal naming
    what it still lacks. A copy `for_group` leaves out why a unit was not ranked: the reason
    is told to the unit and the reviewers, never to the group (as `/summary`); the admin's
    private copy keeps it, as the report to the level above needs it."""
    await rights.require_admin(services, actor, bloc)
    year = year or await year_of(services, bloc)
    lacking = missing(name, await facts(services, year))
    if lacking:
        raise Conflict("documents.cannot_draft", **_lacking(services, lang, name, lacking))
    data = await gather(services, bloc, year)
    if for_group:
        data = data.model_copy(update={"report": data.report.for_group()})
    return await _render(services, bloc, year, data, name, lang)


def _lacking(
    services: Services, lang: str, name: DocName, lacking: tuple[Missing, ...]
) -> dict[str, str]:
    t = services.catalog.texts[lang]
    return {
        "name": t[f"documents.name_{name.value}"],
        "missing": "; ".join(t[f"documents.missing_{m.value}"] for m in lacking),
    }


async def draft_year(
    services: Services, bloc: Bloc, year: Year, lang: str
) -> tuple[list[Drafted], dict[DocName, dict[str, str]]]:
    """Every document that can be drafted (the operator's command line), and those skipped."""
    ready = availability(await facts(services, year))
    data = await gather(services, bloc, year)
    drafted, skipped = [], {}
    for name, lacking in ready.items():
        if lacking:
            skipped[name] = _lacking(services, lang, name, lacking)
        else:
            drafted.append(await _render(services, bloc, year, data, name, lang))
    return drafted, skipped


async def save_settings(
    services: Services, actor: Actor, bloc: Bloc, fields: dict[str, Any]
) -> DocumentSettings:
    await rights.require_admin(services, actor, bloc)
    try:
        settings = DocumentSettings.model_validate(fields)
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        lines = [str(n) for n, name in enumerate(SETTINGS_FIELDS, start=1) if name in bad]
        raise BadInput("documents.bad_settings", lines=", ".join(lines)) from exc
    async with services.db.transaction():
        await DocumentRepo(services.db).save_settings(
            bloc.id, settings, by=actor.user_id, now=services.clock.now()
        )
    return settings


async def save_meeting(
    services: Services, actor: Actor, bloc: Bloc, held_on: date, place: str,
    extra_codes: list[str], year: Year | None = None,
) -> Meeting:  # fmt: skip
    """The bình xét meeting of the year (the open or latest one unless given): its date and
    place (typed by the admin), and units present that cast no ballot (by code). A unit that
    cast a bình xét ballot is refused there by name: the minutes count it present already, and
    "present without voting" would contradict the vote's record."""
    await rights.require_admin(services, actor, bloc)
    year = year or await year_of(services, bloc)
    units = {u.code: u.id for u in await services.units.list(bloc.id)}
    wanted = {code.strip().upper() for code in extra_codes if code.strip()}
    if unknown := sorted(wanted - set(units)):
        raise BadInput("documents.bad_meeting_units", codes=", ".join(unknown))
    voters = await _binhxet_voters(services, year)
    if voted := sorted(code for code in wanted if units[code] in voters):
        raise BadInput("documents.meeting_voted", codes=", ".join(voted))
    try:
        meeting = Meeting(
            held_on=held_on, place=place, extra_unit_ids=tuple(sorted(units[c] for c in wanted))
        )
    except ValidationError as exc:  # the place: empty, or too long
        raise BadInput("documents.bad_meeting_place", max=MAX_FIELD) from exc
    async with services.db.transaction():
        await DocumentRepo(services.db).save_meeting(
            year.id, meeting, by=actor.user_id, now=services.clock.now()
        )
    return meeting


async def _binhxet_voters(services: Services, year: Year) -> set[int]:
    """The units that cast a ballot in any bình xét vote of the year (open or closed)."""
    voters: set[int] = set()
    for vote in await services.elections.of_year(year.id):
        if vote.kind is ElectionKind.COMMENDATION:
            voters |= await services.elections.voted(vote.id)
    return voters


def described_names(say: Callable[[str], str]) -> str:
    """Each document's short name with what it is, in the reader's words ("kiemphieu-bau
    (Minutes of the count: …)"): the names stay ASCII (README fixes them), the words say
    what each is to a bloc reading English."""
    return ", ".join(f"{n.value} ({say(f'documents.name_{n.value}')})" for n in DocName)


def parse_name(services: Services, lang: str, text: str) -> DocName:
    try:
        return DocName(text.strip().lower())
    except ValueError:
        names = described_names(services.catalog.texts[lang].__getitem__)
        raise BadInput("documents.unknown_name", name=text.strip()[:40], names=names) from None


async def current_template(
    services: Services, actor: Actor, bloc: Bloc, name: DocName, lang: str
) -> Drafted:
    """`/documents template <name>`: the template in use (the bloc's, else the default)."""
    await rights.require_admin(services, actor, bloc)
    body = await _template(services, bloc, name, lang)
    return Drafted(name=name, file_name=f"mau-{name.value}.docx", body=body)


async def check_upload(
    services: Services, actor: Actor, bloc: Bloc, name: DocName, lang: str, data: bytes
) -> None:
    """A .docx sent with the caption `/documents template <name>`: checked in a worker thread
    before the ✅ is asked; refused with every unknown or missing name at once."""
    await rights.require_admin(services, actor, bloc)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise BadInput("documents.template_too_big")
    from bot.formats.documents.context import context_for, required
    from bot.formats.documents.render import check_template
    from bot.formats.documents.sample import sample_data

    context = context_for(name, sample_data(), services.catalog, lang)
    check = await asyncio.to_thread(
        check_template, data, frozenset(context), required(name), context
    )
    if check.problems:
        raise BadInput(f"documents.template_{check.problems[0]}")
    if check.unknown or check.missing:
        raise BadInput(
            "documents.template_names",
            unknown=", ".join(check.unknown) or "—",
            missing=", ".join(check.missing) or "—",
        )
    if check.broken:
        raise BadInput("documents.template_broken", detail=check.broken)


async def replace_template(
    services: Services, actor: Actor, bloc: Bloc, name: DocName, lang: str, data: bytes
) -> None:
    """✅ on an uploaded template: checked again and stored; nothing is stored on a refusal."""
    await check_upload(services, actor, bloc, name, lang, data)
    async with services.db.transaction():
        await DocumentRepo(services.db).save_template(
            bloc.id, name, lang, data, by=actor.user_id, now=services.clock.now()
        )

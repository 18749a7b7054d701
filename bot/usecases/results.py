"""The year's results gathered from the database: what `/summary`, `/export` and the CLI show.

One gathering for every view, so the chat, the workbook and the chart agree to the last decimal:
units, pledges, each round's self-scores with their review (final scores, ranking with ties),
votes, and the log of who did what. The workbook is written in a thread, the chart drawn at the
same time in a worker process (another core; matplotlib never loads into the bot).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from decimal import Decimal

from bot import rights
from bot.actor import Actor
from bot.domain.bloc import Bloc, Unit
from bot.domain.calendar import Phase
from bot.domain.elections import LeaderSource, Role
from bot.domain.ranking import UnitRef, rank_units
from bot.domain.review import Action, Event, Round, review_sheet
from bot.domain.year import Pledge, Year
from bot.errors import Conflict, NotFound
from bot.formats import worker
from bot.formats.report import LogLine, PledgeInfo, RoundReport, UnitInfo, YearReport
from bot.i18n import Catalog
from bot.services import Services
from bot.usecases import results_input
from bot.usecases.scale import parsed
from bot.usecases.year import named_year, shown_year
from bot.usecases.year_next import no_open_year
from storage.reviews import ReviewRepo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExportFiles:
    workbook: bytes
    #: None while nothing is ranked: a chart saying so is not sent (the workbook's caption says
    #: there is nothing to chart yet).
    chart: bytes | None
    report: YearReport


async def year_report(services: Services, bloc: Bloc, year: Year) -> YearReport:
    """Everything about the year that may be shown (never drafts, never ballots)."""
    reviews = ReviewRepo(services.db)
    units = await services.units.list(bloc.id)
    delegates = await services.units.delegates_of_bloc(bloc.id)
    leaders = await reviews.leaders(bloc.id, year.id)
    pledges = await services.pledges.of_year(year.id)
    titles = await services.titles.all(bloc.id)
    events = await reviews.log(year.id)
    people_ids = {u for ids in delegates.values() for u in ids} | {e.user_id for e in events}
    people_ids |= {p.registered_by for p in pledges.values()}
    people_ids |= await results_input.submitters(services, year.id)
    rounds = await _rounds(services, reviews, units, year)
    for part in rounds:
        for sheet in part.sheets.values():
            people_ids |= {line.reviewed.reviewer_id for line in sheet.adjusted if line.reviewed}
            people_ids |= {extra.reviewer_id for extra in sheet.extras}
            people_ids |= {sheet.excluded_by} if sheet.excluded_by is not None else set()
        people_ids |= {answer.by for answers in part.answers.values() for answer in answers}
    profiles = await services.users.get_many(sorted(people_ids))
    people = {uid: profile.display_name for uid, profile in profiles.items()}
    code_of = {u.id: u.code for u in units}
    title_names = {t.id: t.name for t in titles.values()}

    def role(unit_id: int) -> str | None:
        if unit_id == leaders.head_unit_id:
            return "head"
        return "deputy" if unit_id == leaders.deputy_unit_id else None

    # next year's head and deputy, elected (or recorded) during this one
    chosen = await services.elections.leaders(bloc.id, year.year + 1)
    next_role = {leader.unit_id: role.value for role, leader in chosen.items()}
    decided = {
        leader.unit_id for leader in chosen.values() if leader.source is LeaderSource.MEETING
    }
    next_head = chosen[Role.HEAD].unit_id if Role.HEAD in chosen else None

    log = [_pledge_line(p, people, code_of) for p in pledges.values()]
    own = {
        (part.round, unit_id, line.code): line.self_score
        for part in rounds
        for unit_id, sheet in part.sheets.items()
        for line in sheet.lines
        if line.self_score is not None
    }
    log += [_review_line(e, people, code_of, own) for e in events]
    log += await results_input.submission_log(services, year.id, people, code_of)
    return YearReport(
        bloc_name=bloc.name,
        year=year.year,
        timezone=bloc.timezone,
        units=tuple(
            UnitInfo(
                unit_id=u.id,
                code=u.code,
                name=u.name,
                delegates=tuple(people.get(d, str(d)) for d in delegates.get(u.id, [])),
                role=role(u.id),
                next_role=next_role.get(u.id),
                next_decided=u.id in decided,
            )
            for u in sorted(units, key=lambda u: u.code)
        ),
        pledges=tuple(
            PledgeInfo(
                unit_id=p.unit_id,
                titles=tuple(titles[t].name for t in p.title_ids if t in titles),
                commitments=p.commitments,
                registered_at=p.first_registered_at,
            )
            for p in sorted(pledges.values(), key=lambda p: code_of.get(p.unit_id, ""))
        ),
        titles=tuple(t.name for t in sorted(titles.values(), key=lambda t: (t.position, t.id))),
        rounds=tuple(rounds),
        votes=tuple(await results_input.votes(services, year.id, code_of, title_names, next_head)),
        log=tuple(sorted(log, key=lambda line: line.at)),
        people=people,
        closed_reviews=tuple([r for r in Round if await reviews.is_closed(year.id, r)]),
        year_closed=not year.is_open,
        commitments_published=year.published,
    )


async def _rounds(
    services: Services, reviews: ReviewRepo, units: list[Unit], year: Year
) -> list[RoundReport]:
    stored = await services.scales.current(year.id)
    if stored is None:
        return []
    scale = parsed(services, stored)
    refs = [UnitRef(unit_id=u.id, code=u.code, name=u.name) for u in units]
    found = []
    for round_ in Round:
        own = await results_input.assessments(services, year.id, round_, scale)
        if not any(a.submitted for a in own):
            continue
        reviewed = await reviews.reviews(year.id, round_)
        sheets = {a.unit_id: review_sheet(scale, a, reviewed.get(a.unit_id)) for a in own}
        found.append(
            RoundReport(
                round=round_,
                scale=scale,
                sheets=sheets,
                ranking=rank_units(round_, refs, sheets),
                closed=await reviews.is_closed(year.id, round_),
                answers={u: r.answers for u, r in reviewed.items() if r.answers},
            )
        )
    return found


def _pledge_line(pledge: Pledge, people: dict[int, str], code_of: dict[int, str]) -> LogLine:
    return LogLine(
        at=pledge.first_registered_at,
        who=people.get(pledge.registered_by, str(pledge.registered_by)),
        unit=code_of.get(pledge.unit_id),
        action="registered",
    )


def _review_line(
    event: Event,
    people: dict[int, str],
    code_of: dict[int, str],
    own: dict[tuple[Round, int, str], Decimal],
) -> LogLine:
    """A review event as a log line; an extra's kind goes into the action (no code in prose).

    A score reviewed for the first time had the unit's self-score before it, and a reviewed
    score dropped leaves the self-score: the log names it (`own`: the self-scores by round,
    unit and item), where the review's own records hold no earlier reviewed value."""
    action, item = event.action.value, event.code
    if event.action in (Action.EXTRA_ADDED, Action.EXTRA_REMOVED):
        action, item = f"{event.code}_{event.action.value.split('_')[1]}", None
    old = Decimal(event.old_value) if event.old_value else None
    new = Decimal(event.new_value) if event.new_value else None
    if event.unit_id is not None and event.code is not None:
        self_score = own.get((event.round, event.unit_id, event.code))
        if event.action is Action.SCORE_SET and old is None:
            old = self_score
        elif event.action is Action.SCORE_KEPT and new is None:
            new = self_score
    return LogLine(
        at=event.at,
        who=people.get(event.user_id, str(event.user_id)),
        unit=code_of.get(event.unit_id) if event.unit_id is not None else None,
        round=event.round,
        action=action,
        item=item,
        old=old,
        new=new,
        detail=event.detail or "",
    )


async def export_files(
    services: Services, bloc: Bloc, year: Year, lang: str, *, for_group: bool = False
) -> ExportFiles:
    """The workbook (a thread) and the chart (a worker process) at once, never on the event
    loop: on two cores the export takes about as long as the longer of the two. No chart while
    nothing is ranked (`has_chart`). A copy `for_group` leaves out what only the unit, the
    reviewers and the admins read (`YearReport.group_copy`), as /documents' group copy does."""
    report = await year_report(services, bloc, year)
    if for_group:
        report = report.for_group()
    if not has_chart(report):
        workbook = await asyncio.to_thread(_workbook, report, services.catalog, lang)
        return ExportFiles(workbook=workbook, chart=None, report=report)
    workbook, chart = await asyncio.gather(
        asyncio.to_thread(_workbook, report, services.catalog, lang),
        _chart_beside(report, services.catalog, lang),
    )
    return ExportFiles(workbook=workbook, chart=chart, report=report)


def has_chart(report: YearReport) -> bool:
    """Whether a round has anything to draw (else the chart would only say there is nothing)."""
    return report.latest is not None


async def _chart_beside(report: YearReport, catalog: Catalog, lang: str) -> bytes:
    """The chart from a worker process; drawn here in a thread if the worker failed."""
    texts = Catalog({lang: dict(catalog.texts[lang])})  # what the child needs: one language
    try:
        chart: bytes = await worker.render(
            "bot.formats.chart_png", "ranking_png", report, texts, lang
        )
        return chart
    except (worker.RenderFailed, OSError) as exc:
        log.warning("chart not drawn in a worker process (%s); drawing it here", exc)
        return await asyncio.to_thread(_chart, report, catalog, lang)


async def year_by_number(services: Services, bloc_id: int, number: int) -> tuple[Bloc, Year]:
    """The bloc and its year `number` (for the command line), or NotFound: a year the bloc
    never had is refused as `/export 2025` refuses it, with the years it has."""
    bloc = await services.blocs.get(bloc_id)
    if bloc is None:
        raise NotFound("export.cli_no_bloc", bloc=bloc_id)
    return bloc, await shown_year(services, bloc, number)


async def _year_of(services: Services, bloc: Bloc, year_text: str | None = None) -> Year:
    """The year named (`/summary 2026`, `/export 2026`: as `/status 2026` reads it), else the
    open one, else the latest closed one (results stay readable after closing)."""
    if year_text and year_text.strip():
        return await named_year(services, bloc, year_text)
    year = await services.years.current(bloc.id) or await services.years.latest(bloc.id)
    if year is None:
        raise await no_open_year(services, bloc, "year.none_next")
    return year


async def summary_here(
    services: Services, actor: Actor, year_text: str | None = None
) -> tuple[Bloc, Year]:
    """`/summary [year]` in the group: anyone who may read the bloc; the year named, else the
    open one, else the latest closed one."""
    bloc = await rights.member_bloc_here(services, actor)
    return bloc, await _year_of(services, bloc, year_text)


async def summary_of(services: Services, actor: Actor, year_id: int) -> tuple[Bloc, Year]:
    """A section button: the year it names, and the right to read its bloc, again."""
    year = await services.years.get(year_id)
    bloc = await services.blocs.get(year.bloc_id) if year is not None else None
    if year is None or bloc is None:
        raise Conflict("core.stale_button")
    await rights.require_member(services, actor, bloc)
    return bloc, year


async def readable_report(services: Services, actor: Actor, bloc: Bloc, year: Year) -> YearReport:
    """The report for a reader of the bloc (a summary part asks this; rights checked here)."""
    await rights.require_member(services, actor, bloc)
    return await year_report(services, bloc, year)


async def default_phase(services: Services, year: Year) -> Phase:
    """The section `/summary` opens on: the latest round with a submission, else pledges."""
    found = await _latest_submitted(services, year)
    return found.phase if found is not None else Phase.PLEDGE


async def _latest_submitted(services: Services, year: Year) -> Round | None:
    """The latest round some unit submitted (what has a ranking), if any."""
    for round_ in (Round.YEAREND, Round.MIDYEAR):
        found = await services.assessments.of_round(year.id, round_)
        if any(a.submitted for a in found.values()):
            return round_
    return None


@dataclass(frozen=True)
class SummaryLeaders:
    """The year's head and deputy (codes, None where not set), and next year's as the votes
    elected or the meeting decided them: role -> (code, decided in the meeting)."""

    head: str | None
    deputy: str | None
    upcoming: dict[Role, tuple[str, bool]]


async def leaders(services: Services, actor: Actor, bloc: Bloc, year: Year) -> SummaryLeaders:
    """This year's head and deputy units, and next year's once elected or recorded."""
    await rights.require_member(services, actor, bloc)
    found = await ReviewRepo(services.db).leaders(bloc.id, year.id)
    codes = {u.id: u.code for u in await services.units.list(bloc.id)}
    upcoming = {
        role: (codes.get(leader.unit_id, "?"), leader.source is LeaderSource.MEETING)
        for role, leader in (await services.elections.leaders(bloc.id, year.year + 1)).items()
    }
    return SummaryLeaders(
        head=codes.get(found.head_unit_id or 0),
        deputy=codes.get(found.deputy_unit_id or 0),
        upcoming=upcoming,
    )


@dataclass(frozen=True)
class ExportAsked:
    """What `/export [year]` asks about: the year, and whether it has a ranking to chart."""

    year: Year
    charted: bool


async def export_here(
    services: Services, actor: Actor, year_text: str | None = None
) -> ExportAsked:
    """`/export [year]` in the group: bloc admins only; the year named (as `/summary 2026`
    reads it: a year the bloc never had is refused with the years it has), else the open one,
    else the latest closed one."""
    bloc = await rights.admin_bloc_here(services, actor)
    year = await _year_of(services, bloc, year_text)
    return ExportAsked(year, await _latest_submitted(services, year) is not None)


async def export_of(
    services: Services, actor: Actor, year_id: int, lang: str, *, for_group: bool = False
) -> ExportFiles:
    """The files of the year a button names, for an admin of its bloc (checked again); the
    group's copy (`for_group`) without the private parts."""
    year = await services.years.get(year_id)
    bloc = await services.blocs.get(year.bloc_id) if year is not None else None
    if year is None or bloc is None:
        raise Conflict("core.stale_button")
    await rights.require_admin(services, actor, bloc)
    return await export_files(services, bloc, year, lang, for_group=for_group)


def _workbook(report: YearReport, catalog: Catalog, lang: str) -> bytes:
    """openpyxl loads only when a workbook is made (not at the bot's start-up)."""
    from bot.formats.export_xlsx import build_workbook

    return build_workbook(report, catalog, lang)


def _chart(report: YearReport, catalog: Catalog, lang: str) -> bytes:
    """matplotlib loads only when a chart is drawn (it is most of an idle bot's memory)."""
    from bot.formats.chart_png import ranking_png

    return ranking_png(report, catalog, lang)

"""Scores given many at a time: pasted lines (`<code> <score> [note]`) and the XLSX template.

Both end the same way: every good line or row is stored at once, in one transaction, and one
answer lists what was taken, what was already so, and each refusal with its line or row. A line
without a note keeps the note the item has; a template row is "unchanged" when it says what is
stored already (the template comes pre-filled), so a round trip does not touch other rows.
A template that carries what it was pre-filled with is also sorted against the scores stored
now (`bot.domain.template_rows`), in the transaction that stores it: a row left as it was never
undoes a later change, and a changed row whose score changed meanwhile is refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bot.actor import Actor
from bot.domain.assessment import Round, Score
from bot.domain.errors import FieldError, FileRejected
from bot.domain.score_lines import ScoreLine, parse_lines
from bot.domain.template_rows import Prefilled, kept_scores, sort_rows
from bot.formats import worker
from bot.formats.assessment_xlsx import (
    Labels,
    Version,
    read_marker,
    read_template,
    write_template,
)
from bot.services import Services
from bot.usecases.assessment import (
    Session,
    editable,
    enter,
    load,
    moved,
    round_open,
    session_for,
)
from storage.assessments import KEEP


@dataclass(frozen=True)
class Received:
    """The answer to a paste or a template: stored, unchanged, refused, left empty."""

    session: Session
    stored: tuple[ScoreLine, ...]
    unchanged: int
    errors: tuple[FieldError, ...]
    empty: int = 0


def _same(scores: Mapping[str, Score], line: ScoreLine) -> bool:
    held = scores.get(line.code)
    if held is None or held.value != line.value:
        return False
    return line.note is None or held.note == line.note


async def _store(
    services: Services,
    actor: Actor,
    session: Session,
    taken: Sequence[ScoreLine],
    errors: Sequence[FieldError],
    empty: int = 0,
    prefilled: Mapping[str, Prefilled] | None = None,
    blank: Sequence[tuple[int, str]] = (),
) -> Received:
    now = services.clock.now()
    unchanged = 0
    async with services.db.transaction():
        scores = session.scores
        if prefilled is not None:
            scores = await services.assessments.scores(session.assessment.id)
            rows = sort_rows(taken, prefilled, scores)
            taken, unchanged = rows.write, rows.untouched
            kept = kept_scores(blank, prefilled, scores)  # a cleared cell removes nothing
            errors = sorted([*errors, *rows.refused, *kept], key=FieldError.sort_key)
        changed = [line for line in taken if not _same(scores, line)]
        for line in changed:
            await services.assessments.put(
                session.assessment.id,
                line.code,
                value=line.value,
                note=line.note if line.note is not None else KEEP,
                by=actor.user_id,
                now=now,
            )
    fresh = await load(services, actor.user_id, session.membership, session.round)
    fresh = await moved(services, actor.user_id, fresh, seen=fresh.assessment.revision)
    return Received(
        session=fresh,
        stored=tuple(changed),
        unchanged=unchanged + len(taken) - len(changed),
        errors=tuple(errors),
        empty=empty,
    )


async def paste(services: Services, actor: Actor, session: Session, text: str) -> Received:
    """Pasted score lines, at any step; the user stays where they were."""
    editable(session)
    pasted = parse_lines(session.scale, text)
    return await _store(services, actor, session, pasted.taken, pasted.errors)


def version_of(session: Session) -> Version:
    return Version(
        year_id=session.year.id,
        scale_id=session.stored.id,
        number=session.stored.version,
        unit_id=session.unit.id,
        unit_code=session.unit.code,
        round=session.round.value,
    )


async def _reading_version(services: Services, actor: Actor, session: Session) -> Version:
    """The version a sent template must match, with what the sender could choose instead: the
    other units they act for, and the other rounds still open to change."""
    others = frozenset(
        m.unit.id
        for m in await services.units.memberships(actor.user_id)
        if m.unit.id != session.unit.id
    )
    opened: set[str] = set()
    for round_ in Round:
        if round_ == session.round:
            continue
        if await round_open(services, session.year.id, session.unit.id, round_):
            opened.add(round_.value)
    return replace(version_of(session), choosable=others, open_rounds=frozenset(opened))


async def template(session: Session, labels: Labels) -> bytes:
    """The scale as the template, pre-filled with the unit's scores (built off the loop)."""
    return await asyncio.to_thread(
        write_template, session.scale, version_of(session), labels, session.scores
    )


async def import_template(
    services: Services, actor: Actor, session: Session, data: bytes
) -> Received:
    """A filled template sent back: FileRejected when it is not the current one; else each
    row taken or refused with its row number."""
    editable(session)
    # A hostile workbook can take seconds or much memory: a worker process with limits.
    version = await _reading_version(services, actor, session)
    result = await worker.parse(read_template, data, session.scale, version)
    return await _store(
        services,
        actor,
        session,
        result.taken,
        result.errors,
        empty=result.empty,
        prefilled=result.prefilled,
        blank=result.blank,
    )


@dataclass(frozen=True)
class Unrouted:
    """A template sent with no /assess open: whose it is (as its marker says), and, when the
    sender acts for that unit, that unit's assessment of the round (`session`, None if not)."""

    unit_code: str
    round: Round
    session: Session | None
    #: The sender acts for some unit (another one's template: they can fetch their own).
    delegate: bool
    #: The sender's own unit's template of another year: its year, and the open one's.
    year: int | None = None
    open_year: int | None = None


async def unrouted_template(services: Services, actor: Actor, data: bytes) -> Unrouted | None:
    """Whose template a workbook sent with no flow open is; None when it is no template (the
    answer any unknown file gets). The unit and round are the file's own words; the session
    is read only through the sender's own memberships (`session_for`)."""
    try:
        marker = await worker.parse(read_marker, data)
    except FileRejected:
        return None
    if marker is None:
        return None
    memberships = await services.units.memberships(actor.user_id)
    round_ = Round(marker.round)
    own = next((m for m in memberships if m.unit.id == marker.unit_id), None)
    session = await session_for(services, actor, own.unit.id, round_) if own else None
    if session is not None and session.year.id != marker.year_id:
        # another year's: nothing to take it into, but the file says whose and which year
        year = await services.years.get(marker.year_id)
        if year is None or year.bloc_id != session.year.bloc_id:
            return None
        return Unrouted(unit_code=session.unit.code, round=round_, session=None, delegate=True,
                        year=year.year, open_year=session.year.year)  # fmt: skip
    code = own.unit.code if own else marker.unit_code
    return Unrouted(unit_code=code, round=round_, session=session, delegate=bool(memberships))


async def take_unrouted(services: Services, actor: Actor, found: Unrouted, data: bytes) -> Received:
    """The sender's own unit's template, its round open: taken as if `/assess <round>` had
    been typed first (the flow is opened there, so what follows goes to that assessment)."""
    assert found.session is not None
    editable(found.session)
    session = await enter(services, actor, found.session.unit.id, found.round.value)
    return await import_template(services, actor, session, data)

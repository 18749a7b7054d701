"""The step-by-step wizard of `/assess`: one criterion a message, its score, note, evidence.

Each answer is stored the moment it arrives and the user's place moves on: score -> note ->
evidence (when the scale asks for it and none is there) -> the next item -> the review. A
score or note given on a screen older than the item's last change is refused (another delegate,
or the user on a newer screen, changed it), with the user's place refreshed so the fresh view is
what they act on next.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from bot.actor import Actor
from bot.domain.assessment import (
    EVIDENCE_MAX_ITEMS,
    EVIDENCE_NAME_MAX_CHARS,
    Evidence,
    EvidenceKind,
    check_note,
    score_for,
)
from bot.domain.errors import InvalidValue
from bot.domain.scale import Scale, ScaleItem
from bot.errors import BadInput, Conflict
from bot.services import Services
from bot.usecases.assessment import Session, Stage, editable, for_overview, load, moved


def first_missing(session: Session) -> str:
    """Where the wizard starts: the first criterion without a score, else the first item."""
    gaps = session.missing
    if gaps.criteria:
        return gaps.criteria[0]
    return session.scale.items()[0].criterion.code


def next_code(scale: Scale, code: str) -> str | None:
    """The item after `code` in the scale's order (None after the last)."""
    codes = [i.criterion.code for i in scale.items()]
    at = codes.index(code) if code in codes else -1
    return codes[at + 1] if at + 1 < len(codes) else None


async def go(
    services: Services,
    actor: Actor,
    session: Session,
    code: str | None,
    stage: Stage,
    back: Stage | None = None,
) -> Session:
    """Move the wizard to a criterion's stage, or to the overview/review/confirmation; `back`:
    the screen the criterion's last step leads to instead of the next criterion."""
    if code is not None and session.scale.find(code) is None:
        raise Conflict("assess.scale_changed")
    if stage in (Stage.SCORE, Stage.NOTE, Stage.EVIDENCE):
        editable(session)
        kept = session.position.code
        if code is None and kept is not None and session.scale.find(kept) is not None:
            code = kept
        code = code or first_missing(session)
    if stage == Stage.OVERVIEW:
        session = await for_overview(services, actor, session)
    seen = session.assessment.revision
    return await moved(
        services, actor.user_id, session, code=code, stage=stage, seen=seen, back=back
    )


async def after_item(services: Services, actor: Actor, session: Session) -> Session:
    """What follows an item: its evidence when asked for and missing, else the screen the
    user came from (`Position.back`: the review whose 📎 opened it), else the next item, else
    the review."""
    item = session.item
    assert item is not None
    score = session.scores.get(item.criterion.code)
    needs = item.criterion.evidence and session.position.stage != Stage.EVIDENCE
    if needs and score is not None and (score.value or 0) > 0 and not score.evidence:
        return await go(services, actor, session, item.criterion.code, Stage.EVIDENCE)
    if session.position.back is not None:
        return await go(services, actor, session, None, session.position.back)
    following = next_code(session.scale, item.criterion.code)
    if following is None:
        return await go(services, actor, session, None, Stage.REVIEW)
    return await go(services, actor, session, following, Stage.SCORE)


def _stale(code: str) -> Conflict:
    """The item changed after the user's screen was made (by a colleague or on a newer screen of
    the user's own: the alert names neither)."""
    return Conflict("assess.changed_meanwhile", code=code)


async def set_score(
    services: Services, actor: Actor, session: Session, code: str, text: str, seen: int
) -> Session:
    """A score for one item (a value button or a typed number), made on the view `seen`."""
    editable(session)
    item = session.scale.find(code)
    if item is None:
        raise Conflict("assess.scale_changed")
    value = score_for(item.criterion, text)
    stored = await services.assessments.put(
        session.assessment.id,
        item.criterion.code,
        value=value,
        by=actor.user_id,
        now=services.clock.now(),
        seen=seen,
    )
    fresh = await load(services, actor.user_id, session.membership, session.round)
    if stored is None:
        await moved(services, actor.user_id, fresh, seen=fresh.assessment.revision)
        raise _stale(item.criterion.code)
    return await moved(
        services, actor.user_id, fresh, code=item.criterion.code, stage=Stage.NOTE, seen=stored
    )


def _at_item(session: Session) -> ScaleItem:
    """The item the wizard is at, while the round may still change."""
    editable(session)
    item = session.item
    if item is None:
        raise Conflict("assess.no_session")
    return item


async def _store_note(services: Services, actor: Actor, session: Session, text: str) -> None:
    """The note of the item the wizard is at, given on the view the wizard last showed."""
    item = _at_item(session)
    stored = await services.assessments.put(
        session.assessment.id,
        item.criterion.code,
        note=check_note(text),
        by=actor.user_id,
        now=services.clock.now(),
        seen=session.position.seen,
    )
    if stored is None:
        raise _stale(item.criterion.code)


async def set_note(services: Services, actor: Actor, session: Session, text: str | None) -> Session:
    """The note of the item the wizard is at (None: no note), then on to what follows; the
    next screen says the note was saved (`Session.saved_note`)."""
    item = _at_item(session)
    if text is not None:
        await _store_note(services, actor, session, text)
    fresh = await load(services, actor.user_id, session.membership, session.round)
    following = await after_item(services, actor, fresh)
    return replace(following, saved_note=item.criterion.code if text is not None else None)


def held_tag(text: str) -> str:
    """A short fingerprint of a held text, carried by the button that keeps it: a press on an
    older question (another text held since) is refused rather than saving what it did not
    show."""
    return hashlib.sha256(text.encode()).hexdigest()[:8]


async def hold(services: Services, actor: Actor, session: Session, text: str) -> Session:
    """A text typed at the item's note or evidence step that the wizard asks about before
    taking it (a bare number: a score meant?; a line refused as a score: a note meant?), kept
    in the user's place until a button keeps it; anything else the user does forgets it."""
    _at_item(session)
    if session.position.stage not in (Stage.NOTE, Stage.EVIDENCE):
        raise Conflict("assess.no_session")
    note = check_note(text)
    return await moved(services, actor.user_id, session, pending=note)


async def offer_note(services: Services, actor: Actor, session: Session, text: str) -> Session:
    """A message read as score lines where none was taken, sent at the note or evidence step:
    held, so a button may keep it as the note ("1,5 tỷ đồng vốn đầu tư" starts with the code
    1.5 yet is a note). Elsewhere, or too long for a note, nothing is held."""
    if session.item is None or session.position.stage not in (Stage.NOTE, Stage.EVIDENCE):
        return session
    try:
        return await hold(services, actor, session, text)
    except InvalidValue:
        return session


async def keep_held(
    services: Services, actor: Actor, session: Session, code: str, tag: str
) -> Session:
    """«Keep it as the note»: the held text is the item's note at the note step, an evidence
    note at the evidence step. The press must match what is held now, at the same item."""
    item = _at_item(session)
    held, stage = session.position.pending, session.position.stage
    if (
        held is None
        or item.criterion.code != code
        or held_tag(held) != tag
        or stage not in (Stage.NOTE, Stage.EVIDENCE)
    ):
        raise Conflict("core.stale_button")
    if stage == Stage.NOTE:
        return await set_note(services, actor, session, held)
    return await add_evidence(services, actor, session, EvidenceKind.NOTE, held)


def takes_files(session: Session) -> bool:
    """Whether a file or photo sent now is evidence: at the evidence step, and at the note step
    of an item that asks for evidence (where a delegate naturally sends the proof right away)."""
    item, stage = session.item, session.position.stage
    if item is None:
        return False
    return stage == Stage.EVIDENCE or (stage == Stage.NOTE and item.criterion.evidence)


async def add_file(
    services: Services,
    actor: Actor,
    session: Session,
    kind: EvidenceKind,
    name: str,
    file_id: str,
    caption: str | None = None,
) -> Session:
    """A file or photo where the wizard takes one (`takes_files`), kept as evidence.

    At the note step its caption is the item's note, stored with the file in one transaction,
    and the wizard moves to the item's evidence step (more files, or on).
    """
    at_note = session.position.stage == Stage.NOTE
    noted = at_note and bool(caption and caption.strip())
    code = _at_item(session).criterion.code
    async with services.db.transaction():
        if noted:
            await _store_note(services, actor, session, caption or "")
        session = await add_evidence(services, actor, session, kind, name, file_id)
        if at_note:
            session = await moved(services, actor.user_id, session, stage=Stage.EVIDENCE)
    return replace(session, saved_note=code if noted else None)


async def add_evidence(
    services: Services,
    actor: Actor,
    session: Session,
    kind: EvidenceKind,
    name: str,
    file_id: str | None = None,
) -> Session:
    """A note, file or photo for the item the wizard is at; kept as it arrives."""
    item = _at_item(session)
    if not takes_files(session):
        raise Conflict("assess.no_session")
    code = item.criterion.code
    held = session.scores.get(code)
    if held is not None and len(held.evidence) >= EVIDENCE_MAX_ITEMS:
        raise BadInput("assess.evidence_full", max=EVIDENCE_MAX_ITEMS)
    name = name.strip()[:EVIDENCE_NAME_MAX_CHARS] or kind.value
    evidence = Evidence(kind=kind, name=name, file_id=file_id)
    stored = await services.assessments.add_evidence(
        session.assessment.id, code, evidence, by=actor.user_id, now=services.clock.now()
    )
    assert stored is not None  # no view check: adding never overwrites
    fresh = await load(services, actor.user_id, session.membership, session.round)
    return await moved(services, actor.user_id, fresh, seen=stored)


async def clear_evidence(services: Services, actor: Actor, session: Session) -> Session:
    """🗑: the evidence of the item the wizard is at, sent by mistake, is dropped."""
    item = _at_item(session)
    stored = await services.assessments.clear_evidence(
        session.assessment.id,
        item.criterion.code,
        by=actor.user_id,
        now=services.clock.now(),
        seen=session.position.seen,
    )
    if stored is None:
        raise _stale(item.criterion.code)
    fresh = await load(services, actor.user_id, session.membership, session.round)
    return await moved(services, actor.user_id, fresh, seen=stored)

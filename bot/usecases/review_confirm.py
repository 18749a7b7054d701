"""The review's commits started by a button, each asked first: dropping a reviewed score (↩️),
removing a reviewers' bonus or deduction (🗑), excluding a unit from the ranking (⛔, after its
reason is typed) and ranking it again.

Why: these used to act at once, and the button that took a pressed one's place sat where it had
been, so a second tap undid the first and the unit's delegates got two contradictory notes. A
press now only shows what will happen (`Ask`) with ✅/✖️. The ✅ checks rights and state again
inside the transaction that stores: a confirmation whose state moved on is refused (the reviewed
score changed or went, the extra was removed, the unit was excluded or ranked again meanwhile,
the round closed, the year ended). The unit is told only after the ✅ (the handler queues it in
the same transaction). An exclusion's reason is longer than a button can carry, so it waits in
`pending_changes` and the ✅ carries its id (taken once: a second ✅ finds nothing).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot import rights
from bot.actor import Actor
from bot.domain.errors import InvalidValue
from bot.domain.review import Extra, ExtraKind, Line, Round, check_reason
from bot.domain.scale import ItemKind, canonical, plain
from bot.errors import Conflict
from bot.services import Services
from bot.usecases import flows, pending, review
from bot.usecases.review_flow import (
    FLOW,
    ReviewDraft,
    Step,
    UnitView,
    open_draft,
    reviewer_view,
    shown,
)
from bot.usecases.review_session import Session, session_of

EXCLUDE_KIND = "review_exclude"


class Commit(StrEnum):
    KEEP = "keep"
    DROP = "drop"
    INCLUDE = "include"
    EXCLUDE = "exclude"


@dataclass(frozen=True)
class Ask:
    """A commit waiting for ✅: the unit as it is now and what the ✅ will do to it."""

    what: Commit
    session: Session
    view: UnitView
    #: The unit's total after review once the ✅ is pressed.
    after: Decimal
    line: Line | None = None  # ↩️: the reviewed score dropped
    extra: Extra | None = None  # 🗑: the bonus or deduction removed
    reason: str | None = None  # ⛔: the reason typed
    change_id: int = 0  # ⛔: the pending change holding the reason

    @property
    def value(self) -> str:
        """The reviewed score the ↩️ confirmation names (its ✅ carries it, to spot a change)."""
        assert self.line is not None and self.line.reviewed is not None
        return plain(self.line.reviewed.reviewed)


@dataclass(frozen=True)
class Settled:
    """A ✅ done: what was asked (as checked at the ✅) and the unit's review after it."""

    asked: Ask
    view: UnitView


async def _open(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int, *,
    admin: bool = False,
) -> tuple[Session, UnitView]:  # fmt: skip
    """The reviewer's view of the unit, while its round is open (else refused)."""
    session = await session_of(services, actor, year_id, round_)
    view = await reviewer_view(services, session, unit_id)
    if admin and not session.who.admin:
        raise await rights.admins_only(services, session.bloc)
    if view.closed:
        raise review.closed_for_reviewers(round_)
    return session, view


def _signed(kind: ItemKind, value: Decimal) -> Decimal:
    return -value if kind is ItemKind.DEDUCTION else value


async def ask_undo(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int, *,
    code: str | None = None, extra_id: int = 0,
) -> Ask:  # fmt: skip
    """↩️ (`code`): the reviewed score dropped, the self-score standing again; or 🗑
    (`extra_id`): one bonus or deduction of the reviewers removed."""
    session, view = await _open(services, actor, year_id, round_, unit_id)
    total = view.sheet.total
    if code is not None:
        line = next((ln for ln in view.sheet.adjusted if ln.code == code), None)
        if line is None:
            raise Conflict("review.nothing_to_keep")
        own = line.self_score if line.self_score is not None else Decimal(0)
        after = total - line.signed + _signed(line.kind, own)
        return Ask(Commit.KEEP, session, view, canonical(after), line=line)
    extra = next((e for e in view.sheet.extras if e.id == extra_id), None)
    if extra is None:
        raise Conflict("review.extra_gone")
    after = total - extra.points if extra.kind is ExtraKind.BONUS else total + extra.points
    return Ask(Commit.DROP, session, view, canonical(after), extra=extra)


async def ask_include(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int
) -> Ask:
    """↩️ (admins): an excluded unit ranked again."""
    session, view = await _open(services, actor, year_id, round_, unit_id, admin=True)
    if view.sheet.excluded_reason is None:
        raise Conflict("review.not_excluded")
    reason = view.sheet.excluded_reason
    return Ask(Commit.INCLUDE, session, view, view.sheet.total, reason=reason)


async def ask_exclude(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int
) -> UnitView:
    """⛔ (admins): the next text the admin sends is the reason (then `exclude_reason`)."""
    _, view = await _open(services, actor, year_id, round_, unit_id, admin=True)
    if view.sheet.excluded_reason is not None:
        raise Conflict("review.already_excluded")
    draft = ReviewDraft(year_id=year_id, round=round_, unit_id=unit_id)
    await flows.advance(services, actor.user_id, FLOW, Step.EXCLUDE, draft)
    return view


async def exclude_reason(services: Services, actor: Actor, text: str) -> Ask:
    """The reason typed: kept for the ✅, and the admin's next text is a decision again."""
    _, draft = await open_draft(services, actor)
    problem = check_reason(text)
    if problem is not None:
        raise InvalidValue(problem)
    session, view = await _open(services, actor, draft.year_id, draft.round, draft.unit_id,
                                admin=True)  # fmt: skip
    if view.sheet.excluded_reason is not None:
        raise Conflict("review.already_excluded")
    reason = text.strip()
    payload = {"year_id": draft.year_id, "round": draft.round.value, "unit_id": draft.unit_id,
               "reason": reason}  # fmt: skip
    async with services.db.transaction():
        change = await services.pending_changes.create(
            session.bloc.id, EXCLUDE_KIND, payload, by=actor.user_id, now=services.clock.now()
        )
        await flows.advance(services, actor.user_id, FLOW, Step.LINES, draft)
    return Ask(Commit.EXCLUDE, session, view, view.sheet.total, reason=reason,
               change_id=change.id)  # fmt: skip


async def _confirmed(
    services: Services, asking: Awaitable[Ask], store: Callable[[Ask], Awaitable[object]]
) -> Settled:
    """A ✅: the confirmation checked again as it stands now, and stored, in one transaction."""
    async with services.db.transaction():
        asked = await asking
        await store(asked)
    return Settled(asked, await shown(services, asked.session, asked.view.unit.id))


async def confirm_keep(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int, code: str,
    value: str,
) -> Settled:  # fmt: skip
    """✅ of ↩️: refused if the reviewed score is no longer the one the confirmation named."""

    async def store(asked: Ask) -> None:
        if asked.value != value:
            raise Conflict("review.changed_since")
        who, year = asked.session.who, asked.session.year
        await review.keep_self(services, who, year, round_, unit_id, code)

    asking = ask_undo(services, actor, year_id, round_, unit_id, code=code)
    return await _confirmed(services, asking, store)


async def confirm_drop(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int, extra_id: int
) -> Settled:
    """✅ of 🗑: refused if the extra was removed meanwhile."""

    def store(asked: Ask) -> Awaitable[object]:
        who, year = asked.session.who, asked.session.year
        return review.remove_extra(services, who, year, round_, unit_id, extra_id)

    asking = ask_undo(services, actor, year_id, round_, unit_id, extra_id=extra_id)
    return await _confirmed(services, asking, store)


async def confirm_include(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int
) -> Settled:
    """✅ of ranking again: refused if the unit is ranked already."""

    def store(asked: Ask) -> Awaitable[object]:
        who, year = asked.session.who, asked.session.year
        return review.set_excluded(services, who, year, round_, unit_id, None)

    asking = ask_include(services, actor, year_id, round_, unit_id)
    return await _confirmed(services, asking, store)


async def _kept_reason(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int, change_id: int
) -> Ask:
    """The exclusion a ✅ names, as it stands: its kept reason (once), the unit still ranked."""
    session, view = await _open(services, actor, year_id, round_, unit_id, admin=True)
    if view.sheet.excluded_reason is not None:
        raise Conflict("review.already_excluded")
    change = await pending.open_change(services, session.bloc, change_id, EXCLUDE_KIND)
    named = (change.payload["year_id"], change.payload["round"], change.payload["unit_id"])
    if named != (year_id, round_.value, unit_id):
        raise Conflict("core.stale_button")
    reason = str(change.payload["reason"])
    return Ask(Commit.EXCLUDE, session, view, view.sheet.total, reason=reason,
               change_id=change_id)  # fmt: skip


async def confirm_exclude(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int, change_id: int
) -> Settled:
    """✅ of ⛔: the reason kept for it, once; refused if the unit was excluded meanwhile."""

    async def store(asked: Ask) -> None:
        await services.pending_changes.take(change_id)
        who, year = asked.session.who, asked.session.year
        await review.set_excluded(services, who, year, round_, unit_id, asked.reason)

    asking = _kept_reason(services, actor, year_id, round_, unit_id, change_id)
    return await _confirmed(services, asking, store)


async def cancel(
    services: Services, actor: Actor, year_id: int, round_: Round, unit_id: int, change_id: int
) -> UnitView:
    """✖️: nothing stored (an exclusion's kept reason is forgotten); the unit's screen again,
    and the reviewer's next text goes to it as decisions (also when ⛔ was waiting for its
    reason: ✖️ under that question leaves it)."""
    session = await session_of(services, actor, year_id, round_)
    view = await shown(services, session, unit_id)
    draft = ReviewDraft(year_id=year_id, round=round_, unit_id=unit_id)
    await flows.advance(services, actor.user_id, FLOW, Step.LINES, draft)
    if change_id:
        change = await services.pending_changes.get(change_id)
        if change is not None and change.kind == EXCLUDE_KIND and change.bloc_id == view.bloc.id:
            await services.pending_changes.take(change.id)
    return view

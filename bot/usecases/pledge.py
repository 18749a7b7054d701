"""A unit's pledge: the titles it aims for and its commitments, registered with ✅.

The draft lives in the user's `pledge` flow (one draft per unit, so a delegate of several units
loses none) and is stored at every step: a title toggled, a message of commitments. Steps:
`titles` → `commitments` → `review` (the confirmation showing what will be stored) → ✅.
Until the pledge deadline the unit may edit; after it only if an admin reopened it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.domain.bloc import Membership, Unit
from bot.domain.calendar import Phase
from bot.domain.pledge import (
    COMMITMENTS_MAX_CHARS,
    PledgeDraft,
    can_edit,
    clean_part,
    length_with,
)
from bot.domain.year import Pledge, Title, Year
from bot.errors import BadInput, Conflict, NotFound
from bot.services import Services
from bot.usecases import flows, titles

FLOW = "pledge"
TITLES, COMMITMENTS, REVIEW = "titles", "commitments", "review"
STEPS = (TITLES, COMMITMENTS, REVIEW)


@dataclass(frozen=True)
class Session:
    """Everything a pledge screen shows."""

    membership: Membership
    year: Year
    titles: list[Title]
    draft: PledgeDraft
    step: str
    registered: Pledge | None
    deadline: datetime | None
    editable: bool

    @property
    def unit(self) -> Unit:
        return self.membership.unit

    @property
    def chosen(self) -> list[Title]:
        ids = set(self.draft.titles)
        return [t for t in self.titles if t.id in ids]


@dataclass(frozen=True)
class Registered:
    session: Session
    pledge: Pledge
    first: bool
    count: int
    total: int


async def _flow_data(services: Services, user_id: int) -> dict[str, Any]:
    state = await services.flows.get(user_id, FLOW)
    return dict(state.data) if state else {"drafts": {}}


async def _store(services: Services, user_id: int, session: Session) -> None:
    data = await _flow_data(services, user_id)
    drafts = dict(data.get("drafts", {}))
    drafts[str(session.unit.id)] = {**session.draft.model_dump(mode="json"), "step": session.step}
    await flows.advance(
        services, user_id, FLOW, session.step, {"unit": session.unit.id, "drafts": drafts}
    )


async def _session(services: Services, user_id: int, membership: Membership) -> Session:
    bloc, unit = membership.bloc, membership.unit
    year = await services.years.current(bloc.id)
    if year is None:
        raise NotFound("pledge.no_year")
    registered = await services.pledges.get(year.id, unit.id)
    deadline = await services.years.deadline(year.id, Phase.PLEDGE.value)
    reopened = await services.pledges.is_reopened(year.id, unit.id)
    kept = (await _flow_data(services, user_id)).get("drafts", {}).get(str(unit.id))
    if kept and kept.get("year_id") == year.id:
        step = kept.get("step") if kept.get("step") in STEPS else TITLES
        draft = PledgeDraft.model_validate({k: v for k, v in kept.items() if k != "step"})
    else:
        step, draft = TITLES, PledgeDraft(year_id=year.id)
        if registered is not None:
            draft = PledgeDraft(
                year_id=year.id,
                titles=list(registered.title_ids),
                parts=[registered.commitments] if registered.commitments else [],
                base=registered.revision,
            )
    return Session(
        membership=membership,
        year=year,
        titles=await titles.active(services, bloc),
        draft=draft,
        step=step,
        registered=registered,
        deadline=deadline,
        editable=can_edit(deadline, services.clock.now(), reopened),
    )


async def enter(services: Services, user_id: int, membership: Membership) -> Session:
    """Open the unit's pledge: resume its draft, or start from what is registered.

    After the deadline the session is read-only and the flow is left untouched.
    """
    session = await _session(services, user_id, membership)
    if session.editable:
        await _store(services, user_id, session)
    return session


async def _editable(services: Services, user_id: int, membership: Membership) -> Session:
    """The session a button or a message acts on, re-checked: same unit, still editable."""
    session = await _session(services, user_id, membership)
    if not session.editable:
        raise Conflict("pledge.closed")
    state = await services.flows.get(user_id, FLOW)
    if state is None or not state.active or state.data.get("unit") != membership.unit.id:
        raise Conflict("core.stale_button")
    return session


async def _with(
    services: Services, user_id: int, session: Session, draft: PledgeDraft, step: str
) -> Session:
    changed = replace(session, draft=draft, step=step)
    await _store(services, user_id, changed)
    return changed


async def toggle(
    services: Services, user_id: int, membership: Membership, title_id: int | None
) -> Session:
    session = await _editable(services, user_id, membership)
    if title_id not in {t.id for t in session.titles}:
        raise Conflict("pledge.title_gone")
    assert title_id is not None
    return await _with(services, user_id, session, session.draft.toggled(title_id), TITLES)


async def go(services: Services, user_id: int, membership: Membership, step: str) -> Session:
    """Move to another step; the review needs a title and some commitments."""
    session = await _editable(services, user_id, membership)
    if step not in STEPS:
        raise Conflict("core.stale_button")
    draft = session.draft.model_copy(
        update={"titles": session.draft.valid_titles(t.id for t in session.titles)}
    )
    if step == REVIEW:
        _check_complete(draft)
    return await _with(services, user_id, session, draft, step)


def _check_complete(draft: PledgeDraft) -> None:
    if not draft.titles:
        raise BadInput("pledge.no_title")
    if not draft.commitments.strip():
        raise BadInput("pledge.no_commitments")


async def active_membership(services: Services, user_id: int) -> Membership | None:
    """The unit of the user's active pledge flow, if the user still acts for it."""
    state = await services.flows.active(user_id)
    if state is None or state.name != FLOW:
        return None
    for membership in await services.units.memberships(user_id):
        if membership.unit.id == state.data.get("unit"):
            return membership
    return None


async def add_text(services: Services, user_id: int, text: str) -> Session:
    """One message of commitments, stored as it arrives; refused whole when over the limit."""
    membership = await active_membership(services, user_id)
    if membership is None:
        raise Conflict("pledge.no_draft")
    session = await _editable(services, user_id, membership)
    if not clean_part(text):
        return session
    length = length_with(session.draft.parts, text)
    if length > COMMITMENTS_MAX_CHARS:
        raise BadInput("pledge.too_long", length=length, max=COMMITMENTS_MAX_CHARS)
    return await _with(services, user_id, session, session.draft.with_part(text), COMMITMENTS)


async def clear_text(services: Services, user_id: int, membership: Membership) -> Session:
    session = await _editable(services, user_id, membership)
    draft = session.draft.model_copy(update={"parts": []})
    return await _with(services, user_id, session, draft, COMMITMENTS)


def _revision(registered: Pledge | None) -> int:
    return registered.revision if registered is not None else 0


async def register(services: Services, user_id: int, membership: Membership) -> Registered:
    """✅ on the review: store exactly what was shown, and forget this unit's draft.

    When another delegate of the unit registered since this draft began, nothing is stored
    and the user is told; the draft is kept and now counts as started from that registration,
    so a second ✅ replaces it knowingly.
    """
    session = await _editable(services, user_id, membership)
    latest = _revision(session.registered)
    if session.step == REVIEW and session.draft.base != latest:
        rebased = session.draft.model_copy(update={"base": latest})
        await _with(services, user_id, session, rebased, REVIEW)
        raise Conflict("pledge.registered_meanwhile", code=membership.unit.code)
    now = services.clock.now()
    async with services.db.transaction():
        session = await _editable(services, user_id, membership)
        if session.step != REVIEW:
            raise Conflict("pledge.review_again")
        draft = session.draft
        chosen = draft.valid_titles(t.id for t in session.titles)
        if chosen != draft.titles or draft.base != _revision(session.registered):
            raise Conflict("pledge.review_again")
        _check_complete(draft)
        pledge, first = await services.pledges.save(
            session.year.id,
            session.unit.id,
            title_ids=chosen,
            commitments=draft.commitments,
            by=user_id,
            now=now,
        )
        await _forget(services, user_id, session.unit.id)
        count = await services.pledges.count(session.year.id)
        total = await services.units.count(session.year.bloc_id)
    return Registered(session=session, pledge=pledge, first=first, count=count, total=total)


async def _forget(services: Services, user_id: int, unit_id: int) -> None:
    data = await _flow_data(services, user_id)
    drafts = {k: v for k, v in data.get("drafts", {}).items() if k != str(unit_id)}
    if not drafts:
        await flows.finish(services, user_id, FLOW)
        return
    await flows.advance(services, user_id, FLOW, TITLES, {"unit": None, "drafts": drafts})
    await flows.cancel(services, user_id)


async def leave(services: Services, user_id: int, membership: Membership) -> None:
    """✖️ on the review: nothing is registered; the draft is kept for next time."""
    state = await services.flows.active(user_id)
    if state is None or state.name != FLOW or state.data.get("unit") != membership.unit.id:
        raise Conflict("core.stale_button")
    await flows.cancel(services, user_id)

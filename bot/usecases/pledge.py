"""A unit's pledge: the titles it aims for and its commitments, registered with ✅.

The draft lives in the user's `pledge` flow (one draft per unit, so a delegate of several units
loses none) and is stored at every step: a title toggled, a message of commitments. A draft is
the person's, the registration the unit's: opening /pledge starts from the registered pledge
unless the person's own draft is newer, and then says that it differs. Steps:
`titles` → `commitments` → `review` (the confirmation showing what will be stored) → ✅.
Until the pledge deadline the unit may edit; after it only if an admin reopened it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from pydantic import ValidationError

from bot import rights
from bot.actor import Actor
from bot.domain.bloc import Membership, Unit
from bot.domain.calendar import Phase
from bot.domain.pledge import (
    COMMITMENTS_MAX_CHARS,
    PledgeDraft,
    can_edit,
    clean_part,
    length_with,
)
from bot.domain.score_lines import only_score_lines
from bot.domain.year import Pledge, Title, Year
from bot.errors import BadInput, Conflict, NotFound
from bot.i18n import Count
from bot.services import Services
from bot.usecases import flows, titles
from bot.usecases import scale as scales
from bot.usecases.pledge_draft import (
    FLOW,
    PledgeFlow,
    Step,
    from_registered,
    load_flow,
    starting,
    store,
    unsent,
)
from bot.usecases.year_next import no_open_year
from storage.flows import FlowState
from storage.outbox import Outgoing

TITLES, COMMITMENTS, REVIEW = Step.TITLES, Step.COMMITMENTS, Step.REVIEW


@dataclass(frozen=True)
class Session:
    """Everything a pledge screen shows."""

    membership: Membership
    year: Year
    titles: list[Title]
    draft: PledgeDraft
    step: Step
    registered: Pledge | None
    deadline: datetime | None
    editable: bool
    #: Names of titles the draft had chosen that an admin has since removed (the draft no
    #: longer holds them; the screen says so once).
    removed: tuple[str, ...] = ()
    #: Every title the bloc ever had: the registered pledge still names a removed one.
    every: Mapping[int, Title] = field(default_factory=dict)
    #: Opening /pledge set aside the person's draft older than the unit's registration (it
    #: said something else); the screen says so once.
    replaced: bool = False
    #: The person's own draft changes the registered pledge and was not put in its place with
    #: ✅ (`pledge_draft.unsent`): once the deadline has passed, the screen says it was lost.
    unsent: bool = False

    @property
    def unit(self) -> Unit:
        return self.membership.unit

    @property
    def own_draft(self) -> bool:
        """The person's draft says something else than the unit's registered pledge."""
        registered = self.registered
        return registered is not None and not self.draft.same_as(
            from_registered(self.year.id, registered)
        )

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
    #: Registered after the deadline (on a reopening, which registering closes): read-only now.
    locked: bool = False


async def _session(
    services: Services, user_id: int, membership: Membership, *, opening: bool = False
) -> Session:
    """What the screen shows; `opening`: see `pledge_draft.starting`."""
    bloc, unit = membership.bloc, membership.unit
    year = await services.years.current(bloc.id)
    if year is None:
        latest = await services.years.latest(bloc.id)
        if latest is not None:  # closed: its pledges stay readable in the group
            raise NotFound("pledge.year_closed", year=latest.year)
        raise await no_open_year(services, bloc, "pledge.no_year")
    registered = await services.pledges.get(year.id, unit.id)
    deadline = await services.years.deadline(year.id, Phase.PLEDGE.value)
    kept = (await load_flow(services, user_id)).drafts.get(str(unit.id))
    draft, step, replaced = starting(kept, year.id, registered, opening=opening)
    active = await titles.active(services, bloc)
    draft, step, removed = await _without_removed(services, bloc.id, draft, step, active)
    return Session(
        membership=membership,
        year=year,
        titles=active,
        draft=draft,
        step=step,
        registered=registered,
        deadline=deadline,
        editable=await open_for(services, year, unit.id),
        removed=removed,
        every=await services.titles.all(bloc.id),
        replaced=replaced,
        unsent=unsent(kept, year.id, registered),
    )


async def open_for(services: Services, year: Year, unit_id: int) -> bool:
    """Whether the unit can still register or change its pledge of `year`: the year is open,
    and its pledge deadline has not passed or an admin reopened the unit's pledge. The one
    answer the screens and the paused-work hints share."""
    if not year.is_open:
        return False
    deadline = await services.years.deadline(year.id, Phase.PLEDGE.value)
    reopened = await services.pledges.is_reopened(year.id, unit_id)
    return can_edit(deadline, services.clock.now(), reopened)


async def still_open(services: Services, state: FlowState) -> bool:
    """A pledge draft left in the flow is work to carry on while one of its units can still
    send it (`open_for`); one unreadable is for `flows.load` to refuse, and one holding no
    unit's draft for /pledge to answer, so they count as open."""
    try:
        stored = PledgeFlow.model_validate(state.data)
    except ValidationError:
        return True
    if not stored.drafts:
        return True
    for unit_id, draft in stored.drafts.items():
        year = await services.years.get(draft.year_id)
        if year is not None and await open_for(services, year, int(unit_id)):
            return True
    return False


async def _without_removed(
    services: Services, bloc_id: int, draft: PledgeDraft, step: Step, active: list[Title]
) -> tuple[PledgeDraft, Step, tuple[str, ...]]:
    """The draft without the titles an admin removed since they were chosen; with none left,
    back to step 1 (a later step could not go on without a title)."""
    kept = draft.valid_titles(t.id for t in active)
    gone = [t for t in draft.titles if t not in set(kept)]
    if not gone:
        return draft, step, ()
    every = await services.titles.all(bloc_id)
    names = tuple(every[t].name for t in gone if t in every)
    draft = draft.model_copy(update={"titles": kept})
    return draft, (step if kept else TITLES), names


async def enter(
    services: Services, actor: Actor, unit_id: int, *, opening: bool = False
) -> Session:
    """Open the unit's pledge (its delegates only): resume the person's draft, or start from
    what is registered (`opening`: also when the draft is older than the registration). After
    the deadline the session is read-only and the flow is left untouched.
    """
    membership = await rights.membership_for(services, actor, unit_id)
    session = await _session(services, actor.user_id, membership, opening=opening)
    if session.editable:
        await store(services, actor.user_id, session.unit.id, session.draft, session.step)
    return session


async def _editable(services: Services, actor: Actor, unit_id: int) -> Session:
    """The session a button or a message acts on, re-checked: still the unit's delegate, the
    unit of the active flow, still editable."""
    membership = await rights.membership_for(services, actor, unit_id)
    session = await _session(services, actor.user_id, membership)
    if not session.editable:
        raise Conflict("pledge.closed")
    state = await services.flows.get(actor.user_id, FLOW)
    if state is None or not state.active or state.data.get("unit") != unit_id:
        raise Conflict("core.stale_button")
    return session


async def editing(services: Services, actor: Actor, unit_id: int) -> Session:
    """The screen as it is, for a question about it (nothing changes)."""
    return await _editable(services, actor, unit_id)


async def restart(services: Services, actor: Actor, unit_id: int) -> Session:
    """↩️ confirmed: the person's draft gives way to the unit's registered pledge."""
    session = await _editable(services, actor, unit_id)
    if session.registered is None:
        raise Conflict("core.stale_button")
    draft = from_registered(session.year.id, session.registered)
    draft = draft.model_copy(update={"titles": draft.valid_titles(t.id for t in session.titles)})
    return await _with(services, actor, session, draft, TITLES)


async def _with(
    services: Services, actor: Actor, session: Session, draft: PledgeDraft, step: Step
) -> Session:
    changed = replace(session, draft=draft, step=step)
    await store(services, actor.user_id, changed.unit.id, draft, step)
    return changed


async def toggle(services: Services, actor: Actor, unit_id: int, title_id: int) -> Session:
    session = await _editable(services, actor, unit_id)
    if title_id not in {t.id for t in session.titles}:
        raise Conflict("pledge.title_gone")
    return await _with(services, actor, session, session.draft.toggled(title_id), TITLES)


async def go(services: Services, actor: Actor, unit_id: int, step: Step) -> Session:
    """Move to another step; the review needs a title and some commitments."""
    session = await _editable(services, actor, unit_id)
    draft = session.draft.model_copy(
        update={"titles": session.draft.valid_titles(t.id for t in session.titles)}
    )
    if step == REVIEW:
        _check_complete(draft)
    if step == COMMITMENTS and not draft.titles:  # step 1 needs a title before going on
        raise BadInput("pledge.no_title")
    return await _with(services, actor, session, draft, step)


def _check_complete(draft: PledgeDraft) -> None:
    if not draft.titles:
        raise BadInput("pledge.no_title")
    if not draft.commitments.strip():
        raise BadInput("pledge.no_commitments")


#: What a message typed at a step that takes no text is told (nothing of it is kept).
TYPED_AT = {TITLES: "pledge.typed_at_titles", REVIEW: "pledge.typed_at_review"}


async def typing_to(services: Services, actor: Actor) -> Session:
    """The screen a message typed in the pledge flow comes to (the unit being edited),
    re-checked; nothing changes. Only the commitments step takes text: a greeting typed at
    step 1 or at the review must not become commitments the whole bloc reads once published.
    """
    stored = await load_flow(services, actor.user_id)
    units = {m.unit.id for m in await services.units.memberships(actor.user_id)}
    if stored.unit is None or stored.unit not in units:
        raise Conflict("pledge.no_draft")
    return await _editable(services, actor, stored.unit)


async def add_text(services: Services, actor: Actor, text: str) -> Session:
    """One message of commitments, stored as it arrives; refused whole when over the limit,
    and at any other step than the commitments (see `typing_to`)."""
    session = await typing_to(services, actor)
    if session.step != COMMITMENTS:
        raise BadInput(TYPED_AT[session.step])
    if not clean_part(text):
        return session
    if await _pasted_scores(services, session.year, text):
        raise BadInput("pledge.score_lines")
    length = length_with(session.draft.parts, text)
    if length > COMMITMENTS_MAX_CHARS:
        raise BadInput("pledge.too_long", length=Count(length), max=Count(COMMITMENTS_MAX_CHARS))
    return await _with(services, actor, session, session.draft.with_part(text), COMMITMENTS)


async def _pasted_scores(services: Services, year: Year, text: str) -> bool:
    """Score lines pasted at the commitments (every line a code of the year's scale and a
    number): they belong to /assess, and published commitments are read by the whole bloc."""
    stored = await services.scales.current(year.id)
    return stored is not None and only_score_lines(scales.parsed(services, stored), text)


async def clear_text(services: Services, actor: Actor, unit_id: int) -> Session:
    session = await _editable(services, actor, unit_id)
    draft = session.draft.model_copy(update={"parts": []})
    return await _with(services, actor, session, draft, COMMITMENTS)


def _revision(registered: Pledge | None) -> int:
    return registered.revision if registered is not None else 0


async def register(
    services: Services,
    actor: Actor,
    unit_id: int,
    notices: Callable[[Registered], list[Outgoing]] | None = None,
) -> Registered:
    """✅ on the review: store exactly what was shown, and forget this unit's draft.

    `notices` (the confirmation, the group's line) are queued in the same transaction, so they
    go out exactly when the pledge is stored, even if the process dies right after.

    When another delegate of the unit registered since this draft began, nothing is stored
    and the user is told; the draft is kept and now counts as started from that registration,
    so a second ✅ replaces it knowingly.
    """
    session = await _editable(services, actor, unit_id)
    if session.removed:  # say what changed; the screen comes back without them
        await _with(services, actor, session, session.draft, session.step)
        raise Conflict("pledge.titles_removed", names=", ".join(session.removed))
    latest = _revision(session.registered)
    if session.step == REVIEW and session.draft.base != latest:
        rebased = session.draft.model_copy(update={"base": latest})
        await _with(services, actor, session, rebased, REVIEW)
        raise Conflict("pledge.registered_meanwhile", code=session.unit.code)
    now = services.clock.now()
    async with services.db.transaction():
        session = await _editable(services, actor, unit_id)
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
            by=actor.user_id,
            now=now,
        )
        await _forget(services, actor.user_id, session.unit.id)
        count = await services.pledges.count(session.year.id)
        total = await services.units.count(session.year.bloc_id)
        locked = not can_edit(session.deadline, now, reopened=False)
        done = Registered(
            session=session, pledge=pledge, first=first, count=count, total=total, locked=locked
        )
        if notices is not None:
            await services.notifier.enqueue_all(notices(done))
    return done


async def _forget(services: Services, user_id: int, unit_id: int) -> None:
    stored = await load_flow(services, user_id)
    drafts = {k: v for k, v in stored.drafts.items() if k != str(unit_id)}
    if not drafts:
        await flows.finish(services, user_id, FLOW)
        return
    await flows.advance(services, user_id, FLOW, TITLES, PledgeFlow(unit=None, drafts=drafts))
    await flows.cancel(services, user_id)


async def leave(services: Services, actor: Actor, unit_id: int) -> Session:
    """✖️ on the review: nothing is registered. A first registration's draft is kept for
    next time; the changes to a registered pledge are dropped, as the answer says (the next
    /pledge starts from the registration, not from a review one ✅ from replacing it). The
    session says whether the unit's registration stands (the answer must not say "not
    registered")."""
    membership = await rights.membership_for(services, actor, unit_id)
    state = await services.flows.active(actor.user_id)
    if state is None or state.name != FLOW or state.data.get("unit") != unit_id:
        raise Conflict("core.stale_button")
    async with services.db.transaction():
        year = await services.years.current(membership.bloc.id)
        registered = await services.pledges.get(year.id, unit_id) if year is not None else None
        if registered is None:
            await flows.cancel(services, actor.user_id)
        else:
            await _forget(services, actor.user_id, unit_id)
    return await _session(services, actor.user_id, membership)

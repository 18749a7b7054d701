"""The person's drafts of the pledge flow (one per unit) and which one a screen starts from.

Why apart from the screens' use cases: a draft is the person's, a registration the unit's, and
two delegates of one unit each have their own. Which of the two a screen starts from is decided
here, once: the registration when the draft is older than it (it began before and was not
changed since), the person's own draft otherwise.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.pledge import PledgeDraft, superseded
from bot.domain.year import Pledge
from bot.services import Services
from bot.usecases import flows

FLOW = "pledge"


class Step(StrEnum):
    TITLES = "titles"
    COMMITMENTS = "commitments"
    REVIEW = "review"


class UnitDraft(PledgeDraft):
    """One unit's draft, the step its screen was at, and when its person last changed what it
    says (None: stored before this was kept), to tell it from a later registration."""

    step: Step = Step.TITLES
    edited_at: datetime | None = None


class PledgeFlow(BaseModel):
    """The pledge flow's stored draft: the unit being edited and a draft per unit."""

    model_config = ConfigDict(defer_build=True)

    unit: int | None = None
    drafts: dict[str, UnitDraft] = Field(default_factory=dict)


async def load_flow(services: Services, user_id: int) -> PledgeFlow:
    return await flows.load(services, user_id, FLOW, PledgeFlow) or PledgeFlow()


async def store(
    services: Services, user_id: int, unit_id: int, draft: PledgeDraft, step: Step
) -> None:
    """The unit's draft as the screen now has it; `edited_at` moves only when what it says
    changed (opening a screen or a step is no edit)."""
    flow = await load_flow(services, user_id)
    before = flow.drafts.get(str(unit_id))
    same = before is not None and before.same_as(draft)
    edited = before.edited_at if before is not None and same else services.clock.now()
    unit_draft = UnitDraft(**draft.model_dump(), step=step, edited_at=edited)
    drafts = {**flow.drafts, str(unit_id): unit_draft}
    await flows.advance(services, user_id, FLOW, step, PledgeFlow(unit=unit_id, drafts=drafts))


def from_registered(year_id: int, registered: Pledge | None) -> PledgeDraft:
    """A draft saying what the unit registered (empty when it has not)."""
    if registered is None:
        return PledgeDraft(year_id=year_id)
    return PledgeDraft(
        year_id=year_id,
        titles=list(registered.title_ids),
        parts=[registered.commitments] if registered.commitments else [],
        base=registered.revision,
    )


def starting(
    kept: UnitDraft | None, year_id: int, registered: Pledge | None, *, opening: bool
) -> tuple[PledgeDraft, Step, bool]:
    """The draft a screen shows, its step, and whether the person's own draft was set aside.

    `opening` (/pledge, not a press on a screen already open): a draft the unit's registration
    overtook gives way to it. A press never swaps what the open screen shows.
    """
    start = from_registered(year_id, registered)
    if kept is None or kept.year_id != year_id:
        return start, Step.TITLES, False
    if (
        opening
        and registered is not None
        and superseded(kept.base, kept.edited_at, registered.revision, registered.updated_at)
    ):
        return start, Step.TITLES, not kept.same_as(start)
    return PledgeDraft(**kept.model_dump(exclude={"step", "edited_at"})), kept.step, False


def unsent(kept: UnitDraft | None, year_id: int, registered: Pledge | None) -> bool:
    """Whether the person's own draft changes the unit's registered pledge and was not put in
    its place with ✅: what a reminder tells that person of, and what the deadline drops. A
    draft the registration overtook (`starting`) or of another year holds no change."""
    if kept is None or registered is None:
        return False
    draft, _, _ = starting(kept, year_id, registered, opening=True)
    return not draft.same_as(from_registered(year_id, registered))

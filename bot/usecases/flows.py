"""The one mechanism for multi-step flows: the step and the draft are stored at every step.

A flow is named (e.g. "pledge"); a user has at most one active flow. `/cancel` leaves it and
keeps the draft, so the next start of the same flow resumes where the user was. Each flow
declares a pydantic model of its draft (`bot.registry.Flow.draft`); `load` validates what is
stored, and a draft that no longer validates (a bug, or a model changed since) is logged and
refused with `core.draft_unreadable`: the row stays as it is, for someone to look at.
"""

from __future__ import annotations

import logging
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.errors import Conflict
from bot.services import Services
from storage.flows import FlowState

log = logging.getLogger(__name__)

D = TypeVar("D", bound=BaseModel)


async def current(services: Services, user_id: int) -> FlowState | None:
    return await services.flows.active(user_id)


async def under_way(services: Services, user_id: int) -> FlowState | None:
    """The active flow, if it can still be carried on (a pledge after its deadline is not
    work to come back to); None otherwise."""
    state = await services.flows.active(user_id)
    if state is None or not await services.registry.alive(services, state):
        return None
    return state


async def paused(services: Services, user_id: int) -> list[FlowState]:
    """The drafts the user left and can carry on, the latest first (those that can no longer
    be carried on are left out)."""
    left = await services.flows.paused(user_id)
    return [state for state in left if await services.registry.alive(services, state)]


async def _closed(services: Services, user_id: int, state: FlowState) -> bool:
    """Whether the draft `state` can no longer be carried on; it is then dropped, unless its
    work can be reopened for the unit (kept for then, only not offered meanwhile)."""
    registry = services.registry
    if await registry.alive(services, state):
        return False
    if not registry.keeps_closed(state.name):
        await services.flows.discard(user_id, state.name)
    return True


async def paused_since(
    services: Services, user_id: int, before: FlowState | None
) -> FlowState | None:
    """The flow that was active (`before`) when another has since become active and left it
    paused with its draft: the one the person must be told waits. None otherwise (nothing
    was under way, the same flow goes on, /cancel, or it was finished); a paused draft that
    can no longer be carried on (its review round closed, its deadline passed) is not told
    of (see `_closed`)."""
    if before is None:
        return None
    after = await services.flows.active(user_id)
    if after is None or after.name == before.name:
        return None
    left = await services.flows.get(user_id, before.name)
    if left is None or left.active:
        return None
    if await _closed(services, user_id, left):
        return None
    return left


async def load(services: Services, user_id: int, name: str, model: type[D]) -> D | None:
    """The user's stored draft of flow `name` (active or not), validated; None when none."""
    state = await services.flows.get(user_id, name)
    if state is None:
        return None
    try:
        return model.model_validate(state.data)
    except ValidationError as exc:
        log.warning(
            "stored draft of flow %s of user %s no longer validates (%d errors); kept as is",
            name,
            user_id,
            exc.error_count(),
        )
        raise Conflict("core.draft_unreadable") from None


async def advance(
    services: Services, user_id: int, name: str, step: str, draft: BaseModel
) -> FlowState:
    """Store the new step and draft the moment the user gives them (the flow becomes active)."""
    data = draft.model_dump(mode="json")
    return await services.flows.save(user_id, name, step, data, services.clock.now())


async def cancel(services: Services, user_id: int) -> FlowState | None:
    """Leave the active flow, its draft kept; None when nothing was left to come back to
    (no flow, or one that can no longer be carried on: see `_closed`)."""
    left = await services.flows.deactivate(user_id)
    if left is not None and await _closed(services, user_id, left):
        return None
    return left


async def finish(services: Services, user_id: int, name: str) -> None:
    """The flow's result is stored for good: forget the draft."""
    await services.flows.discard(user_id, name)

"""The one mechanism for multi-step flows: the step and the draft are stored at every step.

A flow is named (e.g. "pledge"); a user has at most one active flow. `/cancel` leaves it and
keeps the draft, so the next start of the same flow resumes where the user was.
"""

from __future__ import annotations

from typing import Any

from bot.services import Services
from storage.flows import FlowState


async def current(services: Services, user_id: int) -> FlowState | None:
    return await services.flows.active(user_id)


async def resume_or_start(
    services: Services, user_id: int, name: str, first_step: str, data: dict[str, Any]
) -> tuple[FlowState, bool]:
    """Enter flow `name`: the kept draft if there is one (True), else a fresh one (False)."""
    kept = await services.flows.get(user_id, name)
    if kept is not None:
        state = await services.flows.save(user_id, name, kept.step, kept.data, services.clock.now())
        return state, True
    state = await services.flows.save(user_id, name, first_step, data, services.clock.now())
    return state, False


async def advance(
    services: Services, user_id: int, name: str, step: str, data: dict[str, Any]
) -> FlowState:
    """Store the new step and draft the moment the user gives them."""
    return await services.flows.save(user_id, name, step, data, services.clock.now())


async def cancel(services: Services, user_id: int) -> FlowState | None:
    return await services.flows.deactivate(user_id)


async def finish(services: Services, user_id: int, name: str) -> None:
    """The flow's result is stored for good: forget the draft."""
    await services.flows.discard(user_id, name)

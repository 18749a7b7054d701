"""Changes shown to an admin and waiting for ✅: finding the one a button names, dropping it.

A change older than `PENDING_CHANGE_TTL_DAYS` is "out of date" when its ✅ is pressed (not
applied against a state nobody looked at for days), and its row goes the next time any change
is created (`PendingChangeRepo.create`), so previews that never reached anyone do not pile up.
"""

from __future__ import annotations

from datetime import timedelta

from bot.constants import PENDING_CHANGE_TTL_DAYS
from bot.domain.bloc import Bloc
from bot.domain.pending import PendingChange
from bot.errors import Conflict
from bot.services import Services


async def open_change(services: Services, bloc: Bloc, change_id: int, kind: str) -> PendingChange:
    """The pending change of this kind and bloc; an old or forged button finds nothing."""
    change = await services.pending_changes.get(change_id)
    if (
        change is None
        or change.kind != kind
        or change.bloc_id != bloc.id
        or _expired(services, change)
    ):
        raise Conflict("core.stale_button")
    return change


async def drop_change(services: Services, bloc: Bloc, change_id: int, kind: str) -> None:
    """✖️: forget the proposal; nothing else changes."""
    async with services.db.transaction():
        change = await open_change(services, bloc, change_id, kind)
        await services.pending_changes.take(change.id)


def _expired(services: Services, change: PendingChange) -> bool:
    return change.created_at < services.clock.now() - timedelta(days=PENDING_CHANGE_TTL_DAYS)

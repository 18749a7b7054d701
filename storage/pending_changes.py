"""Changes an admin was shown and has still to confirm with ✅ (a roster import, a rename…).

The button carries the row's id (the change itself is too big for callback data); the row is
taken (deleted) when the change is applied or cancelled, so a second press finds nothing. A
change never confirmed (its preview failed to send, the admin walked away) expires.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from bot.clock import to_db
from bot.constants import PENDING_CHANGE_TTL_DAYS
from bot.domain.pending import PendingChange
from storage.db import Database, Row
from storage.rows import from_json, to_model


def _change(row: Row) -> PendingChange:
    return to_model(PendingChange, row, payload=from_json(row["payload"]))


class PendingChangeRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self, bloc_id: int, kind: str, payload: dict[str, Any], *, by: int, now: datetime
    ) -> PendingChange:
        """Keep a change for ✅; the changes that expired by `now` go first (on access)."""
        await self.expire(now - timedelta(days=PENDING_CHANGE_TTL_DAYS))
        change_id = await self.db.execute(
            "INSERT INTO pending_changes (bloc_id, user_id, kind, payload, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (bloc_id, by, kind, json.dumps(payload, ensure_ascii=False), to_db(now)),
        )
        change = await self.get(change_id)
        assert change is not None
        return change

    async def get(self, change_id: int) -> PendingChange | None:
        row = await self.db.fetch_one("SELECT * FROM pending_changes WHERE id = ?", (change_id,))
        return _change(row) if row else None

    async def expire(self, before: datetime) -> int:
        """Forget every change created before `before` (never confirmed); how many were."""
        return await self.db.execute(
            "DELETE FROM pending_changes WHERE created_at < ?", (to_db(before),)
        )

    async def take(self, change_id: int) -> bool:
        """Remove the change (applied or cancelled); False when someone took it already."""
        changed = await self.db.execute("DELETE FROM pending_changes WHERE id = ?", (change_id,))
        return changed > 0

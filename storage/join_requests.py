"""Requests to act for a unit (`/join`), pending until an admin approves or refuses them."""

from __future__ import annotations

from datetime import datetime

from bot.clock import to_db
from bot.domain.membership import JoinRequest, JoinStatus
from storage.db import Database, Row
from storage.rows import to_model


def _request(row: Row) -> JoinRequest:
    return to_model(JoinRequest, row)


class JoinRequestRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, unit_id: int, user_id: int, now: datetime) -> JoinRequest:
        request_id = await self.db.execute(
            "INSERT INTO join_requests (unit_id, user_id, status, created_at)"
            " VALUES (?, ?, 'pending', ?)",
            (unit_id, user_id, to_db(now)),
        )
        request = await self.get(request_id)
        assert request is not None
        return request

    async def get(self, request_id: int) -> JoinRequest | None:
        row = await self.db.fetch_one("SELECT * FROM join_requests WHERE id = ?", (request_id,))
        return _request(row) if row else None

    async def pending(self, unit_id: int, user_id: int) -> JoinRequest | None:
        row = await self.db.fetch_one(
            "SELECT * FROM join_requests WHERE unit_id = ? AND user_id = ? AND status = 'pending'",
            (unit_id, user_id),
        )
        return _request(row) if row else None

    async def pending_codes(self, user_id: int) -> list[str]:
        """The codes of the units the user's requests still wait for, in code order."""
        rows = await self.db.fetch_all(
            "SELECT DISTINCT u.code FROM join_requests r JOIN units u ON u.id = r.unit_id"
            " WHERE r.user_id = ? AND r.status = 'pending' ORDER BY u.code",
            (user_id,),
        )
        return [row["code"] for row in rows]

    async def decide(self, request_id: int, status: JoinStatus, *, by: int, now: datetime) -> bool:
        """Close a pending request; False when someone decided it already."""
        changed = await self.db.execute(
            "UPDATE join_requests SET status = ?, decided_by = ?, decided_at = ?"
            " WHERE id = ? AND status = 'pending'",
            (str(status), by, to_db(now), request_id),
        )
        return changed > 0

    async def withdraw(self, request_id: int) -> bool:
        """Delete a request still pending (it never reached the admins); False once decided."""
        changed = await self.db.execute(
            "DELETE FROM join_requests WHERE id = ? AND status = 'pending'", (request_id,)
        )
        return changed > 0

    async def shown(self, request_id: int, message_id: int) -> None:
        """Keep the group message that shows the request (edited when it is settled)."""
        await self.db.execute(
            "UPDATE join_requests SET message_id = ? WHERE id = ?", (message_id, request_id)
        )

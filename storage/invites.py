"""One-time invite links of a unit: stored by token digest, used or revoked at most once."""

from __future__ import annotations

from datetime import datetime

from bot.clock import to_db
from bot.domain.membership import Invite
from storage.db import Database, Row
from storage.rows import to_model


def _invite(row: Row) -> Invite:
    return to_model(Invite, row)


class InviteRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self, *, token_hash: str, unit_id: int, by: int, now: datetime, expires: datetime
    ) -> Invite:
        invite_id = await self.db.execute(
            "INSERT INTO invites (token_hash, unit_id, created_by, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (token_hash, unit_id, by, to_db(now), to_db(expires)),
        )
        invite = await self.get(invite_id)
        assert invite is not None
        return invite

    async def get(self, invite_id: int) -> Invite | None:
        row = await self.db.fetch_one("SELECT * FROM invites WHERE id = ?", (invite_id,))
        return _invite(row) if row else None

    async def by_token_hash(self, token_hash: str) -> Invite | None:
        row = await self.db.fetch_one("SELECT * FROM invites WHERE token_hash = ?", (token_hash,))
        return _invite(row) if row else None

    async def use(self, invite_id: int, user_id: int, now: datetime) -> bool:
        """Mark the invite used by `user_id`, only if it is still open (one winner)."""
        changed = await self.db.execute(
            "UPDATE invites SET used_by = ?, used_at = ? WHERE id = ? AND used_by IS NULL"
            " AND revoked_at IS NULL AND expires_at > ?",
            (user_id, to_db(now), invite_id, to_db(now)),
        )
        return changed > 0

    async def revoke(self, invite_id: int, now: datetime) -> bool:
        """Revoke an invite nobody used yet; False when it was already used or revoked."""
        changed = await self.db.execute(
            "UPDATE invites SET revoked_at = ? WHERE id = ? AND used_by IS NULL"
            " AND revoked_at IS NULL",
            (to_db(now), invite_id),
        )
        return changed > 0

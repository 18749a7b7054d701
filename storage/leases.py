"""The lease a running bot holds on its database, so that a second process refuses to start.

Why in the database and not a lock file: the database is what two processes would share (and
what would be shared on a server with PostgreSQL later), and a row can say who holds it. The
rules of taking over a lease are decided by `bot.instance_lock`; here is only the SQL, each
change in one `BEGIN IMMEDIATE` transaction so two starting processes cannot both win.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.clock import from_db, to_db
from storage.db import Database


class Lease(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    name: str
    token: str
    host: str
    pid: int
    acquired_at: datetime
    expires_at: datetime


class LeaseRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, name: str) -> Lease | None:
        row = await self.db.fetch_one("SELECT * FROM process_lease WHERE name = ?", (name,))
        if row is None:
            return None
        return Lease(
            name=row["name"],
            token=row["token"],
            host=row["host"],
            pid=row["pid"],
            acquired_at=from_db(row["acquired_at"]),
            expires_at=from_db(row["expires_at"]),
        )

    async def put(self, lease: Lease) -> None:
        await self.db.execute(
            "INSERT INTO process_lease (name, token, host, pid, acquired_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET token = excluded.token,"
            " host = excluded.host, pid = excluded.pid, acquired_at = excluded.acquired_at,"
            " expires_at = excluded.expires_at",
            (
                lease.name,
                lease.token,
                lease.host,
                lease.pid,
                to_db(lease.acquired_at),
                to_db(lease.expires_at),
            ),
        )

    async def renew(self, name: str, token: str, expires_at: datetime) -> bool:
        """Extend our lease; False when it is no longer ours (another process took it)."""
        changed = await self.db.execute(
            "UPDATE process_lease SET expires_at = ? WHERE name = ? AND token = ?",
            (to_db(expires_at), name, token),
        )
        return changed > 0

    async def release(self, name: str, token: str) -> None:
        await self.db.execute(
            "DELETE FROM process_lease WHERE name = ? AND token = ?", (name, token)
        )

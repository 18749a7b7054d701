"""Emulation years of a bloc (at most one open) and the deadline of each phase."""

from __future__ import annotations

from datetime import datetime

from bot.clock import from_db, to_db
from bot.domain.year import Deadline, Year
from storage.db import Database, Row
from storage.rows import to_model


def _year(row: Row) -> Year:
    return to_model(Year, row)


class YearRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def open(self, bloc_id: int, year: int, *, by: int, now: datetime) -> Year:
        """A new open year; the partial unique index refuses a second open one."""
        year_id = await self.db.execute(
            "INSERT INTO years (bloc_id, year, status, opened_by, opened_at)"
            " VALUES (?, ?, 'open', ?, ?)",
            (bloc_id, year, by, to_db(now)),
        )
        found = await self.get(year_id)
        assert found is not None
        return found

    async def get(self, year_id: int) -> Year | None:
        row = await self.db.fetch_one("SELECT * FROM years WHERE id = ?", (year_id,))
        return _year(row) if row else None

    async def current(self, bloc_id: int) -> Year | None:
        """The bloc's open year."""
        row = await self.db.fetch_one(
            "SELECT * FROM years WHERE bloc_id = ? AND status = 'open'", (bloc_id,)
        )
        return _year(row) if row else None

    async def by_number(self, bloc_id: int, year: int) -> Year | None:
        row = await self.db.fetch_one(
            "SELECT * FROM years WHERE bloc_id = ? AND year = ?", (bloc_id, year)
        )
        return _year(row) if row else None

    async def latest(self, bloc_id: int) -> Year | None:
        """The open year, else the most recent closed one (what /year shows)."""
        row = await self.db.fetch_one(
            "SELECT * FROM years WHERE bloc_id = ?"
            " ORDER BY CASE status WHEN 'open' THEN 0 ELSE 1 END, year DESC LIMIT 1",
            (bloc_id,),
        )
        return _year(row) if row else None

    async def numbers(self, bloc_id: int) -> list[int]:
        """Every year number the bloc has had, oldest first (what a refusal of another lists)."""
        rows = await self.db.fetch_all(
            "SELECT year FROM years WHERE bloc_id = ? ORDER BY year", (bloc_id,)
        )
        return [int(row["year"]) for row in rows]

    async def close(self, year_id: int, *, by: int, now: datetime) -> bool:
        changed = await self.db.execute(
            "UPDATE years SET status = 'closed', closed_by = ?, closed_at = ?"
            " WHERE id = ? AND status = 'open'",
            (by, to_db(now), year_id),
        )
        return changed > 0

    async def reopen(self, year_id: int) -> bool:
        """A closed year open again (the partial unique index refuses a second open one)."""
        changed = await self.db.execute(
            "UPDATE years SET status = 'open', closed_by = NULL, closed_at = NULL"
            " WHERE id = ? AND status = 'closed'",
            (year_id,),
        )
        return changed > 0

    async def highest(self, bloc_id: int) -> int | None:
        """The largest year number the bloc ever had (the next one to offer is the one after)."""
        value = await self.db.fetch_value(
            "SELECT MAX(year) FROM years WHERE bloc_id = ?", (bloc_id,)
        )
        return int(value) if value is not None else None

    async def publish_pledges(self, year_id: int, *, by: int, now: datetime) -> bool:
        changed = await self.db.execute(
            "UPDATE years SET pledges_published_by = ?, pledges_published_at = ?"
            " WHERE id = ? AND pledges_published_at IS NULL",
            (by, to_db(now), year_id),
        )
        return changed > 0

    # --- deadlines ------------------------------------------------------------------------

    async def set_deadline(
        self, year_id: int, phase: str, due_at: datetime, *, by: int, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO deadlines (year_id, phase, due_at, set_by, set_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (year_id, phase) DO UPDATE SET due_at = excluded.due_at,"
            " set_by = excluded.set_by, set_at = excluded.set_at",
            (year_id, phase, to_db(due_at), by, to_db(now)),
        )

    async def deadlines(self, year_id: int) -> dict[str, Deadline]:
        rows = await self.db.fetch_all("SELECT * FROM deadlines WHERE year_id = ?", (year_id,))
        return {
            row["phase"]: Deadline(
                phase=row["phase"],
                due_at=from_db(row["due_at"]),
                set_by=row["set_by"],
                set_at=from_db(row["set_at"]),
            )
            for row in rows
        }

    async def deadline(self, year_id: int, phase: str) -> datetime | None:
        value = await self.db.fetch_value(
            "SELECT due_at FROM deadlines WHERE year_id = ? AND phase = ?", (year_id, phase)
        )
        return from_db(value) if value else None

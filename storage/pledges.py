"""Each unit's registered pledge for a year, and the bloc's list of titles to pledge for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.clock import to_db
from bot.domain.title_use import TitleUse
from bot.domain.year import Pledge, Title
from storage.db import Database, Row
from storage.rows import to_model


def _title(row: Row) -> Title:
    return to_model(Title, row, removed=row["removed_at"] is not None)


class TitleRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def ever_had(self, bloc_id: int) -> bool:
        """Whether the bloc has had titles at all (removed ones count): defaults go in once."""
        row = await self.db.fetch_one("SELECT 1 FROM titles WHERE bloc_id = ? LIMIT 1", (bloc_id,))
        return row is not None

    async def add(self, bloc_id: int, name: str, now: datetime) -> Title:
        position = 1 + int(
            await self.db.fetch_value(
                "SELECT COALESCE(MAX(position), 0) FROM titles WHERE bloc_id = ?", (bloc_id,)
            )
        )
        title_id = await self.db.execute(
            "INSERT INTO titles (bloc_id, name, position, created_at) VALUES (?, ?, ?, ?)",
            (bloc_id, name, position, to_db(now)),
        )
        return Title(id=title_id, bloc_id=bloc_id, name=name, position=position)

    async def rename(self, title_id: int, name: str) -> bool:
        changed = await self.db.execute(
            "UPDATE titles SET name = ? WHERE id = ? AND removed_at IS NULL", (name, title_id)
        )
        return changed > 0

    async def remove(self, title_id: int, now: datetime) -> bool:
        changed = await self.db.execute(
            "UPDATE titles SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
            (to_db(now), title_id),
        )
        return changed > 0

    async def get(self, title_id: int) -> Title | None:
        row = await self.db.fetch_one("SELECT * FROM titles WHERE id = ?", (title_id,))
        return _title(row) if row else None

    async def active(self, bloc_id: int) -> list[Title]:
        rows = await self.db.fetch_all(
            "SELECT * FROM titles WHERE bloc_id = ? AND removed_at IS NULL ORDER BY position, id",
            (bloc_id,),
        )
        return [_title(row) for row in rows]

    async def uses(self, title_id: int) -> list[TitleUse]:
        """The years whose pledges chose the title or whose votes were held on it."""
        rows = await self.db.fetch_all(
            "SELECT y.year, y.status, 'pledge' AS by FROM pledge_titles pt"
            " JOIN pledges p ON p.id = pt.pledge_id JOIN years y ON y.id = p.year_id"
            " WHERE pt.title_id = ?"
            " UNION SELECT y.year, y.status, 'vote' FROM election_titles et"
            " JOIN elections e ON e.id = et.election_id JOIN years y ON y.id = e.year_id"
            " WHERE et.title_id = ?",
            (title_id, title_id),
        )
        return [
            TitleUse(year=row["year"], closed=row["status"] == "closed", by=row["by"])
            for row in rows
        ]

    async def all(self, bloc_id: int) -> dict[int, Title]:
        """Every title the bloc ever had, removed ones included (old pledges name them)."""
        rows = await self.db.fetch_all("SELECT * FROM titles WHERE bloc_id = ?", (bloc_id,))
        return {row["id"]: _title(row) for row in rows}


class PledgeRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save(
        self,
        year_id: int,
        unit_id: int,
        *,
        title_ids: Sequence[int],
        commitments: str,
        by: int,
        now: datetime,
    ) -> tuple[Pledge, bool]:
        """Register or replace the unit's pledge; True when it is the unit's first one.

        Registering closes a reopening: the pledge is read-only again after the deadline.
        """
        stamp = to_db(now)
        async with self.db.transaction():
            first = await self.get(year_id, unit_id) is None
            await self.db.execute(
                "INSERT INTO pledges (year_id, unit_id, status, commitments, revision,"
                " registered_by, first_registered_at, updated_by, updated_at)"
                " VALUES (?, ?, 'registered', ?, 1, ?, ?, ?, ?)"
                " ON CONFLICT (year_id, unit_id) DO UPDATE SET status = 'registered',"
                " commitments = excluded.commitments, revision = pledges.revision + 1,"
                " registered_by = COALESCE(pledges.registered_by, excluded.registered_by),"
                " first_registered_at ="
                " COALESCE(pledges.first_registered_at, excluded.first_registered_at),"
                " updated_by = excluded.updated_by, updated_at = excluded.updated_at,"
                " reopened_by = NULL, reopened_at = NULL",
                (year_id, unit_id, commitments, by, stamp, by, stamp),
            )
            pledge_id = await self._id(year_id, unit_id)
            await self.db.execute("DELETE FROM pledge_titles WHERE pledge_id = ?", (pledge_id,))
            await self.db.execute_many(
                "INSERT INTO pledge_titles (pledge_id, title_id) VALUES (?, ?)",
                [(pledge_id, title_id) for title_id in dict.fromkeys(title_ids)],
            )
        saved = await self.get(year_id, unit_id)
        assert saved is not None
        return saved, first

    async def reopen(self, year_id: int, unit_id: int, *, by: int, now: datetime) -> bool:
        """Let the unit edit (or register late) after the deadline; False if already reopened."""
        async with self.db.transaction():
            if await self.is_reopened(year_id, unit_id):
                return False
            await self.db.execute(
                "INSERT INTO pledges (year_id, unit_id, status, reopened_by, reopened_at)"
                " VALUES (?, ?, 'none', ?, ?) ON CONFLICT (year_id, unit_id) DO UPDATE SET"
                " reopened_by = excluded.reopened_by, reopened_at = excluded.reopened_at",
                (year_id, unit_id, by, to_db(now)),
            )
        return True

    async def is_reopened(self, year_id: int, unit_id: int) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM pledges WHERE year_id = ? AND unit_id = ? AND reopened_at IS NOT NULL",
            (year_id, unit_id),
        )
        return row is not None

    async def get(self, year_id: int, unit_id: int) -> Pledge | None:
        """The unit's registered pledge."""
        row = await self.db.fetch_one(
            "SELECT * FROM pledges WHERE year_id = ? AND unit_id = ? AND status = 'registered'",
            (year_id, unit_id),
        )
        if row is None:
            return None
        titles = await self._titles([row["id"]])
        return self._pledge(row, titles.get(row["id"], ()))

    async def of_year(self, year_id: int) -> dict[int, Pledge]:
        """unit id -> registered pledge (two queries)."""
        rows = await self.db.fetch_all(
            "SELECT * FROM pledges WHERE year_id = ? AND status = 'registered'", (year_id,)
        )
        titles = await self._titles([row["id"] for row in rows])
        return {row["unit_id"]: self._pledge(row, titles.get(row["id"], ())) for row in rows}

    async def count(self, year_id: int) -> int:
        return int(
            await self.db.fetch_value(
                "SELECT COUNT(*) FROM pledges WHERE year_id = ? AND status = 'registered'",
                (year_id,),
            )
        )

    async def _id(self, year_id: int, unit_id: int) -> int:
        return int(
            await self.db.fetch_value(
                "SELECT id FROM pledges WHERE year_id = ? AND unit_id = ?", (year_id, unit_id)
            )
        )

    async def _titles(self, pledge_ids: list[int]) -> dict[int, tuple[int, ...]]:
        if not pledge_ids:
            return {}
        marks = ",".join("?" * len(pledge_ids))
        rows = await self.db.fetch_all(
            "SELECT pt.pledge_id, pt.title_id FROM pledge_titles pt"
            " JOIN titles t ON t.id = pt.title_id"
            f" WHERE pt.pledge_id IN ({marks}) ORDER BY t.position, t.id",
            pledge_ids,
        )
        found: dict[int, list[int]] = {}
        for row in rows:
            found.setdefault(row["pledge_id"], []).append(row["title_id"])
        return {key: tuple(value) for key, value in found.items()}

    @staticmethod
    def _pledge(row: Row, title_ids: tuple[int, ...]) -> Pledge:
        return to_model(Pledge, row, title_ids=title_ids)

"""Units of a bloc and the delegates who act for them."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.clock import to_db
from bot.domain.bloc import Membership, Unit
from storage.blocs import bloc_from_row
from storage.db import Database, Row
from storage.rows import to_model


def _unit(row: Row) -> Unit:
    return to_model(Unit, row)


class UnitRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, bloc_id: int, code: str, name: str, now: datetime) -> Unit:
        unit_id = await self.db.execute(
            "INSERT INTO units (bloc_id, code, name, created_at) VALUES (?, ?, ?, ?)",
            (bloc_id, code, name, to_db(now)),
        )
        return Unit(id=unit_id, bloc_id=bloc_id, code=code, name=name)

    async def rename(self, unit_id: int, name: str) -> None:
        await self.db.execute("UPDATE units SET name = ? WHERE id = ?", (name, unit_id))

    async def delete_unused(self, unit_id: int) -> bool:
        """Delete a unit no data refers to; False when a pledge, score… still points at it.

        Tables of a unit's data reference `units (id)` without ON DELETE CASCADE, so the
        database itself refuses (a foreign-key failure) and the unit stays.
        """
        try:
            await self.db.execute("DELETE FROM units WHERE id = ?", (unit_id,))
        except sqlite3.IntegrityError:
            return False
        return True

    async def used_by(self, unit_id: int) -> str | None:
        """The first table whose data refers to the unit (what makes `delete_unused` refuse),
        or None: a row of any table whose reference to `units (id)` does not cascade. Read from
        the schema itself, so a feature's new table (scores, ballots…) counts without a change
        here."""
        tables = await self.db.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        for table in (row["name"] for row in tables):
            for ref in await self.db.fetch_all(f'PRAGMA foreign_key_list("{table}")'):
                if ref["table"] != "units" or ref["on_delete"].upper() in ("CASCADE", "SET NULL"):
                    continue
                found = await self.db.fetch_value(
                    f'SELECT 1 FROM "{table}" WHERE "{ref["from"]}" = ? LIMIT 1', (unit_id,)
                )
                if found is not None:
                    return str(table)
        return None

    async def get(self, unit_id: int) -> Unit | None:
        row = await self.db.fetch_one("SELECT * FROM units WHERE id = ?", (unit_id,))
        return _unit(row) if row else None

    async def by_code(self, bloc_id: int, code: str) -> Unit | None:
        row = await self.db.fetch_one(
            "SELECT * FROM units WHERE bloc_id = ? AND code = ?", (bloc_id, code)
        )
        return _unit(row) if row else None

    async def list(self, bloc_id: int) -> list[Unit]:
        rows = await self.db.fetch_all(
            "SELECT * FROM units WHERE bloc_id = ? ORDER BY code", (bloc_id,)
        )
        return [_unit(row) for row in rows]

    async def count(self, bloc_id: int) -> int:
        return int(
            await self.db.fetch_value("SELECT COUNT(*) FROM units WHERE bloc_id = ?", (bloc_id,))
        )

    # --- delegates -------------------------------------------------------------------------

    async def add_delegate(self, unit_id: int, user_id: int, *, by: int, now: datetime) -> bool:
        changed = await self.db.execute(
            "INSERT INTO delegates (unit_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (unit_id, user_id) DO NOTHING",
            (unit_id, user_id, by, to_db(now)),
        )
        return changed > 0

    async def remove_delegate(self, unit_id: int, user_id: int) -> bool:
        changed = await self.db.execute(
            "DELETE FROM delegates WHERE unit_id = ? AND user_id = ?", (unit_id, user_id)
        )
        return changed > 0

    async def delegates(self, unit_id: int) -> list[int]:
        rows = await self.db.fetch_all(
            "SELECT user_id FROM delegates WHERE unit_id = ? ORDER BY added_at, user_id",
            (unit_id,),
        )
        return [row["user_id"] for row in rows]

    async def delegates_of_bloc(self, bloc_id: int) -> dict[int, list[int]]:
        """unit id -> delegate user ids, for every unit of the bloc (one query)."""
        rows = await self.db.fetch_all(
            "SELECT d.unit_id, d.user_id FROM delegates d JOIN units u ON u.id = d.unit_id"
            " WHERE u.bloc_id = ? ORDER BY d.added_at, d.user_id",
            (bloc_id,),
        )
        result: dict[int, list[int]] = {}
        for row in rows:
            result.setdefault(row["unit_id"], []).append(row["user_id"])
        return result

    async def is_delegate(self, unit_id: int, user_id: int) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM delegates WHERE unit_id = ? AND user_id = ?", (unit_id, user_id)
        )
        return row is not None

    async def memberships(self, user_id: int) -> list[Membership]:
        """Every (bloc, unit) the user is a delegate of, ordered by bloc then unit code."""
        rows = await self.db.fetch_all(
            "SELECT b.*, u.id AS u_id, u.code AS u_code, u.name AS u_name FROM delegates d"
            " JOIN units u ON u.id = d.unit_id JOIN blocs b ON b.id = u.bloc_id"
            " WHERE d.user_id = ? ORDER BY b.name, u.code",
            (user_id,),
        )
        return [
            Membership(
                bloc=bloc_from_row(row),
                unit=Unit(
                    id=row["u_id"], bloc_id=row["id"], code=row["u_code"], name=row["u_name"]
                ),
            )
            for row in rows
        ]

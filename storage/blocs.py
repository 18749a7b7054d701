"""Blocs (one per Telegram group) and their bot-level admins."""

from __future__ import annotations

from datetime import datetime

from bot.clock import to_db
from bot.domain.bloc import Bloc
from storage.db import Database, Row
from storage.rows import to_model


def bloc_from_row(row: Row) -> Bloc:
    return to_model(Bloc, row)


class BlocRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self, *, chat_id: int, name: str, language: str, timezone: str, by: int, now: datetime
    ) -> Bloc:
        """Register the group as a bloc with `by` as its first admin (one transaction)."""
        async with self.db.transaction():
            bloc_id = await self.db.execute(
                "INSERT INTO blocs (chat_id, name, language, timezone, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (chat_id, name, language, timezone, by, to_db(now)),
            )
            await self.add_admin(bloc_id, by, added_by=by, now=now)
        bloc = await self.get(bloc_id)
        assert bloc is not None
        return bloc

    async def get(self, bloc_id: int) -> Bloc | None:
        row = await self.db.fetch_one("SELECT * FROM blocs WHERE id = ?", (bloc_id,))
        return bloc_from_row(row) if row else None

    async def by_chat(self, chat_id: int) -> Bloc | None:
        row = await self.db.fetch_one("SELECT * FROM blocs WHERE chat_id = ?", (chat_id,))
        return bloc_from_row(row) if row else None

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> bool:
        """A group became a supergroup: the bloc follows it to the new chat id."""
        changed = await self.db.execute(
            "UPDATE blocs SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
        )
        return changed > 0

    async def rename(self, bloc_id: int, name: str) -> bool:
        changed = await self.db.execute("UPDATE blocs SET name = ? WHERE id = ?", (name, bloc_id))
        return changed > 0

    async def set_head(self, bloc_id: int, *, head: int | None, deputy: int | None) -> None:
        await self.db.execute(
            "UPDATE blocs SET head_unit_id = ?, deputy_unit_id = ? WHERE id = ?",
            (head, deputy, bloc_id),
        )

    async def add_admin(self, bloc_id: int, user_id: int, *, added_by: int, now: datetime) -> bool:
        changed = await self.db.execute(
            "INSERT INTO bloc_admins (bloc_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (bloc_id, user_id) DO NOTHING",
            (bloc_id, user_id, added_by, to_db(now)),
        )
        return changed > 0

    async def remove_admin(self, bloc_id: int, user_id: int) -> bool:
        changed = await self.db.execute(
            "DELETE FROM bloc_admins WHERE bloc_id = ? AND user_id = ?", (bloc_id, user_id)
        )
        return changed > 0

    async def is_admin(self, bloc_id: int, user_id: int) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM bloc_admins WHERE bloc_id = ? AND user_id = ?", (bloc_id, user_id)
        )
        return row is not None

    async def admin_bloc_ids(self, user_id: int) -> list[int]:
        """The blocs a person is a recorded admin of (their private commands act for these)."""
        rows = await self.db.fetch_all(
            "SELECT bloc_id FROM bloc_admins WHERE user_id = ? ORDER BY bloc_id", (user_id,)
        )
        return [row["bloc_id"] for row in rows]

    async def admins(self, bloc_id: int) -> list[int]:
        rows = await self.db.fetch_all(
            "SELECT user_id FROM bloc_admins WHERE bloc_id = ? ORDER BY added_at, user_id",
            (bloc_id,),
        )
        return [row["user_id"] for row in rows]

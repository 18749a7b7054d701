"""Users the bot has seen: profile from Telegram, language choice, whether they started it."""

from __future__ import annotations

from datetime import datetime

from bot.clock import to_db
from bot.domain.bloc import UserProfile
from storage.db import Database, Row
from storage.rows import to_model


def _profile(row: Row) -> UserProfile:
    return to_model(UserProfile, row)


class UserRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def seen(
        self,
        *,
        user_id: int,
        username: str | None,
        first_name: str,
        last_name: str | None,
        language_code: str | None,
        private: bool,
        now: datetime,
    ) -> UserProfile:
        """Record the latest profile of a user who just wrote; `private` marks them started.
        One statement (the stored row comes back with RETURNING), one trip to the database."""
        stamp = to_db(now)
        row = await self.db.execute_returning(
            "INSERT INTO users (id, username, first_name, last_name, telegram_language, started,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET username = excluded.username,"
            " first_name = excluded.first_name, last_name = excluded.last_name,"
            " telegram_language = excluded.telegram_language,"
            " started = MAX(users.started, excluded.started), updated_at = excluded.updated_at"
            " RETURNING *",
            (user_id, username, first_name, last_name, language_code, int(private), stamp, stamp),
        )
        assert row is not None
        return _profile(row)

    async def get(self, user_id: int) -> UserProfile | None:
        row = await self.db.fetch_one("SELECT * FROM users WHERE id = ?", (user_id,))
        return _profile(row) if row else None

    async def get_many(self, user_ids: list[int]) -> dict[int, UserProfile]:
        if not user_ids:
            return {}
        marks = ",".join("?" * len(user_ids))
        rows = await self.db.fetch_all(f"SELECT * FROM users WHERE id IN ({marks})", user_ids)
        return {row["id"]: _profile(row) for row in rows}

    async def by_username(self, username: str) -> UserProfile | None:
        row = await self.db.fetch_one(
            "SELECT * FROM users WHERE lower(username) = lower(?) ORDER BY updated_at DESC",
            (username.lstrip("@"),),
        )
        return _profile(row) if row else None

    async def set_language(self, user_id: int, language: str | None, now: datetime) -> None:
        await self.db.execute(
            "UPDATE users SET chosen_language = ?, updated_at = ? WHERE id = ?",
            (language, to_db(now), user_id),
        )

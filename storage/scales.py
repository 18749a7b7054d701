"""Versions of a year's scoring scale (the highest is current), stored whole as JSON."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.clock import to_db
from bot.domain.year import StoredScale
from storage.db import Database, Row
from storage.rows import from_json, to_model


def _scale(row: Row) -> StoredScale:
    return to_model(StoredScale, row, body=from_json(row["body"]))


class ScaleRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add_version(
        self,
        year_id: int,
        *,
        name: str,
        source: str,
        body: dict[str, Any],
        by: int,
        now: datetime,
    ) -> StoredScale:
        """Store the next version; joins the caller's transaction if there is one."""
        async with self.db.transaction():
            version = 1 + int(
                await self.db.fetch_value(
                    "SELECT COALESCE(MAX(version), 0) FROM scale_versions WHERE year_id = ?",
                    (year_id,),
                )
            )
            scale_id = await self.db.execute(
                "INSERT INTO scale_versions"
                " (year_id, version, name, source, body, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    year_id,
                    version,
                    name,
                    source,
                    json.dumps(body, ensure_ascii=False),
                    by,
                    to_db(now),
                ),
            )
        found = await self.get(scale_id)
        assert found is not None
        return found

    async def get(self, scale_id: int) -> StoredScale | None:
        row = await self.db.fetch_one("SELECT * FROM scale_versions WHERE id = ?", (scale_id,))
        return _scale(row) if row else None

    async def current(self, year_id: int) -> StoredScale | None:
        row = await self.db.fetch_one(
            "SELECT * FROM scale_versions WHERE year_id = ? ORDER BY version DESC LIMIT 1",
            (year_id,),
        )
        return _scale(row) if row else None

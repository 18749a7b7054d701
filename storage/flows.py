"""Where each user is in a multi-step flow, and the draft so far (JSON), kept across restarts."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.clock import to_db
from storage.db import Database
from storage.rows import from_json, to_model


class FlowState(BaseModel):
    model_config = ConfigDict(defer_build=True)

    user_id: int
    name: str
    step: str
    data: dict[str, Any]
    active: bool


class FlowRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def active(self, user_id: int) -> FlowState | None:
        row = await self.db.fetch_one(
            "SELECT * FROM flows WHERE user_id = ? AND active = 1", (user_id,)
        )
        return self._state(row) if row else None

    async def get(self, user_id: int, name: str) -> FlowState | None:
        row = await self.db.fetch_one(
            "SELECT * FROM flows WHERE user_id = ? AND name = ?", (user_id, name)
        )
        return self._state(row) if row else None

    async def paused(self, user_id: int) -> list[FlowState]:
        """The user's drafts of flows left (by /cancel or another flow), the latest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM flows WHERE user_id = ? AND active = 0 ORDER BY updated_at DESC",
            (user_id,),
        )
        return [self._state(row) for row in rows]

    async def save(
        self, user_id: int, name: str, step: str, data: dict[str, Any], now: datetime
    ) -> FlowState:
        """Make `name` the user's active flow at `step` with `data`; any other flow goes idle."""
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE flows SET active = 0 WHERE user_id = ? AND name <> ? AND active = 1",
                (user_id, name),
            )
            return await self._upsert(user_id, name, step, data, now)

    async def _upsert(
        self, user_id: int, name: str, step: str, data: dict[str, Any], now: datetime
    ) -> FlowState:
        """Store the flow as the active one (the caller made sure no other flow is active)."""
        await self.db.execute(
            "INSERT INTO flows (user_id, name, step, data, active, updated_at)"
            " VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (user_id, name) DO UPDATE SET"
            " step = excluded.step, data = excluded.data, active = 1,"
            " updated_at = excluded.updated_at",
            (user_id, name, step, json.dumps(data, ensure_ascii=False), to_db(now)),
        )
        return FlowState(user_id=user_id, name=name, step=step, data=data, active=True)

    async def deactivate(self, user_id: int) -> FlowState | None:
        """Leave the active flow, keeping its step and draft; returns what was left."""
        state = await self.active(user_id)
        if state is not None:
            await self.db.execute(
                "UPDATE flows SET active = 0 WHERE user_id = ? AND name = ?",
                (user_id, state.name),
            )
        return state

    async def discard(self, user_id: int, name: str) -> None:
        """Forget a flow and its draft (after its result was stored for good)."""
        await self.db.execute("DELETE FROM flows WHERE user_id = ? AND name = ?", (user_id, name))

    async def discard_paused(self, names: tuple[str, ...], fields: dict[str, Any]) -> list[int]:
        """Forget the paused drafts of the flows `names` whose stored fields equal `fields`
        (work that can no longer be carried on: a review round closed); whose they were."""
        where = " AND ".join(f"json_extract(data, '$.{key}') = ?" for key in fields)
        sql = f"FROM flows WHERE active = 0 AND name IN ({', '.join('?' for _ in names)})"
        sql, params = f"{sql} AND {where}", (*names, *fields.values())
        async with self.db.transaction():
            rows = await self.db.fetch_all(f"SELECT DISTINCT user_id {sql}", params)
            if rows:
                await self.db.execute(f"DELETE {sql}", params)
        return [row["user_id"] for row in rows]

    @staticmethod
    def _state(row: Any) -> FlowState:
        return to_model(FlowState, row, data=from_json(row["data"]))

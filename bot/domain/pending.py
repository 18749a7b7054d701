"""A change shown to an admin and waiting for ✅ (a roster plan, a scale, a title): any
feature's, kept in `pending_changes` because what it stores is too long for button data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.bloc import Record


class PendingChange(Record):
    """A change shown to an admin and waiting for ✅: its kind and what it will store."""

    id: int
    bloc_id: int
    kind: str
    payload: dict[str, Any]
    user_id: int
    created_at: datetime

"""Shared fixtures: a fresh migrated database, a movable clock."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import MovableClock
from storage.db import Database, open_database

#: The project's shared folder (design, sample data): next to the checkout, or SHARED_DIR.
SHARED = Path(os.environ.get("SHARED_DIR") or Path(__file__).resolve().parents[1].parent / "shared")


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(datetime(2026, 1, 5, 2, 0, tzinfo=UTC))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await open_database(tmp_path / "bot.sqlite3")
    try:
        yield database
    finally:
        await database.close()

"""Shared fixtures: a fresh migrated database, a movable clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import MovableClock
from storage.db import Database, open_database

#: The project's shared folder: next to the checkout (/work/main) or further up (a worktree).
SHARED = next(
    (p / "shared" for p in Path(__file__).resolve().parents[1].parents if (p / "shared").is_dir()),
    Path(__file__).resolve().parents[1].parent / "shared",
)


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

"""Shared fixtures: a fresh migrated database, a movable clock."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings

from bot.clock import MovableClock
from storage.db import Database, open_database

#: The project's shared folder (design, sample data): next to the checkout, or SHARED_DIR.
SHARED = Path(os.environ.get("SHARED_DIR") or Path(__file__).resolve().parents[1].parent / "shared")

#: Property tests. `make test` caps each property at CAP examples so the suite stays quick on
#: 2 cores; `HYPOTHESIS_PROFILE=soak make test` runs ten times each property's own count (and
#: 1,000 for a property that names none), for a night or before a release.
CAP = 50
settings.register_profile("soak", max_examples=1000, deadline=None)
SOAK = os.environ.get("HYPOTHESIS_PROFILE") == "soak"
if SOAK:
    settings.load_profile("soak")


def examples(count: int) -> int:
    """`max_examples` of a property whose author asked for `count` (see CAP and the soak run)."""
    return count * 10 if SOAK else min(count, CAP)


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

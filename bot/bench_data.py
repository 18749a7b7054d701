"""The benchmark's database: many blocs with units, delegates, an open year and its pledges.

Written with plain `sqlite3` and `executemany` in one transaction (30,000 delegates take about
a second this way, minutes through the repositories); the schema comes from the migrations.
Bloc 0 is the one the benchmark's people act in: its group and people exist in the emulator.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import to_db
from storage.db import open_database

TITLES = ("Cờ thi đua", "Bằng khen", "Tập thể lao động xuất sắc", "Giấy khen")
COMMITMENT = "Hoàn thành vượt mức các chỉ tiêu được giao; " * 12


@dataclass(frozen=True)
class Layout:
    """Who is who in the seeded database."""

    blocs: int
    units: int
    delegates: int
    group_chat: int
    admin: int

    def person(self, bloc: int, unit: int, which: int = 0) -> int:
        return 20_000_000 + bloc * 100 + unit * self.delegates + which

    def code(self, unit: int) -> str:
        return f"U{unit:02d}"

    def people(self, bloc: int = 0) -> list[int]:
        return [self.person(bloc, u, d) for u in range(self.units) for d in range(self.delegates)]


def seed(path: Path, layout: Layout, now: datetime | None = None) -> None:
    """Create the database at `path` (migrated) and fill it as `layout` says."""
    asyncio.run(_migrate(path))
    now = now or datetime.now(UTC)
    stamp, due = to_db(now), to_db(now + timedelta(days=60))
    conn = sqlite3.connect(path)
    try:
        with conn:
            _fill(conn, layout, stamp, due)
    finally:
        conn.close()


async def _migrate(path: Path) -> None:
    db = await open_database(path)
    await db.close()


def _fill(conn: sqlite3.Connection, lay: Layout, stamp: str, due: str) -> None:
    blocs = range(lay.blocs)
    chat = {b: lay.group_chat if b == 0 else -(10**12) - b for b in blocs}
    people = [
        (lay.person(b, u, d), b)
        for b in blocs
        for u in range(lay.units)
        for d in range(lay.delegates)
    ]
    conn.executemany(
        "INSERT INTO users (id, username, first_name, telegram_language, started, created_at,"
        " updated_at) VALUES (?, ?, ?, 'vi', 1, ?, ?)",
        [(p, f"cb{p}", f"Cán bộ {p}", stamp, stamp) for p, _ in people]
        + [(lay.admin, "bench_admin", "Quản trị", stamp, stamp)],
    )
    conn.executemany(
        "INSERT INTO blocs (id, chat_id, name, language, timezone, created_by, created_at)"
        " VALUES (?, ?, ?, 'vi', 'Asia/Ho_Chi_Minh', ?, ?)",
        [(b + 1, chat[b], f"Khối thi đua số {b + 1}", lay.admin, stamp) for b in blocs],
    )
    conn.executemany(
        "INSERT INTO bloc_admins (bloc_id, user_id, added_at) VALUES (?, ?, ?)",
        [(b + 1, lay.admin, stamp) for b in blocs],
    )
    unit_id = {(b, u): b * lay.units + u + 1 for b in blocs for u in range(lay.units)}
    conn.executemany(
        "INSERT INTO units (id, bloc_id, code, name, created_at) VALUES (?, ?, ?, ?, ?)",
        [
            (i, b + 1, lay.code(u), f"Ban Quản lý số {u + 1}", stamp)
            for (b, u), i in unit_id.items()
        ],
    )
    conn.executemany(
        "INSERT INTO delegates (unit_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)",
        [
            (unit_id[b, u], lay.person(b, u, d), lay.admin, stamp)
            for b in blocs
            for u in range(lay.units)
            for d in range(lay.delegates)
        ],
    )
    _year(conn, lay, unit_id, stamp, due)


def _year(
    conn: sqlite3.Connection, lay: Layout, unit_id: dict[tuple[int, int], int], stamp: str, due: str
) -> None:
    """An open year per bloc, its pledge deadline, titles, and two units in three pledged."""
    blocs = range(lay.blocs)
    conn.executemany(
        "INSERT INTO years (id, bloc_id, year, opened_by, opened_at) VALUES (?, ?, 2026, ?, ?)",
        [(b + 1, b + 1, lay.admin, stamp) for b in blocs],
    )
    conn.executemany(
        "INSERT INTO deadlines (year_id, phase, due_at, set_by, set_at)"
        " VALUES (?, 'pledge', ?, ?, ?)",
        [(b + 1, due, lay.admin, stamp) for b in blocs],
    )
    title_id = {(b, t): b * len(TITLES) + t + 1 for b in blocs for t in range(len(TITLES))}
    conn.executemany(
        "INSERT INTO titles (id, bloc_id, name, position, created_at) VALUES (?, ?, ?, ?, ?)",
        [(i, b + 1, TITLES[t], t + 1, stamp) for (b, t), i in title_id.items()],
    )
    pledged = [(b, u) for b in blocs for u in range(lay.units) if u % 3 and b]
    conn.executemany(
        "INSERT INTO pledges (id, year_id, unit_id, status, commitments, revision, registered_by,"
        " first_registered_at, updated_by, updated_at)"
        " VALUES (?, ?, ?, 'registered', ?, 1, ?, ?, ?, ?)",
        [
            (
                n + 1,
                b + 1,
                unit_id[b, u],
                COMMITMENT,
                lay.person(b, u),
                stamp,
                lay.person(b, u),
                stamp,
            )
            for n, (b, u) in enumerate(pledged)
        ],
    )
    conn.executemany(
        "INSERT INTO pledge_titles (pledge_id, title_id) VALUES (?, ?)",
        [(n + 1, title_id[b, t]) for n, (b, _) in enumerate(pledged) for t in (0, 1)],
    )

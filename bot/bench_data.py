"""The benchmark's database: many blocs with units, delegates, a year, its scale and data.

Written with plain `sqlite3` and `executemany` in one transaction (tens of thousands of
delegates and a year of scores take seconds this way, minutes through the repositories); the
schema comes from the migrations. Every bloc has its units (two delegates each), the bundled
sample scale, four titles and its open year 2026:

- bloc 0, where the benchmark's people act (its group and people exist in the emulator), is in
  its pledge phase with every other deadline ahead: nobody has pledged, the mid-year
  self-assessment can be filled in, and the election of next year's head is open (every unit a
  candidate and on the roll);
- every other bloc has had its whole year (`bot.bench_year`): pledges, both self-assessment
  rounds submitted and reviewed, the head, deputy and bình xét votes cast and counted; only the
  election deadline is ahead (so the scheduler plans a job per bloc, as in a live year).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.bench_year import full_year
from bot.clock import to_db
from bot.domain.ballots import ElectionRules
from bot.usecases.scale import as_body, sample_scale
from storage.db import open_database

TITLES = ("Cờ thi đua", "Bằng khen", "Tập thể lao động xuất sắc", "Giấy khen")
COMMITMENT = "Hoàn thành vượt mức các chỉ tiêu được giao; " * 12
#: Days from now to each deadline: bloc 0 (all ahead) and the others (all past but the vote).
AHEAD = {"pledge": 60, "midyear": 120, "yearend": 180, "election": 200}
DONE = {"pledge": -300, "midyear": -160, "yearend": -20, "election": 60}


@dataclass(frozen=True)
class Layout:
    """Who is who in the seeded database; ids follow from the bloc and unit numbers."""

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

    def chat(self, bloc: int) -> int:
        return self.group_chat if bloc == 0 else -(10**12) - bloc

    def unit_id(self, bloc: int, unit: int) -> int:
        return bloc * self.units + unit + 1

    def title_id(self, bloc: int, title: int) -> int:
        return bloc * len(TITLES) + title + 1

    @staticmethod
    def year_id(bloc: int) -> int:
        """Also the bloc's id and its scale version's id."""
        return bloc + 1


def seed(path: Path, layout: Layout, now: datetime | None = None) -> None:
    """Create the database at `path` (migrated) and fill it as `layout` says."""
    asyncio.run(_migrate(path))
    now = now or datetime.now(UTC)
    conn = sqlite3.connect(path)
    try:
        with conn:
            _people(conn, layout, to_db(now))
            _year(conn, layout, now)
            _open_vote(conn, layout, to_db(now))
            full_year(conn, layout, now)
    finally:
        conn.close()


async def _migrate(path: Path) -> None:
    db = await open_database(path)
    await db.close()


def _people(conn: sqlite3.Connection, lay: Layout, stamp: str) -> None:
    blocs = range(lay.blocs)
    conn.executemany(
        "INSERT INTO users (id, username, first_name, telegram_language, started, created_at,"
        " updated_at) VALUES (?, ?, ?, 'vi', 1, ?, ?)",
        [(p, f"cb{p}", f"Cán bộ {p}", stamp, stamp) for b in blocs for p in lay.people(b)]
        + [(lay.admin, "bench_admin", "Quản trị", stamp, stamp)],
    )
    conn.executemany(
        "INSERT INTO blocs (id, chat_id, name, language, timezone, created_by, created_at)"
        " VALUES (?, ?, ?, 'vi', 'Asia/Ho_Chi_Minh', ?, ?)",
        [
            (lay.year_id(b), lay.chat(b), f"Khối thi đua số {b + 1}", lay.admin, stamp)
            for b in blocs
        ],
    )
    conn.executemany(
        "INSERT INTO bloc_admins (bloc_id, user_id, added_at) VALUES (?, ?, ?)",
        [(lay.year_id(b), lay.admin, stamp) for b in blocs],
    )
    units = [(b, u) for b in blocs for u in range(lay.units)]
    conn.executemany(
        "INSERT INTO units (id, bloc_id, code, name, created_at) VALUES (?, ?, ?, ?, ?)",
        [
            (lay.unit_id(b, u), lay.year_id(b), lay.code(u), f"Ban Quản lý số {u + 1}", stamp)
            for b, u in units
        ],
    )
    conn.executemany(
        "INSERT INTO delegates (unit_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)",
        [
            (lay.unit_id(b, u), lay.person(b, u, d), lay.admin, stamp)
            for b, u in units
            for d in range(lay.delegates)
        ],
    )


def _year(conn: sqlite3.Connection, lay: Layout, now: datetime) -> None:
    """The open year 2026 of every bloc, its deadlines, titles and the sample scale."""
    blocs = range(lay.blocs)
    opened = to_db(now - timedelta(days=330))
    conn.executemany(
        "INSERT INTO years (id, bloc_id, year, opened_by, opened_at) VALUES (?, ?, 2026, ?, ?)",
        [(lay.year_id(b), lay.year_id(b), lay.admin, opened) for b in blocs],
    )
    conn.executemany(
        "INSERT INTO deadlines (year_id, phase, due_at, set_by, set_at) VALUES (?, ?, ?, ?, ?)",
        [
            (lay.year_id(b), phase, to_db(now + timedelta(days=days)), lay.admin, opened)
            for b in blocs
            for phase, days in (AHEAD if b == 0 else DONE).items()
        ],
    )
    conn.executemany(
        "INSERT INTO titles (id, bloc_id, name, position, created_at) VALUES (?, ?, ?, ?, ?)",
        [
            (lay.title_id(b, t), lay.year_id(b), name, t + 1, opened)
            for b in blocs
            for t, name in enumerate(TITLES)
        ],
    )
    scale = sample_scale()
    body = json.dumps(as_body(scale), ensure_ascii=False)
    conn.executemany(
        "INSERT INTO scale_versions (id, year_id, version, name, source, body, created_by,"
        " created_at) VALUES (?, ?, 1, ?, 'sample', ?, ?, ?)",
        [(lay.year_id(b), lay.year_id(b), scale.name, body, lay.admin, opened) for b in blocs],
    )


def _open_vote(conn: sqlite3.Connection, lay: Layout, stamp: str) -> None:
    """Bloc 0's open election of the head: every unit a candidate, every unit on the roll."""
    election = conn.execute(
        "INSERT INTO elections (bloc_id, year_id, kind, rules, opened_by, opened_at)"
        " VALUES (?, ?, 'head', ?, ?, ?)",
        (lay.year_id(0), lay.year_id(0), ElectionRules().model_dump_json(), lay.admin, stamp),
    ).lastrowid
    units = [lay.unit_id(0, u) for u in range(lay.units)]
    conn.executemany(
        "INSERT INTO election_candidates (election_id, title_id, unit_id, position)"
        " VALUES (?, 0, ?, ?)",
        [(election, unit, i) for i, unit in enumerate(units)],
    )
    conn.executemany(
        "INSERT INTO election_roll (election_id, unit_id) VALUES (?, ?)",
        [(election, unit) for unit in units],
    )

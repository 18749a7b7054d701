"""`python -m bot backup <path>`: a consistent copy of the live database, safe while the bot runs.

Copying `bot.sqlite3` with `cp` while the bot writes can catch a transaction half in the main
file and half in the `-wal` file. SQLite's online backup API copies a snapshot page by page
under a read lock instead, so the copy holds every committed transaction up to one moment and
nothing after it. The copy is written next to the target under a temporary name, checked
(`PRAGMA integrity_check`, the same tables and row counts as the snapshot), switched from WAL to
an ordinary journal so that it is one self-contained file, and only then renamed into place:
an interrupted backup never leaves a broken file under the target's name.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.constants import SQLITE_BUSY_TIMEOUT_MS


class BackupError(Exception):
    """A backup that cannot be made or does not check out; the message says why."""


@dataclass(frozen=True)
class BackupReport:
    target: Path
    tables: dict[str, int]  # table -> rows in the copy
    schema_version: int
    size_bytes: int


def backup(source: Path, target: Path) -> BackupReport:
    """Copy the database at `source` into `target` (a file, or a folder to put a dated file in)."""
    if not source.is_file():
        raise BackupError(f"no database at {source} (check DATABASE_PATH)")
    if target.is_dir():
        target = target / f"bot-{datetime.now(UTC):%Y%m%d-%H%M%S}.sqlite3"
    if target.resolve() == source.resolve():
        raise BackupError("the backup cannot overwrite the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        dst = sqlite3.connect(partial)
        try:
            expected = _copy(src, dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the database could not be read: {exc}") from None
    finally:
        src.close()
    try:
        report = verify(partial, expected)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return BackupReport(target, report.tables, report.schema_version, target.stat().st_size)


def _copy(src: sqlite3.Connection, dst: sqlite3.Connection) -> dict[str, int]:
    """Back up in one step inside a read transaction; the row counts of that same snapshot."""
    src.execute("BEGIN")
    try:
        expected = row_counts(src)
        src.backup(dst)  # pages=-1: the whole snapshot at once, never a mix of two moments
    finally:
        src.execute("COMMIT")
    return expected


def verify(path: Path, expected: dict[str, int] | None = None) -> BackupReport:
    """Open the copy on its own: intact, and (when given) the same tables and row counts."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(f"the copy is damaged: {'; '.join(problems[:5])}")
        counts = row_counts(conn)
        version = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"the copy does not open: {exc}") from None
    finally:
        conn.close()
    if expected is not None and counts != expected:
        differ = sorted(
            t for t in expected.keys() | counts.keys() if expected.get(t) != counts.get(t)
        )
        raise BackupError(f"the copy differs from the database in: {', '.join(differ)}")
    return BackupReport(path, counts, int(version[0]), path.stat().st_size)


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (SQLite's own tables left out)."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def main(source: Path, target: Path) -> int:
    """The command: one line on success (where, how big, how many rows), one line on failure."""
    try:
        report = backup(source, target)
    except (BackupError, OSError) as exc:
        print(f"Backup failed: {exc}", flush=True)
        return 1
    rows = sum(report.tables.values())
    print(
        f"Backup written to {report.target} ({report.size_bytes / 1024:.0f} KB, "
        f"{len(report.tables)} tables, {rows} rows, schema version {report.schema_version}); "
        "checked: it opens and holds every row."
    )
    return 0

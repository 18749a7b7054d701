"""The SQLite connection: WAL, foreign keys, a busy timeout, migrations, transactions.

One aiosqlite connection serves the whole process. Writes go through `transaction()`, which
serialises them with a lock so that two handlers never interleave statements of their
transactions on the shared connection.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.constants import SQLITE_BUSY_TIMEOUT_MS, SQLITE_CACHE_KIB

log = logging.getLogger(__name__)

Row = aiosqlite.Row
T = TypeVar("T")

_WRITTEN = re.compile(
    r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)"
    r"\s+(\w+)",
    re.IGNORECASE,
)


class Database:
    """A thin async wrapper: `fetch_one`, `fetch_all`, `execute` and `transaction()`."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self._in_tx: asyncio.Task[Any] | None = None
        #: The open transaction has not sent its BEGIN yet (it goes with the first statement).
        self._begin = False
        #: Writes per table so far: a cached read is valid while its tables' counts are unchanged
        #: (see storage/read_cache.py). A statement the pattern cannot name bumps `*` (all).
        self.versions: defaultdict[str, int] = defaultdict(int)

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        except BaseException:
            # A read-only or non-SQLite file fails here; the connection's thread must end, or
            # the process could never exit.
            await conn.close()
            raise
        return cls(conn)

    async def close(self) -> None:
        await self._conn.close()

    def in_transaction(self) -> bool:
        """Whether the current task is inside `transaction()` (its reads may be uncommitted)."""
        return self._in_tx is asyncio.current_task()

    def _written(self, sql: str) -> None:
        head = sql.lstrip()[:7].upper()
        if head.startswith(("SELECT", "PRAGMA", "BEGIN", "COMMIT", "ROLLBA", "WITH")):
            return
        match = _WRITTEN.match(sql)
        self.versions[match.group(1).lower() if match else "*"] += 1

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """All statements inside commit together or not at all; nested calls join the outer.

        `BEGIN IMMEDIATE` goes to SQLite with the transaction's first statement, in the same
        hand-off to the connection's thread (one thread round trip fewer per transaction); a
        transaction that ran no statement costs nothing.
        """
        if self._in_tx is asyncio.current_task():
            yield self
            return
        async with self._lock:
            self._in_tx = asyncio.current_task()
            self._begin = True
            try:
                yield self
            except BaseException:
                # SQLite rolls back by itself on some errors (a full disk); a second ROLLBACK
                # would fail and hide the error that matters.
                if self._conn.in_transaction:
                    await self._conn.execute("ROLLBACK")
                raise
            else:
                if not self._begin:
                    await self._conn.execute("COMMIT")
            finally:
                self._in_tx = None
                self._begin = False

    async def batch(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Run the write statements as one transaction in ONE hand-off to the connection's thread.

        For a fixed sequence of writes that needs no result between them (the notifier moving a
        message to the sent log): BEGIN, each statement, COMMIT, or ROLLBACK on any error.
        Inside an open transaction the statements simply join it.
        """
        for sql, _ in statements:
            self._written(sql)

        def each(raw: sqlite3.Connection) -> None:
            for sql, params in statements:
                raw.execute(sql, params).close()

        await self._run(each, atomic=True)

    async def run(
        self, work: Callable[[sqlite3.Connection], T], *, writes: Iterable[str] = ()
    ) -> T:
        """`work(connection)` in ONE hand-off to the connection's thread; returns its result.

        Why: every statement through aiosqlite is a round trip between the event loop and the
        database thread (about 100 µs of CPU, most of a small statement's cost). A repository
        whose operation is several statements with no await needed between them (read a row
        and its items; bump a revision and store an item) runs them here, on the plain
        `sqlite3` connection. When it `writes` (the tables, for the read cache), it runs as one
        transaction: BEGIN IMMEDIATE, work, COMMIT, or ROLLBACK on any error; inside an open
        transaction it simply joins it.
        """
        tables = tuple(writes)
        for table in tables:
            self.versions[table] += 1
        return await self._run(work, atomic=bool(tables))

    async def _run(self, work: Callable[[sqlite3.Connection], T], *, atomic: bool) -> T:
        if self._in_tx is asyncio.current_task():
            return await self._in_thread(_call, "", work)  # type: ignore[no-any-return]
        async with self._lock:
            runner = _call_atomically if atomic else _call
            return await self._conn._execute(runner, self._conn, "", work)  # type: ignore[no-any-return]

    @asynccontextmanager
    async def _statement(self) -> AsyncIterator[None]:
        """A single statement outside a transaction waits for a running one to finish."""
        if self._in_tx is asyncio.current_task():
            yield
        else:
            async with self._lock:
                yield

    async def _in_thread(self, work: Any, sql: str, params: Any) -> Any:
        """`work(sqlite3 connection, sql, params)` in the connection's thread, in one hand-off.

        Why: aiosqlite's cursor API costs three hand-offs per statement (execute, fetch, close),
        each a queue put, a thread wake-up and a loop wake-up; they were most of a statement's
        CPU. aiosqlite's own helpers (`execute_fetchall`) queue a function the same way. The
        first statement of a transaction carries its BEGIN.
        """
        if self._begin and self._in_tx is asyncio.current_task():
            self._begin = False
            return await self._conn._execute(_begun, self._conn, "", (work, sql, params))
        return await self._conn._execute(work, self._conn, sql, params)

    async def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one statement; returns lastrowid (for INSERT) or rowcount."""
        self._written(sql)
        async with self._statement():
            rowcount, lastrowid = await self._in_thread(_run, sql, params)
        is_insert = sql.lstrip().upper().startswith("INSERT")
        # An INSERT … DO NOTHING that inserted nothing keeps the connection's old lastrowid.
        result = lastrowid if is_insert and rowcount > 0 else None
        return int(result) if result else rowcount

    async def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._written(sql)
        async with self._statement():
            await self._in_thread(_run_many, sql, list(rows))

    async def execute_returning(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> Row | None:
        """Run one write statement with `RETURNING`; its first row (the row as stored)."""
        self._written(sql)
        async with self._statement():
            return await self._in_thread(_one, sql, params)  # type: ignore[no-any-return]

    async def fetch_one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        async with self._statement():
            return await self._in_thread(_one, sql, params)  # type: ignore[no-any-return]

    async def fetch_all(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        async with self._statement():
            return await self._in_thread(_all, sql, params)  # type: ignore[no-any-return]

    async def fetch_value(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def executescript(self, sql: str) -> None:
        """A script commits what is open first (SQLite's rule): never inside `transaction()`."""
        if self._in_tx is asyncio.current_task():
            raise RuntimeError("executescript inside a transaction would commit it early")
        self.versions["*"] += 1
        async with self._statement():
            await self._conn.executescript(sql)


def _run(conn: aiosqlite.Connection, sql: str, params: Any) -> tuple[int, int | None]:
    cursor = conn._conn.execute(sql, params)
    try:
        return cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _run_many(conn: aiosqlite.Connection, sql: str, rows: Any) -> None:
    conn._conn.executemany(sql, rows).close()


def _call(conn: aiosqlite.Connection, _: str, work: Any) -> Any:
    return work(conn._conn)


def _call_atomically(conn: aiosqlite.Connection, _: str, work: Any) -> Any:
    raw = conn._conn
    raw.execute("BEGIN IMMEDIATE")
    try:
        result = work(raw)
    except BaseException:
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        raise
    raw.execute("COMMIT")
    return result


def _begun(conn: aiosqlite.Connection, _: str, call: Any) -> Any:
    """BEGIN IMMEDIATE, then the transaction's first statement (`call`: work, sql, params)."""
    work, sql, params = call
    conn._conn.execute("BEGIN IMMEDIATE")
    return work(conn, sql, params)


def _one(conn: aiosqlite.Connection, sql: str, params: Any) -> Row | None:
    cursor = conn._conn.execute(sql, params)
    try:
        return cursor.fetchone()  # type: ignore[no-any-return]
    finally:
        cursor.close()


def _all(conn: aiosqlite.Connection, sql: str, params: Any) -> list[Row]:
    cursor = conn._conn.execute(sql, params)
    try:
        return cursor.fetchall()
    finally:
        cursor.close()


def available_migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every `storage/migrations/NNNN_name.sql`, in order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [n for n, _, _ in found]
    if len(set(numbers)) != len(numbers) or (numbers and numbers[0] < 1):
        raise RuntimeError(f"migration numbers must be unique and from 1, found {numbers}")
    return found


async def schema_version(db: Database) -> int:
    await db.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    return int(await db.fetch_value("SELECT COALESCE(MAX(version), 0) FROM schema_version"))


async def migrate(db: Database, *, target: int | None = None) -> list[str]:
    """Apply the pending migrations, each in its own transaction; returns the names applied.

    Numbers are handed out to features ahead of time, so one can land before a lower one: a
    migration runs when its own number was never applied, not only when it is above the top.
    """
    await schema_version(db)
    done = {row[0] for row in await db.fetch_all("SELECT version FROM schema_version")}
    applied = []
    await repair_late_columns(db)
    for number, name, sql in available_migrations():
        if number in done or (target is not None and number > target):
            continue
        async with db.transaction():
            for statement in _split_statements(sql):
                await db.execute(statement)
            await db.execute(
                "INSERT INTO schema_version (version, name, applied_at)"
                " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))",
                (number, name),
            )
        log.info("applied migration %s", name)
        applied.append(name)
        await repair_late_columns(db)
    return applied


#: Columns that were added to a migration after it was committed (table, column, definition).
#: A database that applied the earlier text never got them, and a numbered migration cannot say
#: "ADD COLUMN IF NOT EXISTS" in SQLite: `repair_late_columns` adds each one where it is missing.
#: Never extend this list: a new column is a new numbered migration.
LATE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    # 0003 gained `pledges.revision` in e5da5cc (a second delegate never overwrites silently).
    ("pledges", "revision", "INTEGER NOT NULL DEFAULT 0"),
)


async def repair_late_columns(db: Database) -> list[str]:
    """Add every `LATE_COLUMNS` column whose table exists without it; returns `table.column`s.

    Run before the pending migrations (a database already at the top) and after each one (a
    later migration may rely on the column), so the schema is the same however it was reached.
    """
    repaired = []
    for table, column, definition in LATE_COLUMNS:
        present = {row["name"] for row in await db.fetch_all(f"PRAGMA table_info({table})")}
        if not present or column in present:
            continue  # the table does not exist yet (its migration adds the column) or is whole
        async with db.transaction():
            await db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
        log.warning("repaired the schema: added %s.%s", table, column)
        repaired.append(f"{table}.{column}")
    return repaired


def _split_statements(sql: str) -> list[str]:
    """Split a migration file on `;` at line ends (the files keep one statement per block)."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";\n") if part.strip().strip(";")]


async def open_database(path: Path | str) -> Database:
    """Open and bring the schema up to date: what start-up and the tests call."""
    db = await Database.open(path)
    try:
        await migrate(db)
    except BaseException:
        await db.close()
        raise
    return db

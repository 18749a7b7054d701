"""The schema is built by numbered migrations and an old database is upgraded with its data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.constants import SQLITE_CACHE_KIB
from storage.db import Database, available_migrations, migrate, schema_version
from storage.outbox import OutboxRepo, Outgoing


async def test_fresh_database_reaches_the_latest_version(db: Database) -> None:
    assert await schema_version(db) == available_migrations()[-1][0]
    tables = {
        row["name"]
        for row in await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert {"users", "flows", "blocs", "units", "delegates"} <= tables


async def test_upgrade_from_migration_1_keeps_rows(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "old.sqlite3")
    try:
        assert await migrate(db, target=1) == ["0001_users_and_flows.sql"]
        await db.execute(
            "INSERT INTO users (id, first_name, created_at, updated_at) VALUES (7, 'Lan', 'x', 'x')"
        )
        await db.execute(
            "INSERT INTO flows (user_id, name, step, data, updated_at)"
            " VALUES (7, 'pledge', 'titles', '{\"titles\": [\"flag\"]}', 'x')"
        )
        applied = await migrate(db)
        assert applied and applied[0].startswith("0002")
        assert await schema_version(db) == available_migrations()[-1][0]
        row = await db.fetch_one("SELECT first_name FROM users WHERE id = 7")
        assert row is not None and row["first_name"] == "Lan"
        flow = await db.fetch_one("SELECT data FROM flows WHERE user_id = 7")
        assert flow is not None and "flag" in flow["data"]
        assert await migrate(db) == []
    finally:
        await db.close()


async def test_pragmas_are_set(db: Database) -> None:
    assert (await db.fetch_value("PRAGMA journal_mode")).lower() == "wal"
    assert await db.fetch_value("PRAGMA foreign_keys") == 1
    assert await db.fetch_value("PRAGMA busy_timeout") >= 1000
    # a bounded page cache (KiB): SQLite's default 2 MiB stayed resident after start-up
    assert await db.fetch_value("PRAGMA cache_size") == -SQLITE_CACHE_KIB


async def test_failed_transaction_changes_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await db.execute(
                "INSERT INTO users (id, first_name, created_at, updated_at)"
                " VALUES (1, 'A', 'x', 'x')"
            )
            raise RuntimeError("boom")
    assert await db.fetch_value("SELECT COUNT(*) FROM users") == 0


async def test_insert_that_does_nothing_reports_no_change(db: Database) -> None:
    sql = (
        "INSERT INTO users (id, first_name, created_at, updated_at) VALUES (?, 'A', 'x', 'x')"
        " ON CONFLICT (id) DO NOTHING"
    )
    assert await db.execute(sql, (42,)) == 42
    assert await db.execute(sql, (42,)) == 0


#: The SHA-256 of every committed migration. A committed migration is never edited (a database
#: that applied the old text would never get the change): write a new numbered one instead,
#: and pin it here in the same commit.
PINNED = {
    "0001_users_and_flows.sql": "8bc4c7000279f5bd2447749aafffff1f3fee9978b20ef84b6c4149c2012a9ff9",
    "0002_blocs_and_units.sql": "f25d760351a6906c8b35a559eec4be716a8625c0c1698ec33669775d3f21780a",
    "0003_years_scales_pledges.sql": (
        "6b13da4010ecaa13948737ada9eecdc70a8be38f9577792d1fcbd9a53857aedd"
    ),
    "0004_runtime_indexes_outbox.sql": (
        "789947a887cf23c03a218594a92d33010d7491f522ae1e2fb9ee9482ec3c3535"
    ),
    "0005_assessments.sql": "90d587e6078f91bc5041cacfaa6f88254713c887953087a8681784377b28a4d7",
    "0006_elections.sql": "37c98c80b214a5fc4932ff3e9d628cd291bb2a36f8cd007eab9e1711480d0285",
    "0007_reminders.sql": "8dfe91b6d31d3d2cb110bc10f4a321084d2baba35b287be7f076c033a3a39988",
    "0008_review.sql": "78bfdb1ab4cdc2292abcfd08922a455d8fc86b0d95d98bd0f8d553075d62b409",
    "0009_documents.sql": "42adae6ec011d50ce2a43394d134dfb1c2e58961c1b23d77b234d201e2417ec8",
    "0010_submitted_snapshot.sql": (
        "f1f6eb0355d161330f771b0daa397e8b5c6f96a855a579b3e67bc7852d090a56"
    ),
    "0011_join_request_message.sql": (
        "c0b85ef9d8529c3ca3d95bf9873f8678c5161ac1314e949db1482b8da4350602"
    ),
    "0012_outbox_thread.sql": "49d41018658089d7245465a3eaeebd45088cb5c3530c6d695695c12d751f2370",
    "0013_review_answer_seen.sql": (
        "6654832cea45f04ae6492cbe89d683dda5a6b27e14f6a49e29fba7016c258d5f"
    ),
}


def test_every_migration_is_pinned_and_unchanged() -> None:
    import hashlib

    found = {
        name: hashlib.sha256(sql.encode("utf-8")).hexdigest()
        for _, name, sql in available_migrations()
    }
    assert {n: found.get(n) for n in PINNED} == PINNED, "a committed migration was edited"
    assert set(found) - set(PINNED) == set(), "pin the new migration's SHA-256 in PINNED"


async def test_a_database_from_before_the_revision_column_is_repaired(tmp_path: Path) -> None:
    """0003 was edited after it was committed (`pledges.revision`): a database that applied the
    first text never got the column; the migration runner adds it, keeping the pledges."""
    from storage.db import _split_statements, repair_late_columns

    db = await Database.open(tmp_path / "before-revision.sqlite3")
    try:
        await migrate(db, target=2)
        number, name, sql = available_migrations()[2]
        old = sql.replace("    revision INTEGER NOT NULL DEFAULT 0,\n", "")
        assert number == 3 and old != sql
        for statement in _split_statements(old):
            await db.execute(statement)
        await db.execute(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (3, ?, 'x')", (name,)
        )
        await db.execute(
            "INSERT INTO blocs (id, chat_id, name, language, timezone, created_by, created_at)"
            " VALUES (1, -100, 'B', 'vi', 'Asia/Ho_Chi_Minh', 7, 'x')"
        )
        await db.execute(
            "INSERT INTO years (id, bloc_id, year, opened_by, opened_at)"
            " VALUES (1, 1, 2026, 7, 'x')"
        )
        await db.execute(
            "INSERT INTO units (id, bloc_id, code, name, created_at) VALUES (1, 1, 'A', 'U', 'x')"
        )
        await db.execute(
            "INSERT INTO pledges (year_id, unit_id, status, commitments)"
            " VALUES (1, 1, 'registered', 'keep me')"
        )

        await migrate(db)

        columns = {row["name"] for row in await db.fetch_all("PRAGMA table_info(pledges)")}
        assert "revision" in columns
        row = await db.fetch_one("SELECT commitments, revision FROM pledges")
        assert row is not None and (row["commitments"], row["revision"]) == ("keep me", 0)
        assert await repair_late_columns(db) == []  # once only
    finally:
        await db.close()


@asynccontextmanager
async def _database_at(path: Path, target: int) -> AsyncIterator[Database]:
    """A database file whose schema stops at migration `target` (as an older bot left it)."""
    db = await Database.open(path)
    try:
        await migrate(db, target=target)
        yield db
    finally:
        await db.close()


async def test_messages_waiting_in_the_outbox_keep_going_to_general_after_0012(
    tmp_path: Path,
) -> None:
    """0012 adds the outbox's forum topic: what an older process left waiting is still sent,
    to the General topic (no topic known), and a new message keeps its topic."""
    async with _database_at(tmp_path / "before-thread.sqlite3", 11) as db:
        await db.execute(
            "INSERT INTO outbox (key, chat_id, text, next_at, created_at)"
            " VALUES ('old', -100, 'Dòng cũ', '2026-01-01T00:00:00+00:00', 'x')"
        )
        assert await migrate(db, target=12) == ["0012_outbox_thread.sql"]
        outbox = OutboxRepo(db)
        now = datetime(2026, 1, 2, tzinfo=UTC)
        await outbox.add(Outgoing("new", -100, "Dòng mới", message_thread_id=7), now=now)
        due, _ = await outbox.due(now)
        assert [(q.message.key, q.message.message_thread_id) for q in due] == [
            ("old", None),
            ("new", 7),
        ]

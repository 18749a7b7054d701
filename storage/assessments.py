"""Self-assessments: one per (unit, year, round), its item scores, evidence and log.

The item scores are the unit's working draft; submitting copies them (points and notes) into
`assessment_submitted`, the snapshot that counts (review, ranking, summary, export, documents).
A change after submission stays in the draft until the unit submits again.

Every write bumps the assessment's revision in the same transaction as the change, and records
it on the item: a write that names the revision its view was made from (`seen`) is refused when
the item changed after that, so two delegates never overwrite each other unknowingly.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from decimal import Decimal
from enum import Enum

from bot.clock import from_db, to_db
from bot.domain.assessment import (
    Assessment,
    Evidence,
    EvidenceKind,
    LogAction,
    LogEntry,
    Round,
    Score,
)
from bot.domain.scale import plain
from storage.db import Database, Row


class _Keep(Enum):
    KEEP = "keep"


#: "Leave this field as it is" for `put` (None means "clear it").
KEEP = _Keep.KEEP


def _when(text: str | None) -> datetime | None:
    return from_db(text) if text else None


def _number(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def _points(value: Decimal | None) -> str | None:
    return plain(value) if value is not None else None


def _assessment(row: Row) -> Assessment:
    return Assessment(
        id=row["id"],
        year_id=row["year_id"],
        unit_id=row["unit_id"],
        round=Round(row["round"]),
        scale_id=row["scale_id"],
        revision=row["revision"],
        submitted_revision=row["submitted_revision"],
        submitted_total=_number(row["submitted_total"]),
        submitted_by=row["submitted_by"],
        submitted_at=_when(row["submitted_at"]),
        first_submitted_at=_when(row["first_submitted_at"]),
        reopened_at=_when(row["reopened_at"]),
        reopen_reason=row["reopen_reason"],
    )


def _read_scores(
    raw: sqlite3.Connection, where: str, params: tuple[object, ...]
) -> dict[int, dict[str, Score]]:
    """assessment id -> code -> Score, with evidence, for the assessments `where` names."""
    rows = raw.execute(f"SELECT s.* FROM assessment_scores s WHERE {where}", params).fetchall()
    evidence_rows = raw.execute(
        f"SELECT s.* FROM assessment_evidence s WHERE {where} ORDER BY s.id", params
    ).fetchall()
    evidence: dict[tuple[int, str], list[Evidence]] = {}
    for row in evidence_rows:
        evidence.setdefault((row["assessment_id"], row["code"]), []).append(
            Evidence(
                id=row["id"],
                kind=EvidenceKind(row["kind"]),
                name=row["name"],
                file_id=row["file_id"],
            )
        )
    found: dict[int, dict[str, Score]] = {}
    for row in rows:
        key = (row["assessment_id"], row["code"])
        found.setdefault(row["assessment_id"], {})[row["code"]] = Score(
            code=row["code"],
            value=_number(row["score"]),
            note=row["note"],
            evidence=tuple(evidence.get(key, ())),
            revision=row["revision"],
        )
    return found


def _read_submitted(
    raw: sqlite3.Connection, where: str, params: tuple[object, ...]
) -> dict[int, dict[str, Score]]:
    """assessment id -> code -> the Score as submitted (points and note), for `where`."""
    rows = raw.execute(f"SELECT s.* FROM assessment_submitted s WHERE {where}", params)
    found: dict[int, dict[str, Score]] = {}
    for row in rows.fetchall():
        found.setdefault(row["assessment_id"], {})[row["code"]] = Score(
            code=row["code"], value=_number(row["score"]), note=row["note"]
        )
    return found


#: The assessments of one round (`scores_of_round`, `submitted_of_round`).
_OF_ROUND = "s.assessment_id IN (SELECT id FROM assessments WHERE year_id = ? AND round = ?)"


def _log_entry(row: Row) -> LogEntry:
    return LogEntry(
        action=LogAction(row["action"]),
        revision=row["revision"],
        total=_number(row["total"]),
        reason=row["reason"],
        by=row["by_user"],
        at=from_db(row["at"]),
    )


class AssessmentRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- the assessment ------------------------------------------------------------------

    async def get(self, year_id: int, unit_id: int, round_: Round) -> Assessment | None:
        row = await self.db.fetch_one(
            "SELECT * FROM assessments WHERE year_id = ? AND unit_id = ? AND round = ?",
            (year_id, unit_id, round_.value),
        )
        return _assessment(row) if row else None

    async def by_id(self, assessment_id: int) -> Assessment | None:
        row = await self.db.fetch_one("SELECT * FROM assessments WHERE id = ?", (assessment_id,))
        return _assessment(row) if row else None

    async def start(
        self, year_id: int, unit_id: int, round_: Round, *, scale_id: int, now: datetime
    ) -> Assessment:
        """The unit's assessment of the round, made empty if it does not exist yet."""
        await self.db.execute(
            "INSERT INTO assessments (year_id, unit_id, round, scale_id, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (year_id, unit_id, round) DO NOTHING",
            (year_id, unit_id, round_.value, scale_id, to_db(now)),
        )
        found = await self.get(year_id, unit_id, round_)
        assert found is not None
        return found

    async def of_round(self, year_id: int, round_: Round) -> dict[int, Assessment]:
        """unit id -> assessment, for every unit that has one."""
        rows = await self.db.fetch_all(
            "SELECT * FROM assessments WHERE year_id = ? AND round = ?", (year_id, round_.value)
        )
        return {row["unit_id"]: _assessment(row) for row in rows}

    # --- items ---------------------------------------------------------------------------

    async def scores(self, assessment_id: int) -> dict[str, Score]:
        return (await self._scores_where("s.assessment_id = ?", (assessment_id,))).get(
            assessment_id, {}
        )

    async def scores_of_round(self, year_id: int, round_: Round) -> dict[int, dict[str, Score]]:
        """assessment id -> its scores, for a whole round (for `/status`: two queries)."""
        return await self._scores_where(_OF_ROUND, (year_id, round_.value))

    async def submitted_scores(self, assessment_id: int) -> dict[str, Score]:
        """What the unit submitted (empty when it never did): what counts."""
        found = await self.db.run(
            lambda raw: _read_submitted(raw, "s.assessment_id = ?", (assessment_id,))
        )
        return found.get(assessment_id, {})

    async def submitted_of_round(self, year_id: int, round_: Round) -> dict[int, dict[str, Score]]:
        """assessment id -> what it submitted, for a whole round (one query)."""
        return await self.db.run(
            lambda raw: _read_submitted(raw, _OF_ROUND, (year_id, round_.value))
        )

    async def _scores_where(
        self, where: str, params: tuple[object, ...]
    ) -> dict[int, dict[str, Score]]:
        return await self.db.run(lambda raw: _read_scores(raw, where, params))

    async def with_scores(
        self, year_id: int, unit_id: int, round_: Round
    ) -> tuple[Assessment | None, dict[str, Score], dict[str, Score]]:
        """The unit's assessment of the round, its draft scores and what it submitted, in one
        hand-off (every step of the self-assessment reads them)."""

        def read(
            raw: sqlite3.Connection,
        ) -> tuple[Assessment | None, dict[str, Score], dict[str, Score]]:
            row = raw.execute(
                "SELECT * FROM assessments WHERE year_id = ? AND unit_id = ? AND round = ?",
                (year_id, unit_id, round_.value),
            ).fetchone()
            if row is None:
                return None, {}, {}
            where, params = "s.assessment_id = ?", (row["id"],)
            scores = _read_scores(raw, where, params).get(row["id"], {})
            sent = _read_submitted(raw, where, params).get(row["id"], {})
            return _assessment(row), scores, sent

        return await self.db.run(read)

    async def put(
        self,
        assessment_id: int,
        code: str,
        *,
        value: Decimal | _Keep | None = KEEP,
        note: str | _Keep | None = KEEP,
        by: int,
        now: datetime,
        seen: int | None = None,
    ) -> int | None:
        """Store an item's points and/or note; the new revision, or None when the item changed
        after revision `seen` (nothing is stored then).

        One transaction in one hand-off to the database thread (`Database.run`): it runs for
        every score typed, pressed or pasted.
        """
        stamp = to_db(now)
        points = None if value is KEEP else _points(value)  # type: ignore[arg-type]
        text = None if note is KEEP else note

        def store(raw: sqlite3.Connection) -> int | None:
            if seen is not None:
                row = raw.execute(
                    "SELECT revision FROM assessment_scores WHERE assessment_id = ? AND code = ?",
                    (assessment_id, code),
                ).fetchone()
                if row is not None and row[0] > seen:
                    return None
            raw.execute(
                "UPDATE assessments SET revision = revision + 1, updated_by = ?, updated_at = ?"
                " WHERE id = ?",
                (by, stamp, assessment_id),
            )
            revision = int(
                raw.execute(
                    "SELECT revision FROM assessments WHERE id = ?", (assessment_id,)
                ).fetchone()[0]
            )
            raw.execute(
                "INSERT INTO assessment_scores"
                " (assessment_id, code, score, note, revision, updated_by, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id, code) DO UPDATE SET"
                " score = CASE WHEN ? THEN score ELSE excluded.score END,"
                " note = CASE WHEN ? THEN note ELSE excluded.note END,"
                " revision = excluded.revision, updated_by = excluded.updated_by,"
                " updated_at = excluded.updated_at",
                (
                    assessment_id,
                    code,
                    points,
                    text,
                    revision,
                    by,
                    stamp,
                    value is KEEP,
                    note is KEEP,
                ),
            )
            return revision

        return await self.db.run(store, writes=("assessments", "assessment_scores"))

    async def add_evidence(
        self,
        assessment_id: int,
        code: str,
        evidence: Evidence,
        *,
        by: int,
        now: datetime,
        seen: int | None = None,
    ) -> int | None:
        """Keep one note, file or photo for an item; the new revision, or None if stale."""
        async with self.db.transaction():
            revision = await self.put(assessment_id, code, by=by, now=now, seen=seen)
            if revision is None:
                return None
            await self.db.execute(
                "INSERT INTO assessment_evidence"
                " (assessment_id, code, kind, name, file_id, added_by, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    assessment_id,
                    code,
                    evidence.kind.value,
                    evidence.name,
                    evidence.file_id,
                    by,
                    to_db(now),
                ),
            )
        return revision

    async def clear_evidence(
        self, assessment_id: int, code: str, *, by: int, now: datetime, seen: int | None = None
    ) -> int | None:
        """Drop an item's evidence (sent by mistake); the new revision, or None if stale."""
        async with self.db.transaction():
            revision = await self.put(assessment_id, code, by=by, now=now, seen=seen)
            if revision is not None:
                await self.db.execute(
                    "DELETE FROM assessment_evidence WHERE assessment_id = ? AND code = ?",
                    (assessment_id, code),
                )
        return revision

    # --- submission, lock, reopening -----------------------------------------------------

    async def submit(
        self,
        assessment_id: int,
        *,
        revision: int,
        scale_id: int,
        total: Decimal,
        by: int,
        now: datetime,
    ) -> bool:
        """Submit what revision `revision` holds; False when it changed since (nothing done).

        Its points and notes become the snapshot that counts, replacing the previous one.
        Submitting closes an admin's reopening: the assessment locks again after the deadline.
        """
        stamp = to_db(now)
        async with self.db.transaction():
            changed = await self.db.execute(
                "UPDATE assessments SET submitted_revision = revision, submitted_total = ?,"
                " scale_id = ?, submitted_by = ?, submitted_at = ?,"
                " first_submitted_at = COALESCE(first_submitted_at, ?),"
                " reopened_by = NULL, reopened_at = NULL, reopen_reason = NULL"
                " WHERE id = ? AND revision = ?",
                (plain(total), scale_id, by, stamp, stamp, assessment_id, revision),
            )
            if changed:
                await self.db.execute(
                    "DELETE FROM assessment_submitted WHERE assessment_id = ?", (assessment_id,)
                )
                await self.db.execute(
                    "INSERT INTO assessment_submitted (assessment_id, code, score, note)"
                    " SELECT assessment_id, code, score, note FROM assessment_scores"
                    " WHERE assessment_id = ?",
                    (assessment_id,),
                )
                await self._log(assessment_id, LogAction.SUBMITTED, by, now, total=total)
        return changed > 0

    async def reopen(self, assessment_id: int, *, reason: str, by: int, now: datetime) -> bool:
        """Let the unit change it after the deadline; False if it is already reopened."""
        async with self.db.transaction():
            changed = await self.db.execute(
                "UPDATE assessments SET reopened_by = ?, reopened_at = ?, reopen_reason = ?"
                " WHERE id = ? AND reopened_at IS NULL",
                (by, to_db(now), reason, assessment_id),
            )
            if changed:
                await self._log(assessment_id, LogAction.REOPENED, by, now, reason=reason)
        return changed > 0

    async def count_submitted(self, year_id: int) -> int:
        return int(
            await self.db.fetch_value(
                "SELECT COUNT(*) FROM assessments"
                " WHERE year_id = ? AND submitted_revision IS NOT NULL",
                (year_id,),
            )
        )

    async def reopen_submitted(self, year_id: int, *, reason: str, by: int, now: datetime) -> int:
        """A new scale: every submitted assessment of the year is a draft again, open to change
        even after its deadline until submitted again; returns how many."""
        async with self.db.transaction():
            rows = await self.db.fetch_all(
                "SELECT id FROM assessments WHERE year_id = ? AND submitted_revision IS NOT NULL",
                (year_id,),
            )
            for row in rows:
                await self.db.execute(
                    "UPDATE assessments SET submitted_revision = NULL, submitted_total = NULL,"
                    " reopened_by = ?, reopened_at = ?, reopen_reason = ? WHERE id = ?",
                    (by, to_db(now), reason, row["id"]),
                )
                await self.db.execute(
                    "DELETE FROM assessment_submitted WHERE assessment_id = ?", (row["id"],)
                )
                await self._log(row["id"], LogAction.SCALE_REPLACED, by, now, reason=reason)
        return len(rows)

    async def _log(
        self,
        assessment_id: int,
        action: LogAction,
        by: int,
        now: datetime,
        *,
        total: Decimal | None = None,
        reason: str | None = None,
    ) -> None:
        await self.db.execute(
            "INSERT INTO assessment_log (assessment_id, action, revision, total, reason,"
            " by_user, at) SELECT id, ?, revision, ?, ?, ?, ? FROM assessments WHERE id = ?",
            (action.value, _points(total), reason, by, to_db(now), assessment_id),
        )

    async def log(self, assessment_id: int) -> list[LogEntry]:
        rows = await self.db.fetch_all(
            "SELECT * FROM assessment_log WHERE assessment_id = ? ORDER BY id", (assessment_id,)
        )
        return [_log_entry(row) for row in rows]

    async def log_of_year(self, year_id: int) -> list[tuple[Round, int, LogEntry]]:
        """(round, unit id, entry) of every assessment of the year: one query, not one per
        assessment (the year's report reads them all)."""
        rows = await self.db.fetch_all(
            "SELECT a.round AS a_round, a.unit_id AS a_unit, l.* FROM assessment_log l"
            " JOIN assessments a ON a.id = l.assessment_id WHERE a.year_id = ?"
            " ORDER BY CASE a.round WHEN ? THEN 0 ELSE 1 END, a.unit_id, l.id",
            (year_id, Round.MIDYEAR.value),
        )
        return [(Round(row["a_round"]), row["a_unit"], _log_entry(row)) for row in rows]

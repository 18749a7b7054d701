"""Score review (thẩm định): reviewed scores, extra points, answers, exclusions, closing; logged.

Every write also appends to `review_log` in the same transaction, so the log (exported as the
workbook's Log sheet) always agrees with the state. Callers check rights and the rules (a
reviewed score within the scale, the round open); this module only stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from bot.clock import from_db, to_db
from bot.domain.elections import deputy_apart
from bot.domain.review import (
    Action,
    Adjustment,
    Answer,
    Event,
    Extra,
    ExtraKind,
    Round,
    UnitReview,
)
from bot.domain.scale import plain
from storage.db import Database, Row


class YearLeaders(BaseModel):
    """The units leading the bloc this year: their delegates may review."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    head_unit_id: int | None = None
    deputy_unit_id: int | None = None

    @property
    def unit_ids(self) -> frozenset[int]:
        return frozenset(u for u in (self.head_unit_id, self.deputy_unit_id) if u is not None)


def _extra(row: Row) -> Extra:
    return Extra(
        id=row["id"],
        kind=ExtraKind(row["kind"]),
        points=Decimal(row["points"]),
        reason=row["reason"],
        reviewer_id=row["reviewer_id"],
        at=from_db(row["created_at"]),
    )


def _event(row: Row) -> Event:
    return Event(
        id=row["id"],
        round=Round(row["round"]),
        unit_id=row["unit_id"],
        action=Action(row["action"]),
        code=row["code"],
        old_value=row["old_value"],
        new_value=row["new_value"],
        detail=row["detail"],
        user_id=row["user_id"],
        at=from_db(row["at"]),
    )


@dataclass
class _Parts:
    """A unit's review while its rows are read."""

    adjustments: dict[str, Adjustment] = field(default_factory=dict)
    extras: list[Extra] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    excluded_reason: str | None = None
    excluded_by: int | None = None
    excluded_at: datetime | None = None


class ReviewRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def leaders(self, bloc_id: int, year_id: int) -> YearLeaders:
        """The head and deputy units for the year: the one place that decides it.

        Those recorded for the year (elected the year before, or `/head set`); for a role with
        none recorded, the bloc's current head or deputy (set before elections existed).
        """
        rows = await self.db.fetch_all(
            "SELECT l.role, l.unit_id FROM bloc_leaders l JOIN years y"
            " ON y.bloc_id = l.bloc_id AND y.year = l.year WHERE y.id = ? AND l.bloc_id = ?",
            (year_id, bloc_id),
        )
        recorded = {row["role"]: row["unit_id"] for row in rows}
        row = await self.db.fetch_one(
            "SELECT head_unit_id, deputy_unit_id FROM blocs WHERE id = ?", (bloc_id,)
        )
        head = recorded.get("head", row["head_unit_id"] if row else None)
        deputy = recorded.get("deputy", row["deputy_unit_id"] if row else None)
        return YearLeaders(head_unit_id=head, deputy_unit_id=deputy_apart(head, deputy))

    async def _log(
        self,
        year_id: int,
        round_: Round,
        unit_id: int | None,
        action: Action,
        *,
        by: int,
        now: datetime,
        code: str | None = None,
        old: str | None = None,
        new: str | None = None,
        detail: str | None = None,
    ) -> None:
        await self.db.execute(
            "INSERT INTO review_log (year_id, round, unit_id, action, code, old_value, new_value,"
            " detail, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (year_id, round_, unit_id, action, code, old, new, detail, by, to_db(now)),
        )

    async def set_score(
        self,
        year_id: int,
        round_: Round,
        unit_id: int,
        code: str,
        value: Decimal,
        reason: str,
        *,
        self_score: Decimal | None = None,
        by: int,
        by_unit: int | None,
        now: datetime,
    ) -> None:
        """Set (or change) the reviewed score of one item, with its reason and the submitted
        self-score it was decided against (None: not known, never flagged)."""
        async with self.db.transaction():
            old = await self.db.fetch_value(
                "SELECT reviewed FROM review_scores"
                " WHERE year_id = ? AND round = ? AND unit_id = ? AND code = ?",
                (year_id, round_, unit_id, code),
            )
            await self.db.execute(
                "INSERT INTO review_scores (year_id, round, unit_id, code, reviewed, reason,"
                " reviewer_id, reviewer_unit_id, reviewed_at, self_score)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (year_id, round, unit_id, code) DO UPDATE SET"
                " reviewed = excluded.reviewed, reason = excluded.reason,"
                " reviewer_id = excluded.reviewer_id,"
                " reviewer_unit_id = excluded.reviewer_unit_id,"
                " reviewed_at = excluded.reviewed_at, self_score = excluded.self_score",
                (
                    year_id, round_, unit_id, code, plain(value), reason, by, by_unit,
                    to_db(now), plain(self_score) if self_score is not None else None,
                ),
            )  # fmt: skip
            if old is None and self_score is not None:  # a first decision replaces the
                old = plain(self_score)  # self-score it was made against, not a later one
            await self._log(
                year_id, round_, unit_id, Action.SCORE_SET, by=by, now=now, code=code,
                old=old, new=plain(value), detail=reason,
            )  # fmt: skip

    async def keep_self(
        self, year_id: int, round_: Round, unit_id: int, code: str, *, by: int, now: datetime
    ) -> bool:
        """Drop the reviewed score of an item (the self-score stands again); False if none."""
        async with self.db.transaction():
            old = await self.db.fetch_value(
                "SELECT reviewed FROM review_scores"
                " WHERE year_id = ? AND round = ? AND unit_id = ? AND code = ?",
                (year_id, round_, unit_id, code),
            )
            if old is None:
                return False
            await self.db.execute(
                "DELETE FROM review_scores"
                " WHERE year_id = ? AND round = ? AND unit_id = ? AND code = ?",
                (year_id, round_, unit_id, code),
            )
            await self._log(
                year_id, round_, unit_id, Action.SCORE_KEPT, by=by, now=now, code=code, old=old
            )
        return True

    async def add_extra(
        self,
        year_id: int,
        round_: Round,
        unit_id: int,
        kind: ExtraKind,
        points: Decimal,
        reason: str,
        *,
        by: int,
        now: datetime,
    ) -> Extra:
        async with self.db.transaction():
            extra_id = await self.db.execute(
                "INSERT INTO review_extras (year_id, round, unit_id, kind, points, reason,"
                " reviewer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (year_id, round_, unit_id, kind, plain(points), reason, by, to_db(now)),
            )
            await self._log(
                year_id, round_, unit_id, Action.EXTRA_ADDED, by=by, now=now, code=kind,
                new=plain(points), detail=reason,
            )  # fmt: skip
        return Extra(id=extra_id, kind=kind, points=points, reason=reason, reviewer_id=by, at=now)

    async def remove_extra(self, extra_id: int, *, by: int, now: datetime) -> bool:
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "SELECT * FROM review_extras WHERE id = ? AND removed_at IS NULL", (extra_id,)
            )
            if row is None:
                return False
            await self.db.execute(
                "UPDATE review_extras SET removed_by = ?, removed_at = ? WHERE id = ?",
                (by, to_db(now), extra_id),
            )
            await self._log(
                row["year_id"], Round(row["round"]), row["unit_id"], Action.EXTRA_REMOVED,
                by=by, now=now, code=row["kind"], old=row["points"], detail=row["reason"],
            )  # fmt: skip
        return True

    async def answer(
        self, year_id: int, round_: Round, unit_id: int, text: str, *, by: int, now: datetime
    ) -> int:
        """Store the unit's answer (giải trình), not seen yet; the log notes it without
        repeating the text. Returns the answer's id."""
        async with self.db.transaction():
            answer_id = await self.db.execute(
                "INSERT INTO review_answers (year_id, round, unit_id, body, user_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (year_id, round_, unit_id, text, by, to_db(now)),
            )
            await self._log(year_id, round_, unit_id, Action.ANSWERED, by=by, now=now)
        return answer_id

    async def answers_seen(
        self, year_id: int, round_: Round, unit_id: int, *, by: int, now: datetime
    ) -> int:
        """The unit's answers not seen yet become seen by `by` (a reviewer shown them); how
        many."""
        return await self.db.execute(
            "UPDATE review_answers SET seen_at = ?, seen_by = ?"
            " WHERE year_id = ? AND round = ? AND unit_id = ? AND seen_at IS NULL",
            (to_db(now), by, year_id, round_, unit_id),
        )

    async def exclude(
        self, year_id: int, round_: Round, unit_id: int, reason: str, *, by: int, now: datetime
    ) -> None:
        async with self.db.transaction():
            await self.db.execute(
                "INSERT INTO review_exclusions (year_id, round, unit_id, reason, excluded_by,"
                " excluded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (year_id, round, unit_id)"
                " DO UPDATE SET reason = excluded.reason, excluded_by = excluded.excluded_by,"
                " excluded_at = excluded.excluded_at",
                (year_id, round_, unit_id, reason, by, to_db(now)),
            )
            await self._log(
                year_id, round_, unit_id, Action.EXCLUDED, by=by, now=now, detail=reason
            )

    async def include(
        self, year_id: int, round_: Round, unit_id: int, *, by: int, now: datetime
    ) -> bool:
        """Lift an exclusion; False when the unit was not excluded."""
        async with self.db.transaction():
            changed = await self.db.execute(
                "DELETE FROM review_exclusions WHERE year_id = ? AND round = ? AND unit_id = ?",
                (year_id, round_, unit_id),
            )
            if changed:
                await self._log(year_id, round_, unit_id, Action.INCLUDED, by=by, now=now)
        return changed > 0

    async def is_closed(self, year_id: int, round_: Round) -> bool:
        status = await self.db.fetch_value(
            "SELECT status FROM review_rounds WHERE year_id = ? AND round = ?", (year_id, round_)
        )
        return status == "closed"

    async def set_closed(
        self,
        year_id: int,
        round_: Round,
        closed: bool,
        *,
        by: int,
        now: datetime,
        reason: str | None = None,
    ) -> bool:
        """Close or reopen the round's review; False when it already was so. Both are logged."""
        async with self.db.transaction():
            if await self.is_closed(year_id, round_) == closed:
                return False
            await self.db.execute(
                "INSERT INTO review_rounds (year_id, round, status, changed_by, changed_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (year_id, round) DO UPDATE SET"
                " status = excluded.status, changed_by = excluded.changed_by,"
                " changed_at = excluded.changed_at",
                (year_id, round_, "closed" if closed else "open", by, to_db(now)),
            )
            action = Action.CLOSED if closed else Action.REOPENED
            await self._log(year_id, round_, None, action, by=by, now=now, detail=reason)
        return True

    async def reviews(self, year_id: int, round_: Round) -> dict[int, UnitReview]:
        """Every unit's review of the round (units nobody touched are absent)."""
        where, params = "year_id = ? AND round = ?", (year_id, round_)
        scores = await self.db.fetch_all(
            f"SELECT * FROM review_scores WHERE {where} ORDER BY unit_id, code", params
        )
        extras = await self.db.fetch_all(
            f"SELECT * FROM review_extras WHERE {where} AND removed_at IS NULL ORDER BY id", params
        )
        answers = await self.db.fetch_all(
            f"SELECT * FROM review_answers WHERE {where} ORDER BY id", params
        )
        exclusions = await self.db.fetch_all(
            f"SELECT * FROM review_exclusions WHERE {where}", params
        )
        parts: dict[int, _Parts] = {}
        for row in scores:
            parts.setdefault(row["unit_id"], _Parts()).adjustments[row["code"]] = Adjustment(
                code=row["code"],
                reviewed=Decimal(row["reviewed"]),
                reason=row["reason"],
                reviewer_id=row["reviewer_id"],
                reviewer_unit_id=row["reviewer_unit_id"],
                at=from_db(row["reviewed_at"]),
                self_score=Decimal(row["self_score"]) if row["self_score"] is not None else None,
            )
        for row in extras:
            parts.setdefault(row["unit_id"], _Parts()).extras.append(_extra(row))
        for row in answers:
            seen = from_db(row["seen_at"]) if row["seen_at"] is not None else None
            answer = Answer(text=row["body"], by=row["user_id"], at=from_db(row["created_at"]),
                            id=row["id"], seen_at=seen)  # fmt: skip
            parts.setdefault(row["unit_id"], _Parts()).answers.append(answer)
        for row in exclusions:
            part = parts.setdefault(row["unit_id"], _Parts())
            part.excluded_reason, part.excluded_by = row["reason"], row["excluded_by"]
            part.excluded_at = from_db(row["excluded_at"])
        return {
            unit_id: UnitReview(
                unit_id=unit_id,
                round=round_,
                adjustments=found.adjustments,
                extras=tuple(found.extras),
                answers=tuple(found.answers),
                excluded_reason=found.excluded_reason,
                excluded_by=found.excluded_by,
                excluded_at=found.excluded_at,
            )
            for unit_id, found in parts.items()
        }

    async def unit_review(self, year_id: int, round_: Round, unit_id: int) -> UnitReview:
        found = await self.reviews(year_id, round_)
        return found.get(unit_id) or UnitReview(unit_id=unit_id, round=round_)

    async def log(self, year_id: int) -> list[Event]:
        rows = await self.db.fetch_all(
            "SELECT * FROM review_log WHERE year_id = ? ORDER BY id", (year_id,)
        )
        return [_event(row) for row in rows]

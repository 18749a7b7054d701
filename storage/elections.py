"""Votes: elections, their candidates and roll, the secret ballots, the bloc's voting rules and
the head and deputy of each year.

What keeps a ballot secret here (see migration 0006): `cast` writes the roll entry and the
ballot in one transaction, but the ballot row holds only a random id, the receipt and the
choice; nothing reads a ballot together with a unit, and no method returns ballots in the
order they were cast (they come back in the order of their random ids).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.clock import from_db, to_db
from bot.domain.ballot_codes import new_receipt
from bot.domain.ballots import ElectionKind, ElectionRules
from bot.domain.elections import Election, Leader, LeaderSource, Role, seats_apart
from storage.db import Database, Row
from storage.rows import from_json, to_model

#: A receipt code that is already taken in the election is drawn again, this many times.
_RECEIPT_TRIES = 8

#: An election with its place among the year's votes of its kind and round (`Election.attempt`
#: of `attempts`): counted when read, so a vote held again renames none that was stored.
_SIBLINGS = "FROM elections s WHERE s.year_id = e.year_id AND s.kind = e.kind AND s.round = e.round"
_ELECTION = (
    f"SELECT e.*, (SELECT COUNT(*) {_SIBLINGS} AND s.id <= e.id) AS attempt,"
    f" (SELECT COUNT(*) {_SIBLINGS}) AS attempts"
)


def _election(row: Row) -> Election:
    result = from_json(row["result"])
    return to_model(
        Election,
        row,
        rules=ElectionRules.model_validate_json(row["rules"]),
        result=result or None,
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class ElectionRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- opening and closing ------------------------------------------------------------

    async def open(
        self,
        *,
        bloc_id: int,
        year_id: int,
        kind: ElectionKind,
        rules: ElectionRules,
        candidates: Mapping[int, Sequence[int]],
        roll: Sequence[int],
        quotas: Mapping[int, int] | None = None,
        due_at: datetime | None = None,
        runoff_of: int | None = None,
        round_: int = 1,
        by: int,
        now: datetime,
    ) -> Election:
        """A new open election with its candidates (title id -> units), quotas and roll.

        The partial unique index refuses a second open election of the same kind in a bloc.
        """
        async with self.db.transaction():
            election_id = await self.db.execute(
                "INSERT INTO elections (bloc_id, year_id, kind, round, runoff_of, rules, due_at,"
                " opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    bloc_id,
                    year_id,
                    kind.value,
                    round_,
                    runoff_of,
                    rules.model_dump_json(),
                    to_db(due_at) if due_at else None,
                    by,
                    to_db(now),
                ),
            )
            await self.db.execute_many(
                "INSERT INTO election_titles (election_id, title_id, quota, position)"
                " VALUES (?, ?, ?, ?)",
                [(election_id, t, q, i) for i, (t, q) in enumerate((quotas or {}).items())],
            )
            await self.db.execute_many(
                "INSERT INTO election_candidates (election_id, title_id, unit_id, position)"
                " VALUES (?, ?, ?, ?)",
                [
                    (election_id, title, unit, index)
                    for title, units in candidates.items()
                    for index, unit in enumerate(dict.fromkeys(units))
                ],
            )
            await self.db.execute_many(
                "INSERT INTO election_roll (election_id, unit_id) VALUES (?, ?)",
                [(election_id, unit) for unit in dict.fromkeys(roll)],
            )
        found = await self.get(election_id)
        assert found is not None
        return found

    async def close(
        self, election_id: int, *, by: int | None, now: datetime, result: Mapping[str, Any]
    ) -> bool:
        """Close with its count; False when it was closed already (by a concurrent close)."""
        changed = await self.db.execute(
            "UPDATE elections SET status = 'closed', closed_by = ?, closed_at = ?, result = ?"
            " WHERE id = ? AND status = 'open'",
            (by, to_db(now), _dumps(result), election_id),
        )
        return changed > 0

    async def set_progress_message(self, election_id: int, message_id: int | None) -> None:
        await self.db.execute(
            "UPDATE elections SET progress_message_id = ? WHERE id = ?", (message_id, election_id)
        )

    # --- reading --------------------------------------------------------------------------

    async def get(self, election_id: int) -> Election | None:
        query = f"{_ELECTION} FROM elections e WHERE e.id = ?"
        row = await self.db.fetch_one(query, (election_id,))
        return _election(row) if row else None

    async def open_of_bloc(self, bloc_id: int) -> list[Election]:
        rows = await self.db.fetch_all(
            f"{_ELECTION} FROM elections e WHERE e.bloc_id = ? AND e.status = 'open' ORDER BY e.id",
            (bloc_id,),
        )
        return [_election(row) for row in rows]

    async def open_with_progress(self) -> list[int]:
        """Every open vote whose progress message the group has (their ids)."""
        rows = await self.db.fetch_all(
            "SELECT id FROM elections WHERE status = 'open'"
            " AND progress_message_id IS NOT NULL ORDER BY id"
        )
        return [int(row["id"]) for row in rows]

    async def of_year(self, year_id: int) -> list[Election]:
        rows = await self.db.fetch_all(
            f"{_ELECTION} FROM elections e WHERE e.year_id = ? ORDER BY e.id", (year_id,)
        )
        return [_election(row) for row in rows]

    async def deadlines(self) -> list[tuple[Election, datetime]]:
        """Every open election with a deadline (its own, else the year's `election` one)."""
        rows = await self.db.fetch_all(
            f"{_ELECTION}, COALESCE(e.due_at, d.due_at) AS effective_due FROM elections e"
            " LEFT JOIN deadlines d ON d.year_id = e.year_id AND d.phase = 'election'"
            " WHERE e.status = 'open' AND COALESCE(e.due_at, d.due_at) IS NOT NULL ORDER BY e.id"
        )
        return [(_election(row), from_db(row["effective_due"])) for row in rows]

    async def due(self, now: datetime) -> list[Election]:
        """Open elections whose deadline (their own, else the year's `election`) has passed."""
        rows = await self.db.fetch_all(
            f"{_ELECTION} FROM elections e LEFT JOIN deadlines d"
            " ON d.year_id = e.year_id AND d.phase = 'election'"
            " WHERE e.status = 'open' AND COALESCE(e.due_at, d.due_at) <= ? ORDER BY e.id",
            (to_db(now),),
        )
        return [_election(row) for row in rows]

    async def candidates(self, election_id: int) -> dict[int, tuple[int, ...]]:
        """Title id (0 for head/deputy) -> candidate units, titles and units in their order."""
        rows = await self.db.fetch_all(
            "SELECT c.title_id, c.unit_id FROM election_candidates c"
            " LEFT JOIN election_titles t"
            " ON t.election_id = c.election_id AND t.title_id = c.title_id"
            " WHERE c.election_id = ? ORDER BY COALESCE(t.position, 0), c.position",
            (election_id,),
        )
        found: dict[int, list[int]] = {title: [] for title in await self.quotas(election_id)}
        for row in rows:
            found.setdefault(row["title_id"], []).append(row["unit_id"])
        return {title: tuple(units) for title, units in found.items()}

    async def quotas(self, election_id: int) -> dict[int, int]:
        rows = await self.db.fetch_all(
            "SELECT title_id, quota FROM election_titles WHERE election_id = ? ORDER BY position",
            (election_id,),
        )
        return {row["title_id"]: row["quota"] for row in rows}

    async def roll(self, election_id: int) -> list[int]:
        rows = await self.db.fetch_all(
            "SELECT unit_id FROM election_roll WHERE election_id = ?", (election_id,)
        )
        return [row["unit_id"] for row in rows]

    async def on_roll(self, election_id: int, unit_id: int) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM election_roll WHERE election_id = ? AND unit_id = ?",
            (election_id, unit_id),
        )
        return row is not None

    async def voted(self, election_id: int) -> set[int]:
        """The units that have voted (never what they chose)."""
        rows = await self.db.fetch_all(
            "SELECT unit_id FROM election_voted WHERE election_id = ?", (election_id,)
        )
        return {row["unit_id"] for row in rows}

    async def has_voted(self, election_id: int, unit_id: int) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM election_voted WHERE election_id = ? AND unit_id = ?",
            (election_id, unit_id),
        )
        return row is not None

    async def turnout(self, election_id: int) -> tuple[int, int]:
        """(units that voted, units on the roll): the group's progress line."""
        row = await self.db.fetch_one(
            "SELECT (SELECT COUNT(*) FROM election_voted WHERE election_id = :e),"
            " (SELECT COUNT(*) FROM election_roll WHERE election_id = :e)",
            {"e": election_id},
        )
        assert row is not None
        return int(row[0]), int(row[1])

    # --- ballots --------------------------------------------------------------------------

    async def cast(self, election_id: int, unit_id: int, choice: Mapping[str, Any]) -> str | None:
        """Mark the unit as voted and store its ballot, atomically; returns the receipt.

        None when the unit had voted already (the roll's primary key refuses the second):
        nothing is stored then. The caller checks the unit is on the roll and the election
        open, inside the same transaction.
        """
        async with self.db.transaction():
            await self.db.execute(
                "INSERT INTO election_voted (election_id, unit_id) VALUES (?, ?)"
                " ON CONFLICT (election_id, unit_id) DO NOTHING",
                (election_id, unit_id),
            )
            # A WITHOUT ROWID insert has no rowid to report: ask how many rows it wrote.
            if await self.db.fetch_value("SELECT changes()") != 1:
                return None
            return await self._store_ballot(election_id, _dumps(dict(choice)))

    async def _store_ballot(self, election_id: int, choice: str) -> str:
        for _ in range(_RECEIPT_TRIES):
            receipt = new_receipt()
            try:
                await self.db.execute(
                    "INSERT INTO ballots (id, election_id, receipt, choice) VALUES (?, ?, ?, ?)",
                    (secrets.token_hex(16), election_id, receipt, choice),
                )
            except sqlite3.IntegrityError:
                continue  # that receipt is taken in this election: draw another
            return receipt
        raise RuntimeError("no free receipt code")

    async def ballots(self, election_id: int) -> list[dict[str, Any]]:
        """Every ballot's choice, in the order of their random ids (not the casting order)."""
        rows = await self.db.fetch_all(
            "SELECT choice FROM ballots WHERE election_id = ? ORDER BY id", (election_id,)
        )
        return [json.loads(row["choice"]) for row in rows]

    async def receipts(self, election_id: int) -> list[str]:
        """The receipt codes of the ballots received, sorted (what is published at the close)."""
        rows = await self.db.fetch_all(
            "SELECT receipt FROM ballots WHERE election_id = ? ORDER BY receipt", (election_id,)
        )
        return [row["receipt"] for row in rows]

    # --- the bloc's rules -----------------------------------------------------------------

    async def rules(self, bloc_id: int) -> ElectionRules:
        value = await self.db.fetch_value(
            "SELECT rules FROM election_settings WHERE bloc_id = ?", (bloc_id,)
        )
        return ElectionRules.model_validate_json(value) if value else ElectionRules()

    async def set_rules(
        self, bloc_id: int, rules: ElectionRules, *, by: int, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO election_settings (bloc_id, rules, set_by, set_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (bloc_id) DO UPDATE SET rules = excluded.rules,"
            " set_by = excluded.set_by, set_at = excluded.set_at",
            (bloc_id, rules.model_dump_json(), by, to_db(now)),
        )

    # --- head and deputy of a year --------------------------------------------------------

    async def set_leader(
        self,
        bloc_id: int,
        year: int,
        role: Role,
        unit_id: int,
        *,
        source: LeaderSource,
        election_id: int | None = None,
        by: int | None,
        now: datetime,
    ) -> None:
        await self.db.execute(
            "INSERT INTO bloc_leaders (bloc_id, year, role, unit_id, source, election_id,"
            " set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (bloc_id, year, role) DO UPDATE SET unit_id = excluded.unit_id,"
            " source = excluded.source, election_id = excluded.election_id,"
            " set_by = excluded.set_by, set_at = excluded.set_at",
            (bloc_id, year, role.value, unit_id, source.value, election_id, by, to_db(now)),
        )

    async def drop_leader(self, bloc_id: int, year: int, role: Role) -> None:
        await self.db.execute(
            "DELETE FROM bloc_leaders WHERE bloc_id = ? AND year = ? AND role = ?",
            (bloc_id, year, role.value),
        )

    async def leaders(self, bloc_id: int, year: int) -> dict[Role, Leader]:
        rows = await self.db.fetch_all(
            "SELECT * FROM bloc_leaders WHERE bloc_id = ? AND year = ?", (bloc_id, year)
        )
        # records from before the rule never show one unit in both seats
        return seats_apart({Role(row["role"]): to_model(Leader, row) for row in rows})

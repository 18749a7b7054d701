"""Reminder settings per bloc and the ledger of nudges.

The ledger is the idempotency of nudging: a message of a nudge is recorded (a row under its
UNIQUE key) in the same transaction as it is queued in the notifier's outbox, and a message
that cannot be recorded is not queued. A restart, a retried tick or two overlapping rounds
therefore queue each nudge once; the notifier sends each queued message once.

A `private` row without `message_key` stands for a message another round sent (the notice of a
deadline brought forward, or an admin's `/remind now`, counts as the reminder due later that
day): it keeps that reminder from the person, and its round waits for no message of it. A
`digest` row of a unit (not GROUP_UNIT, no `message_key`) records a unit a `/remind now`
digest named, so that a reminder later that day can tell whether the group would hear anything
new.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from pydantic import BaseModel, ConfigDict

from bot.clock import from_db, to_db
from bot.domain.calendar import Phase
from bot.domain.reminders import QuietHours, ReminderSettings, parse_offsets
from storage.db import Database, Row

#: `unit_id` of a message to the group (the digest, the after-deadline line).
GROUP_UNIT = 0


class StoredSettings(BaseModel):
    """A bloc's settings and when they last changed (None: the defaults, never changed)."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    settings: ReminderSettings
    changed_at: datetime | None = None


class NudgeKey(BaseModel):
    """One nudge of one deadline: what the log's rows of a round share."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    bloc_id: int
    year_id: int
    phase: Phase
    due_at: datetime  # UTC
    point: str  # `7d`, `morning`, `after`, `now-…`

    def params(self) -> tuple[object, ...]:
        return (self.bloc_id, self.year_id, self.phase.value, to_db(self.due_at), self.point)

    def message_key(self, unit_id: int, chat_id: int) -> str:
        """The key of one of its messages in the notifier's outbox (queued once, ever)."""
        due = f"{self.due_at:%Y%m%dT%H%M%S}"
        where = f"{self.bloc_id}:{self.year_id}:{self.phase.value}:{due}:{self.point}"
        return f"nudge:{where}:{unit_id}:{chat_id}"


class LedgerRow(BaseModel):
    """One message of a nudge, with how the notifier finished it (None: not yet)."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    kind: str
    unit_id: int
    chat_id: int
    message_key: str | None
    created_at: datetime
    outcome: str | None  # sent | unreachable | refused, from the notifier's sent log
    point: str = ""


class SentRound(BaseModel):
    """A nudge of a deadline that queued a message: its first row's id (what a confirmation
    names it by), its point, when it began, and how many units it wrote to privately (0: it
    only posted in the group)."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    first: int
    point: str
    at: datetime
    units: int


class Hold(BaseModel):
    """A phase's reminders held, or let go again, by the score review of its round (an
    assessment phase: the round of the same name). `held`: the review is closed, so no unit can
    submit (`bot.usecases.review_close`) and nobody is reminded to; `resumed_at`: when it was
    last reopened (the nudges due before that are not caught up)."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    held: bool = False
    resumed_at: datetime | None = None


class OpenDeadline(BaseModel):
    """A deadline of an open year, with what planning its nudges needs."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    bloc_id: int
    year_id: int
    timezone: str
    phase: Phase
    due_at: datetime
    set_at: datetime
    hold: Hold = Hold()


_PHASES = frozenset(p.value for p in Phase)
_KEY_WHERE = "bloc_id = ? AND year_id = ? AND phase = ? AND due_at = ? AND point = ?"


def _clock(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


#: The score review of a deadline's round (`review_rounds` holds only the assessment rounds,
#: named as their phases), read as `review` (its status) and `review_at`.
_REVIEW_OF = "LEFT JOIN review_rounds r ON r.year_id = d.year_id AND r.round = d.phase"


def _hold(row: Row) -> Hold:
    status = row["review"]
    resumed = from_db(row["review_at"]) if status == "open" else None
    return Hold(held=status == "closed", resumed_at=resumed)


class ReminderRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- settings ---------------------------------------------------------------------------

    async def settings(self, bloc_id: int) -> StoredSettings:
        return (await self._settings("WHERE bloc_id = ?", (bloc_id,))).get(
            bloc_id, StoredSettings(settings=ReminderSettings())
        )

    async def all_settings(self) -> dict[int, StoredSettings]:
        """Every bloc that changed its settings or turned a phase off (others: defaults)."""
        return await self._settings("", ())

    async def _settings(self, where: str, params: tuple[object, ...]) -> dict[int, StoredSettings]:
        rows = await self.db.fetch_all(f"SELECT * FROM reminder_settings {where}", params)
        off_rows = await self.db.fetch_all(f"SELECT * FROM reminder_phases_off {where}", params)
        off: dict[int, set[Phase]] = {}
        for row in off_rows:
            off.setdefault(row["bloc_id"], set()).add(Phase(row["phase"]))
        found = {
            bloc_id: StoredSettings(settings=ReminderSettings(disabled=frozenset(phases)))
            for bloc_id, phases in off.items()
        }
        for row in rows:
            start, end = _clock(row["quiet_start"]), _clock(row["quiet_end"])
            settings = ReminderSettings(
                offsets=parse_offsets(row["offsets"].split()),
                quiet=QuietHours(start=start, end=end) if start and end else None,
                weekends=bool(row["weekends"]),
                disabled=frozenset(off.get(row["bloc_id"], ())),
            )
            found[row["bloc_id"]] = StoredSettings(
                settings=settings, changed_at=from_db(row["updated_at"])
            )
        return found

    async def save(
        self, bloc_id: int, settings: ReminderSettings, *, by: int, now: datetime
    ) -> None:
        """Store the whole settings (call inside a transaction: two tables change)."""
        quiet = settings.quiet
        await self.db.execute(
            "INSERT INTO reminder_settings (bloc_id, offsets, quiet_start, quiet_end, weekends,"
            " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (bloc_id) DO UPDATE SET offsets = excluded.offsets,"
            " quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,"
            " weekends = excluded.weekends, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at",
            (
                bloc_id,
                settings.offsets_label,
                f"{quiet.start:%H:%M}" if quiet else None,
                f"{quiet.end:%H:%M}" if quiet else None,
                int(settings.weekends),
                by,
                to_db(now),
            ),
        )
        await self.db.execute("DELETE FROM reminder_phases_off WHERE bloc_id = ?", (bloc_id,))
        await self.db.execute_many(
            "INSERT INTO reminder_phases_off (bloc_id, phase, set_by, set_at) VALUES (?, ?, ?, ?)",
            [(bloc_id, p.value, by, to_db(now)) for p in sorted(settings.disabled)],
        )

    async def blocs_with_settings(self) -> list[int]:
        rows = await self.db.fetch_all("SELECT bloc_id FROM reminder_settings ORDER BY bloc_id")
        return [row["bloc_id"] for row in rows]

    # --- the ledger of nudges ---------------------------------------------------------------

    async def claim(
        self,
        key: NudgeKey,
        *,
        kind: str,
        unit_id: int,
        chat_id: int,
        message_key: str | None,
        now: datetime,
    ) -> bool:
        """Record one message of a nudge (in the transaction that queues it); False when it
        was recorded already, and then it must not be queued."""
        inserted = await self.db.execute(
            "INSERT INTO nudges_sent (bloc_id, year_id, phase, due_at, point, kind, unit_id,"
            " chat_id, message_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (bloc_id, year_id, phase, due_at, point, unit_id, chat_id) DO NOTHING",
            (*key.params(), kind, unit_id, chat_id, message_key, to_db(now)),
        )
        return inserted > 0

    async def close_round(self, key: NudgeKey, chat_id: int, now: datetime) -> bool:
        """Close a nudge without a group message (a `digest` row without one): nobody to
        remind, or nothing new to say; False when its group message was recorded already."""
        return await self.claim(
            key, kind="digest", unit_id=GROUP_UNIT, chat_id=chat_id, message_key=None, now=now
        )

    async def round_rows(self, key: NudgeKey) -> list[LedgerRow]:
        """The messages of one nudge, with the notifier's outcome of each."""
        return await self._ledger_rows(f"{_KEY_WHERE} ORDER BY n.id", key.params())

    async def rows_since(self, key: NudgeKey, *, since: datetime) -> list[LedgerRow]:
        """The messages of the nudges of `key`'s deadline whose point starts with `key.point`
        (`now-`: the `/remind now` rounds), recorded at `since` or later."""
        where = (
            "bloc_id = ? AND year_id = ? AND phase = ? AND due_at = ? AND point LIKE ?"
            " AND n.created_at >= ? ORDER BY n.id"
        )
        *deadline, prefix = key.params()
        return await self._ledger_rows(where, (*deadline, f"{prefix}%", to_db(since)))

    async def _ledger_rows(self, where: str, params: Sequence[object]) -> list[LedgerRow]:
        rows = await self.db.fetch_all(
            "SELECT n.*, s.outcome FROM nudges_sent n LEFT JOIN sent_log s ON s.key = n.message_key"
            f" WHERE {where}",
            params,
        )
        return [
            LedgerRow(
                kind=row["kind"],
                unit_id=row["unit_id"],
                chat_id=row["chat_id"],
                message_key=row["message_key"],
                created_at=from_db(row["created_at"]),
                outcome=row["outcome"],
                point=row["point"],
            )
            for row in rows
        ]

    async def last_sent_round(self, key: NudgeKey) -> SentRound | None:
        """The nudge of `key`'s deadline (any point: scheduled, `/remind now`, a deadline
        brought forward) that began last among those that queued a private message or the
        group's digest; None when none did."""
        row = await self.db.fetch_one(
            "SELECT point, MIN(id) AS first, MIN(created_at) AS at,"
            " COUNT(DISTINCT CASE WHEN kind = 'private' THEN unit_id END) AS units"
            " FROM nudges_sent WHERE bloc_id = ? AND year_id = ? AND phase = ? AND due_at = ?"
            " AND kind IN ('private', 'digest') AND message_key IS NOT NULL"
            " GROUP BY point ORDER BY first DESC LIMIT 1",
            key.params()[:4],
        )
        if row is None:
            return None
        at = from_db(row["at"])
        return SentRound(first=row["first"], point=row["point"], at=at, units=row["units"])

    async def key_of_row(self, row_id: int) -> NudgeKey | None:
        """The nudge a row of the ledger belongs to (None: no such row, or not a phase's)."""
        row = await self.db.fetch_one(
            "SELECT bloc_id, year_id, phase, due_at, point FROM nudges_sent WHERE id = ?",
            (row_id,),
        )
        if row is None or row["phase"] not in _PHASES:
            return None
        return NudgeKey(
            bloc_id=row["bloc_id"],
            year_id=row["year_id"],
            phase=Phase(row["phase"]),
            due_at=from_db(row["due_at"]),
            point=row["point"],
        )

    async def sent_to(self, key: NudgeKey) -> set[tuple[int, int]]:
        """(unit, chat) pairs already recorded for this nudge."""
        return {(r.unit_id, r.chat_id) for r in await self.round_rows(key)}

    async def told_deadlines(
        self, bloc_id: int, year_id: int, phase: Phase
    ) -> dict[tuple[int, int], datetime]:
        """(unit, chat) -> the deadline the newest private nudge that reached that person named
        (any deadline the phase had in that year)."""
        rows = await self.db.fetch_all(
            "SELECT n.unit_id, n.chat_id, n.due_at FROM nudges_sent n"
            " JOIN sent_log s ON s.key = n.message_key AND s.outcome = 'sent'"
            " WHERE n.bloc_id = ? AND n.year_id = ? AND n.phase = ? AND n.kind = 'private'"
            " ORDER BY n.id",
            (bloc_id, year_id, phase.value),
        )
        return {(row["unit_id"], row["chat_id"]): from_db(row["due_at"]) for row in rows}

    async def closed_rounds(self) -> set[tuple[int, Phase, datetime, str]]:
        """(bloc, phase, deadline, point) of the nudges whose group message is recorded: done."""
        rows = await self.db.fetch_all(
            "SELECT DISTINCT bloc_id, phase, due_at, point FROM nudges_sent"
            " WHERE kind IN ('digest', 'after')"
        )
        return {
            (row["bloc_id"], Phase(row["phase"]), from_db(row["due_at"]), row["point"])
            for row in rows
            if row["phase"] in _PHASES
        }

    async def open_rounds(
        self, bloc_id: int | None = None
    ) -> set[tuple[int, Phase, datetime, str]]:
        """(bloc, phase, deadline, point) of nudges whose private messages are queued and whose
        digest is not yet: a tick must come back to them."""
        rows = await self.db.fetch_all(
            "SELECT DISTINCT p.bloc_id, p.phase, p.due_at, p.point FROM nudges_sent p"
            " WHERE p.kind = 'private' AND p.message_key IS NOT NULL"
            " AND (? IS NULL OR p.bloc_id = ?) AND NOT EXISTS"
            " (SELECT 1 FROM nudges_sent g WHERE g.kind = 'digest' AND g.bloc_id = p.bloc_id"
            " AND g.year_id = p.year_id AND g.phase = p.phase AND g.due_at = p.due_at"
            " AND g.point = p.point)",
            (bloc_id, bloc_id),
        )
        return {
            (row["bloc_id"], Phase(row["phase"]), from_db(row["due_at"]), row["point"])
            for row in rows
            if row["phase"] in _PHASES
        }

    async def withdraw_stale(self) -> int:
        """Take back from the outbox the nudges not sent yet of deadlines that have changed
        since they were queued (their text is out of date), or whose round's score review has
        closed since (nobody can act on them any more); how many."""
        return await self.db.execute(
            "DELETE FROM outbox WHERE key IN (SELECT n.message_key FROM nudges_sent n"
            " JOIN deadlines d ON d.year_id = n.year_id AND d.phase = n.phase"
            " WHERE n.message_key IS NOT NULL AND n.due_at != d.due_at) OR key IN"
            " (SELECT n.message_key FROM nudges_sent n JOIN review_rounds r"
            " ON r.year_id = n.year_id AND r.round = n.phase"
            " WHERE n.message_key IS NOT NULL AND r.status = 'closed')"
        )

    async def hold(self, year_id: int, phase: Phase) -> Hold:
        """Whether the phase's reminders are held by its round's closed score review."""
        row = await self.db.fetch_one(
            "SELECT status AS review, changed_at AS review_at FROM review_rounds"
            " WHERE year_id = ? AND round = ?",
            (year_id, phase.value),
        )
        return _hold(row) if row is not None else Hold()

    async def open_blocs(self) -> list[int]:
        """The blocs with an open year, by id."""
        rows = await self.db.fetch_all(
            "SELECT DISTINCT bloc_id FROM years WHERE status = 'open' ORDER BY bloc_id"
        )
        return [row["bloc_id"] for row in rows]

    async def open_deadlines(
        self, bloc_id: int | None = None, *, among: Sequence[int] | None = None
    ) -> list[OpenDeadline]:
        """Every deadline of an open year (of one bloc, of the blocs `among`, or all), with its
        bloc's zone, by bloc."""
        wanted = ""
        params: list[object] = [bloc_id, bloc_id]
        if among is not None:
            wanted = f" AND y.bloc_id IN ({', '.join('?' * len(among))})"
            params += list(among)
        rows = await self.db.fetch_all(
            "SELECT y.bloc_id, y.id AS year_id, b.timezone, d.phase, d.due_at, d.set_at,"
            " r.status AS review, r.changed_at AS review_at"
            " FROM deadlines d JOIN years y ON y.id = d.year_id JOIN blocs b ON b.id = y.bloc_id"
            f" {_REVIEW_OF} WHERE y.status = 'open' AND (? IS NULL OR y.bloc_id = ?){wanted}"
            " ORDER BY y.bloc_id, d.phase",
            params,
        )
        return [
            OpenDeadline(
                bloc_id=row["bloc_id"],
                year_id=row["year_id"],
                timezone=row["timezone"],
                phase=Phase(row["phase"]),
                due_at=from_db(row["due_at"]),
                set_at=from_db(row["set_at"]),
                hold=_hold(row),
            )
            for row in rows
            if row["phase"] in _PHASES
        ]

    # --- people the bot cannot reach ---------------------------------------------------------

    async def unreachable_in_bloc(self, bloc_id: int) -> list[tuple[str, int]]:
        """(unit code, user id) of the bloc's delegates the notifier could not write to."""
        rows = await self.db.fetch_all(
            "SELECT u.code, d.user_id FROM unreachable x"
            " JOIN delegates d ON d.user_id = x.chat_id JOIN units u ON u.id = d.unit_id"
            " WHERE u.bloc_id = ? ORDER BY u.code, d.user_id",
            (bloc_id,),
        )
        return [(row["code"], row["user_id"]) for row in rows]

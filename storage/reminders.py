"""Reminder settings per bloc, the sent-nudge log, and the people the bot cannot reach.

The sent-nudge log is the idempotency of nudging: a message is claimed (a row inserted under
its UNIQUE key) before it is handed to the sender, and whoever fails to insert the row does not
send. A restart, a retry or two overlapping rounds therefore send each nudge once.
"""

from __future__ import annotations

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

    model_config = ConfigDict(frozen=True)

    settings: ReminderSettings
    changed_at: datetime | None = None


class NudgeKey(BaseModel):
    """One nudge of one deadline: what the log's rows of a round share."""

    model_config = ConfigDict(frozen=True)

    bloc_id: int
    year_id: int
    phase: Phase
    due_at: datetime  # UTC
    point: str  # `7d`, `morning`, `after`, `now-…`

    def params(self) -> tuple[object, ...]:
        return (self.bloc_id, self.year_id, self.phase.value, to_db(self.due_at), self.point)


class LoggedNudge(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    key: NudgeKey
    kind: str
    unit_id: int
    chat_id: int
    status: str


_PHASES = frozenset(p.value for p in Phase)
_KEY_WHERE = "bloc_id = ? AND year_id = ? AND phase = ? AND due_at = ? AND point = ?"


def _clock(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


def _logged(row: Row) -> LoggedNudge:
    key = NudgeKey(
        bloc_id=row["bloc_id"],
        year_id=row["year_id"],
        phase=Phase(row["phase"]),
        due_at=from_db(row["due_at"]),
        point=row["point"],
    )
    return LoggedNudge(
        id=row["id"],
        key=key,
        kind=row["kind"],
        unit_id=row["unit_id"],
        chat_id=row["chat_id"],
        status=row["status"],
    )


class ReminderRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- settings ---------------------------------------------------------------------------

    async def settings(self, bloc_id: int) -> StoredSettings:
        row = await self.db.fetch_one(
            "SELECT * FROM reminder_settings WHERE bloc_id = ?", (bloc_id,)
        )
        off = await self.db.fetch_all(
            "SELECT phase FROM reminder_phases_off WHERE bloc_id = ?", (bloc_id,)
        )
        disabled = frozenset(Phase(r["phase"]) for r in off)
        if row is None:
            return StoredSettings(settings=ReminderSettings(disabled=disabled))
        start, end = _clock(row["quiet_start"]), _clock(row["quiet_end"])
        settings = ReminderSettings(
            offsets=parse_offsets(row["offsets"].split()),
            quiet=QuietHours(start=start, end=end) if start and end else None,
            weekends=bool(row["weekends"]),
            disabled=disabled,
        )
        return StoredSettings(settings=settings, changed_at=from_db(row["updated_at"]))

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

    # --- the sent-nudge log -----------------------------------------------------------------

    async def claim(
        self, key: NudgeKey, *, kind: str, unit_id: int, chat_id: int, now: datetime
    ) -> int | None:
        """Log one message of a nudge before sending it; its id, or None if already logged."""
        stamp = to_db(now)
        inserted = await self.db.execute(
            "INSERT INTO nudges_sent (bloc_id, year_id, phase, due_at, point, kind, unit_id,"
            " chat_id, status, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)"
            " ON CONFLICT (bloc_id, year_id, phase, due_at, point, unit_id, chat_id) DO NOTHING",
            (*key.params(), kind, unit_id, chat_id, stamp, stamp),
        )
        return inserted or None

    async def mark(self, nudge_id: int, status: str, *, now: datetime) -> None:
        await self.db.execute(
            "UPDATE nudges_sent SET status = ?, updated_at = ? WHERE id = ?",
            (status, to_db(now), nudge_id),
        )

    async def release(self, nudge_id: int) -> None:
        """Give a claimed message back (its sending failed): a later round claims it again."""
        await self.db.execute(
            "DELETE FROM nudges_sent WHERE id = ? AND status = 'queued'", (nudge_id,)
        )

    async def forget_queued(self) -> int:
        """At start-up: messages claimed by a process that died before sending them are given
        back (the lease guarantees no other process is sending); how many."""
        return await self.db.execute("DELETE FROM nudges_sent WHERE status = 'queued'")

    async def logged(self, key: NudgeKey) -> list[LoggedNudge]:
        rows = await self.db.fetch_all(
            f"SELECT * FROM nudges_sent WHERE {_KEY_WHERE} ORDER BY id", key.params()
        )
        return [_logged(row) for row in rows]

    async def sent_to(self, key: NudgeKey) -> set[tuple[int, int]]:
        """(unit, chat) pairs already logged for this nudge, whatever their status."""
        return {(n.unit_id, n.chat_id) for n in await self.logged(key)}

    async def queued(self) -> list[LoggedNudge]:
        """Messages handed over but not confirmed sent (what a restart must finish)."""
        rows = await self.db.fetch_all(
            "SELECT * FROM nudges_sent WHERE status = 'queued' ORDER BY id"
        )
        return [_logged(row) for row in rows]

    async def last_point(self, bloc_id: int, year_id: int, phase: Phase) -> LoggedNudge | None:
        """The latest group message of a phase (to show in `/remind`)."""
        row = await self.db.fetch_one(
            "SELECT * FROM nudges_sent WHERE bloc_id = ? AND year_id = ? AND phase = ?"
            f" AND unit_id = {GROUP_UNIT} ORDER BY created_at DESC, id DESC LIMIT 1",
            (bloc_id, year_id, phase.value),
        )
        return _logged(row) if row else None

    async def open_deadlines(self) -> list[tuple[int, Phase]]:
        """(bloc, phase) of every deadline of an open year: what the scheduler rebuilds."""
        rows = await self.db.fetch_all(
            "SELECT y.bloc_id, d.phase FROM deadlines d JOIN years y ON y.id = d.year_id"
            " WHERE y.status = 'open' ORDER BY y.bloc_id, d.phase"
        )
        return [(row["bloc_id"], Phase(row["phase"])) for row in rows if row["phase"] in _PHASES]

    # --- people the bot cannot reach --------------------------------------------------------

    async def mark_unreachable(self, user_id: int, reason: str, *, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO unreachable_users (user_id, reason, since) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET reason = excluded.reason",
            (user_id, reason, to_db(now)),
        )

    async def reachable_again(self, user_id: int) -> bool:
        """The person wrote to the bot: private nudges can reach them again."""
        return (
            await self.db.execute("DELETE FROM unreachable_users WHERE user_id = ?", (user_id,)) > 0
        )

    async def unreachable(self) -> set[int]:
        rows = await self.db.fetch_all("SELECT user_id FROM unreachable_users")
        return {row["user_id"] for row in rows}

    async def unreachable_in_bloc(self, bloc_id: int) -> list[tuple[str, int]]:
        """(unit code, user id) of the bloc's delegates the bot cannot reach, by unit code."""
        rows = await self.db.fetch_all(
            "SELECT u.code, d.user_id FROM unreachable_users x"
            " JOIN delegates d ON d.user_id = x.user_id JOIN units u ON u.id = d.unit_id"
            " WHERE u.bloc_id = ? ORDER BY u.code, d.user_id",
            (bloc_id,),
        )
        return [(row["code"], row["user_id"]) for row in rows]

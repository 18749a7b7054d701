"""The notifier's outbox, its sent log and the unreachable chats (SQL only here).

`add` runs inside the caller's transaction, so a message exists exactly when the change that
caused it was committed. `finish` moves a message from the outbox to the sent log in one
transaction: once there, its key is never queued or sent again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.clock import from_db, to_db
from storage.db import Database, Row


@dataclass(frozen=True)
class Outgoing:
    """A message to send after a change: `key` names it so that it goes out at most once.

    `edit_message_id`: edit that message of `chat_id` (a screen whose action was stored); when
    it can no longer be edited, the same text comes as a new message instead.
    """

    key: str
    chat_id: int
    text: str
    edit_message_id: int | None = None
    #: The inline keyboard as Telegram's JSON (`InlineKeyboardMarkup.to_json()`), if any.
    reply_markup: str | None = None
    #: Not sent before this instant (a sender spreading many messages over time).
    not_before: datetime | None = None
    #: The forum topic a new message goes to (an answer, where the person wrote); None: the
    #: General topic. An edit stays where its message is; the topic serves when it is sent anew.
    message_thread_id: int | None = None


@dataclass(frozen=True)
class Queued:
    id: int
    message: Outgoing
    attempts: int
    next_at: datetime


def _queued(row: Row) -> Queued:
    message = Outgoing(
        row["key"],
        row["chat_id"],
        row["text"],
        row["edit_message_id"],
        row["reply_markup"],
        message_thread_id=row["message_thread_id"],
    )
    return Queued(row["id"], message, row["attempts"], from_db(row["next_at"]))


class OutboxRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, message: Outgoing, *, now: datetime) -> bool:
        """Queue `message` unless its key is queued or done already; True when queued now."""
        added = await self.db.execute(
            "INSERT INTO outbox (key, chat_id, text, edit_message_id, reply_markup,"
            " message_thread_id, next_at, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?"
            " WHERE NOT EXISTS (SELECT 1 FROM sent_log WHERE key = ?)"
            " ON CONFLICT (key) DO NOTHING",
            (
                message.key,
                message.chat_id,
                message.text,
                message.edit_message_id,
                message.reply_markup,
                message.message_thread_id,
                to_db(max(now, message.not_before or now)),
                to_db(now),
                message.key,
            ),
        )
        return added > 0

    async def due(self, now: datetime, *, limit: int = 500) -> tuple[list[Queued], datetime | None]:
        """Messages whose time has come, oldest first (a chat's messages keep their order), and
        when the next one after them is due (now, when more than `limit` are due): one
        hand-off to the database thread, as it runs at every look of the notifier."""
        stamp = to_db(now)

        def read(raw: sqlite3.Connection) -> tuple[list[Row], str | None]:
            rows = raw.execute(
                "SELECT * FROM outbox WHERE next_at <= ? ORDER BY id LIMIT ?", (stamp, limit)
            ).fetchall()
            upcoming = raw.execute(
                "SELECT MIN(next_at) FROM outbox WHERE next_at > ?", (stamp,)
            ).fetchone()[0]
            return rows, upcoming

        rows, upcoming = await self.db.run(read)
        following = now if len(rows) >= limit else (from_db(upcoming) if upcoming else None)
        return [_queued(row) for row in rows], following

    async def pending(self) -> list[Queued]:
        rows = await self.db.fetch_all("SELECT * FROM outbox ORDER BY id")
        return [_queued(row) for row in rows]

    async def retry_later(self, queued_id: int, *, at: datetime, error: str) -> None:
        await self.db.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?",
            (to_db(at), error[:500], queued_id),
        )

    async def as_new_message(self, queued_id: int, *, chat_id: int) -> None:
        """The message to edit is gone or too old: send the text as a new message instead."""
        await self.db.execute(
            "UPDATE outbox SET edit_message_id = NULL, chat_id = ? WHERE id = ?",
            (chat_id, queued_id),
        )

    async def to_general(self, queued_id: int) -> None:
        """Its forum topic is gone or closed: send it to the group's General topic instead."""
        await self.db.execute(
            "UPDATE outbox SET message_thread_id = NULL WHERE id = ?", (queued_id,)
        )

    async def finish(
        self, queued: Queued, outcome: str, *, message_id: int | None, now: datetime
    ) -> None:
        """Done with it (sent, unreachable or refused): out of the outbox, into the sent log."""
        await self.finish_all([(queued, outcome, message_id)], now=now)

    async def finish_all(
        self, done: Sequence[tuple[Queued, str, int | None]], *, now: datetime
    ) -> None:
        """`finish` each (message, outcome, message id), all in one transaction in one
        hand-off to the database thread (`Database.batch`): it runs after every message the
        bot sends to many, and the notifier gathers the ones that end together."""
        statements: list[tuple[str, tuple[object, ...]]] = []
        for queued, outcome, message_id in done:
            chat_id = queued.message.chat_id
            statements += [
                (
                    "INSERT INTO sent_log (key, chat_id, message_id, outcome, done_at)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                    (queued.message.key, chat_id, message_id, outcome, to_db(now)),
                ),
                ("DELETE FROM outbox WHERE id = ?", (queued.id,)),
            ]
            if outcome == "unreachable":
                statements.append(
                    (
                        "INSERT INTO unreachable (chat_id, reason, since) VALUES (?, ?, ?)"
                        " ON CONFLICT (chat_id) DO NOTHING",
                        (chat_id, "forbidden", to_db(now)),
                    )
                )
            elif outcome == "sent":
                statements.append(("DELETE FROM unreachable WHERE chat_id = ?", (chat_id,)))
        await self.db.batch(statements)

    async def cancel(self, key: str) -> None:
        """Take back one message not yet sent (its sender delivered it another way)."""
        await self.db.execute("DELETE FROM outbox WHERE key = ?", (key,))

    async def drop_waiting(self, chat_id: int, key_part: str) -> int:
        """Take back the messages to `chat_id` not yet sent whose key contains `key_part`."""
        return await self.db.execute(
            "DELETE FROM outbox WHERE chat_id = ? AND instr(key, ?) > 0", (chat_id, key_part)
        )

    async def chats_waiting(self, key_part: str) -> set[int]:
        """The chats with a message not sent yet whose key contains `key_part`."""
        rows = await self.db.fetch_all(
            "SELECT DISTINCT chat_id FROM outbox WHERE instr(key, ?) > 0", (key_part,)
        )
        return {row["chat_id"] for row in rows}

    async def postpone_waiting(self, key_part: str, *, until: datetime) -> None:
        """The messages whose key contains `key_part` wait at least until `until`."""
        await self.db.execute(
            "UPDATE outbox SET next_at = ? WHERE instr(key, ?) > 0 AND next_at < ?",
            (to_db(until), key_part, to_db(until)),
        )

    async def outcome(self, key: str) -> str | None:
        return await self.db.fetch_value("SELECT outcome FROM sent_log WHERE key = ?", (key,))

    async def unreachable_among(self, chat_ids: Iterable[int]) -> set[int]:
        wanted = list(dict.fromkeys(chat_ids))
        if not wanted:
            return set()
        marks = ", ".join("?" * len(wanted))
        rows = await self.db.fetch_all(
            f"SELECT chat_id FROM unreachable WHERE chat_id IN ({marks})",
            wanted,
        )
        return {row["chat_id"] for row in rows}

    async def unreachable_chats(self) -> set[int]:
        """Every chat marked unreachable (few: the people who blocked the bot)."""
        rows = await self.db.fetch_all("SELECT chat_id FROM unreachable")
        return {row["chat_id"] for row in rows}

    async def reachable_again(self, chat_id: int) -> None:
        await self.db.execute("DELETE FROM unreachable WHERE chat_id = ?", (chat_id,))

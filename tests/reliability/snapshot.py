"""Every row of every table, to compare the database before and after an action."""

from __future__ import annotations

from typing import Any

from storage.db import Database

#: Rows that change on every update whatever the outcome (who was seen, when), the sending
#: bookkeeping of the runtime, and the instance lock's lease (renewed on a timer, so a long run
#: sees it move between any two looks); a refusal may touch them.
VOLATILE = frozenset(
    {"users", "schema_version", "sent_log", "outbox", "admin_cache", "process_lease"}
)


async def snapshot(db: Database, *, skip: frozenset[str] = VOLATILE) -> dict[str, list[Any]]:
    """{table: sorted rows}; tables in `skip` are left out."""
    tables = await db.fetch_all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name"
    )
    found: dict[str, list[Any]] = {}
    for (name,) in tables:
        if name in skip:
            continue
        rows = await db.fetch_all(f'SELECT * FROM "{name}"')
        found[name] = sorted((tuple(row) for row in rows), key=repr)
    return found


def changed(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> list[str]:
    """The tables whose rows differ."""
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))

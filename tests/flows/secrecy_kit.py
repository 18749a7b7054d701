"""What the database file holds, every table and column: where a secret (a receipt, a choice,
a ballot's text) was written, read with sqlite3 as anyone holding the file would."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def tables_holding(path: Path, *secrets: str) -> dict[str, set[str]]:
    """For each secret found, the tables with a value that contains it (a running bot's
    committed rows included: the database is in WAL mode)."""
    holding: dict[str, set[str]] = {}
    conn = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for secret in secrets:
                    if any(secret in str(value) for value in row):
                        holding.setdefault(secret, set()).add(table)
    finally:
        conn.close()
    return holding

"""A child process that writes to the database through the bot's own connection until killed.

Each transaction inserts a batch of rows and moves a running total; after a SIGKILL the test
checks that every batch is whole or absent and that the total matches the rows (WAL recovery).
Run as `python -m tests.reliability.writer <database> <batch size>`; prints "ready" once the
first batch is committed.
"""

from __future__ import annotations

import asyncio
import sys

from storage.db import open_database


async def write_forever(path: str, size: int) -> None:
    db = await open_database(path)
    await db.execute("CREATE TABLE IF NOT EXISTS soak_rows (batch INTEGER, n INTEGER, pad TEXT)")
    await db.execute("CREATE TABLE IF NOT EXISTS soak_total (id INTEGER PRIMARY KEY, rows INTEGER)")
    await db.execute("INSERT OR IGNORE INTO soak_total (id, rows) VALUES (1, 0)")
    batch = int(await db.fetch_value("SELECT COALESCE(MAX(batch), 0) FROM soak_rows"))
    while True:
        batch += 1
        async with db.transaction():
            for n in range(size):
                await db.execute(
                    "INSERT INTO soak_rows (batch, n, pad) VALUES (?, ?, ?)", (batch, n, "x" * 300)
                )
            await db.execute("UPDATE soak_total SET rows = rows + ? WHERE id = 1", (size,))
        if batch == 1 or batch % 50 == 0:
            print("ready", batch, flush=True)


if __name__ == "__main__":
    asyncio.run(write_forever(sys.argv[1], int(sys.argv[2])))

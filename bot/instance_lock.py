"""One bot process per database: a lease in the database that a second process cannot take.

Why: two bots on one database would both run the nudge rounds (the sent-nudge log keeps them
from sending twice, but both would answer every update and fight over the schedule). The second
one must refuse to start and say who holds the database.

At start-up (`bot.app` post_init, right after the database is open, before anything sends):
`hold_database(db)` takes the lease or raises AlreadyRunning (a StartupError: `python -m bot`
prints its one line and exits 1), `keep_holding(app, lock)` renews it every LEASE_RENEW on
PTB's job queue (real time, whatever clock the bot runs on) and stops the bot if another
process took it over; post_shutdown releases it.

A lease can be taken over when it expired (its holder stopped renewing it: a crash on another
machine), when its holder was a process of this host that no longer exists (kill -9 and a
restart), or when it is held by this very process (an Application rebuilt in the same process,
as the tests do).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from datetime import timedelta
from typing import Any

from bot.clock import Clock, SystemClock
from bot.startup import StartupError
from storage.db import Database
from storage.leases import Lease, LeaseRepo

log = logging.getLogger(__name__)

LEASE_NAME = "bot"
LEASE_TTL = timedelta(seconds=60)
#: How often the holder renews its lease (well inside the TTL).
LEASE_RENEW = timedelta(seconds=20)


class AlreadyRunning(StartupError):
    """Another live process holds this database."""

    def __init__(self, holder: Lease) -> None:
        self.holder = holder
        super().__init__(
            f"another bot process already uses this database: pid {holder.pid} on {holder.host},"
            f" running since {holder.acquired_at:%Y-%m-%d %H:%M:%S} UTC (lease valid until"
            f" {holder.expires_at:%H:%M:%S} UTC). Stop that process first; if it is gone from"
            " another machine, this one can start once the lease has expired."
        )


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class InstanceLock:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock | None = None,
        ttl: timedelta = LEASE_TTL,
        host: str | None = None,
        pid: int | None = None,
    ) -> None:
        self.repo = LeaseRepo(db)
        self.db = db
        self.clock = clock or SystemClock()
        self.ttl = ttl
        self.host = host or socket.gethostname()
        self.pid = os.getpid() if pid is None else pid
        self.token = secrets.token_hex(16)

    def _may_take(self, holder: Lease) -> bool:
        if holder.token == self.token or holder.expires_at <= self.clock.now():
            return True
        if holder.host != self.host:
            return False
        return holder.pid == self.pid or not process_alive(holder.pid)

    async def acquire(self) -> None:
        """Take the database's lease, or raise AlreadyRunning with who holds it."""
        async with self.db.transaction():
            holder = await self.repo.get(LEASE_NAME)
            if holder is not None and not self._may_take(holder):
                raise AlreadyRunning(holder)
            now = self.clock.now()
            await self.repo.put(
                Lease(
                    name=LEASE_NAME,
                    token=self.token,
                    host=self.host,
                    pid=self.pid,
                    acquired_at=now,
                    expires_at=now + self.ttl,
                )
            )

    async def renew(self) -> bool:
        """Extend the lease; False when another process took it over (stop nudging then)."""
        async with self.db.transaction():
            return await self.repo.renew(LEASE_NAME, self.token, self.clock.now() + self.ttl)

    async def release(self) -> None:
        async with self.db.transaction():
            await self.repo.release(LEASE_NAME, self.token)


async def hold_database(db: Database) -> InstanceLock:
    """This process's lease on the database; AlreadyRunning if another live process holds it
    (the database is closed first, so nothing is left half-open)."""
    lock = InstanceLock(db)
    try:
        await lock.acquire()
    except AlreadyRunning:
        await db.close()
        raise
    return lock


def keep_holding(app: Any, lock: InstanceLock) -> None:
    """Renew the lease every LEASE_RENEW; stop the bot if it was lost to another process."""

    async def renew(context: Any) -> None:
        if not await lock.renew():
            log.error("another process took this database over; stopping")
            app.stop_running()

    if app.job_queue is not None:
        seconds = LEASE_RENEW.total_seconds()
        app.job_queue.run_repeating(renew, interval=seconds, first=seconds, name="instance-lock")

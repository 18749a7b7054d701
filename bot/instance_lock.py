"""One bot process per database: a lease in the database that a second process cannot take.

Why: two bots on one database would both run the nudge rounds (the sent-nudge log keeps them
from sending twice, but both would answer every update and fight over the schedule). The second
one must refuse to start and say who holds the database.

How to use it at start-up (`post_init`, after the database is open)::

    lock = InstanceLock(db)           # wall clock; tests pass a MovableClock
    await lock.acquire()              # raises AlreadyRunning(holder) -> log it, exit 1
    ... every LEASE_RENEW (a repeating job): if not await lock.renew(): stop the bot
    await lock.release()              # post_shutdown

A lease can be taken over when it expired (its holder stopped renewing it: a crash on another
machine), when its holder was a process of this host that no longer exists (kill -9 and a
restart), or when it is held by this very process (an Application rebuilt in the same process,
as the tests do).
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import timedelta

from bot.clock import Clock, SystemClock
from storage.db import Database
from storage.leases import Lease, LeaseRepo

LEASE_NAME = "bot"
LEASE_TTL = timedelta(seconds=60)
#: How often the holder renews its lease (well inside the TTL).
LEASE_RENEW = timedelta(seconds=20)


class AlreadyRunning(RuntimeError):
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

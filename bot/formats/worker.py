"""Parsing an upload in a worker process that can be stopped: a time limit and a memory limit.

Why a process and not a thread: a thread cannot be stopped, and a hostile file that slips past
the caps of `formats.xlsx` (or a parser bug) could hold the CPU and the memory for minutes. A
child process is given a memory limit (RLIMIT_AS) and a CPU limit (RLIMIT_CPU) by itself before
it parses; the bot waits for its answer without blocking the event loop and kills it when the
time is up. The child is forked from a small fork server (never from the bot, whose threads
could hold locks), and at most `MAX_PARALLEL` parse at once, so a burst of uploads cannot take
every core. Whatever goes wrong in the child becomes a refusal of the file (`too_hard_to_read`),
except a `FileRejected`, which is passed back whole.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import resource
import weakref
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from bot.domain.errors import FieldError, FileRejected, Reason, reject

T = TypeVar("T")

#: Wall-clock seconds a parse may take (a legitimate 1 MB roster or scale takes well under 2).
PARSE_SECONDS = 10.0
#: Address space a parsing process may take on top of what it starts with.
PARSE_MEMORY_MB = 512
#: Parses running at once (the others wait their turn, without holding the event loop).
MAX_PARALLEL = 2

#: Imported once by the fork server, so that each parse starts with them (the bot itself
#: imports openpyxl only when it writes a workbook).
_PRELOAD = ["openpyxl", "bot.formats.roster", "bot.formats.scale", "bot.formats.worker"]
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(_PRELOAD)
_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _address_space() -> int:
    """Bytes of address space this process has mapped already (0 where /proc is missing).

    The limit counts from there: libraries map large reservations at import (thread stacks,
    arenas) that grow with the machine's cores, so a fixed total could refuse every parse."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _limit(seconds: float, memory_mb: int) -> None:
    """The child's own limits (soft = hard, so it cannot raise them back)."""
    memory = _address_space() + memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(seconds) + 1
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def _child(
    conn: Connection,
    func: Callable[..., Any],
    args: tuple[Any, ...],
    seconds: float,
    memory_mb: int,
) -> None:
    """Runs in the worker process: ("ok", result), ("rejected", errors) or ("failed", why)."""
    _limit(seconds, memory_mb)
    try:
        answer: tuple[str, Any] = ("ok", func(*args))
    except FileRejected as exc:
        answer = ("rejected", [e.model_dump() for e in exc.errors])
    except MemoryError:
        answer = ("failed", "memory")
    except BaseException as exc:  # a parser bug: reported to the parent, which logs it
        answer = ("failed", f"{type(exc).__name__}: {exc}"[:500])
    try:
        conn.send(answer)
    except MemoryError:
        conn.send(("failed", "memory"))
    finally:
        conn.close()


class ParserFailed(RuntimeError):
    """The parser raised something other than a refusal (a bug): logged, then an apology."""


def _slot() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    slot = _slots.get(loop)
    if slot is None:
        slot = _slots[loop] = asyncio.Semaphore(MAX_PARALLEL)
    return slot


async def _readable(conn: Connection, seconds: float) -> bool:
    """Whether the child answered (or died: end of file) within `seconds`."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(conn.fileno(), wake)
    try:
        await asyncio.wait_for(ready, seconds)
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(conn.fileno())


async def parse(
    func: Callable[..., T],
    *args: Any,
    seconds: float = PARSE_SECONDS,
    memory_mb: int = PARSE_MEMORY_MB,
) -> T:
    """`func(*args)` in a worker process; FileRejected as the child raised it, or
    `too_hard_to_read` when it ran out of time or memory or died."""
    async with _slot():
        receive, send = _context.Pipe(duplex=False)
        process = _context.Process(
            target=_child, args=(send, func, args, seconds, memory_mb), daemon=True
        )
        try:
            await asyncio.to_thread(process.start)  # the first start launches the fork server
        finally:
            send.close()
        try:
            answer = None
            if await _readable(receive, seconds):
                with contextlib.suppress(EOFError, OSError):
                    answer = receive.recv()
        finally:
            receive.close()
            if process.is_alive():
                process.kill()
            await asyncio.to_thread(process.join, 5)
    return _result(answer)


def _result(answer: tuple[str, Any] | None) -> Any:
    if answer is None:  # killed: out of time, over the CPU limit, or died
        raise reject(Reason.TOO_HARD_TO_READ)
    kind, value = answer
    if kind == "ok":
        return value
    if kind == "rejected":
        raise FileRejected(FieldError.model_validate(e) for e in value)
    if value == "memory":
        raise reject(Reason.TOO_HARD_TO_READ)
    raise ParserFailed(value)

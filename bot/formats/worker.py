"""Parsing an upload (and drawing a chart) in a worker process that can be stopped: a time limit
and a memory limit.

Why a process and not a thread: a thread cannot be stopped, and a hostile file that slips past
the caps of `formats.xlsx` (or a parser bug) could hold the CPU and the memory for minutes. A
child process is given a memory limit (RLIMIT_AS) and a CPU limit (RLIMIT_CPU) by itself before
it parses; the bot waits for its answer without blocking the event loop and kills it when the
time is up. The child is forked from a small fork server (never from the bot, whose threads
could hold locks), and at most `MAX_PARALLEL` parse at once, so a burst of uploads cannot take
every core. Whatever goes wrong in the child becomes a refusal of the file (`too_hard_to_read`),
except a `FileRejected`, which is passed back whole.

`render` runs a drawing the same way (the ranking chart of `/export`): on another core than the
bot's, while the bot's thread writes the workbook, and without matplotlib ever loading into the
bot's own process. A drawing that fails raises `RenderFailed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
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
_PRELOAD = [
    "openpyxl",
    "bot.formats.roster",
    "bot.formats.scale",
    "bot.formats.uploads",
    "bot.formats.chart_png",
    "bot.formats.chart_warm",
    "bot.formats.worker",
]
#: Wall-clock seconds a drawing may take (the chart of 20 units takes about 0.3 s).
RENDER_SECONDS = 30.0
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
    return _result(await _in_child(func, args, seconds, memory_mb))  # type: ignore[no-any-return]


class RenderFailed(RuntimeError):
    """A drawing failed in its worker process (out of time or memory, died, or a bug)."""


async def render(module: str, name: str, *args: Any, seconds: float = RENDER_SECONDS) -> Any:
    """`module.name(*args)` in a worker process; the module is named, not imported here, so
    that what it loads (matplotlib) stays out of the bot's process."""
    answer = await _in_child(_named, (module, name, args), seconds, PARSE_MEMORY_MB)
    if answer is None or answer[0] != "ok":
        raise RenderFailed(f"{module}.{name}: {answer[1] if answer else 'killed or timed out'}")
    return answer[1]


def _named(module: str, name: str, args: tuple[Any, ...]) -> Any:
    return getattr(importlib.import_module(module), name)(*args)


async def _in_child(
    func: Callable[..., Any], args: tuple[Any, ...], seconds: float, memory_mb: int
) -> tuple[str, Any] | None:
    """The child's answer, or None when it was killed (out of time) or died."""
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
    return answer


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

"""`python -m bot bench`: the cost of handling an update, side by side with a bare PTB bot.

Both bots run in this process against the built-in emulator and answer N private messages; the
baseline is a python-telegram-bot Application with one handler that sends one fixed reply, so
the ratio is what our stack (gate, database, catalogs, rights) adds on top of the library and
the HTTP round trips. Both use PTB's AIORateLimiter (Telegram's 30 messages a second), so the
wall time per update cannot go below ~33 ms for either: the CPU figure is the bot's own cost.
Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.app import build_application, running
from bot.emulator import BotApiEmulator, FloodLimits
from bot.settings import Settings

TOKEN = "100000002:BENCH-token-not-a-real-one-xxxxxxxxxx"
USERS = 50


@dataclass
class Figure:
    name: str
    updates: int
    seconds: float
    cpu_seconds: float
    peak_kib: float

    @property
    def ms_per_update(self) -> float:
        return 1000 * self.seconds / self.updates

    @property
    def cpu_ms_per_update(self) -> float:
        return 1000 * self.cpu_seconds / self.updates


async def _drive(emu: BotApiEmulator, app: Application, texts: list[str]) -> tuple[float, float]:  # type: ignore[type-arg]
    """Send each text from a rotating user, one at a time, waiting for the answer."""
    start, cpu = time.perf_counter(), time.process_time()
    for i, text in enumerate(texts):
        emu.send_text(10_000 + i % USERS, 10_000 + i % USERS, text)
        await emu.settle()
        await app.update_queue.join()
    await emu.settle()
    return time.perf_counter() - start, time.process_time() - cpu


async def _measure(
    name: str,
    make: Callable[[BotApiEmulator, Path], Awaitable[Application]],
    texts: list[str],  # type: ignore[type-arg]
) -> Figure:
    emu = BotApiEmulator(token=TOKEN, bot_username="bench_bot", flood=FloodLimits(enabled=False))
    await emu.start()
    for u in range(USERS):
        emu.add_user(10_000 + u, f"User {u}", language_code="vi" if u % 2 else "en")
    with tempfile.TemporaryDirectory() as folder:
        app = await make(emu, Path(folder))
        async with running(app, poll_timeout=1):
            await _drive(emu, app, texts[:10])  # warm-up: imports, first queries, caches
            seconds, cpu = await _drive(emu, app, texts)
            tracemalloc.start()  # a separate, shorter pass: tracing slows everything down
            await _drive(emu, app, texts[:50])
            peak = tracemalloc.get_traced_memory()[1] / 1024
            tracemalloc.stop()
    await emu.stop()
    return Figure(name, len(texts), seconds, cpu, peak)


async def _ours(emu: BotApiEmulator, folder: Path) -> Application:  # type: ignore[type-arg]
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=emu.base_url,
        DATABASE_PATH=folder / "bench.sqlite3",
    )
    return build_application(settings)


async def _baseline(emu: BotApiEmulator, folder: Path) -> Application:  # type: ignore[type-arg]
    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, "ok")

    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(emu.base_url)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .build()
    )
    app.add_handler(MessageHandler(filters.ALL, answer))
    return app


async def run_bench(updates: int = 300) -> list[Figure]:
    texts = [("/help", "/me", "xin chào")[i % 3] for i in range(updates)]
    baseline = await _measure("bare PTB echo (baseline)", _baseline, texts)
    ours = await _measure("bloc assistant", _ours, texts)
    return [baseline, ours]


def report(figures: list[Figure]) -> str:
    base = figures[0]
    header = ("bot", "updates", "ms/update", "cpu ms/upd", "peak KiB", "cpu ratio", "mem ratio")
    lines = ["{:28} {:>7} {:>10} {:>10} {:>9} {:>9} {:>9}".format(*header)]
    for f in figures:
        lines.append(
            f"{f.name:28} {f.updates:7d} {f.ms_per_update:10.2f} {f.cpu_ms_per_update:10.2f}"
            f" {f.peak_kib:9.0f} {f.cpu_ms_per_update / base.cpu_ms_per_update:9.2f}"
            f" {f.peak_kib / base.peak_kib:9.2f}"
        )
    return "\n".join(lines)


def main(updates: int = 300) -> int:
    print(report(asyncio.run(run_bench(updates))))
    return 0

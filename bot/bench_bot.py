"""The bot process of the benchmark: ours on a database, or a bare PTB bot; both long-poll.

`python -m bot.bench_bot ours|bare BASE_URL TOKEN [DATABASE]`. Run in its own process so that
the benchmark measures this process alone (CPU, resident memory), the emulator being elsewhere.
The bare bot has what any PTB bot has (the same rate limiter, concurrent updates) and nothing
of ours: it answers a message with one message and a button press with an answer and an edit.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.rate_limit import ChatRateLimiter, Deferred
from bot.update_processor import ChatOrderedProcessor


def bare(base_url: str, token: str) -> Application:  # type: ignore[type-arg]
    async def message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        with contextlib.suppress(Deferred):
            await context.bot.send_message(update.effective_chat.id, f"ok {update.update_id}")

    async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        with contextlib.suppress(Deferred):
            await query.edit_message_text(f"ok {update.update_id}")

    plain = {"verify": False}
    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .request(HTTPXRequest(connection_pool_size=64, httpx_kwargs=plain))
        .get_updates_request(HTTPXRequest(httpx_kwargs=plain))
        .rate_limiter(ChatRateLimiter())
        .concurrent_updates(ChatOrderedProcessor())
        .build()
    )
    app.add_handler(MessageHandler(filters.ALL, message))
    app.add_handler(CallbackQueryHandler(press))
    return app


def ours(base_url: str, token: str, database: Path) -> Application:  # type: ignore[type-arg]
    from bot.app import build_application  # not imported by the bare bot: its memory is PTB's
    from bot.settings import load_settings

    settings = load_settings(
        _env_file=None,
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=base_url,
        DATABASE_PATH=database,
        BOT_LANGUAGE="vi",
    )
    return build_application(settings)


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.ERROR)
    kind, base_url, token = argv[:3]
    app = bare(base_url, token) if kind == "bare" else ours(base_url, token, Path(argv[3]))
    profile = os.environ.get("BENCH_PROFILE")
    if profile:  # cProfile of the mix only: the benchmark sends SIGUSR1 before it, SIGUSR2 after
        _profile_on_signals(f"{profile}.{kind}")
    app.run_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0, timeout=1)
    return 0


def _profile_on_signals(path: str) -> None:
    import cProfile
    import signal
    from collections import Counter

    from storage.db import Database

    profiler = cProfile.Profile()
    statements: Counter[str] = Counter()  # and the SQL of the phase, by statement, in path.sql
    counting = False
    hand_off = Database._in_thread

    async def counted(db: Database, work: object, sql: str, params: object) -> object:
        if counting:
            statements[sql or getattr(work, "__name__", "?")] += 1
        return await hand_off(db, work, sql, params)

    Database._in_thread = counted  # type: ignore[method-assign]

    def start(*_: object) -> None:
        nonlocal counting
        counting = True
        profiler.enable()

    def dump(*_: object) -> None:
        nonlocal counting
        counting = False
        profiler.disable()
        profiler.dump_stats(path)
        with open(f"{path}.sql", "w", encoding="utf-8") as out:
            out.write(f"{sum(statements.values())} hand-offs\n")
            out.writelines(f"{n:6} {sql}\n" for sql, n in statements.most_common())

    signal.signal(signal.SIGUSR1, start)

    signal.signal(signal.SIGUSR2, dump)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`python -m bot [run|sandbox|migrate]`: the start-up story, top to bottom.

`run` (the default) long-polls Telegram with TELEGRAM_BOT_TOKEN; without a token it starts the
offline sandbox instead, so anyone can see the bot work. `migrate` brings the database up to
date and exits; `backup` copies it (bot/backup.py).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from telegram import Update

from bot.app import build_application, configure_logging
from bot.settings import SettingsError, load_settings
from storage.db import open_database

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Emulation Bloc Assistant — Telegram bot."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run the bot (long polling); the sandbox when no token is set")
    sandbox = sub.add_parser("sandbox", help="the bot against the built-in emulator, in a terminal")
    sandbox.add_argument("--lang", choices=["vi", "en"], default=None, help="people's language")
    sub.add_parser("migrate", help="create or upgrade the database, then exit")
    backup = sub.add_parser("backup", help="copy the database safely, even while the bot runs")
    backup.add_argument("path", type=Path, help="the copy's file name, or a folder for a dated one")
    bench = sub.add_parser("bench", help="measure update handling against a bare PTB baseline")
    bench.add_argument("--people", type=int, default=15, help="delegates acting at once (≤ 15)")
    bench.add_argument("--blocs", type=int, default=1000, help="blocs in the bot's database")
    bench.add_argument("--bursts", default="30,60,500", help="sizes of the /help bursts")
    args = parser.parse_args(argv)
    configure_logging()
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.command == "backup":
        from bot.backup import main as backup_main

        return backup_main(settings.database_path, args.path)
    command = args.command or "run"
    if command == "migrate":
        return asyncio.run(_migrate(settings.database_path))
    if command == "bench":
        from bot.bench import main as bench_main

        return bench_main(args.people, args.blocs, args.bursts)
    if command == "sandbox" or settings.telegram_bot_token is None:
        from bot.sandbox import run_sandbox

        logging.getLogger().setLevel(logging.WARNING)  # the terminal is the chat
        return asyncio.run(run_sandbox(settings, lang=getattr(args, "lang", None)))
    app = build_application(settings)
    app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


async def _migrate(path: object) -> int:
    db = await open_database(str(path))
    await db.close()
    print(f"database {path} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())

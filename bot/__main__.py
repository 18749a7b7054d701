"""`python -m bot [run|sandbox|migrate|export|documents]`: the start-up story, top to bottom.

`run` (the default) long-polls Telegram with TELEGRAM_BOT_TOKEN; without a token it starts the
offline sandbox instead, so anyone can see the bot work. `migrate` brings the database up to
date and exits; `backup` copies it (bot/backup.py). Before any of them, `bot.startup` checks
the database path, opens the database and (for `run`) reaches the Bot API: a failure prints
one line naming the setting and the fix and exits with code 1 (a wrong setting: code 2),
never a traceback, never a hang.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from telegram import Update
from telegram.error import InvalidToken, NetworkError

from bot import documents_cli, export_cli
from bot.app import build_application, configure_logging
from bot.settings import Settings, SettingsError, load_settings
from bot.startup import (
    StartupError,
    check_database_path,
    check_telegram,
    database_failure,
    is_database_failure,
    network_failure,
)
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
    sandbox.add_argument(
        "--fresh", action="store_true", help="start over: a new sandbox database (sample bloc)"
    )
    sandbox.add_argument(
        "--no-sample",
        action="store_true",
        help="start over without the sample bloc, to try /setup from the beginning",
    )
    sub.add_parser("migrate", help="create or upgrade the database, then exit")
    demo = sub.add_parser("demo", help="play a whole year for the sample bloc, in under a minute")
    demo.add_argument("--out", type=Path, default=Path("data/demo"), help="where to write it")
    backup = sub.add_parser("backup", help="copy the database safely, even while the bot runs")
    backup.add_argument("path", type=Path, help="the copy's file name, or a folder for a dated one")
    bench = sub.add_parser("bench", help="the whole benchmark, ours against a bare PTB bot")
    bench.add_argument("--quick", action="store_true", help="smaller sizes, about a minute")
    bench.add_argument("--only", help="some parts: mix, nudge, commands (comma-separated)")
    bench.add_argument("--people", type=int, help="delegates in the mix (default 15)")
    bench.add_argument("--blocs", type=int, help="blocs in the bot's database (default 1000)")
    bench.add_argument("--bursts", help="sizes of the /help bursts (default 30,60,500)")
    bench.add_argument("--nudge-pace", type=float, help="nudges a second (default the bot's)")
    bench.add_argument("--repeat", type=int, help="runs of each timed command (default 5)")
    bench.add_argument(
        "--mix-rounds", type=int, help="times the mix is measured, median shown (default 3)"
    )
    export_cli.add_parser(sub)
    documents_cli.add_parser(sub)
    args = parser.parse_args(argv)
    configure_logging()
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.command == "demo":
        from bot.demo import main as demo_main

        return demo_main(args.out)
    if args.command == "backup":
        from bot.backup import main as backup_main

        return backup_main(settings.database_path, args.path)
    command = args.command or "run"
    if command == "bench":
        from bot.bench import main as bench_main
        from bot.bench import plan_of

        return bench_main(plan_of(args))
    try:
        return _start(command, args, settings)
    except StartupError as exc:
        print(f"The bot cannot start: {exc}", file=sys.stderr)
        return 1


def _start(command: str, args: argparse.Namespace, settings: Settings) -> int:
    check_database_path(settings.database_path)
    if command == "export":
        return asyncio.run(export_cli.run_export(settings, args))
    if command == "documents":
        return asyncio.run(documents_cli.run_documents(settings, args))
    if command == "migrate":
        asyncio.run(_open_and_close(settings.database_path))
        print(f"database {settings.database_path} is up to date")
        return 0
    if command == "sandbox" or settings.telegram_bot_token is None:
        from bot.sandbox import log_of, run_sandbox, sandbox_logging

        lang = getattr(args, "lang", None) or settings.bot_language
        log_file = log_of(settings, lang)
        sandbox_logging(log_file)  # the terminal is the chat: warnings to a file, errors shown
        run = run_sandbox(
            settings,
            lang=lang,
            fresh=getattr(args, "fresh", False),
            sample=not getattr(args, "no_sample", False),
            log_file=log_file,
        )
        try:
            return asyncio.run(run)
        except KeyboardInterrupt:  # Ctrl-C: the sandbox has already said goodbye
            return 130
    asyncio.run(_preflight(settings))
    app = build_application(settings)
    try:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        raise StartupError("TELEGRAM_BOT_TOKEN was refused by the Bot API") from None
    except NetworkError as exc:  # lost between the check and the start
        raise network_failure(settings, exc) from None
    except Exception as exc:
        if is_database_failure(exc):
            raise database_failure(settings.database_path, exc) from None
        raise
    return 0


async def _preflight(settings: Settings) -> None:
    """The database opens (and is migrated), then the Bot API answers."""
    await _open_and_close(settings.database_path)
    await check_telegram(settings)


async def _open_and_close(path: Path) -> None:
    try:
        db = await open_database(path)
    except Exception as exc:
        if is_database_failure(exc):
            raise database_failure(path, exc) from None
        raise
    await db.close()


if __name__ == "__main__":
    sys.exit(main())

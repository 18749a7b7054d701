"""Start-up checks: what must hold before the bot runs, each failure one line naming the fix.

Why before anything starts: a supervisor (systemd, Docker) restarts a process that exits, and
its operator reads the last line of the log. A traceback of 30 to 200 lines that never names
the setting, or a process that hangs on a half-open database thread, helps neither. So the
database path is checked first (a folder, a folder that cannot be created, read-only, a file
that is not SQLite), then opened, then the Bot API is asked who the bot is (with short
timeouts); every failure is a `StartupError` whose message is the line to print.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import tempfile
from pathlib import Path

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from bot.settings import Settings

#: Seconds to reach the Bot API at start-up (connect and read), and for the whole check.
CONNECT_SECONDS = 5.0
CHECK_SECONDS = 20.0
_SQLITE_HEADER = b"SQLite format 3\x00"


class StartupError(Exception):
    """The bot cannot start; the message is one line naming the setting, the cause and the fix."""


def check_database_path(path: Path) -> None:
    """Refuse a path SQLite could not use, before opening it (see the module docstring)."""
    if str(path) == ":memory:":
        return
    where = f"DATABASE_PATH={path}"
    if path.is_dir():
        raise StartupError(
            f"{where} is a folder, not a file; set it to a file path such as {path / 'bot.sqlite3'}"
        )
    folder = path.parent
    blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise StartupError(
            f"{where}: {blocking} is a file, not a folder; set DATABASE_PATH to a path in a folder"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StartupError(
            f"{where}: the folder {folder} cannot be created ({_why(exc)}); "
            "create it or set DATABASE_PATH to a writable location"
        ) from None
    if path.exists() and not path.is_file():  # a pipe or a device: opening it could block
        raise StartupError(f"{where} is not a regular file; set DATABASE_PATH to a file path")
    if path.exists():
        _check_existing(path, where)
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".bot-write-check-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise StartupError(
            f"{where}: the folder {folder} is not writable ({_why(exc)}); SQLite needs to "
            "write its journal there: make it writable for the bot's user or choose another path"
        ) from None


def _check_existing(path: Path, where: str) -> None:
    try:
        with path.open("rb") as file:
            header = file.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise StartupError(f"{where} cannot be read ({_why(exc)}); check its permissions") from None
    if header and header != _SQLITE_HEADER:
        raise StartupError(
            f"{where} is not an SQLite database; move that file away or set DATABASE_PATH "
            "to another file (a new one is created)"
        )
    try:
        os.close(os.open(path, os.O_RDWR))
    except OSError as exc:
        raise StartupError(
            f"{where} is read-only ({_why(exc)}); make it writable for the bot's user"
        ) from None


def database_failure(path: Path, exc: BaseException) -> StartupError:
    """An error raised while opening or migrating the database, as the one line to print."""
    return StartupError(
        f"DATABASE_PATH={path} could not be opened ({_why(exc)}); check that it is a writable "
        "SQLite database, or set DATABASE_PATH to a new file"
    )


def is_database_failure(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error | OSError)


async def check_telegram(settings: Settings) -> str:
    """The bot's username, asked of the Bot API; StartupError when it cannot be reached."""
    token = settings.telegram_bot_token
    assert token is not None
    base = settings.telegram_api_base_url
    plain = {"verify": False} if base.startswith("http://") else {}
    request = HTTPXRequest(
        connect_timeout=CONNECT_SECONDS, read_timeout=CONNECT_SECONDS, httpx_kwargs=plain
    )
    bot = Bot(
        token.get_secret_value(),
        base_url=base,
        base_file_url=settings.file_base_url,
        request=request,
        get_updates_request=request,
    )
    quiet = logging.getLogger("telegram")  # PTB logs a traceback of its own for a bad answer
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        async with asyncio.timeout(CHECK_SECONDS):
            me = await bot.get_me()
    except InvalidToken:
        raise StartupError(
            f"the Bot API at {base} refused TELEGRAM_BOT_TOKEN; check the token @BotFather "
            "gave, and TELEGRAM_API_BASE_URL if it is not the Bot API"
        ) from None
    except (NetworkError, TimedOut, TimeoutError, OSError) as exc:
        raise network_failure(settings, exc) from None
    except TelegramError as exc:
        why = _why(exc).replace(token.get_secret_value(), "…")
        raise StartupError(f"the Bot API at {base} answered: {why}") from None
    finally:
        quiet.setLevel(level)
        with contextlib.suppress(Exception):
            await request.shutdown()
    return me.username


def network_failure(settings: Settings, exc: BaseException) -> StartupError:
    why = _why(exc)
    if settings.telegram_bot_token is not None:
        why = why.replace(settings.telegram_bot_token.get_secret_value(), "…")
    return StartupError(
        f"cannot reach the Telegram Bot API at {settings.telegram_api_base_url} ({why}); "
        "check the network or TELEGRAM_API_BASE_URL"
    )


def _why(exc: BaseException) -> str:
    """The cause in a few words, on one line, never a token (the URLs here hold none)."""
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    else:
        text = str(exc) or type(exc).__name__
    return " ".join(text.split())[:200]

"""The offline sandbox (Chế độ chạy thử ngoại tuyến): the bot against the built-in emulator,
with a terminal chat.

You play several people of a sample bloc (an admin and delegates) in its group and in private,
type messages and commands, press buttons, and see what each person sees, pop-ups included
(`bot.sandbox_terminal`). Nothing leaves the machine. Each language keeps its own database
(`sandbox-vi.sqlite3`, `sandbox-en.sqlite3` beside DATABASE_PATH), so the group speaks the
language it was made in; `fresh` starts that database over, `sample=False` without the sample
bloc, so that `/setup` can be tried from the start. Its clock is real time that `:time` moves
ahead (`bot.sandbox_time`), kept beside the database. Ctrl-C quits at once: stdin is read by the
event loop, never by a thread that would hold the exit until Enter. The terminal is the chat:
the bot's warnings go to a log file beside the database (`sandbox_logging`), and only an error
is also printed, so a person trying the bot does not read log lines among the messages.
"""

from __future__ import annotations

import asyncio
import codecs
import logging
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from pydantic import SecretStr
from telegram.ext import Application

from bot.app import build_application, running
from bot.emulator import BotApiEmulator
from bot.i18n import Catalog, plain_text
from bot.rate_limit import ChatRateLimiter
from bot.sample import SAMPLE_GROUP_TITLE, seed_sample_bloc
from bot.sandbox_terminal import GROUP_ID, PEOPLE, Person, Roles, Terminal
from bot.sandbox_time import SandboxTime, load_clock, saved_clock
from bot.services import Services
from bot.settings import Settings

TOKEN = "100000001:SANDBOX-token-not-a-real-one-xxxxxxxx"
BOT_USERNAME = "bloc_assistant_bot"
QUIT = (":quit", ":q", ":exit")


def database_of(settings: Settings, lang: str) -> Path:
    """The sandbox database of one language, beside the bot's own."""
    return Path(settings.database_path).with_name(f"sandbox-{lang}.sqlite3")


def log_of(settings: Settings, lang: str) -> Path:
    """The sandbox's log file of one language, beside its database."""
    return database_of(settings, lang).with_suffix(".log")


def sandbox_logging(log_file: Path, root: logging.Logger | None = None) -> logging.Handler:
    """Warnings and errors to `log_file`; the console (the chat) shows errors only.

    Why: a WARNING line (a retried send, a flood wait) printed among the chat looks like part of
    the conversation to a person trying the bot; an ERROR is still printed, never hidden.
    Returns the file's handler (a caller that is not the whole process removes it again).
    """
    root = root or logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.StreamHandler) and not isinstance(
            handler, logging.FileHandler
        ):
            handler.setLevel(logging.ERROR)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    to_file = logging.FileHandler(log_file, encoding="utf-8", delay=True)
    to_file.setLevel(logging.WARNING)
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(to_file)
    root.setLevel(logging.WARNING)
    return to_file


def _forget(db_path: Path) -> None:
    """Start over: remove the database and SQLite's journal files."""
    for suffix in ("", "-wal", "-shm", "-journal", "-clock"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


async def _stdin_lines(prompt: Callable[[], str]) -> AsyncIterator[str]:
    """Lines typed at the terminal, read by the event loop; piped input is echoed."""
    loop = asyncio.get_running_loop()
    fd, interactive = sys.stdin.fileno(), sys.stdin.isatty()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    decoder, pending = codecs.getincrementaldecoder("utf-8")(errors="replace"), [""]

    def readable() -> None:
        data = os.read(fd, 65536)
        pending[0] += decoder.decode(data, final=not data)
        *lines, pending[0] = pending[0].split("\n")
        for line in lines:
            queue.put_nowait(line)
        if not data:
            if pending[0]:
                queue.put_nowait(pending[0])
            queue.put_nowait(None)
            loop.remove_reader(fd)

    try:
        loop.add_reader(fd, readable)
    except (OSError, NotImplementedError, ValueError):  # a regular file: read it all at once
        for line in sys.stdin.read().splitlines():
            queue.put_nowait(line)
        queue.put_nowait(None)
    try:
        while True:
            if interactive:
                print(prompt(), end="", flush=True)
            line = await queue.get()
            if line is None:
                return
            if not interactive:
                print(prompt() + line)
            yield line
    finally:
        loop.remove_reader(fd)


def _emulator(lang: str) -> BotApiEmulator:
    emu = BotApiEmulator(token=TOKEN, bot_username=BOT_USERNAME)
    for p in PEOPLE:
        emu.add_user(p.user_id, p.first_name, username=p.username, language_code=lang)
        emu.start_bot(p.user_id)
    emu.add_group(
        SAMPLE_GROUP_TITLE,
        members=[p.user_id for p in PEOPLE],
        admins=[PEOPLE[0].user_id],
        chat_id=GROUP_ID,
        supergroup=True,
    )
    return emu


def _roles_reader(services: Services, emu: BotApiEmulator, tx: Callable[..., str]) -> Roles:
    """`:who`: each person's roles as the bot and the group see them now."""

    async def roles(person: Person) -> str:
        found = []
        if emu.chat_member_status(GROUP_ID, person.user_id) in ("creator", "administrator"):
            found.append(tx("sandbox.role_group_admin"))
        bloc = await services.blocs.by_chat(GROUP_ID)
        if bloc is not None and await services.blocs.is_admin(bloc.id, person.user_id):
            found.append(tx("sandbox.role_admin"))
        for m in await services.units.memberships(person.user_id):
            if m.bloc.chat_id == GROUP_ID:
                found.append(tx("sandbox.role_delegate", code=m.unit.code, unit=m.unit.name))
        return "; ".join(found) or tx("sandbox.role_member")

    return roles


async def run_sandbox(
    settings: Settings,
    *,
    lang: str | None = None,
    fresh: bool = False,
    sample: bool = True,
    lines: AsyncIterator[str] | None = None,
    out: Callable[[str], None] = print,
    log_file: Path | None = None,
) -> int:
    """Start the emulator and the bot, seed the sample bloc, and chat until `:quit` or EOF.

    `log_file`: where `sandbox_logging` sends the bot's warnings (the banner says so)."""
    lang = lang or settings.bot_language
    texts = Catalog.load().for_lang(lang)

    def tx(key: str, **params: object) -> str:
        return plain_text(texts(key, **params))

    db_path = database_of(settings, lang)
    if fresh or not sample:
        _forget(db_path)
    emu = _emulator(lang)
    await emu.start()
    sandbox_settings = settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(TOKEN),
            "telegram_api_base_url": emu.base_url,
            "database_path": db_path,
            "bot_language": lang,
        }
    )
    clock = load_clock(saved_clock(db_path))
    app = build_application(sandbox_settings, clock=clock)
    try:
        async with running(app, poll_timeout=1):
            services = app.bot_data.services
            assert services is not None
            if sample:
                people = [(p.user_id, p.first_name, p.username, p.unit) for p in PEOPLE]
                await seed_sample_bloc(services, GROUP_ID, people, lang)
            time = SandboxTime(services, clock, texts, saved_clock(db_path))
            terminal = Terminal(emu, tx, out, _roles_reader(services, emu, tx), time)
            out(_banner(tx, db_path, sample, log_file))
            out(await terminal.people_list() + "\n")
            await _chat(terminal, emu, app, lines or _stdin_lines(terminal.prompt))
    except asyncio.CancelledError:  # Ctrl-C: asyncio.run cancels us, then raises KeyboardInterrupt
        out("\n" + tx("sandbox.bye"))
        raise
    finally:
        await emu.stop()
    out(tx("sandbox.bye"))
    return 0


def _banner(tx: Callable[..., str], db_path: Path, sample: bool, log_file: Path | None) -> str:
    """What the sandbox is, in the mode it runs in: with the sample bloc, or with none yet
    (`--no-sample`: its data starts over at each run, and /setup comes first)."""
    mode = "" if sample else "_no_sample"
    lines = [tx("sandbox.banner"), tx(f"sandbox.banner_data{mode}", db=str(db_path))]
    if log_file is not None:
        lines.append(tx("sandbox.banner_log", log=str(log_file)))
    lines.append(tx(f"sandbox.banner_people{mode}", title=SAMPLE_GROUP_TITLE))
    lines.append(tx("sandbox.banner_commands"))
    return "\n".join(lines)


async def _chat(
    terminal: Terminal,
    emu: BotApiEmulator,
    app: Application,  # type: ignore[type-arg]
    lines: AsyncIterator[str],
) -> None:
    """Each typed line, then everything the bot answered to it."""
    async for raw in lines:
        line = raw.strip()
        if line in QUIT:
            return
        if terminal.block is not None:  # a `:multi` block: nothing is sent before its `:end`
            if not terminal.collect(raw):
                continue
        elif not line:
            continue
        elif line in (":play", ":year"):  # the demo's whole year, beside this chat
            from bot.demo import play_in_sandbox

            await play_in_sandbox(terminal.out)
            continue
        else:
            await terminal.handle(line)
        await emu.settle()
        await app.update_queue.join()
        await _deferred_sent(app)
        # after the update: what its handler queued (a ✅'s edited screen, the group's line)
        # is sent now and printed under this line, not under the next `:time`'s moment
        await terminal.time.catch_up()
        await emu.settle()
        terminal.show_new()


#: How long the terminal waits for replies the rate limiter put off (lines typed faster than
#: Telegram lets a bot answer one person), so that they are printed under the line they answer.
DEFERRED_WAIT = 10.0


async def _deferred_sent(app: Application) -> None:  # type: ignore[type-arg]
    """Wait (up to DEFERRED_WAIT) until no reply is waiting in the rate limiter."""
    limiter = app.bot.rate_limiter
    waited = 0.0
    while isinstance(limiter, ChatRateLimiter) and limiter.deferred and waited < DEFERRED_WAIT:
        await asyncio.sleep(0.05)
        waited += 0.05

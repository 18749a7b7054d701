"""The offline sandbox: the bot against the built-in emulator, with a terminal chat.

You play several people of a sample bloc (an admin and delegates) in its group and in private,
type messages and commands, press buttons by number, and see what each person sees. Nothing
leaves the machine; the sandbox keeps its own database (`sandbox.sqlite3` beside DATABASE_PATH).
"""

from __future__ import annotations

import asyncio
import re
import shlex
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from bot.app import build_application, running
from bot.emulator import BotApiEmulator, SentMessage
from bot.i18n import Catalog, plain_text
from bot.sample import SAMPLE_GROUP_TITLE, seed_sample_bloc
from bot.settings import Settings

TOKEN = "100000001:SANDBOX-token-not-a-real-one-xxxxxxxx"
BOT_USERNAME = "bloc_assistant_bot"
GROUP_ID = -1001000000001


@dataclass(frozen=True)
class Person:
    user_id: int
    first_name: str
    username: str
    role_key: str


PEOPLE = (
    Person(2001, "Hùng", "hung_thuky", "sandbox.role_admin"),
    Person(2002, "Lan", "lan_daklak", "sandbox.role_delegate_dlk"),
    Person(2003, "Minh", "minh_danang", "sandbox.role_delegate_dng"),
    Person(2004, "Mai", "mai_member", "sandbox.role_member"),
)


class Terminal:
    """The terminal side: who is typing where, and what has been shown already."""

    def __init__(self, emu: BotApiEmulator, tx: Callable[..., str], out: Callable[[str], None]):
        self.emu, self.tx, self.out = emu, tx, out
        self.person = PEOPLE[0]
        self.in_group = True
        #: (chat id, message id) -> (edits shown, deleted): what the terminal has printed
        self.shown: dict[tuple[int, int], tuple[int, int]] = {}

    @property
    def chat_id(self) -> int:
        return GROUP_ID if self.in_group else self.person.user_id

    def prompt(self) -> str:
        where = (
            self.tx("sandbox.where_group") if self.in_group else self.tx("sandbox.where_private")
        )
        return f"[{self.person.first_name} @ {where}] > "

    def chat_name(self, chat_id: int) -> str:
        if chat_id == GROUP_ID:
            return self.tx("sandbox.chat_group", title=SAMPLE_GROUP_TITLE)
        for p in PEOPLE:
            if p.user_id == chat_id:
                return self.tx("sandbox.chat_private", name=p.first_name)
        return str(chat_id)

    def show_new(self) -> None:
        """Print every message sent or edited since the last call, chat by chat."""
        for chat_id in (GROUP_ID, *(p.user_id for p in PEOPLE)):
            for message in self.emu.all_bot_messages(chat_id, include_deleted=True):
                key = (chat_id, message.message_id)
                seen = self.shown.get(key)
                state = (message.edited, int(message.deleted))
                if seen == state:
                    continue
                self.shown[key] = state
                if message.deleted:
                    continue
                self.out(self.render(message, edited=seen is not None))

    def render(self, message: SentMessage, *, edited: bool) -> str:
        head = f"── {self.chat_name(message.chat_id)}"
        if edited:
            head += " " + self.tx("sandbox.edited")
        lines = [head, message.text]
        number = 0
        for row in message.buttons:
            cells = []
            for button in row:
                number += 1
                cells.append(
                    f"[{number}] {button.text}" + (f" ({button.url})" if button.url else "")
                )
            lines.append("   ".join(cells))
        if message.document is not None:
            lines.append(self.tx("sandbox.file_saved", path=_save(message.document)))
        return "\n".join(lines) + "\n"

    def handle_meta(self, line: str) -> bool:
        """`:as`, `:group`, `:private`, `:file`, `:who`, `:help`; True when it was one."""
        parts = shlex.split(line[1:]) if line.startswith(":") else []
        if not parts:
            return False
        verb, args = parts[0].lower(), parts[1:]
        if verb == "as" and args:
            found = _find_person(args[0])
            if found is None:
                self.out(self.tx("sandbox.unknown_person"))
            else:
                self.person = found
                self.out(
                    self.tx("sandbox.now_as", name=found.first_name, role=self.tx(found.role_key))
                )
        elif verb in ("group", "g"):
            self.in_group = True
        elif verb in ("private", "p"):
            self.in_group = False
        elif verb == "file" and args:
            path = Path(args[0]).expanduser()
            if not path.is_file():
                self.out(self.tx("sandbox.no_such_file", path=str(path)))
                return True
            caption = " ".join(args[1:]) or None
            self.emu.send_document(
                self.chat_id, self.person.user_id, path.name, path.read_bytes(), caption=caption
            )
        elif verb == "who":
            self.out(self.people_list())
        else:
            self.out(self.tx("sandbox.help"))
        return True

    def press(self, number: int) -> None:
        """Press button `number` of the newest message with buttons in the current chat."""
        for message in reversed(self.emu.bot_messages(self.chat_id)):
            flat = [b for row in message.buttons for b in row]
            if not flat:
                continue
            if not 1 <= number <= len(flat) or flat[number - 1].callback_data is None:
                self.out(self.tx("sandbox.no_such_button", number=number))
                return
            self.emu.press(
                self.chat_id,
                self.person.user_id,
                message_id=message.message_id,
                data=flat[number - 1].callback_data,
            )
            return
        self.out(self.tx("sandbox.no_buttons"))

    def people_list(self) -> str:
        return "\n".join(
            f"{i}. {p.first_name} (@{p.username}) — {self.tx(p.role_key)}"
            for i, p in enumerate(PEOPLE, start=1)
        )


def _find_person(text: str) -> Person | None:
    if text.isdigit() and 1 <= int(text) <= len(PEOPLE):
        return PEOPLE[int(text) - 1]
    lowered = text.lower().lstrip("@")
    return next((p for p in PEOPLE if lowered in (p.first_name.lower(), p.username.lower())), None)


def _save(document: tuple[str, bytes]) -> str:
    folder = Path("data/sandbox-files")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(document[0]).name
    path.write_bytes(document[1])
    return str(path)


async def _stdin_lines(prompt: Callable[[], str]) -> AsyncIterator[str]:
    """Lines typed at the terminal; piped input is echoed after the prompt instead."""
    loop = asyncio.get_running_loop()
    interactive = sys.stdin.isatty()
    while True:
        try:
            line = await loop.run_in_executor(None, input, prompt() if interactive else "")
        except EOFError:
            return
        if not interactive:
            print(prompt() + line)
        yield line


async def run_sandbox(
    settings: Settings,
    *,
    lang: str | None = None,
    lines: AsyncIterator[str] | None = None,
    out: Callable[[str], None] = print,
) -> int:
    """Start the emulator and the bot, seed the sample bloc, and chat until `:quit` or EOF."""
    lang = lang or settings.bot_language
    catalog = Catalog.load()

    def tx(key: str, **params: object) -> str:
        return plain_text(catalog.t(lang, key, **params))

    emu = BotApiEmulator(token=TOKEN, bot_username=BOT_USERNAME)
    await emu.start()
    for p in PEOPLE:
        emu.add_user(p.user_id, p.first_name, username=p.username, language_code=lang)
        emu.start_bot(p.user_id)
    members = [p.user_id for p in PEOPLE]
    emu.add_group(
        SAMPLE_GROUP_TITLE,
        members=members,
        admins=[PEOPLE[0].user_id],
        chat_id=GROUP_ID,
        supergroup=True,
    )
    db_path = Path(settings.database_path).with_name("sandbox.sqlite3")
    sandbox_settings = settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(TOKEN),
            "telegram_api_base_url": emu.base_url,
            "database_path": db_path,
            "bot_language": lang,
        }
    )
    app = build_application(sandbox_settings)
    terminal = Terminal(emu, tx, out)
    try:
        async with running(app, poll_timeout=1):
            assert app.bot_data.services is not None
            await seed_sample_bloc(
                app.bot_data.services,
                GROUP_ID,
                [(p.user_id, p.first_name, p.username, p.role_key) for p in PEOPLE],
                lang,
            )
            out(tx("sandbox.banner", db=str(db_path)))
            out(terminal.people_list() + "\n")
            source = lines if lines is not None else _stdin_lines(terminal.prompt)
            async for raw in source:
                line = raw.strip()
                if line in (":quit", ":q", ":exit"):
                    break
                if not line:
                    continue
                if line in (":play", ":year"):  # the demo's whole year, beside this chat
                    from bot.demo import play_in_sandbox

                    await play_in_sandbox(out)
                elif re.fullmatch(r"#\d+", line):
                    terminal.press(int(line[1:]))
                elif not terminal.handle_meta(line):
                    emu.send_text(terminal.chat_id, terminal.person.user_id, line)
                await emu.settle()
                await app.update_queue.join()
                await emu.settle()
                terminal.show_new()
    finally:
        await emu.stop()
    out(tx("sandbox.bye"))
    return 0

"""The sandbox's terminal: what each person sees, and the `#` and `:` commands they type.

Why apart from `bot.sandbox` (which starts the emulator and the bot): this is the part a person
reads and types into, so it is where the sandbox's words and its small command language live.
Every bot message is printed with its number (`#12`), its buttons numbered within it (`[1]`),
and the answer to a press (a pop-up or an alert) printed under it, so that nothing the bot says
is invisible. A press may name any message (`#12.2`); `#2` presses the newest message's button.
`:time` shows and moves the sandbox's clock (`bot.sandbox_time`); what each moment sent is
printed under its time. A terminal line is one message, but some forms want several lines in
one message (the letterhead's 7 lines): `\\n` typed in a message is a line break, and the
lines between `:multi` and `:end` (pasted, or typed) go as one message.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.domain.errors import InvalidValue
from bot.emulator import BotApiEmulator, SentMessage
from bot.sample import SAMPLE_GROUP_TITLE

if TYPE_CHECKING:
    from bot.sandbox_time import SandboxTime

GROUP_ID = -1001000000001
#: Messages `:buttons` lists (the newest ones with buttons in the current chat).
BUTTONS_LISTED = 5
#: Characters of a message's first line `:buttons` shows.
PREVIEW_CHARS = 60
PRESS = re.compile(r"#(?:(\d+)\.)?(\d+)")
#: `:time` to an instant this close to now moves nothing (`:time +0d`, this very minute).
SAME_TIME = timedelta(minutes=1)
#: Typed in a message (not a `:` command), this starts a new line of the same message.
NEWLINE = "\\n"
#: The line that ends a `:multi` block and sends it.
BLOCK_END = ":end"


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the system: no file
        return False


def file_and_caption(rest: str) -> tuple[Path, str | None]:
    """`:file`'s path and caption. A path may hold spaces, unquoted, as the bot's own files
    do ("data/sandbox-files/lan_daklak/Self-assessment DLK 2027 Mid-year review.xlsx"): the longest
    start of the line that names a file is the path, the rest the caption; a quoted path is
    taken as quoted. Naming no file, the path is what comes before a caption that starts with
    "/" (a command), so "not found" quotes what was meant as the path.
    """
    rest = rest.strip()
    if rest[:1] in ("'", '"'):
        try:
            parts = shlex.split(rest)
        except ValueError:
            parts = []
        if parts:
            return Path(parts[0]).expanduser(), " ".join(parts[1:]) or None
    words = rest.split(" ")
    for count in range(len(words), 0, -1):
        path = Path(" ".join(words[:count])).expanduser()
        if _is_file(path):
            return path, " ".join(words[count:]).strip() or None
    command = next((n for n, word in enumerate(words) if n and word.startswith("/")), len(words))
    return Path(" ".join(words[:command])).expanduser(), " ".join(words[command:]) or None


@dataclass(frozen=True)
class Person:
    """One person the terminal plays; `unit` is the sample unit they start as delegate of."""

    user_id: int
    first_name: str
    username: str
    unit: str | None = None


#: The admin, two delegates and a plain member first (the README and the tests name them), then
#: a delegate for every other unit of the sample roster: with all 11 units able to vote, a vote
#: can reach its quorum (8 of 11 by the 2/3 rule) and be counted, not only be void.
PEOPLE = (
    Person(2001, "Hùng", "hung_thuky"),
    Person(2002, "Lan", "lan_daklak", "DLK"),
    Person(2003, "Minh", "minh_danang", "DNG"),
    Person(2004, "Mai", "mai_member"),
    Person(2005, "Bình", "binh_binhdinh", "BDI"),
    Person(2006, "Dũng", "dung_daknong", "DKN"),
    Person(2007, "Hoa", "hoa_gialai", "GLA"),
    Person(2008, "Khánh", "khanh_khanhhoa", "KHA"),
    Person(2009, "Tuấn", "tuan_kontum", "KTM"),
    Person(2010, "Thảo", "thao_lamdong", "LDG"),
    Person(2011, "Phúc", "phuc_phuyen", "PYN"),
    Person(2012, "Quang", "quang_quangnam", "QNM"),
    Person(2013, "Ngọc", "ngoc_quangngai", "QNG"),
)

Tx = Callable[..., str]
#: A person's roles as they are now (read from the bot's database and the group).
Roles = Callable[[Person], Awaitable[str]]


class Terminal:
    """Who is typing where, what has been printed already, and the presses awaiting an answer."""

    def __init__(
        self,
        emu: BotApiEmulator,
        tx: Tx,
        out: Callable[[str], None],
        roles: Roles,
        time: SandboxTime,
    ) -> None:
        self.emu, self.tx, self.out, self.roles, self.time = emu, tx, out, roles, time
        self.person = PEOPLE[0]
        self.in_group = True
        #: (chat id, message id) -> (edits shown, deleted): what the terminal has printed
        self.shown: dict[tuple[int, int], tuple[int, int]] = {}
        #: the heading printed over the newest messages (`:time`'s moment), if any
        self.heading: str | None = None
        #: callback query ids whose answer (pop-up, alert) is still to be printed
        self.pressed: list[str] = []
        #: the lines of a `:multi` block being typed, sent as one message at `:end`
        self.block: list[str] | None = None

    @property
    def chat_id(self) -> int:
        return GROUP_ID if self.in_group else self.person.user_id

    def prompt(self) -> str:
        if self.block is not None:
            return "  … "
        where = "sandbox.where_group" if self.in_group else "sandbox.where_private"
        return f"[{self.person.first_name} @ {self.tx(where)}] > "

    def chat_name(self, chat_id: int) -> str:
        if chat_id == GROUP_ID:
            return self.tx("sandbox.chat_group", title=SAMPLE_GROUP_TITLE)
        for p in PEOPLE:
            if p.user_id == chat_id:
                return self.tx("sandbox.chat_private", name=p.first_name)
        return str(chat_id)

    # ------------------------------------------------------------------ what is printed

    def show_new(self, heading: str | None = None) -> None:
        """Print every message sent or edited since the last call (under `heading` when there
        is one), then the press answers."""
        fresh = []
        for chat_id in (GROUP_ID, *(p.user_id for p in PEOPLE)):
            for message in self.emu.all_bot_messages(chat_id, include_deleted=True):
                key = (chat_id, message.message_id)
                seen = self.shown.get(key)
                state = (message.edited, int(message.deleted))
                if seen == state:
                    continue
                self.shown[key] = state
                if not message.deleted:
                    fresh.append(self.render(message, edited=seen is not None))
        if fresh:
            if heading and heading != self.heading:  # one heading for a moment's messages
                self.out(heading)
            self.heading = heading
        for text in fresh:
            self.out(text)
        for query_id in self.pressed:
            answer = self.emu.answer_for(query_id) or {}
            if answer.get("text"):
                key = "sandbox.alert" if answer.get("show_alert") else "sandbox.popup"
                self.out(self.tx(key, text=answer["text"]) + "\n")
        self.pressed.clear()

    def render(self, message: SentMessage, *, edited: bool) -> str:
        head = f"── {self.chat_name(message.chat_id)} · #{message.message_id}"
        if edited:
            head += " " + self.tx("sandbox.edited")
        lines = [head, message.text, *_button_rows(message)]
        if message.document is not None:
            saved = _save(message.document, message.chat_id)
            lines.append(self.tx("sandbox.file_saved", path=saved))
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ what is typed

    async def handle(self, line: str) -> None:
        """One typed line: a press, a `:` command, or a message to the bot."""
        press = PRESS.fullmatch(line)
        if press:
            message_id = int(press.group(1)) if press.group(1) else None
            self.press(message_id, int(press.group(2)))
        elif line.startswith(":"):
            await self.command(line)
        else:
            self.emu.send_text(self.chat_id, self.person.user_id, line.replace(NEWLINE, "\n"))

    def collect(self, raw: str) -> bool:
        """One line of a `:multi` block, kept as typed (blank lines too); `:end` sends the
        block as one message. Whether something was sent (the bot may answer)."""
        assert self.block is not None
        if raw.strip().lower() != BLOCK_END:
            self.block.append(raw.rstrip())
            return False
        text, self.block = "\n".join(self.block).strip("\n"), None
        if not text.strip():
            self.out(self.tx("sandbox.multi_empty"))
            return False
        self.emu.send_text(self.chat_id, self.person.user_id, text)
        return True

    async def command(self, line: str) -> None:
        """`:as`, `:group`, `:private`, `:file`, `:reply`, `:buttons`, `:who`, `:time`, `:help`."""
        try:
            parts = shlex.split(line[1:])
        except ValueError:
            parts = line[1:].split()
        verb, args = (parts[0].lower(), parts[1:]) if parts else ("help", [])
        if verb == "as" and args:
            self.switch(args[0])
        elif verb in ("group", "g"):
            self.in_group = True
        elif verb in ("private", "p"):
            self.in_group = False
        elif verb == "file" and args:
            self.send_file(*file_and_caption(line[1:].split(maxsplit=1)[1]))
        elif verb in ("reply", "r") and len(args) >= 2:
            self.reply(args[0], " ".join(args[1:]))
        elif verb in ("buttons", "b"):
            self.out(self.buttons_list())
        elif verb == "who":
            self.out(await self.people_list())
        elif verb in ("time", "t"):
            await self.move_time(" ".join(args))
        elif verb in ("multi", "m"):
            self.block = []
            self.out(self.tx("sandbox.multi_start"))
        else:
            self.out(self.tx("sandbox.help"))

    def switch(self, who: str) -> None:
        found = find_person(who)
        if found is None:
            self.out(self.tx("sandbox.unknown_person"))
            return
        self.person = found
        self.out(self.tx("sandbox.now_as", name=found.first_name))

    async def move_time(self, text: str) -> None:
        """`:time` shows the sandbox's time; `:time +2d` (or a date and time) moves it forward."""
        if not text:
            self.out(await self.time.describe())
            return
        try:
            until = await self.time.target(text)
        except InvalidValue as bad:  # 31/02/2027: why, as /deadline says it
            self.out(self.time.reason(bad) + "\n" + self.tx("sandbox.time_usage"))
            return
        now = self.time.clock.now()
        if until is None:
            self.out(self.tx("sandbox.time_usage"))
        elif abs(until - now) < SAME_TIME:  # `:time +0d`: not backwards, only nothing to do
            self.out(self.tx("sandbox.time_same") + "\n" + await self.time.describe())
        elif until <= now:
            self.out(self.tx("sandbox.time_back") + "\n" + await self.time.describe())
        else:
            await self.time.catch_up()  # what came before the move is printed before it
            self.show_new()
            await self.time.move(until, self.show_new)
            self.out(await self.time.describe())

    def send_file(self, path: Path, caption: str | None) -> None:
        if not path.is_file():
            self.out(self.tx("sandbox.no_such_file", path=str(path)))
            return
        self.emu.send_document(
            self.chat_id, self.person.user_id, path.name, path.read_bytes(), caption=caption
        )

    def press(self, message_id: int | None, number: int) -> None:
        """Press button `number` of message `message_id` (default: the newest with buttons)."""
        message = self._with_buttons(message_id)
        if message is None:
            key = "sandbox.no_buttons" if message_id is None else "sandbox.no_such_message"
            self.out(self.tx(key, message=f"#{message_id}"))
            return
        flat = [b for row in message.buttons for b in row]
        if not 1 <= number <= len(flat) or flat[number - 1].callback_data is None:
            self.out(self.tx("sandbox.no_such_button", number=number, message=message.message_id))
            return
        self.pressed.append(
            self.emu.press(
                self.chat_id,
                self.person.user_id,
                message_id=message.message_id,
                data=flat[number - 1].callback_data,
            )
        )

    def _with_buttons(self, message_id: int | None) -> SentMessage | None:
        for message in reversed(self.emu.bot_messages(self.chat_id)):
            if message_id is not None and message.message_id != message_id:
                continue
            if any(b.callback_data for row in message.buttons for b in row):
                return message
        return None

    def reply(self, target: str, text: str) -> None:
        """Reply with `text` to message `#N` or to the newest message of a person, here."""
        number = target[1:] if target.startswith("#") else ""
        if number.isdigit():
            message_id: int | None = int(number) if self._exists(int(number)) else None
        else:
            person = find_person(target)
            message_id = self._last_from(person.user_id) if person else None
        if message_id is None:
            self.out(self.tx("sandbox.no_such_message", message=target))
            return
        text = text.replace(NEWLINE, "\n")
        self.emu.send_text(self.chat_id, self.person.user_id, text, reply_to_message_id=message_id)

    def _records(self) -> list[Any]:
        return list(self.emu.world.chat(self.chat_id).messages.values())

    def _exists(self, message_id: int) -> bool:
        return any(r.data.get("message_id") == message_id for r in self._records())

    def _last_from(self, user_id: int) -> int | None:
        mine = [
            r.data["message_id"]
            for r in self._records()
            if not r.from_bot and (r.data.get("from") or {}).get("id") == user_id
        ]
        return mine[-1] if mine else None

    def buttons_list(self) -> str:
        """The newest messages with buttons in this chat, each with its number and buttons."""
        found = [
            m
            for m in self.emu.bot_messages(self.chat_id)
            if any(b.callback_data for row in m.buttons for b in row)
        ][-BUTTONS_LISTED:]
        if not found:
            return self.tx("sandbox.no_buttons")
        blocks = []
        for message in found:
            first = message.text.splitlines()[0] if message.text else ""
            if len(first) > PREVIEW_CHARS:
                first = first[: PREVIEW_CHARS - 1] + "…"
            blocks.append("\n".join([f"#{message.message_id} {first}", *_button_rows(message)]))
        return "\n".join(blocks) + "\n"

    async def people_list(self) -> str:
        lines = [
            f"{i}. {p.first_name} (@{p.username}) — {await self.roles(p)}"
            for i, p in enumerate(PEOPLE, start=1)
        ]
        return "\n".join(lines)


def _button_rows(message: SentMessage) -> list[str]:
    rows, number = [], 0
    for row in message.buttons:
        cells = []
        for button in row:
            number += 1
            cells.append(f"[{number}] {button.text}" + (f" ({button.url})" if button.url else ""))
        rows.append("   ".join(cells))
    return rows


def find_person(text: str) -> Person | None:
    if text.isdigit() and 1 <= int(text) <= len(PEOPLE):
        return PEOPLE[int(text) - 1]
    lowered = text.lower().lstrip("@")
    return next((p for p in PEOPLE if lowered in (p.first_name.lower(), p.username.lower())), None)


def _folder(chat_id: int) -> str:
    """Where a chat's files go: the group's and each person's apart, so the group's copy of
    the export and the admin's private one, both named alike, never overwrite each other."""
    person = next((p for p in PEOPLE if p.user_id == chat_id), None)
    return person.username if person is not None else "group" if chat_id == GROUP_ID else "other"


def _save(document: tuple[str, bytes], chat_id: int) -> str:
    folder = Path("data/sandbox-files") / _folder(chat_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(document[0]).name
    path.write_bytes(document[1])
    return str(path)

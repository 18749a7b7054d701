"""The stage of the demo: the real bot against the emulator, a movable clock, the people.

Everything the demo does goes through Telegram's side of the emulator, exactly as people do
(messages, button presses, files); the clock is a `MovableClock` so that a year passes in
seconds, and moving it runs what the bot's scheduler and notifier have due by then (deadlines,
reminders, retries). The transcript records what every person saw, as in a chat.
"""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import build_application, running
from bot.clock import MovableClock
from bot.context import BotApplication
from bot.demo.transcript import Transcript
from bot.emulator import BotApiEmulator, FloodLimits, SentMessage
from bot.rate_limit import UNLIMITED
from bot.services import Services
from bot.settings import load_settings

TOKEN = "100000002:DEMO-token-not-a-real-one-xxxxxxxxxxxx"
BOT_USERNAME = "bloc_assistant_bot"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Person:
    user_id: int
    name: str
    username: str
    role: str  # what the transcript says they are


class Stage:
    """The emulator, the bot and the clock; `say`, `press`, `send_file`, `at`."""

    def __init__(self, folder: Path, people: list[Person], group_title: str) -> None:
        self.folder = folder
        self.people = {p.user_id: p for p in people}
        self.clock = MovableClock(datetime(2026, 1, 5, 2, 0, tzinfo=ZONE))
        self.emu = BotApiEmulator(TOKEN, BOT_USERNAME, flood=FloodLimits(enabled=False))
        self.group_title = group_title
        self.group = 0
        self.app: BotApplication | None = None
        self.transcript = Transcript(self)
        self._stack = AsyncExitStack()

    @property
    def services(self) -> Services:
        assert self.app is not None and self.app.bot_data.services is not None
        return self.app.bot_data.services

    async def __aenter__(self) -> Stage:
        await self._stack.enter_async_context(self.emu)
        for person in self.people.values():
            self.emu.add_user(person.user_id, person.name, username=person.username)
        members = list(self.people)
        admin = members[0]
        self.group = self.emu.add_group(self.group_title, members=members, admins=[admin])
        database = self.folder / "demo.sqlite3"
        for leftover in self.folder.glob("demo.sqlite3*"):
            leftover.unlink()
        settings = load_settings(
            _env_file=None,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=self.emu.base_url,
            DATABASE_PATH=database,
            BOT_TIMEZONE="Asia/Ho_Chi_Minh",
            BOT_LANGUAGE="vi",
        )
        self.app = build_application(settings, clock=self.clock, limits=UNLIMITED)
        logging.getLogger("telegram").setLevel(logging.WARNING)
        await self._stack.enter_async_context(running(self.app, poll_timeout=1))
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._stack.aclose()

    # ------------------------------------------------------------------ acting

    async def settle(self) -> None:
        """Until the bot has handled everything and sent what is due."""
        await self.emu.settle(timeout=30)
        assert self.app is not None
        await self.app.update_queue.join()
        await self.services.notifier.idle()
        await self.emu.settle(timeout=30)
        self.transcript.collect()

    def chat_of(self, user: int, where: str) -> int:
        """The chat of an action; each action takes a minute of the bloc's day."""
        self.clock.move(timedelta(minutes=1))
        return self.group if where == "group" else user

    async def say(self, user: int, text: str, where: str = "private") -> list[SentMessage]:
        chat = self.chat_of(user, where)
        before = len(self.emu.bot_messages(chat))
        self.transcript.person_wrote(chat, user, text)
        self.emu.send_text(chat, user, text)
        await self.settle()
        return self.emu.bot_messages(chat)[before:]

    async def press(self, user: int, label: str, where: str = "private", **how: Any) -> None:
        """Press the button whose label contains `label` (exactly `label` with exact=True)."""
        chat = self.chat_of(user, where)
        exact = how.pop("exact", False)
        message = self.newest_with_buttons(chat)
        for row in message.buttons:
            for button in row:
                if button.text == label or (not exact and label in button.text):
                    self.transcript.person_pressed(chat, user, button.text)
                    self.emu.press(
                        chat, user, message_id=message.message_id, data=button.callback_data
                    )
                    await self.settle()
                    return
        raise LookupError(f"no button {label!r} in {message.button_texts()}")

    async def send_file(
        self, user: int, name: str, data: bytes, caption: str | None = None, where: str = "private"
    ) -> list[SentMessage]:
        chat = self.chat_of(user, where)
        before = len(self.emu.bot_messages(chat))
        self.transcript.person_sent_file(chat, user, name, caption)
        self.emu.send_document(chat, user, name, data, caption=caption)
        await self.settle()
        return self.emu.bot_messages(chat)[before:]

    def newest_with_buttons(self, chat: int) -> SentMessage:
        return [m for m in self.emu.bot_messages(chat) if m.buttons][-1]

    def last(self, chat: int) -> SentMessage:
        message = self.emu.last_bot_message(chat)
        assert message is not None
        return message

    async def walk(self, until: datetime, title: str) -> None:
        """Move the clock from job to job of the bot's scheduler up to `until`, so that each
        reminder goes out at its own time; a heading `title` (with the time) before each
        moment that sent something."""

        async def moment() -> None:
            mark = len(self.transcript.lines)
            await self.services.notifier.run_due()
            await self.settle()
            self.transcript.heading_at(mark, title)

        await self.services.scheduler.walk(self.clock, until, moment)

    async def at(self, when: datetime, title: str) -> None:
        """Move the clock to `when` (bloc time) and run what is due: deadlines, reminders."""
        self.clock.set(when)
        self.transcript.moment(title)
        await self.services.scheduler.run_due()
        await self.services.notifier.run_due()
        await self.settle()


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A time in the bloc's zone (Vietnam)."""
    return datetime(year, month, day, hour, minute, tzinfo=ZONE)

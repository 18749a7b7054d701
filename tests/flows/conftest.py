"""A running bot against the local Bot API emulator, with a fresh database: act as people.

`harness.say(chat, user, text)` sends like a person and waits until the bot has handled it;
`harness.press(...)` presses a button; `harness.emu` reads what each chat saw.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, running
from bot.clock import MovableClock
from bot.context import BotApplication
from bot.emulator import BotApiEmulator, FloodLimits, SentMessage
from bot.rate_limit import UNLIMITED, Limits
from bot.registry import Feature
from bot.services import Services
from bot.settings import Settings, load_settings

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"
BOT_USERNAME = "bloc_assistant_bot"

#: People of the tests: (id, first name, username, Telegram language).
ADMIN = 1001
ALICE = 1002  # a delegate-to-be, Vietnamese client
BOB = 1003  # a delegate-to-be, English client
CAROL = 1004  # a group member with no role
GROUP_TITLE = "Khối thi đua Tây Nguyên"


@dataclass
class Harness:
    emu: BotApiEmulator
    settings: Settings
    clock: MovableClock
    app: BotApplication | None = None
    group: int = 0
    configure: list[Callable[[BotApplication], None]] = field(default_factory=list)
    #: Features a test adds to the bot's own (the registry of the next `start`).
    features: list[Feature] = field(default_factory=list)
    #: The bot's sending limits: none, like the emulator's flood control, unless a test sets them.
    limits: Limits = UNLIMITED
    _stack: AsyncExitStack | None = None

    @property
    def services(self) -> Services:
        assert self.app is not None and self.app.bot_data.services is not None
        return self.app.bot_data.services

    async def start(self) -> None:
        """Start a new Application on the same database (also used to simulate a restart)."""
        app = build_application(
            self.settings, clock=self.clock, extra=self.features, limits=self.limits
        )
        for hook in self.configure:
            hook(app)
        self._stack = AsyncExitStack()
        await self._stack.enter_async_context(running(app, poll_timeout=1))
        self.app = app

    async def stop(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None

    async def restart(self) -> None:
        await self.settle()
        await self.stop()
        await self.start()

    async def settle(self, timeout: float = 5.0) -> None:
        """Wait until the bot fetched and handled everything sent so far (`timeout`: longer
        for a test that delays a request past the bot's own 5 s time-out)."""
        await self.emu.settle(timeout)
        if self.app is not None:
            await self.app.update_queue.join()
            if self.app.bot_data.services is not None:
                await self.services.notifier.idle()
        await self.emu.settle(timeout)

    async def say(self, chat_id: int, user_id: int, text: str) -> list[SentMessage]:
        """Send text as a person; returns what the bot sent to that chat in answer."""
        before = len(self.emu.bot_messages(chat_id))
        self.emu.send_text(chat_id, user_id, text)
        await self.settle()
        return self.emu.bot_messages(chat_id)[before:]

    async def send_file(
        self, chat_id: int, user_id: int, filename: str, data: bytes, caption: str | None = None
    ) -> list[SentMessage]:
        before = len(self.emu.bot_messages(chat_id))
        self.emu.send_document(chat_id, user_id, filename, data, caption=caption)
        await self.settle()
        return self.emu.bot_messages(chat_id)[before:]

    async def press(self, chat_id: int, user_id: int, **how: Any) -> dict[str, Any] | None:
        """Press a button; returns the bot's answer to the press (text, show_alert)."""
        query_id = self.emu.press(chat_id, user_id, **how)
        await self.settle()
        return self.emu.answer_for(query_id)

    def last(self, chat_id: int) -> SentMessage:
        message = self.emu.last_bot_message(chat_id)
        assert message is not None, f"the bot sent nothing to chat {chat_id}"
        return message


@pytest.fixture
async def harness(tmp_path: Path, clock: MovableClock) -> AsyncIterator[Harness]:
    emu = BotApiEmulator(token=TOKEN, bot_username=BOT_USERNAME, flood=FloodLimits(enabled=False))
    await emu.start()
    emu.add_user(ADMIN, "Hùng", username="hung_admin", language_code="vi")
    emu.add_user(ALICE, "Lan", username="lan_dlk", language_code="vi")
    emu.add_user(BOB, "Bob", username="bob_dng", language_code="en")
    emu.add_user(CAROL, "Mai", username="mai", language_code="vi")
    group = emu.add_group(GROUP_TITLE, members=[ADMIN, ALICE, BOB, CAROL], admins=[ADMIN])
    settings = load_settings(
        _env_file=None,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=emu.base_url,
        DATABASE_PATH=tmp_path / "bot.sqlite3",
        BOT_TIMEZONE="Asia/Ho_Chi_Minh",
        BOT_LANGUAGE="vi",
    )
    h = Harness(emu=emu, settings=settings, clock=clock, group=group)
    try:
        yield h
    finally:
        await h.stop()
        await emu.stop()
    # Every flow test: the emulator never failed on its own (a 500 of an emulator bug would
    # otherwise pass for a Telegram fault the bot handled).
    assert emu.internal_errors == [], emu.internal_errors
    # …and the bot never answered one press twice (Telegram refuses the second answer, so a
    # pop-up meant for the person could be lost, and the log fills with warnings).
    assert emu.world.answered_twice == [], "a button press answered twice"


@pytest.fixture
async def bot(harness: Harness) -> AsyncIterator[Harness]:
    """The harness with the bot already running."""
    await harness.start()
    yield harness

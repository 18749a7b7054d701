"""``BotApiEmulator``: the server, the world, the driver and the read-back API in one object.

Tests and the offline sandbox hold one of these: they start it, point PTB at ``base_url``, act
as users through the driver methods, wait with :meth:`settle`, and read what the bot did with
:meth:`bot_messages` and friends. Everything runs on one event loop, so no locks are needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from functools import cache
from typing import Any

from .api_core import scope_key
from .driver_chats import ChatDriver
from .driver_messages import MessageDriver
from .faults import Faults
from .limits import FloodController, FloodLimits
from .models import ChatRec, SentMessage, UserRec
from .server import ApiServer, CallRecord
from .spec import Spec
from .updates import UpdateQueue
from .world import World

DEFAULT_TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"


@cache
def default_spec() -> Spec:
    """The bundled Bot API reference, parsed once per process."""
    return Spec()


class BotApiEmulator(ChatDriver, MessageDriver):
    """A local Telegram Bot API server with a scriptable world. See the package docstring."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "bloc_assistant_bot",
        *,
        flood: FloodLimits | None = None,
        privacy_mode: bool = False,
        bot_name: str = "Bloc Assistant",
        host: str = "127.0.0.1",
        port: int = 0,
        spec: Spec | None = None,
    ):
        self.token = token
        self.host, self._wanted_port = host, port
        self.spec = spec or default_spec()
        self.flood = flood if flood is not None else FloodLimits()
        self.limiter = FloodController(self.flood)
        self.faults = Faults()
        self.updates = UpdateQueue(on_change=self._notify)
        bot = UserRec(int(token.split(":")[0]), bot_name, username=bot_username, is_bot=True)
        self.world = World(bot, privacy_mode=privacy_mode, updates=self.updates)
        admin_fields = self.spec.types["ChatMemberAdministrator"]["fields"]
        self.world.admin_rights = [
            f["name"] for f in admin_fields if f["name"].startswith("can_") and f["required"]
        ]
        self.world.admin_rights.remove("can_be_edited")
        self.call_log: list[CallRecord] = []
        self.internal_errors: list[str] = []
        self.stored_commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.profile: dict[tuple[str, str], str] = {}
        self.webhook_url = ""
        self.default_menu_button: dict[str, Any] | None = None
        self._inflight: dict[int, str] = {}
        self._request_ids = itertools.count(1)
        self._settle_waiters: set[asyncio.Event] = set()  # one per waiting settle() call
        self._server = ApiServer(self)
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> BotApiEmulator:
        """Listen on ``host`` (a free port unless one was given)."""
        self.port = await self._server.start(self.host, self._wanted_port)
        return self

    async def stop(self) -> None:
        """Release long polls and close the server."""
        self.updates.close()
        await self._server.stop()

    async def __aenter__(self) -> BotApiEmulator:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """For PTB's ``base_url`` (PTB appends the token)."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For PTB's ``base_file_url``."""
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def bot_id(self) -> int:
        return self.world.bot.id

    @property
    def bot_username(self) -> str:
        return self.world.bot.username or ""

    @property
    def privacy_mode(self) -> bool:
        return self.world.privacy_mode

    @privacy_mode.setter
    def privacy_mode(self, value: bool) -> None:
        self.world.privacy_mode = value

    # ------------------------------------------------------------------ server hooks

    def request_started(self, method: str) -> int:
        request_id = next(self._request_ids)
        self._inflight[request_id] = method
        self._notify()
        return request_id

    def request_finished(self, request_id: int) -> None:
        self._inflight.pop(request_id, None)
        self._notify()

    def flood_check(self, chat: ChatRec) -> None:
        """Apply flood control to a send/edit into ``chat`` (429 when over the limit)."""
        self.limiter.check(chat.id, is_private=chat.type == "private")

    def _notify(self) -> None:
        for event in self._settle_waiters:
            event.set()

    # ------------------------------------------------------------------ synchronisation

    async def settle(self, timeout: float = 5.0) -> None:
        """Wait until every update so far is confirmed by the bot and no request is running.

        Returns at once when that is already true. Raises ``TimeoutError`` explaining what is
        still outstanding otherwise (typically: the bot is not polling).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (self.updates.settled and not self._inflight):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._settle_report(timeout))
            changed = asyncio.Event()
            self._settle_waiters.add(changed)
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), remaining)
            finally:
                self._settle_waiters.discard(changed)

    def _settle_report(self, timeout: float) -> str:
        q = self.updates
        kinds = [next(k for k in u if k != "update_id") for u in q.pending]
        return (
            f"emulator not settled after {timeout}s: last update_id {q.last_id}, delivered up to "
            f"{q.delivered_upto}, confirmed up to {q.confirmed_upto}, pending {kinds}; requests "
            f"in flight: {sorted(self._inflight.values())}. Is the bot polling?"
        )

    # ------------------------------------------------------------------ read-back

    def all_bot_messages(self, chat_id: int, include_deleted: bool = True) -> list[SentMessage]:
        """Everything the bot sent to ``chat_id`` in order (edits applied)."""
        chat = self.world.chats.get(chat_id)
        if chat is None:
            return []
        return [
            r.sent
            for r in chat.messages.values()
            if r.from_bot and r.sent is not None and (include_deleted or not r.deleted)
        ]

    def bot_messages(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in ``chat_id`` that still exist, edits applied, in order."""
        return self.all_bot_messages(chat_id, include_deleted=False)

    def last_bot_message(self, chat_id: int) -> SentMessage | None:
        messages = self.bot_messages(chat_id)
        return messages[-1] if messages else None

    def callback_answers(self, query_id: str | None = None) -> list[dict[str, Any]]:
        """answerCallbackQuery calls (``callback_query_id``, ``text``, ``show_alert``...)."""
        return [
            dict(a)
            for a in self.world.answers
            if query_id is None or a["callback_query_id"] == query_id
        ]

    def answer_for(self, query_id: str) -> dict[str, Any] | None:
        answers = self.callback_answers(query_id)
        return answers[-1] if answers else None

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """What setMyCommands stored for exactly this scope and language."""
        stored = self.stored_commands.get((scope_key(scope), language_code), [])
        return [dict(c) for c in stored]

    def calls(self, method: str | None = None) -> list[tuple[str, dict[str, Any]]]:
        """Every request so far as (method, params), optionally only one method.

        Params are typed once validation passed (ints, dicts, ``UploadedFile`` for uploads);
        requests refused before that keep their raw string values.
        """
        wanted = method.lower() if method else None
        return [
            (r.method, r.params)
            for r in self.call_log
            if wanted is None or r.method.lower() == wanted
        ]

    def chat_member_status(self, chat_id: int, user_id: int) -> str:
        """creator / administrator / member / left / kicked, as getChatMember would say."""
        return self.world.status(self.world.chat(chat_id), user_id)

    def pinned(self, chat_id: int) -> list[int]:
        """Ids of the messages pinned in ``chat_id``, oldest first."""
        return list(self.world.chat(chat_id).pinned)

    def file_data(self, file_id: str) -> bytes:
        """The bytes behind a file_id (uploaded by the bot or a user)."""
        return self.world.files[file_id].data

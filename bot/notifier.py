"""The notifier: the one way to send to many (group lines, reminders, results, confirmations).

Why: a message sent from inside a handler is lost when the process dies after the commit, holds
the handler while a group is throttled, and is sent twice when a retry repeats it. Here a
message is a row, written in the same transaction as the change that causes it, and sent after
it by a background worker through the rate limiter:

- ``await services.notifier.enqueue(Outgoing(key, chat_id, text))`` inside
  ``async with services.db.transaction():`` — queued exactly when the change commits. ``key``
  names the message (``"pledge:<id>:r<revision>:group"``): a key is queued and sent once, ever
  (the sent log keeps it after a retry or a restart).
- ``Outgoing(..., edit_message_id=m)``: edit that message (the screen whose ✅ was stored); if it
  can no longer be edited, the same text is sent as a new message. A time-out or 5xx retries
  the *edit* (editing twice shows one text), so the person gets one confirmation, not two.
- ``Outgoing(..., message_thread_id=t)``: a new message goes to that forum topic (an answer
  where the person wrote); if the topic was deleted or closed meanwhile, to General instead.
- Outcomes: sent → logged. 403 / chat not found → the chat is marked unreachable
  (``unreachable_among(ids)`` tells the reminders who will not hear them), never retried.
  429 → retried at ``retry_after``; 5xx and time-outs → retried with growing back-off (the
  first retry at once); other 400s → logged as refused. Nothing is dropped silently.
- Chats are served concurrently, each chat's messages in order. The worker starts with the
  Application (``start``), sends what a previous process left (drain on start-up) and wakes on
  every ``enqueue``; times come from the injected clock, so tests call ``run_due()`` after
  moving a ``MovableClock`` and ``idle()`` to wait for the sends to finish.

A stop also keeps what the rate limiter still held back from the handlers (a group reply
waiting for the group's minute): `keep` queues those the limiter hands over (`hand_over`) as
messages of their own, in their forum topic, so the next process sends each of them once. A
secret one (a ballot, a receipt: `rate_limit.SECRET`) is never handed over, so it never reaches
the outbox.

Sent twice (at least once) only when: a crash or kill lands between Telegram's answer and the
commit of its log entry (the entries that end together commit together, `_log`: a few
milliseconds); Telegram answers more than a minute late (`ANSWER_WAIT_SECONDS`); a stop's
`STOP_GRACE_SECONDS` end while the request is on the wire (a stop never cuts an entry once the
answer is in). Every other path sends at most once. Marking a message before sending would not
help: Telegram has no idempotency key, so the next process could not tell sent from unsent,
and dropping such a message would lose it instead. An edit is never doubled ("not modified").
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import uuid
from datetime import datetime, timedelta

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.clock import Clock
from bot.rate_limit import BACKGROUND, Leftover
from bot.textfit import fit_any
from storage.outbox import OutboxRepo, Outgoing, Queued

log = logging.getLogger(__name__)

__all__ = ["Notifier", "Outgoing"]

#: Back-off after the n-th failed try (5xx, time-out); the last value repeats.
BACKOFF = (0, 2, 5, 15, 60, 300)
#: The safety nets of answers (handlers/delivery.py): keys contain this; one is due this long
#: after its step, and never sooner than this after a start, so that what the person sent
#: meanwhile is handled first (a new answer drops the old net).
ANSWER_NET = ":answer:"
NET_DELAY = timedelta(seconds=5)
NET_AFTER_START = timedelta(seconds=2)
#: Longest real sleep of the worker between two looks at the outbox.
POLL_SECONDS = 30.0
#: How long a send waits for Telegram's answer. PTB's default (5 s) suits a person waiting for
#: a reply; here, giving up on a slow answer and trying again posts the message twice (Telegram
#: had taken it), so the background waits a minute: only the chat's next messages wait too.
ANSWER_WAIT_SECONDS = 60.0
#: How long a stop (a deploy's SIGTERM) waits for the sends already under way: one cut off
#: mid-request may have reached Telegram, and the next process would send it again.
STOP_GRACE_SECONDS = 5.0


class Notifier:
    def __init__(self, outbox: OutboxRepo, clock: Clock) -> None:
        self.outbox = outbox
        self.clock = clock
        self._bot: Bot | None = None
        self._claimed: set[int] = set()
        self._chats: dict[int, asyncio.Task[None]] = {}
        self._wake = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None
        #: Set by `stop`: no message is taken or begun any more.
        self._stopping = False
        #: When the next message not yet taken is due (None: none), as of the last look.
        self._upcoming: datetime | None = None
        #: Messages done with, waiting to be moved to the sent log together (`_log`).
        self._to_log: list[tuple[Queued, str, int | None, asyncio.Future[None]]] = []
        self._logger: asyncio.Task[None] | None = None
        #: Chats with an answer's safety net waiting (bot/usecases/answers.py keeps it).
        self.nets: set[int] = set()
        #: The chats marked unreachable (a 403), as stored, from `start` on (None before): a
        #: person writing to the bot for the first time since start-up costs no statement
        #: unless they were marked. Only this notifier marks and unmarks them.
        self._unreachable: set[int] | None = None

    # ----------------------------------------------------------------- what features call

    async def enqueue(self, message: Outgoing) -> bool:
        """Queue `message` (call inside the transaction of the change); False if known already."""
        added = await self.outbox.add(message, now=self.clock.now())
        self._wake.set()  # the worker's read waits for the transaction to commit
        return added

    async def enqueue_all(self, messages: list[Outgoing]) -> None:
        """`enqueue` each of `messages`, in order."""
        for message in messages:
            await self.enqueue(message)

    async def unreachable_among(self, chat_ids: list[int]) -> set[int]:
        """Which of these people the bot cannot write to (403 on the last try)."""
        return await self.outbox.unreachable_among(chat_ids)

    async def reachable_again(self, user_id: int) -> None:
        """The person wrote to the bot (or pressed Start): try them again next time."""
        if self._unreachable is not None:
            if user_id not in self._unreachable:
                return
            self._unreachable.discard(user_id)
        await self.outbox.reachable_again(user_id)

    # ----------------------------------------------------------------- the worker

    async def start(self, bot: Bot) -> None:
        """Begin sending (what a previous process left first)."""
        await self.outbox.postpone_waiting(ANSWER_NET, until=self.clock.now() + NET_AFTER_START)
        self.nets = await self.outbox.chats_waiting(ANSWER_NET)
        self._unreachable = await self.outbox.unreachable_chats()
        self._bot = bot
        self._stopping = False
        await self.run_due()  # first: the worker's first sleep needs what is upcoming
        self._worker = asyncio.get_running_loop().create_task(self._run(), name="notifier")

    async def stop(self) -> None:
        """Stop taking messages, let the sends under way end (for `STOP_GRACE_SECONDS` at
        most) so that each is logged, then cut off the rest (mostly sends still waiting for
        their turn in the rate limiter, which reached no one). What is not sent stays in the
        outbox for the next start."""
        self._stopping = True
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
        running = list(self._chats.values())
        if running:
            _, late = await asyncio.wait(running, timeout=STOP_GRACE_SECONDS)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        if self._logger is not None:  # what was sent is logged before the database closes
            await asyncio.gather(self._logger, return_exceptions=True)
        self._worker = None
        self._chats.clear()
        self._claimed.clear()

    async def keep(self, leftovers: list[Leftover]) -> int:
        """Queue, in one transaction and in their order, the replies a stop cut off in the rate
        limiter (`ChatRateLimiter.hand_over`): the next start sends them, once. Returns how many
        were kept; what the outbox cannot hold (a file) is logged as lost."""
        messages = []
        for leftover in leftovers:
            message = _as_outgoing(leftover)
            if message is None:
                log.error(
                    "a deferred %s to chat %s is lost at the stop: the outbox keeps only texts",
                    leftover.endpoint,
                    leftover.data.get("chat_id"),
                )
                continue
            if leftover.on_wire:
                log.warning(
                    "a deferred %s to chat %s was cut off on the wire: kept, so it may"
                    " arrive twice",
                    leftover.endpoint,
                    message.chat_id,
                )
            messages.append(message)
        if messages:
            async with self.outbox.db.transaction():
                for message in messages:
                    await self.outbox.add(message, now=self.clock.now())
        return len(messages)

    async def run_due(self) -> int:
        """Hand every message due now to its chat's sender; returns how many were taken."""
        if self._bot is None or self._stopping:
            return 0
        due, self._upcoming = await self.outbox.due(self.clock.now())
        fresh = [q for q in due if q.id not in self._claimed]
        by_chat: dict[int, list[Queued]] = {}
        for queued in fresh:
            self._claimed.add(queued.id)
            by_chat.setdefault(queued.message.chat_id, []).append(queued)
        for chat_id, items in by_chat.items():
            before = self._chats.get(chat_id)
            task = asyncio.get_running_loop().create_task(self._serve(before, items))
            self._chats[chat_id] = task
            task.add_done_callback(lambda t, c=chat_id: self._done(c, t))
        return len(fresh)

    async def idle(self) -> None:
        """Wait until nothing is due now and no send is running (tests, the benchmark)."""
        while True:
            if self._chats:
                await asyncio.gather(*list(self._chats.values()), return_exceptions=True)
            elif not await self.run_due() and not self._chats:
                return

    def _done(self, chat_id: int, task: asyncio.Task[None]) -> None:
        if self._chats.get(chat_id) is task:
            del self._chats[chat_id]

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._sleep_seconds())
            self._wake.clear()
            try:
                await self.run_due()
            except Exception:  # the database went away for a moment: look again later
                log.exception("notifier could not read the outbox")

    def _sleep_seconds(self) -> float:
        """Until the next message not yet taken (the ones being sent are not waited for:
        polling for them kept the worker looking 20 times a second while a group was
        throttled); a retry put later wakes the worker itself (`_later`)."""
        upcoming = self._upcoming
        if upcoming is None:
            return POLL_SECONDS
        seconds = (upcoming - self.clock.now()).total_seconds()
        return min(max(seconds, 0.05), POLL_SECONDS)

    async def _serve(self, before: asyncio.Task[None] | None, items: list[Queued]) -> None:
        """One chat's messages, in order, after the ones already being sent to it."""
        if before is not None:
            await asyncio.gather(before, return_exceptions=True)
        for queued in items:
            if self._stopping:  # left in the outbox for the next start
                break
            try:
                await self._deliver(queued)
            except Exception:  # a bug must not stop the chat's other messages
                log.exception("notifier failed on message %s", queued.message.key)
            finally:
                self._claimed.discard(queued.id)

    async def _deliver(self, queued: Queued) -> None:
        message = queued.message
        now = self.clock.now
        try:
            sent = await self._send(message)
        except (Forbidden, ChatMigrated, BadRequest) as exc:
            await self._refused(queued, exc)
            return
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            await self._later(queued, now() + timedelta(seconds=seconds), exc)
            return
        except NetworkError as exc:  # 5xx, time-outs
            step = BACKOFF[min(queued.attempts, len(BACKOFF) - 1)]
            await self._later(queued, now() + timedelta(seconds=step), exc)
            return
        message_id = sent.message_id if isinstance(sent, Message) else message.edit_message_id
        await self._log(queued, "sent", message_id)
        if self._unreachable is not None:
            self._unreachable.discard(message.chat_id)  # as `finish` did in the table
        if ANSWER_NET in message.key:
            self.nets.discard(message.chat_id)

    async def _send(self, message: Outgoing) -> Message | bool:
        assert self._bot is not None
        markup = None
        if message.reply_markup is not None:
            markup = InlineKeyboardMarkup.de_json(json.loads(message.reply_markup), self._bot)
        if message.edit_message_id is None:
            return await self._bot.send_message(
                message.chat_id,
                fit_any(message.text),
                reply_markup=markup,
                message_thread_id=message.message_thread_id,
                read_timeout=ANSWER_WAIT_SECONDS,
                rate_limit_args=BACKGROUND,
            )
        try:
            return await self._bot.edit_message_text(
                fit_any(message.text),
                chat_id=message.chat_id,
                message_id=message.edit_message_id,
                reply_markup=markup,
                read_timeout=ANSWER_WAIT_SECONDS,
                rate_limit_args=BACKGROUND,
            )
        except BadRequest as exc:
            if "not modified" in exc.message.lower():  # an earlier try went through
                return True
            raise

    async def _refused(self, queued: Queued, exc: Exception) -> None:
        now = self.clock.now()
        if isinstance(exc, ChatMigrated):
            await self.outbox.as_new_message(queued.id, chat_id=exc.new_chat_id)
            await self._later(queued, now, exc)
            return
        if isinstance(exc, Forbidden) or "chat not found" in str(exc).lower():
            log.info("chat %s is unreachable: %s", queued.message.chat_id, exc)
            await self._log(queued, "unreachable", None)
            if self._unreachable is not None:
                self._unreachable.add(queued.message.chat_id)
            return
        if queued.message.message_thread_id is not None and _topic_gone(exc):
            log.info("message %s goes to General: its topic is gone", queued.message.key)
            await self.outbox.to_general(queued.id)
            await self._later(queued, now, exc)
            return
        if queued.message.edit_message_id is not None:  # too old or gone: say it anew
            await self.outbox.as_new_message(queued.id, chat_id=queued.message.chat_id)
            await self._later(queued, now, exc)
            return
        log.error("Telegram refused message %s: %s", queued.message.key, exc)
        await self._log(queued, "refused", None)

    async def _log(self, queued: Queued, outcome: str, message_id: int | None) -> None:
        """Move a message that is done with to the sent log, and wait until it is there.

        The entries that end while a write is under way go together in the next one: under a
        round's load each took its own turn for the database, up to 0.8 s after Telegram's
        answer, and a kill in that gap sends the message again. The writes run in a task of
        their own (`stop` waits for it), so a stop cutting this sender off after Telegram's
        answer does not drop the entry either."""
        written: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._to_log.append((queued, outcome, message_id, written))
        if self._logger is None:
            self._logger = asyncio.get_running_loop().create_task(self._write_log())
        await asyncio.shield(written)

    async def _write_log(self) -> None:
        try:
            while self._to_log:
                entries, self._to_log = self._to_log, []
                try:
                    done = [(queued, outcome, mid) for queued, outcome, mid, _ in entries]
                    await self.outbox.finish_all(done, now=self.clock.now())
                except Exception as exc:  # left in the outbox: sent again at the next look
                    log.exception("could not log %d messages as done", len(entries))
                    for *_, written in entries:
                        written.set_exception(exc)
                        written.add_done_callback(_retrieved)
                else:
                    for *_, written in entries:
                        written.set_result(None)
        finally:
            self._logger = None

    async def _later(self, queued: Queued, at: datetime, exc: Exception) -> None:
        log.warning("message %s: %s; next try at %s", queued.message.key, exc, at.isoformat())
        await self.outbox.retry_later(queued.id, at=at, error=str(exc))
        self._wake.set()  # the worker plans its next look with this one in it


def _as_outgoing(leftover: Leftover) -> Outgoing | None:
    """A cut-off text message or edit as the outbox's message (None: not a text, or not to a
    chat); its key is new, so it is queued and sent once, in the forum topic it was meant
    for (an edit's topic is not in its request: sent anew, it comes in General)."""
    data = leftover.data
    chat_id, text = data.get("chat_id"), data.get("text")
    if not isinstance(chat_id, int) or not isinstance(text, str):
        return None
    if leftover.endpoint == "sendMessage":
        edit = None
    elif leftover.endpoint == "editMessageText" and isinstance(data.get("message_id"), int):
        edit = data["message_id"]
    else:
        return None
    if data.get("parse_mode") != ParseMode.HTML:  # sent as plain text: the outbox's is HTML
        text = html.escape(text, quote=False)
    markup = data.get("reply_markup")
    keyboard = markup.to_json() if isinstance(markup, InlineKeyboardMarkup) else None
    thread = data.get("message_thread_id")
    key = f"deferred:{chat_id}:{uuid.uuid4().hex}"
    return Outgoing(
        key,
        chat_id,
        text,
        edit_message_id=edit,
        reply_markup=keyboard,
        message_thread_id=thread if isinstance(thread, int) else None,
    )


def _topic_gone(exc: Exception) -> bool:
    """Telegram refused a message for its forum topic: deleted ("message thread not found"),
    closed (TOPIC_CLOSED) or otherwise unusable (TOPIC_…)."""
    words = str(exc).lower()
    return "thread not found" in words or "topic_" in words


def _retrieved(future: asyncio.Future[None]) -> None:
    """A sender cut off by a stop no longer awaits its entry (`_write_log` logged the error)."""
    future.exception()

"""The rate limiter: Telegram's sending limits kept exactly, without stalling the innocent.

PTB's `AIORateLimiter` is a leaky bucket (about twice the limit passes right after an idle
spell), counts read-only look-ups such as `getChatMember` against a group's send budget, and
pauses *every* request after one 429. This one, a drop-in `BaseRateLimiter`:

- counts only requests that post or change a message (`send*`, `edit*`, copies, forwards):
  look-ups (`getChatMember`, `getChatAdministrators`, `getMe`, `getFile`, …), button answers
  and chat actions go straight through;
- hands out send *slots* from true sliding windows: per chat first (at most `group` in any
  `group_window` seconds to one group, `private` in any `private_window` to one person), then
  overall (at most `overall` in any `overall_window`), so a throttled group waits alone;
- answers to people go first: when every overall permit is taken (a nudge round sending at
  the limit), a waiting reply gets the next free one before any waiting background send;
- on a 429 blocks only that chat for `retry_after` and retries;
- never holds a handler for long: a request whose slot is more than `hold` seconds away is
  sent later in the background (in order with the chat's other messages) and the caller gets
  `Deferred` at once. Background senders (the notifier) pass `rate_limit_args=BACKGROUND` and
  wait as long as needed;
- at a stop, `hand_over(grace)` lets the deferred requests whose turn comes within `grace` go
  (and those on the wire end), cuts off the rest and returns them as `Leftover`s for the
  caller to keep (the notifier's outbox): a deferred reply is never dropped by a stop, unless
  it was sent as `SECRET` (a ballot, its confirmation, a receipt). Those are dropped: stored,
  they would link the unit to its choice (README: "a receipt lost in transit is lost").
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import partial
from typing import Any

from telegram.error import RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sending:
    """How the limiter treats a request: PTB's `rate_limit_args`, given by the caller of a Bot
    method (`bot.send_message(…, rate_limit_args=SECRET)`)."""

    #: A background sender (the notifier): it waits as long as the limits require, and is
    #: never deferred.
    background: bool = False
    #: A message that must never reach the database (a ballot, its confirmation, a receipt):
    #: deferred and still waiting at a stop, it is dropped, not handed over to be kept.
    secret: bool = False


#: `rate_limit_args` of a sender that may wait as long as the limits require.
BACKGROUND = Sending(background=True)
#: `rate_limit_args` of a message that links a unit to its choice or its receipt code.
SECRET = Sending(secret=True)

_COUNTED_PREFIXES = ("send", "edit", "copy", "forward", "stopPoll")
_NOT_COUNTED = frozenset({"sendChatAction"})


class Deferred(TelegramError):
    """The request will be sent later, in the background: the caller must not wait for it."""

    def __init__(self, chat_id: object, seconds: float) -> None:
        super().__init__(f"sending to chat {chat_id} deferred by {seconds:.1f} s")
        self.chat_id = chat_id
        self.seconds = seconds


@dataclass(frozen=True)
class Limits:
    """Telegram's documented limits, with a safety margin for the way to the server."""

    overall: int = 30
    overall_window: float = 1.0
    group: int = 20
    group_window: float = 60.0
    private: int = 3
    private_window: float = 3.0
    #: How long a handler's own request may wait for its slot before it is deferred.
    hold: float = 3.0
    #: Added to every window: timers may fire a little early.
    margin: float = 0.02
    #: 429s retried per request before giving up.
    max_retries: int = 5


#: No limits at all: for tests against an emulator whose flood control is off.
UNLIMITED = Limits(overall=10**6, group=10**6, private=10**6, margin=0.0)


def is_counted(endpoint: str) -> bool:
    """Whether a Bot API method posts or changes a message (and so spends send budget)."""
    return endpoint not in _NOT_COUNTED and endpoint.startswith(_COUNTED_PREFIXES)


class SlidingWindow:
    """At most `limit` sends in any `window` seconds: planned slots, then the exact check.

    Planning: slots never go backwards, so a new slot is at least `window` after the
    `limit`-th previous one (the deque keeps those last slots); it says how long a request
    will wait. Exact: a request reaches the server some time after it starts, and that time
    varies with load, so start times alone can crowd a window at the server. A send may start
    only `window` after the *answer* to the `limit`-th previous send came back: whatever the
    delays, the server saw that one before its answer, so never more than `limit` in a window.
    """

    def __init__(self, limit: int, window: float) -> None:
        self.window = window
        self._slots: deque[float] = deque(maxlen=max(limit, 1))
        self._answered: deque[float] = deque(maxlen=max(limit, 1))

    def next_slot(self, earliest: float) -> float:
        slots = self._slots
        slot = max(earliest, slots[-1]) if slots else earliest
        if len(slots) == slots.maxlen:
            slot = max(slot, slots[0] + self.window)
        return slot

    def take(self, earliest: float) -> float:
        slot = self.next_slot(earliest)
        self._slots.append(slot)
        return slot

    def free_at(self) -> float:
        """When the next send may start, counting from the answers of the previous ones."""
        answered = self._answered
        return answered[0] + self.window if len(answered) == answered.maxlen else 0.0

    def answered(self, instant: float) -> None:
        self._answered.append(instant)

    def idle_since(self, now: float) -> bool:
        last = max(self._slots[-1] if self._slots else 0.0, self.free_at())
        return last + self.window < now


Call = Callable[[], Coroutine[Any, Any, Any]]


class _Permits:
    """`count` permits, like a semaphore, but a waiting foreground request is served before
    any waiting background one (asyncio's Semaphore serves strictly in order of arrival, so a
    person's reply queued behind a whole nudge round)."""

    def __init__(self, count: int) -> None:
        self._free = count
        self._waiting: tuple[deque[asyncio.Future[None]], deque[asyncio.Future[None]]] = (
            deque(),  # foreground
            deque(),  # background
        )

    async def acquire(self, background: bool) -> None:
        foreground, behind = self._waiting
        if self._free > 0 and not foreground and not (background and behind):
            self._free -= 1
            return
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = behind if background else foreground
        queue.append(granted)
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                self.release()  # handed over just as the waiter was cancelled: pass it on
            else:
                queue.remove(granted)
            raise

    def release(self) -> None:
        for queue in self._waiting:
            while queue:
                granted = queue.popleft()
                if not granted.done():
                    granted.set_result(None)
                    return
        self._free += 1


@dataclass
class _Turn:
    """A request's reserved slot, and the chat's previous request it must follow."""

    chat: object
    window: SlidingWindow
    slot: float
    after: asyncio.Future[None] | None
    mine: asyncio.Future[None]
    background: bool = False
    #: Its request has gone to the server (a cut now may or may not have reached the chat).
    on_wire: bool = False


@dataclass(frozen=True)
class Leftover:
    """A deferred request a stop cut off: what it would have sent (`data`: the Bot API
    method's parameters, as PTB passed them), to be kept and sent by the next process.
    `on_wire`: it was cut while waiting for Telegram's answer, so it may have arrived."""

    endpoint: str
    data: dict[str, Any]
    on_wire: bool = False


@dataclass
class _Waiting:
    """A deferred request in the background: its method, parameters and current turn."""

    endpoint: str
    data: dict[str, Any]
    turn: _Turn
    #: Never handed over (`Sending.secret`).
    secret: bool = False


class ChatRateLimiter(BaseRateLimiter[Sending]):
    """Sliding windows per chat and overall; 429s and long waits stay with their chat."""

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits or Limits()
        self._clock = clock
        lim = self.limits
        self._overall = _Permits(lim.overall)
        self._overall_window = lim.overall_window + lim.margin
        self._chats: dict[object, SlidingWindow] = {}
        self._blocked: dict[object, float] = {}
        self._tails: dict[object, asyncio.Future[None]] = {}
        #: The deferred requests, in the order they were deferred.
        self._background: dict[asyncio.Task[Any], _Waiting] = {}
        #: Counted requests started so far (for the benchmark).
        self.sent = 0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Cut off what is still deferred: `hand_over` (at the Application's stop) has kept
        what was deferred before it; this is only what a request deferred after it left."""
        for task in list(self._background):
            task.cancel()
        if self._background:
            log.warning("dropped %d deferred replies at shutdown", len(self._background))
            await asyncio.gather(*self._background, return_exceptions=True)

    async def hand_over(self, grace: float) -> list[Leftover]:
        """At a stop: the deferred requests whose turn comes within `grace` seconds are sent
        (and those on the wire get until then to end); the others are cut off at once, the
        late ones when `grace` is up, and returned, in the order they were deferred, for the
        caller to keep. A chat's turns only grow, so what is cut never goes before what is
        sent: the chat's order holds. A secret request cut off is dropped, never returned:
        kept, it would be written to the database with its text."""
        waiting = dict(self._background)
        if not waiting:
            return []
        until = self._clock() + grace
        cut = [t for t, w in waiting.items() if w.turn.slot > until and not w.turn.on_wire]
        for task in cut:
            task.cancel()
        soon = [task for task in waiting if task not in cut]
        if soon:
            _, late = await asyncio.wait(soon, timeout=max(until - self._clock(), 0.0))
            for task in late:
                task.cancel()
        await asyncio.gather(*waiting, return_exceptions=True)
        cut_off = [w for task, w in waiting.items() if task.cancelled()]
        kept = [Leftover(w.endpoint, w.data, w.turn.on_wire) for w in cut_off if not w.secret]
        if kept:
            log.info("%d deferred replies handed over at the stop", len(kept))
        if dropped := len(cut_off) - len(kept):
            log.info("dropped %d deferred secret messages at the stop (never stored)", dropped)
        return kept

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Sending | None,
    ) -> Any:
        if not is_counted(endpoint):
            return await callback(*args, **kwargs)
        chat = data.get("chat_id", data.get("inline_message_id"))
        call = partial(callback, *args, **kwargs)
        sending = rate_limit_args or Sending()
        background = sending.background
        retries = 0
        while True:
            turn = self._reserve(chat, background=background)
            wait = turn.slot - self._clock()
            if wait > self.limits.hold and not background:
                waiting = _Waiting(endpoint, data, turn, sending.secret)
                task = asyncio.get_running_loop().create_task(
                    self._later(chat, waiting, call, retries)
                )
                self._background[task] = waiting
                task.add_done_callback(self._forget)
                raise Deferred(chat, wait)
            try:
                return await self._send(turn, call)
            except RetryAfter as exc:
                retries = self._after_429(chat, exc, endpoint, retries)

    def _forget(self, task: asyncio.Task[Any]) -> None:
        self._background.pop(task, None)

    async def _later(self, chat: object, waiting: _Waiting, call: Call, retries: int) -> None:
        """A deferred reply: sent at its turn; nobody awaits it, so a failure is only logged."""
        endpoint = waiting.endpoint
        try:
            while True:
                try:
                    await self._send(waiting.turn, call)
                    return
                except RetryAfter as exc:
                    retries = self._after_429(chat, exc, endpoint, retries)
                waiting.turn = self._reserve(chat)
        except TelegramError as exc:
            log.warning("deferred %s to chat %s failed: %s", endpoint, chat, exc)

    def _after_429(self, chat: object, exc: RetryAfter, endpoint: str, retries: int) -> int:
        """Block only this chat for `retry_after`; give up after `max_retries`."""
        seconds = _seconds(exc.retry_after)
        until = self._clock() + seconds
        self._blocked[chat] = max(self._blocked.get(chat, 0.0), until)
        if retries >= self.limits.max_retries:
            raise exc
        log.warning("flood control on %s to chat %s: wait %.0f s", endpoint, chat, seconds)
        return retries + 1

    def _reserve(self, chat: object, *, background: bool = False) -> _Turn:
        """The chat's next slot (never before a flood-control block ends) and its place in line.

        Synchronous, so the order of calls is the order the chat's messages go out in.
        """
        window = self._chats.get(chat)
        if window is None:
            window = self._chats[chat] = self._window_for(chat)
            if len(self._chats) > 4096:
                self._forget_idle()
        slot = window.take(max(self._clock(), self._blocked.get(chat, 0.0)))
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        turn = _Turn(chat, window, slot, self._tails.get(chat), mine, background)
        self._tails[chat] = mine
        return turn

    async def _send(self, turn: _Turn, call: Call) -> Any:
        """At the chat's slot, after its previous message and a window after the answers that
        could still count, take one of the `overall` permits (each given back a window after
        its answer) and send."""
        window = turn.window
        try:
            await self._sleep_until(turn.slot)
            if turn.after is not None:
                await asyncio.shield(turn.after)
            await self._sleep_until(window.free_at())
            await self._overall.acquire(turn.background)
            try:
                self.sent += 1
                turn.on_wire = True
                return await call()
            finally:
                window.answered(self._clock())
                asyncio.get_running_loop().call_later(self._overall_window, self._overall.release)
        finally:
            turn.mine.set_result(None)
            if self._tails.get(turn.chat) is turn.mine:
                del self._tails[turn.chat]

    def _window_for(self, chat: object) -> SlidingWindow:
        lim = self.limits
        if isinstance(chat, int) and chat > 0:
            return SlidingWindow(lim.private, lim.private_window + lim.margin)
        return SlidingWindow(lim.group, lim.group_window + lim.margin)

    async def _sleep_until(self, instant: float) -> None:
        delay = instant - self._clock()
        if delay > 0:
            await asyncio.sleep(delay)

    def _forget_idle(self) -> None:
        """Keep memory bounded: drop the windows of chats that have been quiet a window long."""
        now = self._clock()
        for chat in [c for c, w in self._chats.items() if w.idle_since(now)]:
            del self._chats[chat]
        for chat in [c for c, until in self._blocked.items() if until < now]:
            del self._blocked[chat]

    @property
    def deferred(self) -> int:
        """Replies waiting in the background right now."""
        return len(self._background)


def _seconds(retry_after: object) -> float:
    if hasattr(retry_after, "total_seconds"):
        return float(retry_after.total_seconds())  # type: ignore[union-attr]
    return float(retry_after)  # type: ignore[arg-type]

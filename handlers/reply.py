"""Rendering for every handler: the reader's language, replies, button answers, refusals.

Handlers call these instead of touching `update.message` directly, so that a missing message,
the language rule and the one place that turns a `UserFacingError` into text stay here.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.context import BotContext
from bot.errors import Conflict, NotFound, UserFacingError, VoteClosed
from bot.i18n import Html, Texts, plain_text
from bot.rate_limit import SECRET, Deferred, Sending
from bot.textfit import fit_any
from bot.usecases import notices
from bot.usecases.users import group_language, language_of
from handlers import live_screens, stale
from storage.outbox import Outgoing

log = logging.getLogger(__name__)
T = TypeVar("T")


async def lang_for(update: Update, context: BotContext) -> str:
    """Private chats: the user's language. Groups: the bloc's language, else the default."""
    services = context.services
    chat = update.effective_chat
    if chat is not None and chat.type != Chat.PRIVATE:
        return await group_language(services, chat.id)
    user = update.effective_user
    if user is None:
        return services.settings.bot_language
    return await language_of(services, user.id, user.language_code)


async def texts_for(update: Update, context: BotContext) -> Texts:
    return context.services.catalog.for_lang(await lang_for(update, context))


async def texts_for_user(context: BotContext, user_id: int, telegram_code: str | None) -> Texts:
    """Texts for a private message to a user who is not the one writing (e.g. an approval)."""
    lang = await language_of(context.services, user_id, telegram_code)
    return context.services.catalog.for_lang(lang)


async def tell_each(
    context: BotContext,
    people: Iterable[tuple[int, str | None]],
    key: str,
    render: Callable[[Texts], tuple[Html | str, InlineKeyboardMarkup | None]],
) -> list[int]:
    """A note about a stored action to each person (id, Telegram language) in their own
    language, through the notifier: sent once each (`key:<id>`), retried when Telegram fails,
    never held by this handler. Returns who was sent one."""
    messages = await notes_to_each(context, people, key, render)
    await notices.queue_all_after(context.services, messages)
    return [m.chat_id for m in messages]


async def notes_to_each(
    context: BotContext,
    people: Iterable[tuple[int, str | None]],
    key: str,
    render: Callable[[Texts], tuple[Html | str, InlineKeyboardMarkup | None]],
) -> list[Outgoing]:
    """The notes of `tell_each`, not queued yet (for an action that queues them in its own
    transaction)."""
    messages = []
    for user_id, language in people:
        text, markup = render(await texts_for_user(context, user_id, language))
        json = markup.to_json() if markup is not None else None
        messages.append(Outgoing(f"{key}:{user_id}", user_id, str(text), reply_markup=json))
    return messages


async def reply(
    update: Update,
    context: BotContext,
    key: str,
    /,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
    **params: Any,
) -> Message | None:
    """Answer in the chat of the update with the catalog text `key`."""
    tx = await texts_for(update, context)
    return await send_html(update, context, tx(key, **params), keyboard=keyboard)


def topic_of(update: Update) -> int | None:
    """The forum topic the update was written or pressed in (None: the General topic, or a
    group without topics): an answer goes where the question was asked."""
    message = update.effective_message
    if message is None or not message.is_topic_message:
        return None
    return message.message_thread_id


def sending(secret: bool) -> Sending | None:
    """The rate limiter's arguments of a message: `secret` for one that links a unit to its
    choice or its receipt code (a ballot, its confirmation, a receipt). Held back by flood
    control when the bot stops, such a message is dropped, never kept in the outbox."""
    return SECRET if secret else None


async def send_html(
    update: Update,
    context: BotContext,
    text: Html | str,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
    secret: bool = False,
) -> Message | None:
    chat = update.effective_chat
    if chat is None:
        return None
    if context.before_reply is not None:
        await context.before_reply()
    text = fit_any(text)
    how = sending(secret)
    try:
        return await context.bot.send_message(
            chat.id,
            text,
            reply_markup=keyboard,
            message_thread_id=topic_of(update),
            rate_limit_args=how,
        )
    except Deferred:  # the chat is throttled: it goes out later, the handler goes on
        return None
    except ChatMigrated as moved:  # a button in a group that has since become a supergroup
        return await context.bot.send_message(
            moved.new_chat_id, text, reply_markup=keyboard, rate_limit_args=how
        )


async def send_file(
    update: Update, context: BotContext, body: bytes, filename: str, caption: str | None = None
) -> None:
    """A file in answer, to the update's chat and topic."""
    chat = update.effective_chat
    if chat is None:
        return
    document = InputFile(body, filename=filename)
    await context.bot.send_document(
        chat.id, document, caption=caption, message_thread_id=topic_of(update)
    )


class Delivery(enum.Enum):
    """What became of a message to another chat (see `deliver`)."""

    SENT = "sent"
    #: The rate limiter holds it: it goes out shortly, in the background.
    QUEUED = "queued"
    #: It certainly reached nobody: the person never started or blocked the bot (403), or the
    #: chat does not exist (any longer).
    UNREACHABLE = "unreachable"
    #: Telegram failed (5xx, a time-out, flood control): it may or may not have arrived.
    UNCONFIRMED = "unconfirmed"


async def deliver(
    context: BotContext,
    chat_id: int,
    text: Html | str,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
    secret: bool = False,
) -> tuple[Delivery, Message | None]:
    """Send to another chat than the update's and say what became of it, without raising for
    what Telegram does to it. A caller that must never leave something usable behind a message
    that reached nobody (an invite link) revokes it on UNREACHABLE only: after a time-out the
    message may arrive late. `secret`: see `sending`."""
    try:
        sent = await context.bot.send_message(
            chat_id, fit_any(text), reply_markup=keyboard, rate_limit_args=sending(secret)
        )
    except Deferred:
        return Delivery.QUEUED, None
    except Forbidden:
        return Delivery.UNREACHABLE, None
    except BadRequest as exc:
        if "chat not found" not in exc.message.lower():
            raise
        return Delivery.UNREACHABLE, None
    except (NetworkError, RetryAfter) as exc:
        log.warning("could not send a message to chat %s: %s", chat_id, exc)
        return Delivery.UNCONFIRMED, None
    return Delivery.SENT, sent


async def send_elsewhere(
    context: BotContext,
    chat_id: int,
    text: Html | str,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
    secret: bool = False,
) -> Message | None:
    """A message to another chat than the update's (a user in private, a bloc's group).

    None when the bot cannot reach it: a user who never started or blocked the bot (403), a
    group the bot was removed from, or Telegram failing (5xx, time-out, flood control past the
    rate limiter's retries). Such a message is a side note of an action already stored, so a
    failure is logged and the caller carries on instead of apologising for what did happen.
    """
    return (await deliver(context, chat_id, text, keyboard=keyboard, secret=secret))[1]


async def answer_refusal(update: Update, context: BotContext, error: UserFacingError) -> None:
    """Tell the user why nothing happened: as a button alert, or as a reply."""
    tx = await texts_for(update, context)
    text = refusal_text(update, tx, error)
    query = update.callback_query
    if query is not None:
        await _answer_query(query, text)
        return
    await send_html(update, context, text)


def refusal_text(update: Update, tx: Texts, error: UserFacingError) -> Html:
    """A refusal in words; an out-of-date button names the command to type again."""
    query = update.callback_query
    if error.key == "core.stale_button" and query is not None:
        command = stale.command_of(query.data)
        if command is not None:
            return tx("core.stale_button_command", command=command)
    if isinstance(error, VoteClosed):  # named, as a later round's refusal names it (QA qa9 §14)
        from views.election_text import election_title

        title = election_title(tx, error.election, error.year)
        return tx(error.key, title=title, **error.params)
    return tx(error.key, **error.params)


async def answer_button(update: Update, text: str | None = None) -> None:
    """Answer the pressed button (before editing anything): silently, or with a short notice.

    It only stops the button's spinner, and it comes after the action was stored: a failure
    (Telegram down, a query answered too late after an outage) is logged, and the caller goes
    on to show what was done.
    """
    query = update.callback_query
    if query is None:
        return
    try:
        if text is None:
            await query.answer()
        else:
            await _answer_query(query, text)
    except BadRequest as exc:  # before NetworkError: BadRequest is one in PTB 22
        if "query" not in exc.message.lower():
            raise
        log.warning("could not answer a button press: %s", exc)
    except (NetworkError, RetryAfter) as exc:
        log.warning("could not answer a button press: %s", exc)


async def show(
    update: Update, text: Html | str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """A button's outcome: answer the press, then replace the message with `text`.

    The press is answered silently: the edited message says it all, and the same long text
    again in a pop-up only read as a second, louder message (QA qa-regress2 #6)."""
    await answer_button(update)
    await edit_html(update, text, keyboard=keyboard)


async def settled(
    update: Update,
    context: BotContext,
    action: Awaitable[T],
    *,
    way_back: InlineKeyboardMarkup | None = None,
) -> T | None:
    """A confirmation's ✅: its outcome, or None when the state moved on since it was shown
    (a Conflict or NotFound): then the confirmation itself becomes the refusal, without its
    buttons, instead of a pop-up over buttons that still look live; `way_back`, when given,
    is the refusal's button to the screen as it is now (a reviewer's unit). A refusal of
    rights (NotAllowed) is not this: someone else pressed, and the confirmation stays for
    its admin."""
    try:
        outcome = await action
    except (Conflict, NotFound) as exc:
        if _screen_key(update) in _settled_screens(context):
            # a second ✅ on a screen this bot already turned into its outcome (a double tap,
            # two admins at once): the outcome stays for all to read, and the press hears that
            # it was done (not the refusal's reason, which would read as about the first)
            tx = await texts_for(update, context)
            await answer_button(update, plain_text(tx("core.pressed_done")))
        else:
            await _refused_screen(update, context, exc, way_back)
        return None
    if (screen := _screen_key(update)) is not None:
        _settled_screens(context)[screen] = True  # its outcome is about to replace it
    return outcome


async def closing(update: Update, context: BotContext, action: Awaitable[T]) -> T | None:
    """A press on a screen that holds only while the state does (a ballot: `Feature.closing`):
    its outcome, or None when the state moved on since it was shown (a Conflict or NotFound:
    the vote closed, the unit's ballot cast): then the pressed screen becomes the refusal,
    without its buttons, so that none of them can be pressed again. A refusal of the input
    (BadInput: one approval too many) or of rights (NotAllowed) leaves the screen as it is.

    The pressed screen is no longer one /cancel closes (`live_screens`): what the press shows
    next holds again if it has such buttons (a receipt or a refusal never does)."""
    query = update.callback_query
    screen = (query.message.chat.id, query.message.message_id) if query and query.message else None
    held = live_screens.release(context, *screen) if screen else None
    try:
        return await action
    except (Conflict, NotFound) as exc:
        await _refused_screen(update, context, exc)
        return None
    except BaseException:  # refused otherwise (BadInput…): the screen stays as it was
        if screen is not None and held is not None:
            live_screens.hold(context, *screen, held)
        raise


async def _refused_screen(
    update: Update,
    context: BotContext,
    refused: UserFacingError,
    keyboard: InlineKeyboardMarkup | None = None,
) -> None:
    """The pressed screen becomes the refusal's text, without its buttons (`keyboard`: the
    way back, when the caller gives one)."""
    await show(update, refusal_text(update, await texts_for(update, context), refused), keyboard)


def _settled_screens(context: BotContext) -> dict[tuple[int, int, str], bool]:
    """The ✅ (chat, message, button) carried out: their outcome is never overwritten by the
    same button's refusal (bounded, in memory: after a restart a late second press shows its
    refusal as before). A screen reused for another confirmation has another button."""
    screens: dict[tuple[int, int, str], bool] = context.services.cache.setdefault("settled", {})
    return screens


def _screen_key(update: Update) -> tuple[int, int, str] | None:
    query = update.callback_query
    if query is None or query.message is None:
        return None
    return (query.message.chat.id, query.message.message_id, query.data or "")


async def edit_html(
    update: Update,
    text: Html | str,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
    secret: bool = False,
) -> None:
    """Replace the text and buttons of the message whose button was pressed (`secret`: see
    `sending`)."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    text, how, bot = fit_any(text), sending(secret), query.get_bot()
    chat_id, message_id = query.message.chat.id, query.message.message_id
    try:  # the bot's method, not the query's: only it takes the rate limiter's arguments
        await bot.edit_message_text(
            text, chat_id=chat_id, message_id=message_id, reply_markup=keyboard, rate_limit_args=how
        )
    except Deferred:
        return
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
    except ChatMigrated as moved:  # the old group of a supergroup: the answer goes there
        await bot.send_message(moved.new_chat_id, text, reply_markup=keyboard, rate_limit_args=how)


async def show_stored(
    update: Update,
    context: BotContext,
    text: Html | str,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
) -> None:
    """The outcome of an action that is already stored: the pressed screen edited to `text`
    (a button), or a reply (a command).

    If Telegram fails at that moment (5xx, a time-out, a screen that can no longer be edited)
    the notifier takes the text over: the edit retried, or a new message if the screen cannot
    be edited, once. So a stored ✅ never leaves its screen asking for ✅ (pressing it again
    would say "out of date"), and nobody gets an apology for what did happen. A time-out whose
    edit went through makes the notifier's edit "not modified": still one confirmation.
    """
    query = update.callback_query
    try:
        if query is not None:
            await answer_button(update)
            await edit_html(update, text, keyboard=keyboard)
        else:
            await send_html(update, context, text, keyboard=keyboard)
        return
    except TelegramError as exc:
        log.warning("a stored action's outcome goes through the notifier: %s", exc)
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    if query is not None and query.message is not None:
        notice = screen_notice(update, f"stored:{query.data}", text)
    else:
        key = f"stored:reply:{chat.id}:{message.message_id}"
        notice = Outgoing(key, chat.id, str(text), message_thread_id=topic_of(update))
    await notices.queue_after(context.services, notice)


def screen_notice(update: Update, name: str, text: Html | str) -> Outgoing:
    """The pressed screen, edited to `text` by the notifier once the action is stored.

    Queued in the action's transaction (see bot/notifier.py), it reaches the person even if
    Telegram fails or the process dies right after the commit: retried on 5xx, sent as a new
    message (in the screen's forum topic) when the screen can no longer be edited, once.
    `name` names the stored action.
    """
    query = update.callback_query
    assert query is not None and query.message is not None
    chat_id, message_id = query.message.chat.id, query.message.message_id
    key = f"{name}:screen:{chat_id}:{message_id}"
    return Outgoing(key, chat_id, str(text), message_id, message_thread_id=topic_of(update))


async def _answer_query(query: CallbackQuery, text: str) -> None:
    plain = plain_text(text)
    await query.answer(plain[:200], show_alert=len(plain) > 60)

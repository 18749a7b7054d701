"""Rendering for every handler: the reader's language, replies, button answers, refusals.

Handlers call these instead of touching `update.message` directly, so that a missing message,
the language rule and the one place that turns a `UserFacingError` into text stay here.
"""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden

from bot.context import BotContext
from bot.errors import UserFacingError
from bot.i18n import Html, Texts, plain_text
from bot.usecases.users import language_of


async def lang_for(update: Update, context: BotContext) -> str:
    """Private chats: the user's language. Groups: the bloc's language, else the default."""
    services = context.services
    chat = update.effective_chat
    if chat is not None and chat.type != Chat.PRIVATE:
        bloc = await services.blocs.by_chat(chat.id)
        return bloc.language if bloc else services.settings.bot_language
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


async def send_html(
    update: Update,
    context: BotContext,
    text: Html | str,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
) -> Message | None:
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_message(chat.id, text, reply_markup=keyboard)


async def send_elsewhere(
    context: BotContext,
    chat_id: int,
    text: Html | str,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """A message to another chat than the update's (a user in private, a bloc's group).

    None when the bot cannot reach it: a user who never started or blocked the bot (403), a
    group the bot was removed from.
    """
    try:
        return await context.bot.send_message(chat_id, text, reply_markup=keyboard)
    except Forbidden:
        return None
    except BadRequest as exc:
        if "chat not found" not in exc.message.lower():
            raise
        return None


async def answer_refusal(update: Update, context: BotContext, error: UserFacingError) -> None:
    """Tell the user why nothing happened: as a button alert, or as a reply."""
    tx = await texts_for(update, context)
    text = tx(error.key, **error.params)
    query = update.callback_query
    if query is not None:
        await _answer_query(query, text)
        return
    await send_html(update, context, text)


async def answer_button(update: Update, text: str | None = None) -> None:
    """Answer the pressed button (before editing anything): silently, or with a short notice."""
    query = update.callback_query
    if query is None:
        return
    if text is None:
        await query.answer()
        return
    await _answer_query(query, text)


async def edit_html(
    update: Update, text: Html | str, *, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the text and buttons of the message whose button was pressed."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


async def _answer_query(query: CallbackQuery, text: str) -> None:
    plain = plain_text(text)
    await query.answer(plain[:200], show_alert=len(plain) > 60)

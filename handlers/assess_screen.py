"""The current /assess screen, shown by editing the pressed message or as a new one; and the
fresh view after a refused change. Shared by the typed, pressed and sent-file answers."""

from __future__ import annotations

from collections.abc import Awaitable

from telegram import Update

from bot.context import BotContext
from bot.errors import Conflict
from bot.usecases import assessment
from bot.usecases.assessment import Session
from handlers.reply import answer_button, answer_refusal, edit_html, send_html, texts_for
from views.assess import render


async def show(update: Update, context: BotContext, session: Session, page: int = 0) -> None:
    text, markup = render(await texts_for(update, context), session, page)
    if update.callback_query is not None:
        await answer_button(update)
        await edit_html(update, text, keyboard=markup)
    else:
        await send_html(update, context, text, keyboard=markup)


async def refresh(update: Update, context: BotContext, refused: Conflict) -> None:
    """What the user acted on changed since their screen was made: say so, then show the fresh
    view."""
    await answer_refusal(update, context, refused)
    session = await assessment.active(context.services, context.actor)
    if session is not None:
        text, markup = render(await texts_for(update, context), session)
        await send_html(update, context, text, keyboard=markup)


async def show_change(update: Update, context: BotContext, change: Awaitable[Session]) -> None:
    """Show the screen a change leads to; a change refused because the item changed after the
    user's screen was made shows the fresh view instead (other refusals go up as usual)."""
    try:
        session = await change
    except Conflict as refused:
        if refused.key != "assess.changed_meanwhile":
            raise
        await refresh(update, context, refused)
        return
    await show(update, context, session)

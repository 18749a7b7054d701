"""Private text and files go to the step of the flow the user is in, or get a hint.

Features declare their steps in `bot.registry.Flow` (keyed by flow name and step); the router
looks the active flow up in the database, so a restart loses nothing. What reaches no step is
answered by what the person is doing: a file, photo or sticker at a step that takes text is
told so, with the step's own request (`Flow.prompts`); with no flow under way, score lines are
pointed to /assess, and every paused flow is named with the command that carries it on (one
that no command carries on, with its button back: `Flow.back`).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, MessageHandler, filters

from bot.context import BotContext
from bot.domain.score_lines import looks_like_score_lines
from bot.usecases import flows
from handlers.chat_filters import PRIVATE
from handlers.reply import reply, send_html, texts_for
from storage.flows import FlowState
from views.flow_hints import render_no_flow, render_off_step


async def route_text(update: Update, context: BotContext) -> None:
    """Hand the text to the active flow's step."""
    await _route(update, context, documents=False)


async def route_document(update: Update, context: BotContext) -> None:
    """Hand an uncaptioned file to the active flow's step, if it takes files."""
    await _route(update, context, documents=True)


async def _route(update: Update, context: BotContext, *, documents: bool) -> None:
    user = update.effective_user
    assert user is not None
    state = await flows.current(context.services, user.id)
    registry = context.registry
    find = registry.document_step if documents else registry.text_step
    step = find(state.name, state.step) if state else None
    if step is not None:
        await step(update, context)
    elif not (documents and await _off_step(update, context, state)):
        await _no_flow(update, context, documents=documents)


async def _off_step(update: Update, context: BotContext, state: FlowState | None) -> bool:
    """A file, photo or sticker at a step of a known flow that takes text only: say so, with
    what the step asks. False when there is no such step (nothing said)."""
    registry = context.registry
    if state is None or state.name not in registry.flows:
        return False
    if registry.document_step(state.name, state.step) is not None:
        return False
    if registry.text_step(state.name, state.step) is None:
        return False
    message = update.effective_message
    caption = bool(message is not None and message.caption and message.caption.strip())
    prompt = registry.prompt(state.name, state.step)
    tx = await texts_for(update, context)
    await send_html(update, context, render_off_step(tx, state.name, prompt, caption=caption))
    return True


async def _no_flow(update: Update, context: BotContext, *, documents: bool) -> None:
    user, message = update.effective_user, update.effective_message
    assert user is not None
    text = "" if documents or message is None else message.text or ""
    registry, services = context.registry, context.services
    tx = await texts_for(update, context)
    paused, back = [], None
    for state in await flows.paused(services, user.id):
        if command := await registry.resume_command(services, state):
            paused.append((state.name, command))
        elif back is None and (way := await registry.way_back(services, state, tx)):
            back = (state.name, way)
    hint = render_no_flow(
        tx, documents=documents, score_lines=looks_like_score_lines(text), paused=paused, back=back
    )
    await send_html(update, context, hint.text, keyboard=hint.keyboard)


async def photo_off_step(update: Update, context: BotContext) -> None:
    """A photo at a step that takes text only is answered here, before any feature's photo
    handler (which would take it for evidence or say only what the bot reads)."""
    user = update.effective_user
    assert user is not None
    if await _off_step(update, context, await flows.current(context.services, user.id)):
        raise ApplicationHandlerStop


async def unsupported(update: Update, context: BotContext) -> None:
    """Stickers, voice…: at a step that takes text, that step's hint; else what the bot reads."""
    user = update.effective_user
    assert user is not None
    if not await _off_step(update, context, await flows.current(context.services, user.id)):
        await reply(update, context, "core.unsupported_message")


#: The group of `photo_off_step`: after the gate (-10), before every feature's handlers (0).
BEFORE_FEATURES = -1


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(MessageHandler(PRIVATE & filters.PHOTO, photo_off_step), BEFORE_FEATURES)
    app.add_handler(MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, route_text))
    app.add_handler(MessageHandler(PRIVATE & filters.Document.ALL, route_document))
    app.add_handler(
        MessageHandler(PRIVATE & ~filters.COMMAND & ~filters.StatusUpdate.ALL, unsupported)
    )

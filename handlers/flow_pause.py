"""A flow opened over another: the person hears which one was paused and how to carry it on.

Why here, around every private command and button press, and not in each feature: a person has
one active flow (`storage/flows.py` keeps every flow's draft, one row per flow, and marks one
active), so opening /pledge during /assess pauses the assessment without a word from either
feature. Nothing is lost (the paused draft stays), but the person must know it is waiting.
Only this layer sees the flow before and after the action. The notice comes before the new
flow's first message (its form stays the last message, what the person answers), through
`context.before_reply`, which `handlers.reply.send_html` says first; an action that only edits
its screen hears it after. A paused draft that can no longer be carried on is not told of
(`flows.paused_since`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Chat, Update

from bot.context import BotContext
from bot.i18n import Texts
from bot.registry import Screen
from bot.usecases import flows
from handlers.reply import send_html, texts_for
from storage.flows import FlowState
from views.flow_hints import render_carry_on

Run = Callable[[], Awaitable[object]]


async def noting_pause(update: Update, context: BotContext, run: Run) -> None:
    """Run a private command or press; if it opened a flow over one under way, say so: before
    the first new message the action sends (the form of the flow it opened), else after it."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != Chat.PRIVATE:
        await run()
        return
    before = await flows.current(context.services, user.id)
    if before is None:
        await run()
        return
    told = False

    async def tell() -> None:
        nonlocal told
        if told:
            return
        left = await flows.paused_since(context.services, user.id, before)
        if left is None:
            return  # not yet (the flow may be opened after a first message) or not at all
        told = True
        context.before_reply = None
        tx = await texts_for(update, context)
        name = tx(f"flows.name_{left.name}")
        said = await way_on(context, tx, "flows.paused_by", left, flow=name)
        await send_html(update, context, said.text, keyboard=said.keyboard)

    context.before_reply = tell
    try:
        await run()
    finally:
        context.before_reply = None
    await tell()


async def way_on(
    context: BotContext, tx: Texts, key: str, state: FlowState, **params: object
) -> Screen:
    """How the paused draft `state` is carried on, in the words of `key` (here, /cancel's and
    /start's): the command that resumes it (the registry's answer, not the flow's name:
    `review_answer` is no command; with the round when plain `/assess` opens another), else
    the button back its flow offers (`Flow.back`), else the button that opened it."""
    services, registry = context.services, context.registry
    command = await registry.resume_command(services, state)
    back = None if command else await registry.way_back(services, state, tx)
    return render_carry_on(tx, key, state.name, command, back, **params)

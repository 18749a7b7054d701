"""/pledge in a private chat: pick the unit, toggle titles, write commitments, review, ✅.

One message carries the screen of the current step and is edited as the delegate presses
buttons; each message of commitments is stored as it arrives and answered with the count.
Every press re-checks that the user still acts for the unit and that the pledge is editable.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.callback_data import Where
from bot.context import BotContext
from bot.domain.pledge import COMMITMENTS_MAX_CHARS
from bot.registry import Command, Feature, Flow
from bot.usecases import pledge
from bot.usecases.pledge import PledgeFlow, Session, Step
from handlers.reply import answer_button, edit_html, send_elsewhere, send_html, show, texts_for
from handlers.unit_picker import choose_unit
from views.keyboards import keyboard
from views.pledge import (
    ClearCommitments,
    GoToStep,
    LeavePledge,
    OpenPledge,
    RegisterPledge,
    ToggleTitle,
    commit_row,
    render,
)

log = logging.getLogger(__name__)


async def _show(update: Update, context: BotContext, unit_id: int) -> None:
    session = await pledge.enter(context.services, context.actor, unit_id)
    await _screen(update, context, session)


async def _screen(update: Update, context: BotContext, session: Session) -> None:
    text, markup = render(await texts_for(update, context), session)
    if update.callback_query is not None:
        await answer_button(update)
        await edit_html(update, text, keyboard=markup)
    else:
        await send_html(update, context, text, keyboard=markup)


async def pledge_command(update: Update, context: BotContext) -> None:
    """Open the pledge of the user's unit (asking which one when there are several)."""
    unit_id = await choose_unit(update, context, OpenPledge)
    if unit_id is not None:
        await _show(update, context, unit_id)


async def commitments_text(update: Update, context: BotContext) -> None:
    """A message of commitments: stored at once, answered with the running count."""
    message = update.effective_message
    assert message is not None
    session = await pledge.add_text(context.services, context.actor, message.text or "")
    tx = await texts_for(update, context)
    count = len(session.draft.commitments)
    text = tx("pledge.text_saved", count=count, max=COMMITMENTS_MAX_CHARS)
    await send_html(update, context, text, keyboard=keyboard([commit_row(tx, session)]))


async def _opened(update: Update, context: BotContext, pressed: OpenPledge) -> None:
    await _show(update, context, pressed.unit_id)


async def _toggled(update: Update, context: BotContext, pressed: ToggleTitle) -> None:
    actor = context.actor
    session = await pledge.toggle(context.services, actor, pressed.unit_id, pressed.title_id)
    await _screen(update, context, session)


async def _went(update: Update, context: BotContext, pressed: GoToStep) -> None:
    session = await pledge.go(context.services, context.actor, pressed.unit_id, pressed.step)
    await _screen(update, context, session)


async def _cleared(update: Update, context: BotContext, pressed: ClearCommitments) -> None:
    session = await pledge.clear_text(context.services, context.actor, pressed.unit_id)
    await _screen(update, context, session)


async def _left(update: Update, context: BotContext, pressed: LeavePledge) -> None:
    await pledge.leave(context.services, context.actor, pressed.unit_id)
    tx = await texts_for(update, context)
    await show(update, tx("pledge.left"))


async def _register(update: Update, context: BotContext, pressed: RegisterPledge) -> None:
    """✅: store the pledge shown; the group hears of a unit's first registration.

    Once stored, Telegram failing (a 5xx on the edit) must not hide it: the confirmation then
    comes as a new message, and the group still hears of it.
    """
    actor = context.actor
    done = await pledge.register(context.services, actor, pressed.unit_id)
    tx = await texts_for(update, context)
    membership = done.session.membership
    bloc = membership.bloc
    await answer_button(update)
    deadline = done.session.deadline
    key = "pledge.registered" if deadline else "pledge.registered_no_deadline"
    when_text = tx.when(deadline, bloc.timezone) if deadline else ""
    text = tx(key, code=membership.unit.code, when=when_text)
    try:
        await edit_html(update, text)
    except TelegramError as exc:
        log.warning("could not edit the review of a registered pledge: %s", exc)
        await send_elsewhere(context, actor.user_id, text)
    if done.first:
        group_tx = context.services.catalog.for_lang(bloc.language)
        line = group_tx(
            "pledge.group_registered", code=membership.unit.code, count=done.count, total=done.total
        )
        if await send_elsewhere(context, bloc.chat_id, line) is None:
            log.warning("could not tell bloc %s of a registration", bloc.id)


def feature() -> Feature:
    return Feature(
        "pledge",
        commands=[Command("pledge", pledge_command, Where.PRIVATE)],
        buttons={
            OpenPledge: _opened,
            ToggleTitle: _toggled,
            GoToStep: _went,
            ClearCommitments: _cleared,
            RegisterPledge: _register,
            LeavePledge: _left,
        },
        flows=[
            Flow(
                pledge.FLOW,
                PledgeFlow,
                text={step: commitments_text for step in Step},
            )
        ],
    )

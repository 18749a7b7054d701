"""/pledge in a private chat: pick the unit, toggle titles, write commitments, review, ✅.

One message carries the screen of the current step and is edited as the delegate presses
buttons; each message of commitments is stored as it arrives and answered with the count (text
typed at another step is not kept: the step's screen comes again, saying what it expects).
Every press re-checks that the user still acts for the unit and that the pledge is editable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import InlineKeyboardMarkup, Update

from bot.callback_data import Where
from bot.context import BotContext
from bot.domain.calendar import Phase
from bot.domain.pledge import COMMITMENTS_MAX_CHARS
from bot.errors import Conflict
from bot.i18n import Count, Texts
from bot.registry import Command, Feature, Flow
from bot.usecases import pledge
from bot.usecases.pledge import COMMITMENTS, PledgeFlow, Session, Step
from handlers.delivery import stored_step
from handlers.reply import answer_button, edit_html, screen_notice, send_html, show, texts_for
from handlers.unit_picker import choose_unit
from storage.outbox import Outgoing
from views.fit import fit_lines
from views.keyboards import keyboard
from views.pledge import (
    AskRestart,
    ClearCommitments,
    ConfirmClear,
    ConfirmRestart,
    GoToStep,
    KeepCommitments,
    LeavePledge,
    OpenPledge,
    RegisterPledge,
    ToggleTitle,
    commit_row,
    render,
    render_clear,
    render_restart,
)

log = logging.getLogger(__name__)

Question = Callable[[Texts, Session], tuple[str, InlineKeyboardMarkup | None]]


async def _show(update: Update, context: BotContext, unit_id: int) -> None:
    session = await pledge.enter(context.services, context.actor, unit_id, opening=True)
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
    tx = await texts_for(update, context)
    async with stored_step(update, context, "pledge:text") as answer:
        session = await pledge.add_text(context.services, context.actor, message.text or "")
        count = len(session.draft.commitments)
        text = tx("pledge.text_saved", count=Count(count), max=Count(COMMITMENTS_MAX_CHARS))
        await answer.queue(text, keyboard([commit_row(tx, session)]))


async def typed_off_step(update: Update, context: BotContext) -> None:
    """Text at step 1 or at the review: not commitments, nothing kept. The step's screen comes
    again under what it expects (choose titles and press Next; ✏️ or ✅), so its buttons are at
    hand below the message."""
    session = await pledge.typing_to(context.services, context.actor)
    if session.step == COMMITMENTS:  # the flow moved on meanwhile: the text is commitments
        await commitments_text(update, context)
        return
    tx = await texts_for(update, context)
    text, markup = render(tx, session)
    said = tx(pledge.TYPED_AT[session.step])
    await send_html(update, context, fit_lines(tx, [said, "", text]), keyboard=markup)


async def _opened(update: Update, context: BotContext, pressed: OpenPledge) -> None:
    await _show(update, context, pressed.unit_id)


async def _toggled(update: Update, context: BotContext, pressed: ToggleTitle) -> None:
    actor = context.actor
    try:
        session = await pledge.toggle(context.services, actor, pressed.unit_id, pressed.title_id)
    except Conflict as exc:
        await _refreshed(update, context, pressed.unit_id, exc)
        return
    await _screen(update, context, session)


#: Refusals of a press on an out-of-date pledge screen that the fresh screen answers better.
REFRESHED = frozenset({"pledge.title_gone", "pledge.titles_removed", "pledge.review_again"})


async def _refreshed(update: Update, context: BotContext, unit_id: int, exc: Conflict) -> None:
    """The screen as it is now, in place of the out-of-date one, saying what changed (never a
    refusal that points to a button the screen does not have)."""
    if exc.key not in REFRESHED:
        raise exc
    tx = await texts_for(update, context)
    session = await pledge.enter(context.services, context.actor, unit_id)
    text, markup = render(tx, session)
    said = tx(exc.key, **exc.params)
    await show(update, fit_lines(tx, [said, "", text]), keyboard=markup)


async def _went(update: Update, context: BotContext, pressed: GoToStep) -> None:
    """Another step, in place of the pressed screen; pressed on an answer older than the
    latest line's (a line typed and an older Review 👀 pressed together, as after a restart),
    as a new message, so the newest message in the chat is the step the flow is at."""
    session = await pledge.go(context.services, context.actor, pressed.unit_id, pressed.step)
    if pressed.parts and pressed.parts < len(session.draft.parts):
        await answer_button(update)
        text, markup = render(await texts_for(update, context), session)
        await send_html(update, context, text, keyboard=markup)
        return
    await _screen(update, context, session)


async def _ask_clear(update: Update, context: BotContext, pressed: ClearCommitments) -> None:
    """🗑: confirm before the text goes (nothing to ask when there is none)."""
    session = await pledge.go(context.services, context.actor, pressed.unit_id, COMMITMENTS)
    await _ask_first(update, context, session, bool(session.draft.commitments), render_clear)


async def _ask_first(
    update: Update, context: BotContext, session: Session, ask: bool, question: Question
) -> None:
    """A question before something typed goes; with nothing to ask, the screen as it is."""
    if not ask:
        await _screen(update, context, session)
        return
    await show(update, *question(await texts_for(update, context), session))


async def _cleared(update: Update, context: BotContext, pressed: ConfirmClear) -> None:
    session = await pledge.clear_text(context.services, context.actor, pressed.unit_id)
    await _screen(update, context, session)


async def _kept_text(update: Update, context: BotContext, pressed: KeepCommitments) -> None:
    session = await pledge.go(context.services, context.actor, pressed.unit_id, COMMITMENTS)
    await _screen(update, context, session)


async def _ask_restart(update: Update, context: BotContext, pressed: AskRestart) -> None:
    """↩️: confirm before the person's draft gives way to the registered pledge."""
    session = await pledge.editing(context.services, context.actor, pressed.unit_id)
    await _ask_first(update, context, session, session.own_draft, render_restart)


async def _restarted(update: Update, context: BotContext, pressed: ConfirmRestart) -> None:
    session = await pledge.restart(context.services, context.actor, pressed.unit_id)
    await _screen(update, context, session)


async def _left(update: Update, context: BotContext, pressed: LeavePledge) -> None:
    session = await pledge.leave(context.services, context.actor, pressed.unit_id)
    tx = await texts_for(update, context)
    registered = session.registered
    if registered is None:
        await show(update, tx("pledge.left"))
        return
    when = tx.when(registered.updated_at, session.membership.bloc.timezone)
    await show(update, tx("pledge.left_registered", when=when))


async def _register(update: Update, context: BotContext, pressed: RegisterPledge) -> None:
    """✅: store the pledge shown; the group hears of a unit's first registration.

    The confirmation (this screen, edited) and the group's line are queued with the pledge and
    sent by the notifier: a crash after the commit or Telegram failing cannot hide the pledge,
    and the person hears of it once (a new message if the screen can no longer be edited).
    """
    tx = await texts_for(update, context)

    def notices(done: pledge.Registered) -> list[Outgoing]:
        membership = done.session.membership
        bloc = membership.bloc
        deadline = done.session.deadline
        key = "pledge.registered" if deadline else "pledge.registered_no_deadline"
        if done.locked:  # registered after the deadline, on a reopening: locked again
            key = "pledge.registered_locked"
        when_text = tx.when(deadline, bloc.timezone) if deadline else ""
        text = tx(key, code=membership.unit.code, when=when_text)
        name = f"pledge:{done.pledge.id}"
        out = [screen_notice(update, f"{name}:r{done.pledge.revision}", text)]
        if done.first:
            group_tx = context.services.catalog.for_lang(bloc.language)
            line = group_tx(
                "pledge.group_registered",
                code=membership.unit.code,
                count=done.count,
                total=done.total,
            )
            out.append(Outgoing(f"{name}:group", bloc.chat_id, line))
        return out

    try:
        await pledge.register(context.services, context.actor, pressed.unit_id, notices)
    except Conflict as exc:
        await _refreshed(update, context, pressed.unit_id, exc)
        return
    await answer_button(update)


def feature() -> Feature:
    return Feature(
        "pledge",
        commands=[Command("pledge", pledge_command, Where.PRIVATE)],
        buttons={
            OpenPledge: _opened,
            ToggleTitle: _toggled,
            GoToStep: _went,
            ClearCommitments: _ask_clear,
            ConfirmClear: _cleared,
            KeepCommitments: _kept_text,
            AskRestart: _ask_restart,
            ConfirmRestart: _restarted,
            RegisterPledge: _register,
            LeavePledge: _left,
        },
        flows=[
            Flow(
                pledge.FLOW,
                PledgeFlow,
                text={
                    Step.TITLES: typed_off_step,
                    Step.COMMITMENTS: commitments_text,
                    Step.REVIEW: typed_off_step,
                },
                prompts={
                    Step.TITLES: "pledge.step_titles",
                    Step.COMMITMENTS: "pledge.expects_commitments",
                    Step.REVIEW: "pledge.expects_review",
                },
                # after the deadline a draft is no work to carry on, but an admin may reopen
                alive=pledge.still_open,
                reopens=True,
            )
        ],
        opens={Phase.PLEDGE: OpenPledge},  # the button of a pledge reminder
    )

"""/pledge in a private chat: pick the unit, toggle titles, write commitments, review, ✅.

One message carries the screen of the current step and is edited as the delegate presses
buttons; each message of commitments is stored as it arrives and answered with the count.
Every press re-checks that the user still acts for the unit and that the pledge is editable.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.callback_data import Where, button
from bot.context import BotContext
from bot.domain.pledge import COMMITMENTS_MAX_CHARS
from bot.i18n import Texts
from bot.registry import Command, Feature, Flow
from bot.usecases import pledge
from bot.usecases.pledge import COMMITMENTS, REVIEW, TITLES, PledgeFlow, Session, Step
from handlers.keyboards import Btn, confirm_row, keyboard
from handlers.pledge_text import join, pledge_lines, registered_lines
from handlers.reply import answer_button, edit_html, send_elsewhere, send_html, texts_for
from handlers.unit_picker import choose_unit

log = logging.getLogger(__name__)

KIND = "pledge"


@button(KIND, "unit", Where.PRIVATE)
class OpenPledge:
    """The unit picked (a delegate of several units): open its pledge."""

    unit_id: int


@button(KIND, "t", Where.PRIVATE)
class ToggleTitle:
    unit_id: int
    title_id: int


@button(KIND, "go", Where.PRIVATE)
class GoToStep:
    unit_id: int
    step: Step


@button(KIND, "clear", Where.PRIVATE)
class ClearCommitments:
    unit_id: int


@button(KIND, "ok", Where.PRIVATE)
class RegisterPledge:
    """✅ on the review: store exactly what it shows."""

    unit_id: int


@button(KIND, "no", Where.PRIVATE)
class LeavePledge:
    """✖️ on the review: nothing is registered, the draft is kept."""

    unit_id: int


def _header(tx: Texts, s: Session) -> list[str]:
    lines = [tx("pledge.header", year=s.year.year, code=s.unit.code, name=s.unit.name)]
    if s.deadline is not None:
        lines.append(tx("pledge.deadline", when=tx.when(s.deadline, s.membership.bloc.timezone)))
    if s.registered is not None:
        lines.append(
            tx("pledge.editing", when=tx.when(s.registered.updated_at, s.membership.bloc.timezone))
        )
    return [*lines, ""]


def _commit_row(tx: Texts, s: Session) -> list[Btn]:
    unit = s.unit.id
    return [
        Btn(tx("pledge.btn_titles"), GoToStep(unit, TITLES)),
        Btn(tx("pledge.btn_clear"), ClearCommitments(unit)),
        Btn(tx("pledge.btn_review"), GoToStep(unit, REVIEW)),
    ]


def render(tx: Texts, s: Session) -> tuple[str, InlineKeyboardMarkup | None]:
    """The screen of the session's step (or the read-only pledge after the deadline)."""
    unit = s.unit.id
    if not s.editable:
        titles = {t.id: t for t in s.titles}
        body = registered_lines(
            tx, s.membership.bloc, s.unit, s.year.year, s.registered, titles, commitments=True
        )
        when_text = tx.when(s.deadline, s.membership.bloc.timezone) if s.deadline else ""
        return join([tx("pledge.read_only", when=when_text), "", *body]), None
    if s.step == TITLES:
        chosen = set(s.draft.titles)
        rows = [
            [Btn(("☑️ " if t.id in chosen else "⬜ ") + t.name, ToggleTitle(unit, t.id))]
            for t in s.titles
        ]
        rows.append([Btn(tx("pledge.btn_next"), GoToStep(unit, COMMITMENTS))])
        return join([*_header(tx, s), tx("pledge.step_titles")]), keyboard(rows)
    if s.step == COMMITMENTS:
        count = len(s.draft.commitments)
        text = tx("pledge.step_commitments", count=count, max=COMMITMENTS_MAX_CHARS)
        return join([*_header(tx, s), text]), keyboard([_commit_row(tx, s)])
    names = [t.name for t in s.chosen]
    body = pledge_lines(tx, s.unit, s.year.year, names, s.draft.commitments)
    rows = [
        confirm_row(
            tx("pledge.btn_register"),
            RegisterPledge(unit),
            tx("pledge.btn_cancel"),
            LeavePledge(unit),
        ),
        [
            Btn(tx("pledge.btn_titles"), GoToStep(unit, TITLES)),
            Btn(tx("pledge.btn_commitments"), GoToStep(unit, COMMITMENTS)),
        ],
    ]
    return join([tx("pledge.step_review"), "", *body]), keyboard(rows)


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
    await send_html(update, context, text, keyboard=keyboard([_commit_row(tx, session)]))


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
    await answer_button(update)
    await edit_html(update, tx("pledge.left"))


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

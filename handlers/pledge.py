"""/pledge in a private chat: pick the unit, toggle titles, write commitments, review, ✅.

One message carries the screen of the current step and is edited as the delegate presses
buttons; each message of commitments is stored as it arrives and answered with the count.
Every press re-checks that the user still acts for the unit and that the pledge is editable.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import callback_data
from bot.context import BotContext
from bot.domain.bloc import Membership
from bot.domain.pledge import COMMITMENTS_MAX_CHARS
from bot.errors import NotFound
from bot.i18n import Texts
from bot.usecases import pledge
from bot.usecases.pledge import COMMITMENTS, REVIEW, TITLES, Session
from handlers import flow_router
from handlers.calendar_text import when
from handlers.chat_filters import PRIVATE
from handlers.keyboards import Btn, confirm_row, keyboard
from handlers.pledge_text import join, pledge_lines, registered_lines
from handlers.presses import pressed_data
from handlers.reply import answer_button, edit_html, screen_notice, send_html, texts_for
from handlers.unit_picker import choose_membership, picked_membership
from storage.outbox import Outgoing

log = logging.getLogger(__name__)

KIND = "pledge"


def _header(tx: Texts, s: Session) -> list[str]:
    lines = [tx("pledge.header", year=s.year.year, code=s.unit.code, name=s.unit.name)]
    if s.deadline is not None:
        lines.append(tx("pledge.deadline", when=when(tx, s.deadline, s.membership.bloc)))
    if s.registered is not None:
        lines.append(
            tx("pledge.editing", when=when(tx, s.registered.updated_at, s.membership.bloc))
        )
    return [*lines, ""]


def _commit_row(tx: Texts, s: Session) -> list[Btn]:
    unit = s.unit.id
    return [
        Btn(tx("pledge.btn_titles"), (KIND, "go", unit, TITLES)),
        Btn(tx("pledge.btn_clear"), (KIND, "clear", unit)),
        Btn(tx("pledge.btn_review"), (KIND, "go", unit, REVIEW)),
    ]


def render(tx: Texts, s: Session) -> tuple[str, InlineKeyboardMarkup | None]:
    """The screen of the session's step (or the read-only pledge after the deadline)."""
    unit = s.unit.id
    if not s.editable:
        titles = {t.id: t for t in s.titles}
        body = registered_lines(
            tx, s.membership.bloc, s.unit, s.year.year, s.registered, titles, commitments=True
        )
        when_text = when(tx, s.deadline, s.membership.bloc) if s.deadline else ""
        return join([tx("pledge.read_only", when=when_text), "", *body]), None
    if s.step == TITLES:
        chosen = set(s.draft.titles)
        rows = [
            [Btn(("☑️ " if t.id in chosen else "⬜ ") + t.name, (KIND, "t", unit, t.id))]
            for t in s.titles
        ]
        rows.append([Btn(tx("pledge.btn_next"), (KIND, "go", unit, COMMITMENTS))])
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
            (KIND, "ok", unit),
            tx("pledge.btn_cancel"),
            (KIND, "no", unit),
        ),
        [
            Btn(tx("pledge.btn_titles"), (KIND, "go", unit, TITLES)),
            Btn(tx("pledge.btn_commitments"), (KIND, "go", unit, COMMITMENTS)),
        ],
    ]
    return join([tx("pledge.step_review"), "", *body]), keyboard(rows)


async def _show(update: Update, context: BotContext, membership: Membership) -> None:
    user = update.effective_user
    assert user is not None
    session = await pledge.enter(context.services, user.id, membership)
    text, markup = render(await texts_for(update, context), session)
    if update.callback_query is not None:
        await answer_button(update)
        await edit_html(update, text, keyboard=markup)
    else:
        await send_html(update, context, text, keyboard=markup)


async def pledge_command(update: Update, context: BotContext) -> None:
    """Open the pledge of the user's unit (asking which one when there are several)."""
    membership = await choose_membership(update, context, KIND)
    if membership is not None:
        await _show(update, context, membership)


async def commitments_text(update: Update, context: BotContext) -> None:
    """A message of commitments: stored at once, answered with the running count."""
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    session = await pledge.add_text(context.services, user.id, message.text or "")
    tx = await texts_for(update, context)
    count = len(session.draft.commitments)
    text = tx("pledge.text_saved", count=count, max=COMMITMENTS_MAX_CHARS)
    await send_html(update, context, text, keyboard=keyboard([_commit_row(tx, session)]))


async def pressed(update: Update, context: BotContext) -> None:
    """A button of the pledge screen; each re-checks the unit, the flow and the deadline."""
    user = update.effective_user
    assert user is not None
    data = pressed_data(update)
    services = context.services
    membership = await picked_membership(context, user.id, data.int_arg(0))
    if data.action == "unit":
        await _show(update, context, membership)
        return
    tx = await texts_for(update, context)
    if data.action == "ok":
        await _register(update, context, tx, membership)
        return
    if data.action == "no":
        await pledge.leave(services, user.id, membership)
        await answer_button(update)
        await edit_html(update, tx("pledge.left"))
        return
    if data.action == "t":
        session = await pledge.toggle(services, user.id, membership, data.int_arg(1))
    elif data.action == "go":
        session = await pledge.go(services, user.id, membership, data.arg(1) or "")
    elif data.action == "clear":
        session = await pledge.clear_text(services, user.id, membership)
    else:
        raise NotFound("core.stale_button")
    text, markup = render(tx, session)
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


async def _register(update: Update, context: BotContext, tx: Texts, membership: Membership) -> None:
    """✅: store the pledge shown; the group hears of a unit's first registration.

    The confirmation (this screen, edited) and the group's line are queued with the pledge and
    sent by the notifier: a crash after the commit or Telegram failing cannot hide the pledge,
    and the person hears of it once (a new message if the screen can no longer be edited).
    """
    user = update.effective_user
    assert user is not None
    bloc = membership.bloc
    group_tx = context.services.catalog.for_lang(bloc.language)

    def notices(done: pledge.Registered) -> list[Outgoing]:
        deadline = done.session.deadline
        key = "pledge.registered" if deadline else "pledge.registered_no_deadline"
        when_text = when(tx, deadline, bloc) if deadline else ""
        text = tx(key, code=membership.unit.code, when=when_text)
        name = f"pledge:{done.pledge.id}"
        out = [screen_notice(update, f"{name}:r{done.pledge.revision}", text)]
        if done.first:
            line = group_tx(
                "pledge.group_registered",
                code=membership.unit.code,
                count=done.count,
                total=done.total,
            )
            out.append(Outgoing(f"{name}:group", bloc.chat_id, line))
        return out

    await pledge.register(context.services, user.id, membership, notices)
    await answer_button(update)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("pledge", pledge_command, filters=PRIVATE))
    app.add_handler(CallbackQueryHandler(pressed, pattern=callback_data.pattern(KIND)))
    flow_router.on_text(app, pledge.FLOW, commitments_text)

"""/join: a member picks a unit; the bloc admins approve ✅ or refuse ✖️ in the group.

The member is told the outcome in private. Someone who never started the bot cannot be written
to (Telegram answers 403), so the request says so in the group, with a button to open the chat.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.domain.bloc import Unit
from bot.errors import Conflict
from bot.i18n import Html, Texts
from bot.registry import Command, Feature
from bot.usecases import delegates
from handlers.reply import (
    reply,
    send_elsewhere,
    send_html,
    show,
    show_stored,
    texts_for,
    texts_for_user,
)
from views.join import Approve, AskToJoin, JoinPage, Refuse, render_pick
from views.keyboards import (
    confirm_row,
    keyboard,
    open_private,
)

log = logging.getLogger(__name__)


def _who(tx: Texts, name: str, others: list[Unit]) -> Html | str:
    """The person as the admins read them: with the units of the bloc they act for already."""
    if not others:
        return name
    return tx("join.who_acting", name=name, codes=", ".join(u.code for u in others))


async def join(update: Update, context: BotContext) -> None:
    """Show the bloc's units as buttons."""
    actor = context.actor
    found = await delegates.picker(context.services, actor)
    if not found.units:
        await reply(update, context, "units.list_empty")
        return
    tx = await texts_for(update, context)
    text, markup = render_pick(tx, found, 0, actor.user_id, actor.full_name)
    await send_html(update, context, text, keyboard=markup)


async def _page(update: Update, context: BotContext, pressed: JoinPage) -> None:
    actor = context.actor
    found = await delegates.picker(context.services, actor, pressed.asker)
    tx = await texts_for(update, context)
    await show(update, *render_pick(tx, found, pressed.page, actor.user_id, actor.full_name))


async def _ask(update: Update, context: BotContext, pressed: AskToJoin) -> None:
    services, actor = context.services, context.actor
    tx = await texts_for(update, context)
    try:
        ask = await delegates.request_join(services, actor, pressed.unit_id, pressed.asker)
    except Conflict as exc:  # already a delegate, or asked already: the picker says so, closed
        said = tx(exc.key, **exc.params)
        await show(update, tx("join.pick_closed", name=actor.full_name, reason=said))
        return
    code, request_id = ask.unit.code, ask.request.id
    rows = [
        confirm_row(
            tx("join.btn_approve"),
            Approve(request_id),
            tx("join.btn_refuse"),
            Refuse(request_id),
        )
    ]
    who = _who(tx, actor.full_name, ask.others)
    lines = [tx("join.request", name=who, code=code, unit=ask.unit.name)]
    if not ask.reachable:
        lines.append(tx("join.start_first", name=actor.full_name))
        rows.append([open_private(tx, context.bot.username)])
    try:
        sent = await send_html(update, context, "\n".join(lines), keyboard=keyboard(rows))
    except TelegramError:
        await delegates.withdraw_join(services, actor, ask.request)  # no admin saw it
        raise
    if sent is not None:  # None: deferred by the rate limiter (a press re-checks anyway)
        await delegates.shown(services, ask.request, sent.message_id)
    await show(update, tx("join.requested", code=code))  # the picker goes away once used


async def _decide(update: Update, context: BotContext, request_id: int, approve: bool) -> None:
    services, actor = context.services, context.actor
    decision = await delegates.decide_join(services, actor, request_id, approve=approve)
    tx = await texts_for(update, context)
    person, unit, bloc = decision.person, decision.unit, decision.bloc
    if decision.already:  # joined by a link meanwhile: nothing to tell the group or the person
        await show(update, tx("join.nothing_to_decide", name=person.display_name, code=unit.code))
        return
    private = await texts_for_user(context, person.id, person.telegram_language)
    outcome = "approved" if approve else "refused"
    told = await send_elsewhere(
        context,
        person.id,
        private(f"join.{outcome}_private", code=unit.code, unit=unit.name, bloc=bloc.name),
    )
    if approve:
        who = _who(tx, person.display_name, decision.others)
        lines = [tx("join.approved", name=who, code=unit.code, admin=actor.full_name)]
        if told is None:
            lines.append(tx("join.not_reached", name=person.display_name))
    else:  # the group is not told who was refused, nor by whom (the person hears privately)
        log.info("join request %s refused by user %s", request_id, actor.user_id)
        lines = [tx("join.refused", code=unit.code)]
        if told is None:
            lines.append(tx("join.not_reached_refused"))
    await show_stored(update, context, "\n".join(lines))


async def _approve(update: Update, context: BotContext, pressed: Approve) -> None:
    await _decide(update, context, pressed.request_id, approve=True)


async def _refuse(update: Update, context: BotContext, pressed: Refuse) -> None:
    await _decide(update, context, pressed.request_id, approve=False)


def feature() -> Feature:
    return Feature(
        "join",
        commands=[Command("join", join)],
        buttons={JoinPage: _page, AskToJoin: _ask, Approve: _approve, Refuse: _refuse},
    )

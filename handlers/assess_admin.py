"""Assessments seen from the group and by admins: the round's part of `/status`, a unit's
submitted assessment read in private, and reopening a locked unit with a reason.

The group sees each unit's state and, once submitted, its total; never a draft's scores. 🔍 a
unit sends its submitted assessment privately to an admin of the bloc (or the unit's own
delegate). 🔓 asks the admin for the reason, shows it for ✅, then tells the unit's delegates.
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.actor import Actor
from bot.context import BotContext
from bot.domain.assessment import Round
from bot.domain.bloc import Bloc, Unit
from bot.domain.nudge_times import ChangedUnit
from bot.domain.year import Year
from bot.errors import Conflict, NotAllowed
from bot.i18n import Texts
from bot.registry import Flow, Screen
from bot.services import Services
from bot.usecases import assessment_admin as admin
from bot.usecases import notices
from bot.usecases.assessment_admin import ScaleHook
from handlers.reply import (
    answer_button,
    edit_html,
    send_elsewhere,
    send_html,
    show,
    show_stored,
    tell_each,
    texts_for,
    texts_for_user,
)
from views.assess_buttons import AskReopen, KeepLocked, Reopen, RoundPage, SeeUnit
from views.assess_round import render_round, render_unit
from views.keyboards import confirm_keyboard

__all__ = ["ScaleHook"]


async def _status(
    services: Services, actor: Actor, bloc: Bloc, year: Year, tx: Texts, round_: Round
) -> Screen:
    view = await admin.round_view(services, actor, bloc, year, round_)
    return Screen(*render_round(tx, bloc, view, 0))


async def status_midyear(
    services: Services, actor: Actor, bloc: Bloc, year: Year, tx: Texts
) -> Screen:
    """/status during the mid-year round (`/status midyear 2026`: that year's round)."""
    return await _status(services, actor, bloc, year, tx, Round.MIDYEAR)


async def status_yearend(
    services: Services, actor: Actor, bloc: Bloc, year: Year, tx: Texts
) -> Screen:
    """/status during the year-end round (`/status yearend 2026`: that year's round)."""
    return await _status(services, actor, bloc, year, tx, Round.YEAREND)


async def pending_midyear(services: Services, bloc: Bloc, year: Year) -> list[Unit]:
    return await admin.pending_units(services, bloc, year, Round.MIDYEAR)


async def pending_yearend(services: Services, bloc: Bloc, year: Year) -> list[Unit]:
    return await admin.pending_units(services, bloc, year, Round.YEAREND)


async def changed_midyear(services: Services, bloc: Bloc, year: Year) -> list[ChangedUnit]:
    return await admin.changed_units(services, bloc, year, Round.MIDYEAR)


async def changed_yearend(services: Services, bloc: Bloc, year: Year) -> list[ChangedUnit]:
    return await admin.changed_units(services, bloc, year, Round.YEAREND)


async def _see(update: Update, context: BotContext, pressed: SeeUnit) -> None:
    """🔍 in the round's list: the unit's submitted assessment, privately."""
    actor = context.actor
    found, is_admin = await admin.read_unit(
        context.services, actor, pressed.unit_id, pressed.round, pressed.year_id
    )
    private = await texts_for_user(context, actor.user_id, actor.language_code)
    text, markup = render_unit(private, found, may_reopen=is_admin)
    if await send_elsewhere(context, actor.user_id, text, keyboard=markup) is None:
        raise NotAllowed("assess.open_private_first")
    tx = await texts_for(update, context)
    await answer_button(update, None if actor.private else tx("assess.sent_private"))


async def every_unit_for_admin(update: Update, context: BotContext, asked: str) -> bool:
    """`/assess` of an admin who acts for no unit: each of their blocs' round, unit by unit
    (🔍 reads a submitted one, 🔓 reopens after the thời hạn); False for anyone else."""
    views = await admin.rounds_for_admin(context.services, context.actor, asked)
    tx = await texts_for(update, context)
    for bloc, view in views:  # only a recorded admin's blocs: 🔓 when in private
        text, markup = render_round(tx, bloc, view, 0, may_reopen=context.actor.private)
        await send_html(update, context, text, keyboard=markup)
    return bool(views)


async def _page(update: Update, context: BotContext, pressed: RoundPage) -> None:
    services, actor = context.services, context.actor
    bloc, view = await admin.round_view_of_year(services, actor, pressed.year_id, pressed.round)
    reopens = await admin.reopens_here(services, actor, bloc)
    tx = await texts_for(update, context)
    text, markup = render_round(tx, bloc, view, pressed.page, may_reopen=reopens)
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


async def _review_closed(
    update: Update, context: BotContext, refused: Conflict, *, started: bool = True
) -> None:
    """A reopening refused because the round's review is closed: the whole way out (reopen the
    review first), as a message (a pop-up cuts it), or in place of the ✅; the reopening the
    admin had `started` is dropped, so their next text is not taken for its reason."""
    if started:
        await admin.forget_reopen(context.services, context.actor)
    text = (await texts_for(update, context))(refused.key, **refused.params)
    if update.callback_query is not None and started:  # the ✅: the confirmation becomes it
        await show(update, text)
        return
    await answer_button(update)
    await send_html(update, context, text)


async def _ask_reopen(update: Update, context: BotContext, pressed: AskReopen) -> None:
    """🔓: the admin types the reason next (it goes in the log)."""
    services, actor = context.services, context.actor
    try:
        unit = await admin.ask_reopen(services, actor, pressed.unit_id, pressed.round)
    except Conflict as refused:
        if refused.key != admin.REVIEW_CLOSED:
            raise
        await _review_closed(update, context, refused, started=False)
        return
    tx = await texts_for(update, context)
    await answer_button(update)
    await send_html(update, context, tx("assess.ask_reason", code=unit.code))


async def on_reason(update: Update, context: BotContext) -> None:
    """The reason typed: shown with ✅ / ✖️ before anything changes."""
    message = update.effective_message
    assert message is not None
    try:
        unit, draft = await admin.propose_reopen(
            context.services, context.actor, message.text or ""
        )
    except Conflict as refused:
        if refused.key != admin.REVIEW_CLOSED:
            raise
        await _review_closed(update, context, refused)
        return
    tx = await texts_for(update, context)
    markup = confirm_keyboard(
        tx("assess.btn_reopen_ok"),
        Reopen(unit.id, draft.round),
        tx("assess.btn_keep_locked"),
        KeepLocked(unit.id, draft.round),
    )
    # a unit that never submitted scores and sends late, it does not "change and resend"
    text = tx(
        "assess.confirm_reopen" if draft.submitted else "assess.confirm_reopen_unsent",
        code=unit.code,
        round=tx.phase(draft.round.phase),
        reason=draft.reason,
    )
    await send_html(update, context, text, keyboard=markup)


async def _reopen(update: Update, context: BotContext, pressed: Reopen) -> None:
    """✅: the unit may change its assessment again; its delegates are told (the notes stored
    with the reopening)."""
    try:
        await _reopened(update, context, pressed)
    except Conflict as refused:
        if refused.key != admin.REVIEW_CLOSED:
            raise
        await _review_closed(update, context, refused)


async def _reopened(update: Update, context: BotContext, pressed: Reopen) -> None:
    async with notices.together(context.services):
        done = await admin.reopen(context.services, context.actor, pressed.unit_id, pressed.round)
        code, phase = done.unit.code, pressed.round.phase
        key = "assess.reopened_notice" if done.submitted else "assess.reopened_notice_unsent"
        sent = await tell_each(
            context,
            [(d.id, d.telegram_language) for d in done.delegates],
            f"assess-reopened:{done.unit.id}:{pressed.round.value}:{update.update_id}",
            lambda their: (
                their(
                    key,
                    code=code,
                    round=their.phase(phase),
                    reason=done.reason,
                    command=done.command,
                ),
                None,
            ),
        )
    told = await notices.reachable(context.services, sent)
    tx = await texts_for(update, context)
    await show_stored(
        update, context, tx.plural("assess.reopened", told, code=done.unit.code, count=told)
    )


async def _keep(update: Update, context: BotContext, pressed: KeepLocked) -> None:
    await admin.drop_reopen(context.services, context.actor, pressed.unit_id)
    tx = await texts_for(update, context)
    await answer_button(update)
    await edit_html(update, tx("assess.nothing_changed"))


def buttons() -> dict[type, Any]:
    return {
        SeeUnit: _see,
        RoundPage: _page,
        AskReopen: _ask_reopen,
        Reopen: _reopen,
        KeepLocked: _keep,
    }


def reopen_flow() -> Flow:
    steps = {admin.REASON_STEP: on_reason, admin.CONFIRM_STEP: on_reason}
    return Flow(admin.REOPEN_FLOW, admin.ReopenDraft, text=steps)

"""/review: thẩm định of the submitted self-scores, in the group and in private chats.

In the group a reviewer (a delegate of the year's head or deputy unit, or a bloc admin) types
`/review [midyear|yearend]` and gets the round's list of units privately; a unit's button opens
its review, and what the reviewer then types are decisions, one a line. Each change is told to
the unit's delegates privately, with a button to answer (giải trình). An admin closes the round
with `/review close <round>` and ✅ (final scores stand) or reopens it (logged). In private,
`/review` shows a delegate their own unit's review (🔎 on /assess opens the same screen).
"""

from __future__ import annotations

from collections.abc import Awaitable

from telegram import Update

from bot import rights
from bot.context import BotContext
from bot.domain.review import Round
from bot.errors import NotAllowed
from bot.i18n import Texts
from bot.registry import Command, Feature, Flow, Screen, Where
from bot.services import Services
from bot.usecases import notices, review, review_close, review_confirm, review_flow
from bot.usecases.review import ANSWER_FLOW, FLOW
from bot.usecases.review_flow import AnswerDraft, ReviewDraft, Step, UnitView
from bot.usecases.review_session import (
    admin_round,
    overview,
    parse_round,
    round_named,
    session_here,
    session_of,
)
from handlers.reply import (
    answer_button,
    send_elsewhere,
    send_html,
    settled,
    show,
    tell_each,
    texts_for,
    texts_for_user,
)
from handlers.unit_picker import choose_unit
from storage.flows import FlowState
from views.fit import fit_lines
from views.review import (
    ALL_ROUNDS,
    AnswerReview,
    AskExclude,
    BackToList,
    CloseReview,
    DropExtra,
    Include,
    KeepAsIs,
    KeepSelf,
    OpenUnit,
    OwnUnit,
    ReopenReview,
    SeeResult,
    confirm_state,
    render_applied,
    render_in_group,
    render_list,
    render_no_result,
    render_notice,
    render_to_list,
    render_unit,
    unit_lines,
)
from views.review_answers import render_answered
from views.review_close import with_left
from views.review_confirm import (
    ConfirmDrop,
    ConfirmExclude,
    ConfirmInclude,
    ConfirmKeep,
    KeepUnit,
    done_line,
    exclude_prompt,
    render_ask,
    unit_again,
    way_back,
)


async def review_command(update: Update, context: BotContext) -> None:
    """`/review [round]`: the list privately; `/review close|reopen <round>`: ask for ✅.
    In private, a delegate's own unit's review (asking which unit when several)."""
    services, actor = context.services, context.actor
    args = context.args or []
    if actor.private and args and args[0].lower() in ("close", "reopen"):
        # closing and reopening are the group's: said so, with the command to type there
        verb, named = args[0].lower(), round_named(" ".join(args[1:]))
        tx = await texts_for(update, context)
        await send_html(update, context, render_in_group(tx, verb, named))
        return
    if actor.private:
        asked = parse_round(" ".join(args))
        round_key = asked.value if asked is not None else ALL_ROUNDS
        try:
            unit_id = await choose_unit(update, context, lambda unit: OwnUnit(unit, round_key))
        except NotAllowed as refused:  # no unit: say what /review does here and in the group
            if refused.key not in rights.NOT_A_DELEGATE:
                raise
            raise NotAllowed("review.private_no_unit") from None
        if unit_id is not None:
            await _own_results(update, context, unit_id, asked)
        return
    tx = await texts_for(update, context)
    if args and args[0].lower() in ("close", "reopen"):
        session = await admin_round(services, actor, " ".join(args[1:]))
        closing = args[0].lower() == "close"
        found = await overview(services, session)
        text, markup = confirm_state(tx, closing, found)
        if closing and not found.closed:  # who could still submit, and no longer will once closed
            text = with_left(tx, text, await review_close.left_by_close(services, session), session)
        await send_html(update, context, text, keyboard=markup)
        return
    found = await overview(services, await session_here(services, actor, " ".join(args)))
    private = await texts_for_user(context, actor.user_id, actor.language_code)
    text, markup = render_list(private, found)
    if await send_elsewhere(context, actor.user_id, text, keyboard=markup) is None:
        raise NotAllowed("review.open_private_first")
    await send_html(update, context, tx("review.sent_private"))


async def _tell_unit(update: Update, context: BotContext, view: UnitView) -> list[int]:
    """Tell the unit's delegates of its review, privately, with the button to answer: through
    the notifier (retried when Telegram fails; once per decision, keyed by the update). Returns
    who was told (nobody when the unit has no delegate)."""
    delegates = await review_flow.delegates_of(context.services, view.unit.id)
    key = f"review:{view.year.id}:{view.round.value}:{view.unit.id}:{update.update_id}"
    return await tell_each(
        context, [(d, None) for d in delegates], key, lambda tx: render_notice(tx, view)
    )


async def _unit_screen(update: Update, context: BotContext, view: UnitView, page: int = 0) -> None:
    tx = await texts_for(update, context)
    text, markup = render_unit(tx, view, page=page)
    if update.callback_query is not None:
        await show(update, text, markup)
    else:
        await send_html(update, context, text, keyboard=markup)


async def _opened(update: Update, context: BotContext, pressed: OpenUnit) -> None:
    view = await review_flow.open_unit(
        context.services, context.actor, pressed.year_id, pressed.round, pressed.unit_id
    )
    await _unit_screen(update, context, view, pressed.page)


async def _back(update: Update, context: BotContext, pressed: BackToList) -> None:
    session = await session_of(context.services, context.actor, pressed.year_id, pressed.round)
    text, markup = render_list(
        await texts_for(update, context), await overview(context.services, session)
    )
    await show(update, text, markup)


async def _asked(update: Update, context: BotContext, ask: review_confirm.Ask) -> None:
    """A ↩️, 🗑 or "rank again" press, or an exclusion's reason: what the ✅ will store."""
    text, markup = render_ask(await texts_for(update, context), ask)
    if update.callback_query is not None:
        await show(update, text, markup)
    else:
        await send_html(update, context, text, keyboard=markup)


async def _ask(
    update: Update, context: BotContext, pressed: KeepSelf | DropExtra | Include
) -> None:
    """↩️, 🗑 or "rank again" on the unit's screen: asked first, nothing stored yet."""
    services, actor, p = context.services, context.actor, pressed
    unit = (p.year_id, p.round, p.unit_id)
    if isinstance(p, KeepSelf):
        ask = await review_confirm.ask_undo(services, actor, *unit, code=p.code)
    elif isinstance(p, DropExtra):
        ask = await review_confirm.ask_undo(services, actor, *unit, extra_id=p.extra_id)
    else:
        ask = await review_confirm.ask_include(services, actor, *unit)
    await _asked(update, context, ask)


async def _ask_exclude(update: Update, context: BotContext, pressed: AskExclude) -> None:
    p = pressed
    view = await review_confirm.ask_exclude(context.services, context.actor, p.year_id, p.round,
                                            p.unit_id)  # fmt: skip
    tx = await texts_for(update, context)
    await show(update, *exclude_prompt(tx, view))


async def exclude_text(update: Update, context: BotContext) -> None:
    """The exclusion's reason: kept, and asked for ✅ (nothing stored, nobody told yet)."""
    message = update.effective_message
    assert message is not None
    ask = await review_confirm.exclude_reason(context.services, context.actor, message.text or "")
    await _asked(update, context, ask)


async def _committed(
    update: Update,
    context: BotContext,
    commit: Awaitable[review_confirm.Settled],
    unit: OpenUnit,
) -> None:
    """A ✅: the decision and the unit's notice stored together (a crash cannot keep the one
    without the other), then the unit's screen under what was done. A ✅ whose state moved on
    becomes the refusal (`settled`), with the button to the unit's screen as it is now
    (`unit`), and nobody is told anything."""

    async def act() -> tuple[review_confirm.Settled, bool]:
        async with notices.together(context.services):
            done = await commit
            return done, bool(await _tell_unit(update, context, done.view))

    tx = await texts_for(update, context)
    outcome = await settled(update, context, act(), way_back=unit_again(tx, unit))
    if outcome is None:
        return
    done, told = outcome
    await show(update, *render_unit(tx, done.view, lead=done_line(tx, done, told)))


async def _confirmed(
    update: Update,
    context: BotContext,
    pressed: ConfirmKeep | ConfirmDrop | ConfirmInclude | ConfirmExclude,
) -> None:
    services, actor, p = context.services, context.actor, pressed
    unit = (p.year_id, p.round, p.unit_id)
    if isinstance(p, ConfirmKeep):
        commit = review_confirm.confirm_keep(services, actor, *unit, p.code, p.value)
    elif isinstance(p, ConfirmDrop):
        commit = review_confirm.confirm_drop(services, actor, *unit, p.extra_id)
    elif isinstance(p, ConfirmInclude):
        commit = review_confirm.confirm_include(services, actor, *unit)
    else:
        commit = review_confirm.confirm_exclude(services, actor, *unit, p.change_id)
    await _committed(update, context, commit, OpenUnit(*unit))


async def _kept_unit(update: Update, context: BotContext, pressed: KeepUnit) -> None:
    """✖️: nothing stored; the unit's screen again, saying so."""
    p = pressed
    view = await review_confirm.cancel(context.services, context.actor, p.year_id, p.round,
                                       p.unit_id, p.change_id)  # fmt: skip
    tx = await texts_for(update, context)
    await show(update, *render_unit(tx, view, lead=tx("review.cancelled")))


async def lines_text(update: Update, context: BotContext) -> None:
    """Decisions typed for the open unit: one reply, then the refreshed screen."""
    message = update.effective_message
    assert message is not None
    async with notices.together(context.services):  # the good lines and the unit's notice
        view, applied = await review_flow.lines(context.services, context.actor, message.text or "")
        if applied.taken:
            await _tell_unit(update, context, view)
    tx = await texts_for(update, context)
    await send_html(update, context, render_applied(tx, applied.taken, applied.errors))
    await _unit_screen(update, context, view)


async def _own_results(
    update: Update, context: BotContext, unit_id: int, round_: Round | None
) -> None:
    """The unit's review of each round asked that has one (each with ✍️), else why none."""
    found = await review_flow.own_results(context.services, context.actor, unit_id, round_)
    await answer_button(update)  # the unit picked (a refusal above answers it instead)
    tx = await texts_for(update, context)
    for view in found.views:
        text, markup = render_notice(tx, view, told=False)
        await send_html(update, context, text, keyboard=markup)
    if not found.views:
        await send_html(update, context, render_no_result(tx, found))
    if found.reviews is not None:  # a reviewer: the way to the units they review, not only theirs
        text, markup = render_to_list(tx, found.year, found.reviews)
        await send_html(update, context, text, keyboard=markup)


async def _own_unit(update: Update, context: BotContext, pressed: OwnUnit) -> None:
    """The unit picked for /review in private."""
    round_ = None if pressed.round == ALL_ROUNDS else parse_round(pressed.round)
    await _own_results(update, context, pressed.unit_id, round_)


async def _see_result(update: Update, context: BotContext, pressed: SeeResult) -> None:
    """🔎 on the unit's /assess overview: its review in place of the overview."""
    p = pressed
    view = await review_flow.unit_result(context.services, context.actor, p.year_id, p.round,
                                         p.unit_id)  # fmt: skip
    await show(update, *render_notice(await texts_for(update, context), view, told=False))


async def _answer(update: Update, context: BotContext, pressed: AnswerReview) -> None:
    p = pressed
    view = await review_flow.start_answer(context.services, context.actor, p.year_id, p.round,
                                          p.unit_id)  # fmt: skip
    tx = await texts_for(update, context)
    await send_html(update, context, tx("review.answer_prompt", code=view.unit.code))


async def answer_text(update: Update, context: BotContext) -> None:
    """The unit's answer: stored, and told to the reviewers with it (once each, privately)."""
    message = update.effective_message
    assert message is not None
    text = message.text or ""
    async with notices.together(context.services):
        done = await review_flow.answer_text(context.services, context.actor, text)
        v = done.view
        await tell_each(
            context, [(reader, None) for reader in done.readers],
            f"review-answer:{done.answer_id}",
            lambda their: render_answered(their, v.unit.code, v.year.id, v.year.year, v.round,
                                          v.unit.id, text.strip()),
        )  # fmt: skip
    tx = await texts_for(update, context)
    saved = tx("review.answer_saved" if done.readers else "review.answer_saved_nobody")
    await send_html(update, context, fit_lines(tx, [saved, "", *unit_lines(tx, v)]))


async def _set_closed(
    update: Update, context: BotContext, pressed: CloseReview | ReopenReview
) -> None:
    closing = isinstance(pressed, CloseReview)
    session = await session_of(context.services, context.actor, pressed.year_id, pressed.round)
    await review.set_closed(context.services, session.who, session.year, session.round, closing)
    tx = await texts_for(update, context)
    key = "review.closed_done" if closing else "review.reopened_done"
    name = tx(f"export.round_{session.round.value}")
    await show(update, tx(key, round=name, year=session.year.year))


async def _kept_as_is(update: Update, context: BotContext, pressed: KeepAsIs) -> None:
    session = await session_of(context.services, context.actor, pressed.year_id, pressed.round)
    if not session.who.admin:
        raise await rights.admins_only(context.services, session.bloc)
    await show(update, (await texts_for(update, context))("review.cancelled"))


async def _way_back(services: Services, state: FlowState, tx: Texts) -> Screen | None:
    """A paused review: the button back to the unit it had open (no command reaches it)."""
    found = await review_flow.paused_unit(services, state)
    return way_back(tx, *found, state.step) if found is not None else None


def feature() -> Feature:
    return Feature(
        "review",
        commands=[Command("review", review_command, Where.ANYWHERE, resumes=False)],
        buttons={
            OpenUnit: _opened,
            BackToList: _back,
            KeepSelf: _ask,
            DropExtra: _ask,
            Include: _ask,
            AskExclude: _ask_exclude,
            ConfirmKeep: _confirmed,
            ConfirmDrop: _confirmed,
            ConfirmInclude: _confirmed,
            ConfirmExclude: _confirmed,
            KeepUnit: _kept_unit,
            AnswerReview: _answer,
            SeeResult: _see_result,
            OwnUnit: _own_unit,
            CloseReview: _set_closed,
            ReopenReview: _set_closed,
            KeepAsIs: _kept_as_is,
        },
        flows=[
            Flow(
                FLOW,
                ReviewDraft,
                text={Step.LINES: lines_text, Step.EXCLUDE: exclude_text},
                alive=review_flow.still_open,
                back=_way_back,
            ),
            Flow(
                ANSWER_FLOW, AnswerDraft, text={"text": answer_text}, alive=review_flow.still_open
            ),
        ],
    )

"""/vote in a private chat: the unit's open votes, the ballot, the confirmation, ✅, the receipt.

Nothing of a ballot in progress is stored and nothing of a choice is logged: the pick or the
approvals travel in the buttons of this chat, every press is re-checked by the use case, and
the receipt replaces the confirmation without repeating the choice. The ballot, its
confirmation and the receipt are sent `secret`: held back by flood control when the bot stops,
they are dropped, never kept in the outbox (where they would link the unit to its choice).
After a ballot the group's progress message is edited in place.
"""

from __future__ import annotations

from collections.abc import Awaitable

from telegram import Update
from telegram.error import TelegramError

from bot.callback_data import Where, decode, table_of
from bot.context import BotContext
from bot.domain.calendar import Phase
from bot.registry import Command, Feature
from bot.usecases import ballots
from bot.usecases.ballots import BallotView, Cast
from handlers import live_screens
from handlers.election_news import close_due, post_progress
from handlers.reply import (
    answer_button,
    edit_html,
    send_elsewhere,
    send_html,
    settled,
    texts_for,
)
from handlers.unit_picker import choose_unit
from views.ballot import (
    Approve,
    CastApprovals,
    CastPick,
    LeaveBallot,
    PickCandidate,
    ReviewApprovals,
    ShowBallot,
    VoteUnit,
    ballot_screen,
    confirm_screen,
    vote_list,
)
from views.ballot_text import cast_text

#: The decoding of a unit's 🗳 among a message's buttons.
_UNIT_BUTTON = table_of(VoteUnit)

#: A ballot on screen, as /cancel closes it: what it becomes, what the reply says.
_BALLOT = live_screens.Held(closed="election.ballot_cancelled", said="election.cancel_ballot")


async def _screen(
    update: Update,
    context: BotContext,
    text: str,
    markup: object,
    *,
    secret: bool,
    below: bool = False,
) -> None:
    """Show a screen of the vote: the pressed one edited, or a reply to /vote (or to a press
    `below` the message pressed, which stays as it is). `secret`: it shows the unit's ballot,
    whose buttons carry what it picked so far: /cancel closes it (`live_screens`)."""
    query = update.callback_query
    if query is not None and not below:
        await answer_button(update)
        await edit_html(update, text, keyboard=markup, secret=secret)  # type: ignore[arg-type]
        shown = query.message
    else:
        if query is not None:
            await answer_button(update)
        shown = await send_html(update, context, text, keyboard=markup, secret=secret)  # type: ignore[arg-type]
    if secret and markup is not None and shown is not None:
        live_screens.hold(context, shown.chat.id, shown.message_id, _BALLOT)


async def _list(update: Update, context: BotContext, unit_id: int, *, below: bool = False) -> None:
    """The unit's open votes; straight to the ballot when exactly one awaits the unit."""
    await close_due(context)
    found = await ballots.open_ballots(context.services, context.actor, unit_id)
    waiting = [b for b in found.ballots if not b.voted]
    if len(waiting) == 1 and len(found.ballots) == 1:
        await _ballot(update, context, unit_id, waiting[0].election.id, below=below)
        return
    tx = await texts_for(update, context)
    text, markup = vote_list(tx, found.membership.unit, found.ballots)
    await _screen(update, context, text, markup, secret=False, below=below)  # no choice yet


async def vote_command(update: Update, context: BotContext) -> None:
    """Open the unit's ballots (asking which unit when the user acts for several)."""
    unit_id = await choose_unit(update, context, VoteUnit)
    if unit_id is not None:
        await _list(update, context, unit_id)


async def _ballot(
    update: Update,
    context: BotContext,
    unit_id: int,
    election_id: int,
    mask: str = "0",
    *,
    below: bool = False,
) -> None:
    view = await ballots.ballot(context.services, context.actor, unit_id, election_id, mask)
    await _show(update, context, view, below=below)


async def _show(
    update: Update, context: BotContext, view: BallotView, *, below: bool = False
) -> None:
    tx = await texts_for(update, context)
    text, markup = ballot_screen(tx, view.membership.bloc, view, view.year, view.deadline)
    await _screen(update, context, text, markup, secret=True, below=below)


async def _unit(update: Update, context: BotContext, pressed: VoteUnit) -> None:
    """A unit's 🗳: its votes, or its ballot. Pressed on a message that also holds other units'
    🗳 (the notice of a vote to a delegate of several units, the unit picker), the ballot opens
    below it, so that a receipt, a refusal or /cancel on it never takes the other units'
    buttons away (QA qa9 #6)."""
    await _list(update, context, pressed.unit_id, below=_offers_other_units(update, pressed))


def _offers_other_units(update: Update, pressed: VoteUnit) -> bool:
    query = update.callback_query
    markup = getattr(query.message, "reply_markup", None) if query is not None else None
    if markup is None:
        return False
    return any(
        isinstance(found := decode(b.callback_data, _UNIT_BUTTON), VoteUnit)
        and found.unit_id != pressed.unit_id
        for row in markup.inline_keyboard
        for b in row
        if isinstance(b.callback_data, str)
    )


async def _shown(update: Update, context: BotContext, pressed: ShowBallot) -> None:
    await _ballot(update, context, pressed.unit_id, pressed.election_id)


async def _approved(update: Update, context: BotContext, pressed: Approve) -> None:
    """One more (un)approval: the ballot so far is checked (quota, own unit) and shown."""
    services, actor = context.services, context.actor
    view = await ballots.ballot(services, actor, pressed.unit_id, pressed.election_id, pressed.mask)
    ballots.checked_approvals(view)
    await _show(update, context, view)


async def _picked(update: Update, context: BotContext, pressed: PickCandidate) -> None:
    services, actor = context.services, context.actor
    view = await ballots.ballot(services, actor, pressed.unit_id, pressed.election_id)
    pick = ballots.checked_head_choice(view, pressed.choice or None)
    text, markup = confirm_screen(await texts_for(update, context), view, view.year, pick)
    await _screen(update, context, text, markup, secret=True)


async def _review(update: Update, context: BotContext, pressed: ReviewApprovals) -> None:
    services, actor = context.services, context.actor
    view = await ballots.ballot(services, actor, pressed.unit_id, pressed.election_id, pressed.mask)
    ballots.checked_approvals(view)
    text, markup = confirm_screen(await texts_for(update, context), view, view.year)
    await _screen(update, context, text, markup, secret=True)


async def _cast_pick(update: Update, context: BotContext, pressed: CastPick) -> None:
    cast = ballots.cast_head(
        context.services,
        context.actor,
        pressed.unit_id,
        pressed.election_id,
        pressed.choice or None,
    )
    await _receipt(update, context, cast)


async def _cast_approvals(update: Update, context: BotContext, pressed: CastApprovals) -> None:
    cast = ballots.cast_approvals(
        context.services, context.actor, pressed.unit_id, pressed.election_id, pressed.mask
    )
    await _receipt(update, context, cast)


async def _receipt(update: Update, context: BotContext, casting: Awaitable[Cast]) -> None:
    """The receipt replaces the confirmation (so the chat no longer shows the choice); the
    group's progress follows. Once stored, a failing edit must not hide the receipt.

    A ✅ refused because the state moved on (the unit's other delegate cast first, the vote
    closed) turns the confirmation into the refusal: a choice never cast does not stay on
    screen with buttons that only answer with pop-ups.

    The receipt names the unit and its code, so it is sent `secret`: a stop while flood
    control holds it back loses it (README: "a receipt lost in transit is lost")."""
    cast = await settled(update, context, casting)
    if cast is None:
        return
    tx = await texts_for(update, context)
    text = cast_text(tx, cast, cast.year)
    await answer_button(update)
    try:
        await edit_html(update, text, secret=True)
    except TelegramError:  # the ballot is stored: the receipt must reach the user anyway
        await send_elsewhere(context, context.actor.user_id, text, secret=True)
    await post_progress(context.services, context.bot, cast.election.id)


async def _left(update: Update, context: BotContext, pressed: LeaveBallot) -> None:
    await ballots.open_ballots(context.services, context.actor, pressed.unit_id)
    tx = await texts_for(update, context)
    await answer_button(update)
    await edit_html(update, tx("election.cast_left"))


def feature() -> Feature:
    return Feature(
        "vote",
        commands=[Command("vote", vote_command, Where.PRIVATE)],
        buttons={
            VoteUnit: _unit,
            ShowBallot: _shown,
            PickCandidate: _picked,
            CastPick: _cast_pick,
            Approve: _approved,
            ReviewApprovals: _review,
            CastApprovals: _cast_approvals,
            LeaveBallot: _left,
        },
        opens={Phase.ELECTION: VoteUnit},  # the button of a ballot reminder
        closing=True,  # a ballot of a closed vote, or of a unit that voted, closes on a press
    )

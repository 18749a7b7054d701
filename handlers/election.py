"""Votes in the group: `/election open head|deputy|commendation`, `/election close`,
`/head set CODE`, `/deputy set CODE`, and the election part of /status.

Every change is shown first with ✅ / ✖️ and re-checked at the press. The group's progress
message of a vote is edited in place as ballots arrive (handlers.election_news); results are
posted when the vote closes, by an admin here or at its deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from telegram import Update

from bot.actor import Actor
from bot.context import BotContext
from bot.domain.ballots import ElectionKind
from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.domain.elections import Role
from bot.domain.leaders import parse_set
from bot.domain.year import Year
from bot.errors import BadInput
from bot.i18n import Html, Texts, plain_text
from bot.registry import Command, Feature, Screen
from bot.services import Services
from bot.usecases import election_close, election_rules, elections, leaders
from handlers.election_news import (
    after_close,
    announcements,
    close_due,
    plan_closings,
    post_progress,
    refresh_progress,
    vote_notices,
)
from handlers.reply import answer_button, edit_html, send_html, settled, texts_for
from views.election import (
    CloseVote,
    KeepRound,
    KeepVotes,
    OpenRound,
    OpenVote,
    PickCandidates,
    SetLeader,
    SetQuotas,
    TieRunoff,
    close_screen,
    leader_screen,
    leader_set_text,
    leaders_text,
    open_screen,
    runoff_opened_text,
    status_text,
    tie_keyboard,
)
from views.election_rules import ChangeRule, render_rules
from views.election_text import awaited_text, election_title

_KINDS = {kind.value: kind for kind in ElectionKind}


async def election_command(update: Update, context: BotContext) -> None:
    """`/election open <kind> [CODE…]` shows what will open; `/election close` what to close;
    `/election rules` the bloc's voting rules, to change."""
    services, actor = context.services, context.actor
    tx, args = await texts_for(update, context), [a.lower() for a in context.args or []]
    await close_due(context)
    if len(args) >= 2 and args[0] == "open" and args[1] in _KINDS:
        codes = (context.args or [])[2:]
        try:
            proposal = await elections.propose_open(services, actor, _KINDS[args[1]], codes=codes)
        except elections.RoundPending as pending:  # the refusal carries the round's ✅
            markup = tie_keyboard(tx, pending.election_id, pending.kind)
            await send_html(update, context, tx(pending.key, **pending.params), keyboard=markup)
            return
        text, markup = open_screen(tx, proposal)
        await send_html(update, context, text, keyboard=markup)
    elif args == ["rules"]:
        bloc, rules = await election_rules.rules_here(services, actor)
        text, markup = render_rules(tx, bloc, rules)
        await send_html(update, context, text, keyboard=markup)
    elif args == ["close"]:
        bloc, found = await elections.open_votes(services, actor)
        text, markup = close_screen(tx, bloc, found)
        await send_html(update, context, text, keyboard=markup)
    else:
        raise BadInput("election.usage")


async def _rule_changed(update: Update, context: BotContext, pressed: ChangeRule) -> None:
    bloc, rules = await election_rules.change_rule(context.services, context.actor, pressed.rule)
    tx = await texts_for(update, context)
    text, markup = render_rules(tx, bloc, rules)
    await answer_button(update, tx("election.rules_saved"))
    await edit_html(update, text, keyboard=markup)


async def _picked(update: Update, context: BotContext, pressed: PickCandidates) -> None:
    await _reproposed(update, context, pressed.kind, pressed.mask)


async def _quotas(update: Update, context: BotContext, pressed: SetQuotas) -> None:
    await _reproposed(update, context, ElectionKind.COMMENDATION, pressed.quotas)


async def _reproposed(update: Update, context: BotContext, kind: ElectionKind, spec: str) -> None:
    proposal = await elections.propose_open(context.services, context.actor, kind, spec=spec)
    text, markup = open_screen(await texts_for(update, context), proposal)
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


async def _opened(update: Update, context: BotContext, pressed: OpenVote) -> None:
    """✅: the vote opens; this message becomes its progress line, edited as ballots arrive."""
    services, actor = context.services, context.actor
    election = await elections.open_election(
        services,
        actor,
        pressed.kind,
        pressed.year_id,
        pressed.spec,
        lambda opened: vote_notices(services, opened),
    )
    await answer_button(update)
    query = update.callback_query
    screen = query.message if query is not None else None
    await post_progress(services, context.bot, election.id, screen=screen)  # type: ignore[arg-type]


async def _closed(update: Update, context: BotContext, pressed: CloseVote) -> None:
    """✅: count and store; the results and receipts are queued for the group with the close."""
    services = context.services
    closed = await election_close.close(
        services, context.actor, pressed.election_id, lambda c: announcements(services, c)
    )
    tx = await texts_for(update, context)
    await answer_button(update)
    title = election_title(tx, closed.election, closed.year)
    await edit_html(update, tx("election.closed_note", title=title))
    await after_close(services, context.bot, closed)


async def _tie_runoff(update: Update, context: BotContext, pressed: TieRunoff) -> None:
    """The round a vote waits for, offered (or its hours changed): its confirmation, in place."""
    services, actor = context.services, context.actor
    proposal = await election_close.propose_round(
        services, actor, pressed.election_id, pressed.hours
    )
    text, markup = open_screen(await texts_for(update, context), proposal)
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


async def _round_opened(update: Update, context: BotContext, pressed: OpenRound) -> None:
    """✅ on a round's confirmation: it opens, or, its deadline having moved on since it was
    shown, the confirmation is shown again with the new one."""
    services, actor = context.services, context.actor
    tx = await texts_for(update, context)
    opening = election_close.open_pending_round(
        services,
        actor,
        pressed.election_id,
        lambda o: vote_notices(services, o),
        hours=pressed.hours,
        due=pressed.due,
    )
    try:
        runoff = await settled(update, context, opening)
    except election_close.RoundMoved as moved:
        text, markup = open_screen(tx, moved.proposal)
        await answer_button(update, plain_text(tx("election.round_moved")))
        await edit_html(update, text, keyboard=markup)
        return
    if runoff is not None:
        await answer_button(update)
        await edit_html(update, runoff_opened_text(tx, runoff))
        await post_progress(context.services, context.bot, runoff.id)


async def _round_kept(update: Update, context: BotContext, pressed: KeepRound) -> None:
    await leaders.ask_nothing(context.services, context.actor)
    tx = await texts_for(update, context)
    await answer_button(update)
    await edit_html(update, tx("election.round_kept", command=f"/election open {pressed.kind}"))


async def _kept(update: Update, context: BotContext, pressed: KeepVotes) -> None:
    await leaders.ask_nothing(context.services, context.actor)
    tx = await texts_for(update, context)
    await answer_button(update)
    await edit_html(update, tx("election.kept"))


async def _leader_command(update: Update, context: BotContext, role: Role) -> None:
    parsed = parse_set(context.args or [])
    if parsed is None:  # `/head` alone (or mistyped): who leads, and how to record (admins)
        shown = await leaders.board(context.services, context.actor)
        text = leaders_text(await texts_for(update, context), shown, role)
        await send_html(update, context, text)
        return
    proposal = await leaders.propose_leader(context.services, context.actor, role, *parsed)
    text, markup = leader_screen(await texts_for(update, context), proposal)
    await send_html(update, context, text, keyboard=markup)


async def head_command(update: Update, context: BotContext) -> None:
    """`/head set CODE [YEAR]`: next year's head (or this year's), decided in the meeting
    (admins, with ✅)."""
    await _leader_command(update, context, Role.HEAD)


async def deputy_command(update: Update, context: BotContext) -> None:
    """`/deputy set CODE [YEAR]`: next year's deputy (or this year's), decided in the meeting
    (admins, with ✅)."""
    await _leader_command(update, context, Role.DEPUTY)


async def _leader_set(update: Update, context: BotContext, pressed: SetLeader) -> None:
    entry = await leaders.set_leader(
        context.services, context.actor, pressed.role, pressed.unit_id, pressed.year
    )
    tx = await texts_for(update, context)
    await answer_button(update)
    await edit_html(update, leader_set_text(tx, entry))


async def awaited_votes(
    services: Services, bloc: Bloc, year: Year
) -> dict[int, Callable[[Texts], Html]]:
    """What a unit's reminder names: the open votes of the year it has not cast."""
    found = await leaders.awaited_votes(services, bloc, year)
    return {
        unit: partial(awaited_text, bloc=bloc, year=year.year, votes=votes)
        for unit, votes in found.items()
    }


async def status_part(
    services: Services, actor: Actor, bloc: Bloc, year: Year, tx: Texts
) -> Screen:
    """/status in the election phase: each vote of the year, who has voted, who has not."""
    votes = await leaders.status(services, actor, bloc, year)
    return Screen(status_text(tx, bloc.timezone, year.year, votes))


def feature() -> Feature:
    return Feature(
        "election",
        commands=[
            Command("election", election_command),
            Command("head", head_command),
            Command("deputy", deputy_command),
        ],
        buttons={
            PickCandidates: _picked,
            SetQuotas: _quotas,
            OpenVote: _opened,
            CloseVote: _closed,
            TieRunoff: _tie_runoff,
            OpenRound: _round_opened,
            KeepRound: _round_kept,
            SetLeader: _leader_set,
            KeepVotes: _kept,
            ChangeRule: _rule_changed,
        },
        status={Phase.ELECTION: status_part},
        pending={Phase.ELECTION: leaders.pending_units},
        awaiting={Phase.ELECTION: awaited_votes},
        counted={Phase.ELECTION: leaders.counted_at_deadline},
        startup=[plan_closings, refresh_progress],
    )

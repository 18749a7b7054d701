"""/summary in the group: the year at a glance, one section a phase, switched by buttons.

Each feature adds its part of a phase's section as `Feature.summary` (this one: the pledges, each
round's ranking with the comparison, the year's head and deputy); a section's tab appears when
some feature has a part for it. Anyone who may read the bloc sees it; drafts and ballots never
reach it.
"""

from __future__ import annotations

from telegram import Update

from bot.actor import Actor
from bot.context import BotContext
from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.domain.review import Round
from bot.domain.year import Year
from bot.i18n import Html, Texts
from bot.registry import Command, Feature, Screen
from bot.services import Services
from bot.usecases import results
from handlers.reply import send_html, show, texts_for
from views.summary import (
    ShowSummary,
    leaders_part,
    pledges_part,
    round_part,
    screen,
)


async def _pledges(services: Services, actor: Actor, bloc: Bloc, year: Year, tx: Texts) -> Screen:
    report = await results.readable_report(services, actor, bloc, year)
    return Screen(pledges_part(tx, report))


def _round(round_: Round):  # type: ignore[no-untyped-def]
    async def part(services: Services, actor: Actor, bloc: Bloc, year: Year, tx: Texts) -> Screen:
        report = await results.readable_report(services, actor, bloc, year)
        return Screen(round_part(tx, report, round_))

    return part


async def _leaders(services: Services, actor: Actor, bloc: Bloc, year: Year, tx: Texts) -> Screen:
    report = await results.readable_report(services, actor, bloc, year)
    return Screen(leaders_part(tx, report, await results.leaders(services, actor, bloc, year)))


async def _screen(context: BotContext, tx: Texts, bloc: Bloc, year: Year, phase: Phase):  # type: ignore[no-untyped-def]
    services, actor, registry = context.services, context.actor, context.registry
    phases = [p for p in Phase if registry.summary_parts(p)]
    parts = [await part(services, actor, bloc, year, tx) for part in registry.summary_parts(phase)]
    title = tx("summary.header", year=year.year, bloc=bloc.name)
    return screen(tx, title, [Html(p.text) for p in parts], year.id, phase, phases)


async def summary_command(update: Update, context: BotContext) -> None:
    """The year at a glance (`/summary 2026`: that year), on the latest round with results."""
    args = context.args or []
    bloc, year = await results.summary_here(context.services, context.actor, " ".join(args))
    tx = await texts_for(update, context)
    phase = await results.default_phase(context.services, year)
    text, markup = await _screen(context, tx, bloc, year, phase)
    await send_html(update, context, text, keyboard=markup)


async def _shown(update: Update, context: BotContext, pressed: ShowSummary) -> None:
    bloc, year = await results.summary_of(context.services, context.actor, pressed.year_id)
    tx = await texts_for(update, context)
    text, markup = await _screen(context, tx, bloc, year, pressed.phase)
    await show(update, text, markup)


def feature() -> Feature:
    return Feature(
        "summary",
        commands=[Command("summary", summary_command)],
        buttons={ShowSummary: _shown},
        summary={
            Phase.PLEDGE: _pledges,
            Phase.MIDYEAR: _round(Round.MIDYEAR),
            Phase.YEAREND: _round(Round.YEAREND),
            Phase.ELECTION: _leaders,
        },
    )

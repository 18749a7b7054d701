"""Pledges seen from the group: /status in the pledge phase, one unit's pledge, reopening one
unit after the deadline, publishing the commitments and reading them once published.

The group sees who registered and the titles; the commitments only once an admin published
them. A unit's button sends its pledge privately to whoever may read it (an admin, the unit's
own delegate, anyone after publishing), so the group's messages stay short.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.actor import Actor
from bot.callback_data import Where, button
from bot.context import BotContext
from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.domain.year import Year
from bot.errors import NotAllowed
from bot.i18n import Html, Texts
from bot.registry import Feature, Screen
from bot.services import Services
from bot.usecases import pledge_progress
from bot.usecases.pledge_progress import Progress, UnitPledge
from handlers.keyboards import (
    Btn,
    confirm_keyboard,
    grid,
    keyboard,
    pager_row,
    paginate,
)
from handlers.pledge_text import join, registered_lines, title_names
from handlers.reply import (
    answer_button,
    edit_html,
    send_elsewhere,
    texts_for,
    texts_for_user,
)

KIND = "pledges"


@button(KIND, "see")
class SeeUnitPledge:
    """🔍 a unit: its whole pledge in private to whoever may read it, its titles to the rest."""

    unit_id: int


@button(KIND, "reopen", Where.PRIVATE)
class AskReopen:
    unit_id: int


@button(KIND, "reopen_ok", Where.PRIVATE)
class Reopen:
    unit_id: int


@button(KIND, "keep", Where.PRIVATE)
class KeepClosed:
    unit_id: int


@button(KIND, "st")
class ProgressPage:
    year_id: int
    page: int = 0


@button(KIND, "read")
class PublishedPage:
    year_id: int
    page: int = 0


@button(KIND, "pub")
class AskPublish:
    year_id: int


@button(KIND, "pub_ok")
class Publish:
    year_id: int


PER_PAGE = 15
#: The titles of one unit's line of /status are cut here (🔍 shows them all): 15 lines fit.
STATUS_TITLES_CHARS = 160


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def render_progress(
    tx: Texts, bloc: Bloc, p: Progress, page: int
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The pledge phase, unit by unit, with a button per unit of the page."""
    lines = [tx("pledge.status_header", year=p.year.year)]
    if p.deadline is not None:
        lines.append(tx("pledge.deadline", when=tx.when(p.deadline, bloc.timezone)))
    lines += [tx("pledge.status_count", count=len(p.registered), total=len(p.units)), ""]
    shown = paginate(p.units, page, PER_PAGE)
    for unit in shown.items:
        found = p.pledges.get(unit.id)
        if found is None:
            lines.append(tx("pledge.status_missing", code=unit.code))
            continue
        names = _clip(", ".join(title_names(found.title_ids, p.titles)), STATUS_TITLES_CHARS)
        lines.append(tx("pledge.status_done", code=unit.code, titles=names))
    if not p.units:
        lines.append(tx("pledge.status_no_units"))
    rows = grid([Btn(f"🔍 {u.code}", SeeUnitPledge(u.id)) for u in shown.items], 4)
    rows.append(pager_row(shown, lambda n: ProgressPage(p.year.id, n)))
    if p.year.published:
        rows.append([Btn(tx("pledge.btn_read"), PublishedPage(p.year.id, 0))])
    elif p.registered:
        rows.append([Btn(tx("pledge.btn_publish"), AskPublish(p.year.id))])
    return Html("\n".join(lines)), keyboard(rows)


async def status_part(
    services: Services, actor: Actor, bloc: Bloc, year: Year, tx: Texts
) -> Screen:
    """/status during the pledge phase."""
    found = await pledge_progress.progress(services, actor, bloc, year)
    return Screen(*render_progress(tx, bloc, found, 0))


def render_published(
    tx: Texts, bloc: Bloc, p: Progress, page: int
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The published commitments, one unit a page."""
    shown = paginate(p.registered, page, 1)
    lines = [tx("pledge.published_header", year=p.year.year), ""]
    for unit in shown.items:
        found = p.pledges[unit.id]
        lines += registered_lines(tx, bloc, unit, p.year.year, found, p.titles, commitments=True)
    rows = [pager_row(shown, lambda n: PublishedPage(p.year.id, n))]
    rows.append([Btn(tx("pledge.btn_list"), ProgressPage(p.year.id, 0))])
    return Html("\n".join(lines)), keyboard(rows)


def _unit_view(tx: Texts, found: UnitPledge) -> tuple[Html, InlineKeyboardMarkup | None]:
    lines = registered_lines(
        tx, found.bloc, found.unit, found.year.year, found.pledge, found.titles, commitments=True
    )
    rows = []
    if found.admin and found.closed and not found.reopened:
        rows.append([Btn(tx("pledge.btn_reopen", code=found.unit.code), AskReopen(found.unit.id))])
    elif found.admin and found.reopened:
        lines += ["", tx("pledge.is_reopened")]
    return join(lines), keyboard(rows)


async def _see(update: Update, context: BotContext, pressed: SeeUnitPledge) -> None:
    """Send a unit's pledge privately to whoever may read it; the rest see its titles."""
    actor = context.actor
    found = await pledge_progress.read_unit(context.services, actor, pressed.unit_id)
    private = await texts_for_user(context, actor.user_id, actor.language_code)
    text, markup = _unit_view(private, found)
    if await send_elsewhere(context, actor.user_id, text, keyboard=markup) is None:
        raise NotAllowed("pledge.open_private_first")
    tx = await texts_for(update, context)
    await answer_button(update, tx("pledge.sent_private"))


async def _ask_reopen(update: Update, context: BotContext, pressed: AskReopen) -> None:
    found = await pledge_progress.ask_reopen(context.services, context.actor, pressed.unit_id)
    tx = await texts_for(update, context)
    markup = confirm_keyboard(
        tx("pledge.btn_reopen_ok"),
        Reopen(found.unit.id),
        tx("pledge.btn_cancel"),
        KeepClosed(found.unit.id),
    )
    await answer_button(update)
    await edit_html(update, tx("pledge.confirm_reopen", code=found.unit.code), keyboard=markup)


async def _keep(update: Update, context: BotContext, pressed: KeepClosed) -> None:
    await pledge_progress.ask_reopen(context.services, context.actor, pressed.unit_id)
    tx = await texts_for(update, context)
    await answer_button(update)
    await edit_html(update, tx("pledge.nothing_changed"))


async def _reopen(update: Update, context: BotContext, pressed: Reopen) -> None:
    """An admin's ✅ on reopening: the unit may edit again; its delegates are told."""
    done = await pledge_progress.reopen(context.services, context.actor, pressed.unit_id)
    code = done.found.unit.code
    told = 0
    for delegate in done.delegates:
        their = await texts_for_user(context, delegate.id, delegate.telegram_language)
        told += (
            await send_elsewhere(context, delegate.id, their("pledge.reopened_notice", code=code))
            is not None
        )
    tx = await texts_for(update, context)
    await answer_button(update)
    await edit_html(update, tx("pledge.reopened", code=code, count=told))


async def _progress_page(update: Update, context: BotContext, pressed: ProgressPage) -> None:
    services, actor = context.services, context.actor
    bloc, found = await pledge_progress.progress_here(services, actor, pressed.year_id)
    text, markup = render_progress(await texts_for(update, context), bloc, found, pressed.page)
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


async def _published_page(update: Update, context: BotContext, pressed: PublishedPage) -> None:
    services, actor = context.services, context.actor
    bloc, found = await pledge_progress.progress_here(services, actor, pressed.year_id)
    if not found.year.published:
        raise NotAllowed("pledge.not_published")
    text, markup = render_published(await texts_for(update, context), bloc, found, pressed.page)
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


async def _ask_publish(update: Update, context: BotContext, pressed: AskPublish) -> None:
    year, count = await pledge_progress.ask_publish(
        context.services, context.actor, pressed.year_id
    )
    tx = await texts_for(update, context)
    markup = confirm_keyboard(
        tx("pledge.btn_publish_ok"),
        Publish(year.id),
        tx("pledge.btn_cancel"),
        ProgressPage(year.id, 0),
    )
    await answer_button(update)
    text = tx("pledge.confirm_publish", year=year.year, count=count)
    await edit_html(update, text, keyboard=markup)


async def _publish(update: Update, context: BotContext, pressed: Publish) -> None:
    bloc, found = await pledge_progress.publish(context.services, context.actor, pressed.year_id)
    text, markup = render_published(await texts_for(update, context), bloc, found, 0)
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


def feature() -> Feature:
    return Feature(
        "pledge_group",
        buttons={
            SeeUnitPledge: _see,
            AskReopen: _ask_reopen,
            Reopen: _reopen,
            KeepClosed: _keep,
            ProgressPage: _progress_page,
            PublishedPage: _published_page,
            AskPublish: _ask_publish,
            Publish: _publish,
        },
        status={Phase.PLEDGE: status_part},
        pending={Phase.PLEDGE: pledge_progress.unregistered},
    )

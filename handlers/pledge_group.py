"""Pledges seen from the group: /status in the pledge phase, one unit's pledge, reopening one
unit after the deadline, publishing the commitments and reading them once published.

The group sees who registered and the titles; the commitments only once an admin published
them. A unit's button sends its pledge privately to whoever may read it (an admin, the unit's
own delegate, anyone after publishing), so the group's messages stay short.
"""

from __future__ import annotations

from telegram import Chat, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot import callback_data
from bot.callback_data import CallbackData
from bot.context import BotContext
from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.domain.year import Year
from bot.errors import Conflict, NotAllowed, NotFound
from bot.i18n import Html, Texts
from bot.rights import is_bloc_admin, require_admin, require_bloc
from bot.usecases import pledge_progress
from bot.usecases.pledge_progress import Progress, UnitPledge
from handlers import year as year_handlers
from handlers.calendar_text import when
from handlers.keyboards import (
    Btn,
    confirm_keyboard,
    grid,
    keyboard,
    pager_row,
    paginate,
)
from handlers.pledge_text import join, registered_lines, title_names
from handlers.presses import pressed_data
from handlers.reply import (
    answer_button,
    edit_html,
    send_elsewhere,
    send_html,
    texts_for,
    texts_for_user,
)

KIND = "pledges"
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
        lines.append(tx("pledge.deadline", when=when(tx, p.deadline, bloc)))
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
    rows = grid([Btn(f"🔍 {u.code}", (KIND, "see", u.id)) for u in shown.items], 4)
    rows.append(pager_row(shown, KIND, "st", p.year.id))
    if p.year.published:
        rows.append([Btn(tx("pledge.btn_read"), (KIND, "read", p.year.id, 0))])
    elif p.registered:
        rows.append([Btn(tx("pledge.btn_publish"), (KIND, "pub", p.year.id))])
    return Html("\n".join(lines)), keyboard(rows)


async def show_progress(update: Update, context: BotContext, bloc: Bloc, year: Year) -> None:
    """/status during the pledge phase."""
    found = await pledge_progress.progress(context.services, bloc, year)
    text, markup = render_progress(await texts_for(update, context), bloc, found, 0)
    await send_html(update, context, text, keyboard=markup)


def render_published(
    tx: Texts, bloc: Bloc, p: Progress, page: int
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The published commitments, one unit a page."""
    shown = paginate(p.registered, page, 1)
    lines = [tx("pledge.published_header", year=p.year.year), ""]
    for unit in shown.items:
        found = p.pledges[unit.id]
        lines += registered_lines(tx, bloc, unit, p.year.year, found, p.titles, commitments=True)
    rows = [pager_row(shown, KIND, "read", p.year.id)]
    rows.append([Btn(tx("pledge.btn_list"), (KIND, "st", p.year.id, 0))])
    return Html("\n".join(lines)), keyboard(rows)


def _unit_view(
    tx: Texts, found: UnitPledge, admin: bool
) -> tuple[Html, InlineKeyboardMarkup | None]:
    lines = registered_lines(
        tx, found.bloc, found.unit, found.year.year, found.pledge, found.titles, commitments=True
    )
    rows = []
    if admin and found.closed and not found.reopened:
        rows.append(
            [Btn(tx("pledge.btn_reopen", code=found.unit.code), (KIND, "reopen", found.unit.id))]
        )
    elif admin and found.reopened:
        lines += ["", tx("pledge.is_reopened")]
    return join(lines), keyboard(rows)


async def _see(update: Update, context: BotContext, tx: Texts, data: CallbackData) -> None:
    """Send a unit's pledge privately to whoever may read it; the rest see its titles."""
    user = update.effective_user
    assert user is not None
    services = context.services
    found = await pledge_progress.unit_pledge(services, data.int_arg(0))
    admin = await is_bloc_admin(services, context.bot, found.bloc, user.id)
    own = await services.units.is_delegate(found.unit.id, user.id)
    if not (admin or own or found.year.published):
        names = title_names(found.pledge.title_ids, found.titles) if found.pledge else []
        key = "pledge.titles_only" if found.pledge else "pledge.not_registered_short"
        raise NotAllowed(key, code=found.unit.code, titles=", ".join(names))
    private = await texts_for_user(context, user.id, user.language_code)
    text, markup = _unit_view(private, found, admin)
    if await send_elsewhere(context, user.id, text, keyboard=markup) is None:
        raise NotAllowed("pledge.open_private_first")
    await answer_button(update, tx("pledge.sent_private"))


async def _reopen(update: Update, context: BotContext, tx: Texts, data: CallbackData) -> None:
    """An admin's ✅ on reopening: the unit may edit again; its delegates are told."""
    user = update.effective_user
    assert user is not None
    services = context.services
    found = await pledge_progress.unit_pledge(services, data.int_arg(0))
    await require_admin(services, context.bot, found.bloc, user.id)
    if data.action == "reopen":
        markup = confirm_keyboard(
            tx("pledge.btn_reopen_ok"),
            (KIND, "reopen_ok", found.unit.id),
            tx("pledge.btn_cancel"),
            (KIND, "keep", found.unit.id),
        )
        await answer_button(update)
        await edit_html(update, tx("pledge.confirm_reopen", code=found.unit.code), keyboard=markup)
        return
    if data.action == "keep":
        await answer_button(update)
        await edit_html(update, tx("pledge.nothing_changed"))
        return
    await pledge_progress.reopen(services, found.unit.id, by=user.id)
    told = 0
    delegates = await services.users.get_many(await services.units.delegates(found.unit.id))
    for delegate in delegates.values():
        their = await texts_for_user(context, delegate.id, delegate.telegram_language)
        notice = their("pledge.reopened_notice", code=found.unit.code)
        told += await send_elsewhere(context, delegate.id, notice) is not None
    await answer_button(update)
    await edit_html(update, tx("pledge.reopened", code=found.unit.code, count=told))


async def _group_action(update: Update, context: BotContext, tx: Texts, data: CallbackData) -> None:
    """Pages of the progress and of the published commitments; publishing (admins)."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    services = context.services
    bloc = await require_bloc(services, chat.id)
    year = await pledge_progress.year_of(services, bloc, data.int_arg(0))
    page = data.int_arg(1) or 0
    if data.action in ("pub", "pub_ok"):
        await require_admin(services, context.bot, bloc, user.id)
    if data.action == "pub":
        count = await services.pledges.count(year.id)
        markup = confirm_keyboard(
            tx("pledge.btn_publish_ok"),
            (KIND, "pub_ok", year.id),
            tx("pledge.btn_cancel"),
            (KIND, "st", year.id, 0),
        )
        await answer_button(update)
        text = tx("pledge.confirm_publish", year=year.year, count=count)
        await edit_html(update, text, keyboard=markup)
        return
    if data.action == "pub_ok":
        year = await pledge_progress.publish(services, bloc, year.id, by=user.id)
    found = await pledge_progress.progress(services, bloc, year)
    if data.action == "st":
        text, markup = render_progress(tx, bloc, found, page)
    elif year.published:
        text, markup = render_published(tx, bloc, found, page)
    else:
        raise NotAllowed("pledge.not_published")
    await answer_button(update)
    await edit_html(update, text, keyboard=markup)


async def pressed(update: Update, context: BotContext) -> None:
    """Every button of this module; each re-checks rights and the year it was made for."""
    chat = update.effective_chat
    data = pressed_data(update)
    if chat is None:
        raise NotFound("core.stale_button")
    tx = await texts_for(update, context)
    if data.action == "see":
        await _see(update, context, tx, data)
    elif data.action in ("reopen", "reopen_ok", "keep"):
        await _reopen(update, context, tx, data)
    elif data.action in ("st", "read", "pub", "pub_ok") and chat.type != Chat.PRIVATE:
        await _group_action(update, context, tx, data)
    else:
        raise Conflict("core.stale_button")


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CallbackQueryHandler(pressed, pattern=callback_data.pattern(KIND)))
    year_handlers.add_status(Phase.PLEDGE, show_progress)

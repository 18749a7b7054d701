"""Pledges as the group and the admins see them: progress, published commitments, one
unit's pledge, and their buttons. Pure: text and keyboards, no I/O."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import Where, button
from bot.domain.bloc import Bloc
from bot.i18n import Html, Texts
from bot.textfit import clip_plain
from bot.usecases.pledge_progress import Progress, UnitPledge
from views.fit import fit_lines
from views.keyboards import (
    Btn,
    grid,
    keyboard,
    pager_row,
    paginate,
)
from views.pledge_text import registered_lines, title_names

KIND = "pledges"


@button(KIND, "see")
class SeeUnitPledge:
    """🔍 a unit: its whole pledge in private to whoever may read it, its titles to the rest.
    `year_id` is the year of the list it was pressed in (a closed year stays readable)."""

    unit_id: int
    year_id: int = 0


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
        names = clip_plain(", ".join(title_names(found.title_ids, p.titles)), STATUS_TITLES_CHARS)
        lines.append(tx("pledge.status_done", code=unit.code, titles=names))
    if not p.units:
        lines.append(tx("pledge.status_no_units"))
    rows = grid([Btn(f"🔍 {u.code}", SeeUnitPledge(u.id, p.year.id)) for u in shown.items], 4)
    rows.append(pager_row(shown, lambda n: ProgressPage(p.year.id, n)))
    if p.year.published:
        rows.append([Btn(tx("pledge.btn_read"), PublishedPage(p.year.id, 0))])
    elif p.registered and p.year.is_open:
        rows.append([Btn(tx("pledge.btn_publish"), AskPublish(p.year.id))])
    return fit_lines(tx, lines), keyboard(rows)


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
    return fit_lines(tx, lines), keyboard(rows)


def unit_view(tx: Texts, found: UnitPledge) -> tuple[Html, InlineKeyboardMarkup | None]:
    lines = registered_lines(
        tx, found.bloc, found.unit, found.year.year, found.pledge, found.titles, commitments=True
    )
    rows = []
    if not found.year.is_open:
        lines += ["", tx("pledge.year_closed_note", year=found.year.year)]
    elif found.admin and found.closed and not found.reopened:
        rows.append([Btn(tx("pledge.btn_reopen", code=found.unit.code), AskReopen(found.unit.id))])
    elif found.admin and found.reopened:
        lines += ["", tx("pledge.is_reopened")]
    return fit_lines(tx, lines), keyboard(rows)

"""/units and a unit's card as people see them, and their buttons. Pure: no I/O."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.constants import DELEGATES_MAX_CHARS, LIST_PAGE_MAX_CHARS, UNITS_PER_PAGE
from bot.domain.bloc import Bloc
from bot.i18n import Texts, telegram_length
from bot.textfit import utf16_length
from bot.usecases.units import UnitEntry
from views.fit import fit_lines
from views.keyboards import Btn, keyboard, pager_row, paginate_sized

KIND = "units"


@button(KIND, "page")
class UnitsPage:
    page: int = 0


@button(KIND, "card")
class UnitCard:
    unit_id: int


@button(KIND, "kick")
class AskKick:
    """➖ a delegate on a unit's card: asks first."""

    unit_id: int
    user_id: int


@button(KIND, "kickok")
class Kick:
    unit_id: int
    user_id: int


@button(KIND, "rm")
class AskRemoveUnit:
    unit_id: int


@button(KIND, "rmok")
class RemoveUnit:
    unit_id: int


def render_page(
    tx: Texts, bloc: Bloc, entries: list[UnitEntry], number: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of `/units`: at most UNITS_PER_PAGE units and LIST_PAGE_MAX_CHARS characters."""
    if not entries:
        return tx("units.list_empty"), None
    blocks = [unit_lines(tx, entry) for entry in entries]
    sizes = [sum(telegram_length(line) + 1 for line in block) for block in blocks]
    page = paginate_sized(blocks, number, sizes, LIST_PAGE_MAX_CHARS, UNITS_PER_PAGE)
    lines = [tx("units.list_header", bloc=bloc.name, count=len(entries))]
    for block in page.items:
        lines += block
    pager = pager_row(page, UnitsPage)
    return fit_lines(tx, lines), keyboard([pager]) if pager else None


def unit_lines(tx: Texts, entry: UnitEntry) -> list[str]:
    role = tx(f"units.role_{entry.role}") if entry.role else ""
    if entry.next_role:
        role += tx(f"election.units_next_{entry.next_role}", year=entry.next_year)
    first = tx("units.list_unit", code=entry.unit.code, name=entry.unit.name, role=role)
    if not entry.delegates:
        return [first, tx("units.list_no_delegates")]
    names: list[str] = []
    size = 0
    for person in entry.delegates:
        size += utf16_length(person.display_name) + 2
        if names and size > DELEGATES_MAX_CHARS:
            more = tx("units.list_more_delegates", count=len(entry.delegates) - len(names))
            return [first, tx("units.list_delegates", names=", ".join(names)) + more]
        names.append(person.display_name)
    return [first, tx("units.list_delegates", names=", ".join(names))]


def render_card(tx: Texts, entry: UnitEntry) -> tuple[str, InlineKeyboardMarkup]:
    unit_id = entry.unit.id
    rows = [
        [
            Btn(
                html.unescape(tx("units.btn_kick", name=p.display_name)),
                AskKick(unit_id, p.id),
            )
        ]
        for p in entry.delegates
    ]
    rows.append([Btn(tx("units.btn_remove"), AskRemoveUnit(unit_id))])
    return fit_lines(tx, unit_lines(tx, entry)), keyboard(rows)

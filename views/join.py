"""/join as people see it: the units to pick, and the admins' buttons. Pure: no I/O."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.constants import JOIN_BUTTONS_PER_PAGE
from bot.i18n import Texts
from bot.usecases.delegates import Picker
from views.keyboards import (
    Btn,
    grid,
    keyboard,
    pager_row,
    paginate,
)

KIND = "join"


@button(KIND, "page")
class JoinPage:
    """Another page of the picker of `asker` (the one who typed /join)."""

    asker: int
    page: int = 0


@button(KIND, "ask")
class AskToJoin:
    """The member who typed /join (`asker`) picked the unit they act for: a request the admins
    decide on. A picker answers only its asker; it goes away once used."""

    unit_id: int
    asker: int


@button(KIND, "yes")
class Approve:
    request_id: int


@button(KIND, "no")
class Refuse:
    request_id: int


def render_pick(
    tx: Texts, found: Picker, number: int, asker: int, name: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The units as buttons; a delegate is first reminded of the units they act for."""
    if not found.units:  # an old /join message after every unit was removed
        return tx("units.list_empty"), None
    page = paginate(found.units, number, JOIN_BUTTONS_PER_PAGE)
    buttons = [Btn(u.code, AskToJoin(u.id, asker)) for u in page.items]
    pager = pager_row(page, lambda n: JoinPage(asker, n))
    if found.acting:
        codes = ", ".join(u.code for u in found.acting)
        text = tx("join.pick_acting", name=name, codes=codes)
    else:
        text = tx("join.pick", name=name)
    return text, keyboard([*grid(buttons, 4), pager])

"""/join as people see it: the units to pick, and the admins' buttons. Pure: no I/O."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.constants import JOIN_BUTTONS_PER_PAGE
from bot.domain.bloc import Unit
from bot.i18n import Texts
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
    page: int = 0


@button(KIND, "ask")
class AskToJoin:
    """A member picked the unit they act for: a request the admins decide on."""

    unit_id: int


@button(KIND, "yes")
class Approve:
    request_id: int


@button(KIND, "no")
class Refuse:
    request_id: int


def render_pick(
    tx: Texts, found: list[Unit], number: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    if not found:  # an old /join message after every unit was removed
        return tx("units.list_empty"), None
    page = paginate(found, number, JOIN_BUTTONS_PER_PAGE)
    buttons = [Btn(u.code, AskToJoin(u.id)) for u in page.items]
    return tx("join.pick"), keyboard([*grid(buttons, 4), pager_row(page, JoinPage)])

"""/leave as a delegate sees it: the confirmation and its buttons. Pure: no I/O."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import Where, button
from bot.domain.bloc import Membership
from bot.i18n import Texts
from views.keyboards import confirm_keyboard

KIND = "leave"


@button(KIND, "unit", Where.PRIVATE)
class AskLeave:
    """The unit picked (a delegate of several): confirm leaving it."""

    unit_id: int


@button(KIND, "ok", Where.PRIVATE)
class Leave:
    unit_id: int


@button(KIND, "no", Where.PRIVATE)
class Stay:
    unit_id: int


def confirmation(tx: Texts, m: Membership) -> tuple[str, InlineKeyboardMarkup]:
    text = tx("join.leave_confirm", code=m.unit.code, unit=m.unit.name, bloc=m.bloc.name)
    markup = confirm_keyboard(
        tx("join.btn_leave"), Leave(m.unit.id), tx("join.btn_stay"), Stay(m.unit.id)
    )
    return text, markup

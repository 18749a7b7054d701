"""A unit's answer (giải trình) as the reviewers are told of it, privately. Pure: text and
keyboard (who is told and when it counts as seen: `bot.usecases.review_answers`)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.domain.review import Round
from bot.i18n import Html, Texts
from views.fit import fit_lines
from views.keyboards import Btn, keyboard
from views.review import OpenUnit, round_name


def render_answered(
    tx: Texts, code: str, year_id: int, year: int, round_: Round, unit_id: int, text: str
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """To a reviewer: the unit answered its review, with the answer and the button that opens
    the unit's review screen (opening it counts the answer as seen)."""
    lines = [
        tx("review.answered_notice", code=code, round=round_name(tx, round_), year=year),
        tx("review.answered_text", text=text),
        "",
        tx("review.answered_hint"),
    ]
    opened = OpenUnit(year_id, round_, unit_id)
    return fit_lines(tx, lines), keyboard([[Btn(tx("review.btn_open_unit", code=code), opened)]])

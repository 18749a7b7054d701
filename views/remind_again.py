"""`/remind now` soon after a reminder of the same deadline (`bot.nudge_again`): when that one
went and to how many units, with ✅ Send again / ✖️ Cancel. Pure: no I/O."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.domain.calendar import Phase
from bot.i18n import Html, Texts
from storage.reminders import SentRound
from views.keyboards import confirm_keyboard

KIND = "remind"


@button(KIND, "again")
class RemindAgain:
    """✅: the round asked about (its first row in the ledger) is reminded again."""

    phase: Phase
    first: int


@button(KIND, "keep")
class KeepReminder:
    """✖️: nothing is sent."""

    phase: Phase


def local_time(moment: datetime, timezone: str) -> str:
    return f"{moment.astimezone(ZoneInfo(timezone)):%H:%M}"


def ask_again(
    tx: Texts, phase: Phase, deadline: datetime, last: SentRound, now: datetime, timezone: str
) -> tuple[Html, InlineKeyboardMarkup]:
    """The question, and its buttons."""
    params = {
        "phase": tx.phase(phase),
        "when": tx.when(deadline, timezone),
        "time": local_time(last.at, timezone),
        "ago": tx.duration(now - last.at),
    }
    if last.units:
        units = tx.plural("remind.now_units", last.units, count=last.units)
        head = tx("remind.again_ask_sent", units=units, **params)
    else:  # nobody could be written to privately: the digest was the reminder
        head = tx("remind.again_ask_posted", **params)
    tail = tx("remind.again_ask", action=tx(f"remind.action_{phase.value}"))
    markup = confirm_keyboard(
        tx("remind.btn_again"),
        RemindAgain(phase, last.first),
        tx("remind.btn_keep"),
        KeepReminder(phase),
    )
    return Html(f"{head}\n{tail}"), markup

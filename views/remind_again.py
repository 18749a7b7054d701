"""`/remind now` soon after a reminder of the same deadline (`bot.nudge_again`): when that one
went and to how many units, with ✅ Send again / ✖️ Cancel. Pure: no I/O."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.domain.calendar import Phase
from bot.domain.reminders import QuietHours
from bot.i18n import Html, Texts
from bot.nudge_again import minute_of
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


@button(KIND, "quiet")
class RemindQuiet:
    """✅ in the quiet hours: the round at once (`minute`: when asked, `nudge_again.minute_of`)."""

    phase: Phase
    minute: int


@button(KIND, "hush")
class KeepQuiet:
    """✖️ in the quiet hours: nothing is sent."""

    phase: Phase


def quiet_hours(quiet: QuietHours) -> dict[str, str]:
    return {"start": f"{quiet.start:%H:%M}", "end": f"{quiet.end:%H:%M}"}


def ask_quiet(
    tx: Texts, phase: Phase, deadline: datetime, quiet: QuietHours, now: datetime, timezone: str
) -> tuple[Html, InlineKeyboardMarkup]:
    """`/remind now` in the quiet hours (`bot.nudge_again.in_quiet`): the question, its buttons."""
    text = tx(
        "remind.quiet_ask",
        phase=tx.phase(phase),
        when=tx.when(deadline, timezone),
        action=tx(f"remind.action_{phase.value}"),
        **quiet_hours(quiet),
    )
    markup = confirm_keyboard(
        tx("remind.btn_quiet_send"),
        RemindQuiet(phase, minute_of(now)),
        tx("remind.btn_keep"),
        KeepQuiet(phase),
    )
    return text, markup


def sent_at(tx: Texts, moment: datetime, now: datetime, timezone: str) -> str:
    """When a round went: "20:30" the same local day as `now`, else with its date
    ("04/01/2026 20:30"), as the catalogs show dates (`Texts.date`)."""
    tz = ZoneInfo(timezone)
    local = moment.astimezone(tz)
    if local.date() == now.astimezone(tz).date():
        return f"{local:%H:%M}"
    return tx.date(moment, timezone)


def ask_again(
    tx: Texts,
    phase: Phase,
    deadline: datetime,
    last: SentRound,
    now: datetime,
    timezone: str,
    quiet: QuietHours | None = None,
) -> tuple[Html, InlineKeyboardMarkup]:
    """The question, and its buttons."""
    params = {
        "phase": tx.phase(phase),
        "when": tx.when(deadline, timezone),
        "time": sent_at(tx, last.at, now, timezone),
        "ago": tx.duration(now - last.at),
    }
    if last.units:
        units = tx.plural("remind.now_units", last.units, count=last.units)
        head = tx("remind.again_ask_sent", units=units, **params)
    else:  # nobody could be written to privately: the digest was the reminder
        head = tx("remind.again_ask_posted", **params)
    tail = tx("remind.again_ask", action=tx(f"remind.action_{phase.value}"))
    if quiet is not None:  # in the quiet hours too (`bot.nudge_again.in_quiet`)
        tail = Html(f"{tx('remind.quiet_note', **quiet_hours(quiet))}\n{tail}")
    markup = confirm_keyboard(
        tx("remind.btn_again"),
        RemindAgain(phase, last.first),
        tx("remind.btn_keep"),
        KeepReminder(phase),
    )
    return Html(f"{head}\n{tail}"), markup

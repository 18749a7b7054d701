"""Dates and phases as every feature shows them: "Thứ Bảy, 31/01/2026 17:00" in the bloc's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase, format_local, weekday
from bot.i18n import Html, Texts


def when(tx: Texts, moment: datetime, bloc: Bloc) -> Html:
    """A stored UTC instant, shown with its weekday in the bloc's time zone."""
    tz = ZoneInfo(bloc.timezone)
    day = tx(f"calendar.weekday_{weekday(moment, tz)}")
    return tx("year.when", weekday=day, date=format_local(moment, tz))


def phase_name(tx: Texts, phase: Phase) -> Html:
    return tx(f"calendar.phase_{phase.value}")

"""Dates, phases and time zones as every feature shows them: "Thứ Bảy, 31/01/2026 17:00",
"giờ Việt Nam (GMT+7)"."""

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


#: Zones with a name people use instead of the zone id.
_NAMED_ZONES = {"Asia/Ho_Chi_Minh": "calendar.zone_vietnam", "Asia/Saigon": "calendar.zone_vietnam"}


def zone_name(tx: Texts, timezone: str) -> Html:
    """ "giờ Việt Nam (GMT+7)" for Vietnam's zone; "giờ <zone id>" for any other."""
    key = _NAMED_ZONES.get(timezone)
    return tx(key) if key else tx("calendar.zone_other", zone=timezone)

"""Numbers, dates and catalog texts as the documents write them (Decree 30/2020/NĐ-CP).

The documents are Word files, not Telegram HTML, so catalog texts are formatted here without
HTML escaping (docxtpl escapes for XML once, when rendering). Vietnamese dates follow the
decree: "ngày 05 tháng 01 năm 2028" (a zero before days under 10 and the months 1 and 2).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bot.formats.report import number_text
from bot.i18n import Catalog, format_signed

NS = "documents."


class Words:
    """The `documents` catalog in one language, plus the bloc's time zone."""

    def __init__(self, catalog: Catalog, lang: str, timezone: str) -> None:
        self.texts = catalog.texts[lang]
        self.lang = lang
        self.zone = ZoneInfo(timezone)

    def __call__(self, key: str, /, **params: Any) -> str:
        template = self.texts[NS + key]
        return template.format_map(params) if params else template

    def plural(self, key: str, count: int, /, **params: Any) -> str:
        """`key_one` when `count` is 1, else `key` ("1 seat", "2 seats"; `Texts.plural`)."""
        return self(f"{key}_one" if count == 1 else key, count=count, **params)

    def together(self, names: list[str]) -> str:
        """Units a sentence names together: "A và B", "A, B và C" (the chat's wording)."""
        if len(names) < 2:
            return "".join(names)
        template = self.texts["election.codes_and"]
        return template.format(rest=", ".join(names[:-1]), last=names[-1])

    def number(self, value: Decimal | int) -> str:
        return number_text(self.lang, Decimal(value))

    def signed(self, value: Decimal) -> str:
        """A change in the score table: +1, −1 (the minus sign), 0."""
        return format_signed(value, self.lang)

    def percent(self, part: int, whole: int) -> str:
        """`part` of `whole` in percent with two decimals (half up); "" when `whole` is 0."""
        if whole <= 0:
            return ""
        share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return self.number(share)

    def long_date(self, day: date | None, year: int) -> str:
        """ "ngày 20 tháng 12 năm 2027"; with no day, the blanks a person fills by hand."""
        if day is None:
            return self("date_blank", year=year)
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        return self("date_long", day=f"{day.day:02d}", month=month, year=day.year)

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(self.zone)

    def when(self, instant: datetime) -> str:
        """ "09:30 ngày 15/12/2027" in the bloc's zone."""
        moment = self.local(instant)
        return self("at_time", time=f"{moment:%H:%M}", date=f"{moment:%d/%m/%Y}")

    def lines(self, keys: list[tuple[str, dict[str, Any]]]) -> list[str]:
        return [self(key, **params) for key, params in keys]

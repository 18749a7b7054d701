"""The shared formats every feature uses: numbers, dates, durations, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.domain.calendar import Phase
from bot.i18n import Catalog

VI = Catalog.load().for_lang("vi")
EN = Catalog.load().for_lang("en")


def test_numbers_are_exact_with_a_decimal_comma_in_vietnamese() -> None:
    assert VI.number(Decimal("8.50")) == "8,5" and EN.number(Decimal("8.50")) == "8.5"
    assert VI.number(Decimal("10")) == "10" and VI.number(Decimal("1E+1")) == "10"
    assert VI.number(Decimal("0.25")) == "0,25" and VI.number(3) == "3"


def test_counts_group_thousands_the_readers_way() -> None:
    """6.122 ký tự, 6,122 characters; a count under 1000 as it is; wherever it is rendered."""
    from bot.i18n import Count, format_count

    assert format_count(6122, "vi") == "6.122" and format_count(6122, "en") == "6,122"
    assert format_count(999, "vi") == "999" and format_count(1_234_567, "vi") == "1.234.567"
    said = VI("pledge.too_long", length=Count(6122), max=Count(3000))
    assert "6.122 ký tự, quá mức 3.000" in said
    assert "6,122 characters long, over the limit of 3,000" in EN(
        "pledge.too_long", length=Count(6122), max=Count(3000)
    )


def test_dates_are_in_the_blocs_zone_with_the_weekday() -> None:
    moment = datetime(2026, 1, 31, 10, 0, tzinfo=UTC)  # 17:00 in Hà Nội, a Saturday
    assert VI.date(moment, "Asia/Ho_Chi_Minh") == "31/01/2026 17:00"
    assert VI.when(moment, "Asia/Ho_Chi_Minh") == "Thứ Bảy, 31/01/2026 17:00"
    assert EN.when(moment, "Asia/Ho_Chi_Minh").startswith("Saturday")


def test_durations_show_the_two_largest_parts() -> None:
    assert VI.duration(timedelta(days=2, hours=3, minutes=5)) == "2 ngày 3 giờ"
    assert VI.duration(timedelta(minutes=45)) == "45 phút"
    assert VI.duration(timedelta(seconds=5)) == "1 phút"
    assert EN.duration(timedelta(hours=1, minutes=1)) == "1 h 1 min"


def test_phases_have_names() -> None:
    assert all(VI.phase(p) and EN.phase(p) for p in Phase)


def test_plain_length_is_what_telegram_counts() -> None:
    from bot.i18n import plain_length, plain_text

    for text in ["<b>A &amp; B</b> &lt;i&gt;", VI("year.when", weekday="Thứ <Hai>", date="x & y")]:
        assert plain_length(text) == len(plain_text(text))

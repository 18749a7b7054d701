"""The year's calendar: phases, years, deadlines in the bloc's zone, display and warnings."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.calendar import (
    Phase,
    deadline_warnings,
    format_local,
    parse_date,
    parse_deadline,
    parse_phase,
    parse_time,
    parse_year,
    weekday,
)
from bot.domain.errors import InvalidValue, Reason
from tests.conftest import examples

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PARIS = ZoneInfo("Europe/Paris")


def _reason(call: object, *args: object) -> tuple[str, dict[str, str]]:
    with pytest.raises(InvalidValue) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value.error.reason, caught.value.error.params


def test_phases_are_in_order() -> None:
    assert list(Phase) == [Phase.PLEDGE, Phase.MIDYEAR, Phase.YEAREND, Phase.ELECTION]
    assert [p.value for p in Phase] == ["pledge", "midyear", "yearend", "election"]


@pytest.mark.parametrize(
    ("text", "phase"),
    [
        ("pledge", Phase.PLEDGE),
        (" MidYear ", Phase.MIDYEAR),
        ("YEAREND", Phase.YEAREND),
        ("election", Phase.ELECTION),
        ("đăng ký", Phase.PLEDGE),
        ("dangky", Phase.PLEDGE),
        ("Sơ kết", Phase.MIDYEAR),
        ("tổng-kết", Phase.YEAREND),
        ("Bầu cử", Phase.ELECTION),
    ],
)
def test_parse_phase(text: str, phase: Phase) -> None:
    assert parse_phase(text) is phase


@pytest.mark.parametrize("text", ["", "vote", "pledges", "mid year 2"])
def test_bad_phase(text: str) -> None:
    assert _reason(parse_phase, text) == (Reason.BAD_PHASE, {"value": text.strip()})


def test_parse_year() -> None:
    assert parse_year(" 2026 ") == 2026
    assert parse_year("2000") == 2000 and parse_year("2100") == 2100
    for text in ("1999", "2101", "26", "20261", "２０２６", "2026.0", "", "năm 2026"):
        assert _reason(parse_year, text) == (Reason.BAD_YEAR, {"value": text.strip()})


def test_parse_date_forms() -> None:
    assert parse_date("31/01/2026") == date(2026, 1, 31)
    assert parse_date("1/2/2026") == date(2026, 2, 1)
    assert parse_date("01.02.2026") == date(2026, 2, 1)
    assert parse_date("01-02-2026") == date(2026, 2, 1)


def test_iso_dates_and_two_digit_years_read_one_way_only() -> None:
    assert parse_date("2027-01-15") == date(2027, 1, 15)
    assert parse_date("2027-1-5") == parse_date("2027/01/05") == date(2027, 1, 5)
    assert parse_date("15/1/27") == date(2027, 1, 15)
    assert parse_date("5/1/27") == date(2027, 1, 5)  # day first, as Vietnam writes it
    assert parse_date("31.12.99") == date(2099, 12, 31)


def test_leap_days() -> None:
    assert parse_date("29/02/2028") == date(2028, 2, 29)
    assert parse_date("29/02/2000") == date(2000, 2, 29)
    for text, year, days in (("29/02/2026", 2026, 28), ("29/02/2100", 2100, 28)):
        assert _reason(parse_date, text) == (
            Reason.NO_SUCH_DAY,
            {"value": text, "month": "2", "year": str(year), "days": str(days)},
        )


@pytest.mark.parametrize(
    ("text", "month", "days"),
    [("31/02/2027", 2, 28), ("31/04/2026", 4, 30), ("00/01/2026", 1, 31), ("2027-02-30", 2, 28)],
)
def test_a_day_past_the_months_end_says_so(text: str, month: int, days: int) -> None:
    reason, params = _reason(parse_date, text)
    assert reason == Reason.NO_SUCH_DAY
    assert (params["month"], params["days"]) == (str(month), str(days))


@pytest.mark.parametrize("text", ["31/13/2026", "1/0/2026", "2027-13-01"])
def test_a_month_past_twelve_says_so(text: str) -> None:
    assert _reason(parse_date, text)[0] == Reason.NO_SUCH_MONTH


@pytest.mark.parametrize(
    "text", ["", "2026/01", "31/01/202", "31/01/1999", "31/01/2101", "hôm nay", "1/2/3/2026"]
)
def test_bad_dates(text: str) -> None:
    assert _reason(parse_date, text)[0] == Reason.BAD_DATE


def test_a_bad_date_shows_an_example_in_the_year_being_set_up() -> None:
    assert _reason(parse_date, "mai", 2027) == (
        Reason.BAD_DATE,
        {"value": "mai", "example": "31/01/2027"},
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("17:00", time(17)),
        ("7:05", time(7, 5)),
        ("23:59", time(23, 59)),
        ("00:00", time(0)),
        ("17h", time(17)),
        ("17h30", time(17, 30)),
        ("8H15", time(8, 15)),
    ],
)
def test_parse_time(text: str, value: time) -> None:
    assert parse_time(text) == value


@pytest.mark.parametrize("text", ["25:00", "24:00", "17:60", "17:5", "17:", "1700", "5pm", ":30"])
def test_bad_times(text: str) -> None:
    assert _reason(parse_time, text) == (Reason.BAD_TIME, {"value": text})


def test_deadline_in_ho_chi_minh_city_is_utc_plus_7() -> None:
    due = parse_deadline("31/01/2026", "17:00", HCM)
    assert due == datetime(2026, 1, 31, 10, 0, tzinfo=UTC)
    assert due.tzinfo is UTC
    assert parse_deadline("31/01/2026", None, HCM) == due  # 17:00 by default
    assert parse_deadline("31/01/2026", "  ", HCM) == due
    assert parse_deadline("1/1/2026", "06:59", HCM) == datetime(2025, 12, 31, 23, 59, tzinfo=UTC)


def test_deadline_errors() -> None:
    assert _reason(parse_deadline, "31/02/2026", "17:00", HCM)[0] == Reason.NO_SUCH_DAY
    assert _reason(parse_deadline, "28/02/2026", "25:00", HCM)[0] == Reason.BAD_TIME


def test_deadline_in_a_zone_with_summer_time() -> None:
    assert parse_deadline("01/07/2026", "17:00", PARIS) == datetime(2026, 7, 1, 15, tzinfo=UTC)
    assert parse_deadline("01/12/2026", "17:00", PARIS) == datetime(2026, 12, 1, 16, tzinfo=UTC)


def test_format_local_and_weekday() -> None:
    due = datetime(2026, 1, 31, 10, 0, tzinfo=UTC)
    assert format_local(due, HCM) == "31/01/2026 17:00"
    assert weekday(due, HCM) == 5  # a Saturday
    late = datetime(2026, 2, 1, 18, 30, tzinfo=UTC)  # 01:30 on Monday 2 February in Vietnam
    assert format_local(late, HCM) == "02/02/2026 01:30"
    assert weekday(late, HCM) == 0
    with pytest.raises(ValueError):
        format_local(datetime(2026, 1, 31, 10), HCM)


@settings(max_examples=examples(100))
@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31)))
def test_parse_and_format_round_trip(local: datetime) -> None:
    local = local.replace(second=0, microsecond=0)
    day, at = local.strftime("%d/%m/%Y"), local.strftime("%H:%M")
    due = parse_deadline(day, at, HCM)
    assert due.utcoffset() == timedelta(0)
    assert format_local(due, HCM) == f"{day} {at}"
    assert due == local.replace(tzinfo=HCM)
    assert weekday(due, HCM) == local.weekday()


def _at(day: str) -> datetime:
    return parse_deadline(day, None, HCM)


NOW = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


def test_a_good_calendar_has_no_warnings() -> None:
    deadlines = {
        Phase.PLEDGE: _at("31/01/2026"),
        Phase.MIDYEAR: _at("15/06/2026"),
        Phase.YEAREND: _at("30/11/2026"),
        Phase.ELECTION: _at("15/12/2026"),
    }
    assert deadline_warnings(deadlines, NOW, 2026) == []
    assert deadline_warnings({}, NOW, 2026) == []


def test_warnings() -> None:
    deadlines = {
        Phase.PLEDGE: _at("01/01/2026"),  # past
        Phase.MIDYEAR: _at("15/06/2026"),
        Phase.YEAREND: _at("30/05/2026"),  # before midyear
        Phase.ELECTION: _at("15/12/2062"),  # a typo
    }
    got = [(w.reason, w.params) for w in deadline_warnings(deadlines, NOW, 2026)]
    assert got == [
        (Reason.DEADLINE_PAST, {"phase": "pledge"}),
        (Reason.PHASES_OUT_OF_ORDER, {"earlier": "midyear", "later": "yearend"}),
        (Reason.DEADLINE_FAR, {"phase": "election", "year": "2026"}),
    ]


def test_out_of_order_skips_unset_phases_and_allows_the_year_edges() -> None:
    deadlines = {Phase.PLEDGE: _at("31/03/2026"), Phase.ELECTION: _at("20/01/2027")}
    assert deadline_warnings(deadlines, NOW, 2026) == []
    deadlines[Phase.YEAREND] = _at("01/03/2026")
    got = [(w.reason, w.params) for w in deadline_warnings(deadlines, NOW, 2026)]
    assert got == [(Reason.PHASES_OUT_OF_ORDER, {"earlier": "pledge", "later": "yearend"})]
    early = {Phase.PLEDGE: _at("15/12/2025")}
    assert [w.reason for w in deadline_warnings(early, NOW, 2026)] == [Reason.DEADLINE_PAST]
    far = {Phase.PLEDGE: _at("15/12/2024")}
    assert [w.reason for w in deadline_warnings(far, NOW, 2026)] == [
        Reason.DEADLINE_PAST,
        Reason.DEADLINE_FAR,
    ]

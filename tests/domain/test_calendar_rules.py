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
    runoff_deadline,
    split_deadline_args,
    usual_window,
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
        ("17g30", time(17, 30)),
        ("17G", time(17)),
        ("17 giờ 30", time(17, 30)),
        ("17 giờ", time(17)),
        ("17giờ30", time(17, 30)),
        ("17 GIỜ 30 phút", time(17, 30)),
        ("17 gio 30", time(17, 30)),
        ("17 h 30", time(17, 30)),
        ("lúc 17:30", time(17, 30)),
        ("lúc 9h", time(9)),
        ("17 gio\u031b\u0300 30", time(17, 30)),  # "giờ" typed with a combining accent
    ],
)
def test_parse_time(text: str, value: time) -> None:
    assert parse_time(text) == value


@pytest.mark.parametrize(
    "text",
    ["25:00", "24:00", "17:60", "17:5", "17:", "1700", "5pm", ":30", "17g3", "17 giờ 61", "giờ 30"],
)
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
    assert deadline_warnings(deadlines, NOW, 2026, tz=HCM) == []
    assert deadline_warnings({}, NOW, 2026, tz=HCM) == []


def _window(year: str, first: str, last: str) -> dict[str, str]:
    return {"year": year, "first": first, "last": last}


def test_warnings() -> None:
    deadlines = {
        Phase.PLEDGE: _at("01/01/2026"),  # past
        Phase.MIDYEAR: _at("15/06/2026"),
        Phase.YEAREND: _at("30/05/2026"),  # before midyear
        Phase.ELECTION: _at("15/12/2062"),  # a typo
    }
    got = [(w.reason, w.params) for w in deadline_warnings(deadlines, NOW, 2026, tz=HCM)]
    assert got == [
        (Reason.DEADLINE_PAST, {"phase": "pledge"}),
        (Reason.PHASES_OUT_OF_ORDER, {"earlier": "midyear", "later": "yearend"}),
        (Reason.DEADLINE_FAR, {"phase": "yearend", **_window("2026", "01/09/2026", "28/02/2027")}),
        (Reason.DEADLINE_FAR, {"phase": "election", **_window("2026", "01/09/2026", "31/03/2027")}),
    ]


def test_out_of_order_skips_unset_phases_and_allows_the_year_edges() -> None:
    deadlines = {Phase.PLEDGE: _at("31/03/2026"), Phase.ELECTION: _at("20/01/2027")}
    assert deadline_warnings(deadlines, NOW, 2026, tz=HCM) == []
    deadlines[Phase.YEAREND] = _at("01/03/2026")
    got = [w.reason for w in deadline_warnings(deadlines, NOW, 2026, tz=HCM)]
    assert got == [Reason.PHASES_OUT_OF_ORDER, Reason.DEADLINE_FAR]  # a year-end in March
    early = {Phase.PLEDGE: _at("15/12/2025")}
    assert [w.reason for w in deadline_warnings(early, NOW, 2026, tz=HCM)] == [Reason.DEADLINE_PAST]
    far = {Phase.PLEDGE: _at("15/12/2024")}
    assert [w.reason for w in deadline_warnings(far, NOW, 2026, tz=HCM)] == [
        Reason.DEADLINE_PAST,
        Reason.DEADLINE_FAR,
    ]


@pytest.mark.parametrize(
    ("phase", "inside", "outside"),
    [
        # the pledge: from the previous October (the covenant is signed at the year's end)
        (Phase.PLEDGE, ["01/10/2026", "15/12/2026", "31/01/2027", "30/06/2027"],
         ["30/09/2026", "01/07/2027", "31/01/2028", "31/01/2026"]),
        # the mid-year review: from May to August of the year
        (Phase.MIDYEAR, ["01/05/2027", "30/06/2027", "15/07/2027", "31/08/2027"],
         ["30/04/2027", "01/09/2027", "30/06/2028", "30/06/2026"]),
        # the year-end review: from September to the end of February (meetings after Tết)
        (Phase.YEAREND, ["01/09/2027", "15/12/2027", "20/01/2028", "29/02/2028"],
         ["31/08/2027", "01/03/2028", "15/12/2028", "15/12/2026"]),
        # the election of the next head and deputy: from September to the end of March
        (Phase.ELECTION, ["01/09/2027", "25/12/2027", "31/03/2028"],
         ["31/08/2027", "01/04/2028", "25/12/2028", "25/12/2026"]),
    ],
)  # fmt: skip
def test_each_phase_has_its_usual_window(
    phase: Phase, inside: list[str], outside: list[str]
) -> None:
    """QA qa-vi-first #6: `/deadline yearend 15/12/2028` for 2027 was taken without a word,
    since every phase allowed the year ± 1."""
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)  # nothing is past
    for day in inside:
        assert deadline_warnings({phase: _at(day)}, long_ago, 2027, tz=HCM) == [], day
    for day in outside:
        [far] = deadline_warnings({phase: _at(day)}, long_ago, 2027, tz=HCM)
        first, last = usual_window(phase, 2027)
        assert far.reason == Reason.DEADLINE_FAR, day
        assert far.params == {
            "phase": phase.value,
            "year": "2027",
            "first": first.strftime("%d/%m/%Y"),
            "last": last.strftime("%d/%m/%Y"),
        }


def test_the_window_is_read_in_the_blocs_zone() -> None:
    """00:30 on 1 September in Vietnam is still 31 August in UTC: it is inside the year-end's
    window, and 23:30 on 31 August is not (the day the admin typed decides)."""
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    early = parse_deadline("01/09/2027", "00:30", HCM)
    assert early.date() == date(2027, 8, 31)
    assert deadline_warnings({Phase.YEAREND: early}, long_ago, 2027, tz=HCM) == []
    late = parse_deadline("31/08/2027", "23:30", HCM)
    assert late.date() == date(2027, 8, 31)
    found = deadline_warnings({Phase.YEAREND: late}, long_ago, 2027, tz=HCM)
    assert [w.reason for w in found] == [Reason.DEADLINE_FAR]


@settings(max_examples=examples(200))
@given(
    st.sampled_from(list(Phase)),
    st.integers(2001, 2099),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
)
def test_far_exactly_outside_the_window(phase: Phase, year: int, day: date) -> None:
    """A deadline is far exactly when its local day is outside the phase's window; the window
    is shorter than a year, so the same date a year later is always far (the typo the warning
    is for), and it touches the emulation year."""
    first, last = usual_window(phase, year)
    assert first < last and (last - first).days < 365
    assert first.year <= year <= last.year
    due = datetime.combine(day, time(17), tzinfo=HCM).astimezone(UTC)
    long_ago = datetime(1999, 1, 1, tzinfo=UTC)
    far = [w.reason for w in deadline_warnings({phase: due}, long_ago, year, tz=HCM)]
    assert (far == [Reason.DEADLINE_FAR]) == (not first <= day <= last)
    assert far == [] or far == [Reason.DEADLINE_FAR]
    if first <= day <= last and not (day.month == 2 and day.day == 29):
        a_year_on = datetime.combine(day.replace(year=day.year + 1), time(17), tzinfo=HCM)
        on = deadline_warnings({phase: a_year_on.astimezone(UTC)}, long_ago, year, tz=HCM)
        assert [w.reason for w in on] == [Reason.DEADLINE_FAR]


# --- a runoff's deadline ----------------------------------------------------------------------


def _local(text: str) -> datetime:
    day, at = text.split()
    return parse_deadline(day, at, HCM)


@pytest.mark.parametrize(
    ("opened", "closes"),
    [
        # QA: a head runoff opened at 23:49 on Wednesday closed at 23:49 on Friday
        ("02/12/2026 23:49", "07/12/2026 17:00"),
        # a midnight opening (the round's deadline) on Tuesday: Thursday at 17:00
        ("01/12/2026 00:00", "03/12/2026 17:00"),
        # QA: the bình xét lại opened at 08:11 on Thursday had Saturday 08:11; now Monday
        ("03/12/2026 08:11", "07/12/2026 17:00"),
        # exactly 48 hours to a weekday's 17:00 stays
        ("01/12/2026 17:00", "03/12/2026 17:00"),
        ("01/12/2026 17:01", "04/12/2026 17:00"),
        # opened on Saturday: Monday 17:00 is 48 h 30 min later
        ("05/12/2026 16:30", "07/12/2026 17:00"),
    ],
)
def test_a_runoff_closes_at_17_on_a_working_day(opened: str, closes: str) -> None:
    assert runoff_deadline(_local(opened), 48, HCM) == _local(closes)


def test_a_runoff_deadline_follows_the_rule_hours() -> None:
    opened = _local("07/12/2026 09:00")  # Monday
    assert runoff_deadline(opened, 24, HCM) == _local("08/12/2026 17:00")
    assert runoff_deadline(opened, 72, HCM) == _local("10/12/2026 17:00")
    with pytest.raises(ValueError):
        runoff_deadline(datetime(2026, 12, 7, 9), 48, HCM)


@settings(max_examples=examples(200))
@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 1)),
    st.sampled_from([24, 48, 72]),
    st.sampled_from([HCM, PARIS]),
)
def test_a_runoff_deadline_is_the_first_working_17_after_its_hours(
    opened: datetime, hours: int, tz: ZoneInfo
) -> None:
    start = opened.replace(tzinfo=UTC)
    due = runoff_deadline(start, hours, tz)
    local = due.astimezone(tz)
    assert due.utcoffset() == timedelta(0)
    assert local.time() == time(17, 0) and local.weekday() < 5
    assert due >= start + timedelta(hours=hours)  # never shorter than the rule
    # and the first such: no working day's 17:00 between the rule's hours and it
    day = (start + timedelta(hours=hours)).astimezone(tz).date()
    while day < local.date():
        earlier = datetime.combine(day, time(17, 0), tzinfo=tz).astimezone(UTC)
        assert day.weekday() >= 5 or earlier < start + timedelta(hours=hours)
        day += timedelta(days=1)


_TIME_FORMS = (
    "{h}:{m:02d}",
    "{h}h{m:02d}",
    "{h}H{m:02d}",
    "{h}g{m:02d}",
    "{h} giờ {m:02d}",
    "{h}giờ{m:02d}",
    "{h} giờ {m:02d} phút",
    "lúc {h}:{m:02d}",
    "lúc {h}h{m:02d}",
)


@settings(max_examples=examples(200))
@given(
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    form=st.sampled_from(_TIME_FORMS),
    padded=st.booleans(),
)
def test_every_vietnamese_way_of_writing_a_time_reads_the_same(
    hour: int, minute: int, form: str, padded: bool
) -> None:
    text = form.format(h=f"{hour:02d}" if padded else hour, m=minute)
    assert parse_time(text) == time(hour, minute)
    if minute == 0:  # "17h", "17 giờ": the minutes may be left out, but not after a colon
        bare = form.split("{m")[0].format(h=hour).rstrip()
        if bare.endswith(":"):
            assert _reason(parse_time, bare)[0] == Reason.BAD_TIME
        else:
            assert parse_time(bare) == time(hour)


@settings(max_examples=examples(200))
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    form=st.sampled_from(_TIME_FORMS),
    day_word=st.sampled_from(["", "ngày ", "ngày", "Ngày ", "ngay "]),
    phase=st.sampled_from(["pledge", "sơ kết", "tổng kết năm"]),
)
def test_deadline_words_with_ngay_and_a_vietnamese_time_give_the_same_moment(
    day: date, hour: int, minute: int, form: str, day_word: str, phase: str
) -> None:
    """`/deadline sơ kết ngày15/12/2026 17 giờ 30` is 15/12/2026 17:30, like the plain form."""
    typed = f"{phase} {day_word}{day:%d/%m/%Y} {form.format(h=hour, m=minute)}"
    split = split_deadline_args(typed.split())
    assert split is not None
    phase_text, date_text, time_text = split
    assert phase_text == phase
    due = parse_deadline(date_text, time_text, HCM)
    assert due == datetime.combine(day, time(hour, minute), tzinfo=HCM).astimezone(UTC)


@pytest.mark.parametrize(
    ("words", "split"),
    [
        ("pledge 31/01/2026", ("pledge", "31/01/2026", None)),
        ("sơ kết ngày 30/06/2026 16:30", ("sơ kết", "ngày 30/06/2026", "16:30")),
        ("pledge ngày15/12/2026 lúc 17 giờ 30", ("pledge", "ngày15/12/2026", "lúc 17 giờ 30")),
        ("pledge 31/01/2026 17:00 nhé", None),  # not a time: the usage, as before
        ("pledge 31/01/2026 17:00 18:00", None),
        ("ngày 31/01/2026", None),  # no phase
        ("sơ kết", None),
        ("pledge 31/01/2026 17g", ("pledge", "31/01/2026", "17g")),
        ("pledge 31/01/2026 25h", ("pledge", "31/01/2026", "25h")),  # one word: its own refusal
    ],
)
def test_deadline_words(words: str, split: tuple[str, str, str | None] | None) -> None:
    assert split_deadline_args(words.split()) == split


def test_a_date_may_follow_ngay_with_or_without_a_space() -> None:
    for text in ("ngày 15/12/2026", "ngày15/12/2026", "Ngày 15/12/2026", "ngay15/12/2026"):
        assert parse_date(text) == date(2026, 12, 15), text
    assert _reason(parse_date, "ngày 15/12", 2026) == (
        Reason.BAD_DATE,
        {"value": "15/12", "example": "31/01/2026"},
    )


@pytest.mark.parametrize(
    ("text", "reason", "value"),
    [
        ("ngày 31/11/2026", Reason.NO_SUCH_DAY, "31/11/2026"),
        ("Ngày31/11/2026", Reason.NO_SUCH_DAY, "31/11/2026"),
        ("ngày 31/13/2026", Reason.NO_SUCH_MONTH, "31/13/2026"),
        ("ngày 31 tháng 11 năm 2026", Reason.NO_SUCH_DAY, "31 tháng 11 năm 2026"),
        ("ngày", Reason.BAD_DATE, "ngày"),
    ],
)
def test_a_refused_date_is_quoted_without_its_ngay(text: str, reason: str, value: str) -> None:
    """The message begins with "Ngày"/"The date": quoting "ngày" again read "Ngày ngày 31/11"."""
    refused, params = _reason(parse_date, text)
    assert (refused, params["value"]) == (reason, value)


@pytest.mark.parametrize(
    "text",
    [
        "ngày 15 tháng 12 năm 2026",
        "15 tháng 12 năm 2026",
        "Ngày 15 Tháng 12 Năm 2026",
        "ngay 15 thang 12 nam 2026",
        "15 tháng 12, năm 2026",
        "15tháng12năm2026",
    ],
)
def test_the_official_date_form_is_read(text: str) -> None:
    assert parse_date(text) == date(2026, 12, 15)


@settings(max_examples=examples(200))
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    day_word=st.sampled_from(["", "ngày ", "Ngày "]),
    padded=st.booleans(),
    phase=st.sampled_from(["election", "sơ kết", "tổng kết năm"]),
    time_text=st.sampled_from(["", " 17:30", " lúc 17 giờ 30"]),
)
def test_official_deadline_words_give_the_same_moment_as_the_short_form(
    day: date, day_word: str, padded: bool, phase: str, time_text: str
) -> None:
    """`/deadline election ngày 15 tháng 12 năm 2026 17:30` is `election 15/12/2026 17:30`."""
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if padded else (day.day, day.month)
    typed = f"{phase} {day_word}{d} tháng {m} năm {day.year}{time_text}"
    split = split_deadline_args(typed.split())
    assert split is not None
    assert split[0] == phase
    short = split_deadline_args(f"{phase} {day:%d/%m/%Y}{time_text}".split())
    assert short is not None
    assert parse_deadline(split[1], split[2], HCM) == parse_deadline(short[1], short[2], HCM)

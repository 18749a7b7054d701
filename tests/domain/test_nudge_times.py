"""Nudge times of a deadline: examples in Vietnam's zone, then properties over any settings."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.calendar import format_local, runoff_deadline
from bot.domain.nudge_times import (
    NudgePoint,
    PendingUnit,
    allowed,
    asked,
    day_part,
    due_point,
    last_call,
    next_allowed,
    next_point,
    nudge_times,
    plan_round,
    remaining,
    runoff_nudges,
    stood_for,
    weekend_deadline,
)
from bot.domain.reminders import Offset, QuietHours, ReminderSettings, parse_offsets

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
KOLKATA = ZoneInfo("Asia/Kolkata")
PARIS = ZoneInfo("Europe/Paris")


def _local(text: str, tz: ZoneInfo = HCM) -> datetime:
    """`dd/mm/yyyy HH:MM` in the zone, as UTC."""
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=tz).astimezone(UTC)


def _shown(points: list[NudgePoint], tz: ZoneInfo = HCM) -> list[tuple[str, str]]:
    return [(p.key, format_local(p.at, tz)) for p in points]


def test_default_nudges_of_a_weekday_deadline() -> None:
    # Tuesday 30/06/2026 17:00: 7d is a Tuesday, 3d a Saturday (skipped: Monday 07:30).
    points = nudge_times(_local("30/06/2026 17:00"), ReminderSettings(), HCM)
    assert _shown(points) == [
        ("7d", "23/06/2026 17:00"),
        ("3d", "29/06/2026 07:30"),
        ("1d", "29/06/2026 17:00"),
        ("morning", "30/06/2026 08:00"),
    ]


def test_weekends_on_keeps_saturday() -> None:
    points = nudge_times(_local("30/06/2026 17:00"), ReminderSettings(weekends=True), HCM)
    assert ("3d", "27/06/2026 17:00") in _shown(points)


def test_a_nudge_in_quiet_hours_moves_to_their_end() -> None:
    rules = ReminderSettings(offsets=(Offset(amount=12, unit="h"),), weekends=True)
    # 12h before 08:30 is 20:30 (allowed); 12h before 09:30 is 21:30 (quiet until 07:30)
    assert _shown(nudge_times(_local("01/07/2026 08:30"), rules, HCM))[0] == (
        "12h",
        "30/06/2026 20:30",
    )
    # … and merges into the 08:00 nudge of the same morning
    assert _shown(nudge_times(_local("01/07/2026 09:30"), rules, HCM)) == [
        ("morning", "01/07/2026 08:00"),
    ]


def test_a_nudge_that_would_move_past_the_deadline_is_dropped() -> None:
    # Monday 07:00: 1d is Sunday (skipped until Monday 07:30, past the deadline); no morning.
    points = nudge_times(_local("29/06/2026 07:00"), ReminderSettings(), HCM)
    assert _shown(points) == [("7d", "22/06/2026 07:30"), ("3d", "26/06/2026 07:30")]


def test_nudges_moved_to_one_morning_go_once_under_the_longer_offset() -> None:
    rules = ReminderSettings(offsets=(Offset(amount=2, unit="d"), Offset(amount=1, unit="d")))
    # Tuesday 10:00: 2d is Sunday, 1d Monday 10:00; Sunday moves to Monday 07:30, the same
    # morning as the 1d nudge, which goes where it was asked: one nudge that morning
    points = nudge_times(_local("30/06/2026 10:00"), rules, HCM)
    assert _shown(points) == [
        ("1d", "29/06/2026 10:00"),
        ("morning", "30/06/2026 08:00"),
    ]
    rules = ReminderSettings(offsets=(Offset(amount=3, unit="d"), Offset(amount=2, unit="d")))
    points = nudge_times(_local("30/06/2026 10:00"), rules, HCM)  # Saturday and Sunday
    assert _shown(points)[0] == ("3d", "29/06/2026 07:30")
    assert len(points) == 2


# deadline (local), settings, the nudges (key, local time)
_MERGED = [
    # Monday 28/12/2026 17:00, the sandbox's year-end: 1d (Sunday) moves to Monday 07:30, the
    # morning of the deadline's own 08:00 nudge: one nudge, at 08:00
    (
        "28/12/2026 17:00",
        ReminderSettings(),
        [("7d", "21/12/2026 17:00"), ("3d", "25/12/2026 17:00"), ("morning", "28/12/2026 08:00")],
    ),
    # the same Monday with weekends on: 1d stays on Sunday afternoon
    (
        "28/12/2026 17:00",
        ReminderSettings(weekends=True),
        [
            ("7d", "21/12/2026 17:00"),
            ("3d", "25/12/2026 17:00"),
            ("1d", "27/12/2026 17:00"),
            ("morning", "28/12/2026 08:00"),
        ],
    ),
    # the admin's own offsets all go, the morning nudge gives way to 2h (07:30) in its morning
    (
        "28/12/2026 09:30",
        ReminderSettings(offsets=(Offset(amount=2, unit="h"), Offset(amount=30, unit="m"))),
        [("2h", "28/12/2026 07:30"), ("30m", "28/12/2026 09:00")],
    ),
    # Tuesday 17:00, 3d on Saturday moves to Monday 07:30 and 1d is Monday 17:00: two parts
    (
        "30/06/2026 17:00",
        ReminderSettings(),
        [
            ("7d", "23/06/2026 17:00"),
            ("3d", "29/06/2026 07:30"),
            ("1d", "29/06/2026 17:00"),
            ("morning", "30/06/2026 08:00"),
        ],
    ),
    # an evening deadline: 12h (07:00, quiet) moves to 07:30, then 08:00: one, at 08:00
    (
        "01/07/2026 19:00",
        ReminderSettings(offsets=(Offset(amount=12, unit="h"),)),
        [("morning", "01/07/2026 08:00")],
    ),
]


@pytest.mark.parametrize(("deadline", "rules", "expected"), _MERGED)
def test_nudges_of_one_part_of_a_day_go_once(
    deadline: str, rules: ReminderSettings, expected: list[tuple[str, str]]
) -> None:
    assert _shown(nudge_times(_local(deadline), rules, HCM)) == expected


def test_daytime_quiet_hours_and_no_quiet_hours() -> None:
    lunch = ReminderSettings(quiet=QuietHours(start=time(11, 30), end=time(13, 30)))
    assert format_local(next_allowed(_local("01/07/2026 12:00"), lunch, HCM), HCM) == (
        "01/07/2026 13:30"
    )
    # weekends skipped, no overnight quiet hours: Monday's morning is 08:00
    assert format_local(next_allowed(_local("04/07/2026 23:00"), lunch, HCM), HCM) == (
        "06/07/2026 08:00"
    )
    none = ReminderSettings(quiet=None, weekends=True)
    moment = _local("04/07/2026 03:00")
    assert next_allowed(moment, none, HCM) == moment


def test_due_point_sends_the_latest_missed_nudge_once_and_nothing_after_the_deadline() -> None:
    deadline = _local("30/06/2026 17:00")
    points = nudge_times(deadline, ReminderSettings(), HCM)
    since = _local("01/06/2026 09:00")
    assert due_point(points, now=_local("23/06/2026 16:59"), since=since, deadline=deadline) is None
    # down from the 7d nudge until after the 1d one: only the 1d nudge is due
    due = due_point(points, now=_local("29/06/2026 18:00"), since=since, deadline=deadline)
    assert due is not None and due.key == "1d"
    assert due_point(points, now=deadline, since=since, deadline=deadline) is None
    # a deadline set after a nudge's time does not catch that nudge up
    late = _local("29/06/2026 12:00")
    assert due_point(points, now=_local("29/06/2026 12:00"), since=late, deadline=deadline) is None
    assert next_point(points, late) == points[2]


def test_remind_now_stands_for_the_days_later_nudges_but_the_last_calls() -> None:
    """Tuesday 30/06/2026 17:00 with `/remind 7d 3d 1d 2h 30m`: on Monday 29/06 at 10:00
    `/remind now` stands for the 1d nudge at 17:00; on the deadline's day at 07:45 for the
    08:00 one, never for the 2h and 30m the bloc asked for; at 18:00, for nothing left."""
    deadline = _local("30/06/2026 17:00")
    rules = ReminderSettings(offsets=parse_offsets(["7d", "3d", "1d", "2h", "30m"]))
    points = nudge_times(deadline, rules, HCM)

    def stood(now: str) -> list[tuple[str, str]]:
        return _shown(stood_for(points, now=_local(now), deadline=deadline, tz=HCM))

    assert stood("29/06/2026 07:00") == [("3d", "29/06/2026 07:30"), ("1d", "29/06/2026 17:00")]
    assert stood("29/06/2026 10:00") == [("1d", "29/06/2026 17:00")]
    assert stood("29/06/2026 18:00") == []
    assert stood("30/06/2026 07:45") == [("morning", "30/06/2026 08:00")]
    assert stood("30/06/2026 09:00") == []
    assert [p.key for p in points if last_call(p, deadline, HCM)] == ["2h", "30m"]
    # moved onto the deadline's day, an offset is no last call: 12h at 05:00 goes at 07:30
    twelve = nudge_times(deadline, ReminderSettings(offsets=parse_offsets(["12h"])), HCM)
    assert not any(last_call(p, deadline, HCM) for p in twelve)


def test_remaining_time_as_the_nudge_says_it() -> None:
    deadline = _local("30/06/2026 17:00")
    assert remaining(deadline, _local("23/06/2026 17:00"), HCM) == (7, "d")
    assert remaining(deadline, _local("27/06/2026 07:30"), HCM) == (3, "d")
    # the 3-day nudge runs a moment after its instant: still three days, not two
    late = _local("27/06/2026 17:00") + timedelta(milliseconds=80)
    assert remaining(deadline, late, HCM) == (3, "d")
    assert remaining(deadline, _local("29/06/2026 17:00") + timedelta(seconds=2), HCM) == (1, "d")
    assert remaining(deadline, _local("30/06/2026 08:00"), HCM) == (0, "today")
    assert remaining(_local("01/07/2026 02:00"), _local("30/06/2026 20:30"), HCM) == (5, "h")
    assert remaining(_local("01/07/2026 00:10"), _local("30/06/2026 23:59"), HCM) == (11, "m")


def test_plan_round_skips_the_sent_and_mentions_the_unreachable() -> None:
    pending = [
        PendingUnit(unit_id=2, code="GLA", delegates=(20, 21)),
        PendingUnit(unit_id=1, code="BDI", delegates=(10,)),
        PendingUnit(unit_id=3, code="KTM"),
    ]
    plan = plan_round(pending, sent={(2, 20)}, unreachable={21})
    assert plan.private == ((1, 10),)
    assert plan.mentions == ((2, 21),)
    assert plan.codes == ("BDI", "GLA", "KTM")
    assert plan.no_delegate == ("KTM",)
    again = plan_round(pending, sent={(2, 20), (1, 10)}, unreachable={21})
    assert again.private == ()


def test_a_sunday_deadline_names_the_last_nudge_that_still_goes() -> None:
    """QA setup 15: Sunday 31/01/2027 17:00 loses the eve's (Saturday) and its morning's
    nudges; the last one left is Thursday's, three days before."""
    deadline, rules = _local("31/01/2027 17:00"), ReminderSettings()
    early = _local("01/01/2027 09:00")
    found = weekend_deadline(deadline, rules, HCM, now=early)
    assert found is not None and found.weekday == 6
    assert found.last is not None and format_local(found.last, HCM) == "28/01/2027 17:00"
    late = weekend_deadline(deadline, rules, HCM, now=_local("29/01/2027 09:00"))
    assert late is not None and late.last is None  # none left
    on = rules.model_copy(update={"weekends": True})
    assert weekend_deadline(deadline, on, HCM, now=early) is None
    assert weekend_deadline(_local("29/01/2027 17:00"), rules, HCM, now=early) is None


# --- properties ---------------------------------------------------------------------------------

_times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45, 59]))
_quiet = st.one_of(
    st.none(),
    st.tuples(_times, _times)
    .filter(lambda se: se[0] != se[1])
    .map(lambda se: QuietHours(start=se[0], end=se[1])),
)
_offsets = st.lists(
    st.builds(Offset, amount=st.integers(1, 400), unit=st.sampled_from(["d", "h", "m"])).filter(
        lambda o: o.delta <= timedelta(days=365)
    ),
    min_size=1,
    max_size=10,
)
_settings = st.builds(
    ReminderSettings, offsets=_offsets.map(tuple), quiet=_quiet, weekends=st.booleans()
)
_instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
_zones = st.sampled_from([HCM, KOLKATA, PARIS])


@settings(max_examples=300, deadline=None)
@given(_settings, _instants, _zones)
def test_nudges_are_before_the_deadline_allowed_sorted_and_never_earlier_than_asked(
    rules: ReminderSettings, deadline: datetime, tz: ZoneInfo
) -> None:
    points = nudge_times(deadline, rules, tz)
    ats = [p.at for p in points]
    assert ats == sorted(set(ats))
    for point in points:
        assert point.nominal <= point.at < deadline
        assert allowed(point.at, rules, tz)
        local = point.at.astimezone(tz)
        if rules.quiet is not None:
            assert not rules.quiet.contains(local.time())
        if not rules.weekends:
            assert local.weekday() < 5
    assert nudge_times(deadline, rules, tz) == points
    # two nudges share a part of a day only when both go where the bloc's offsets put them
    for i, first in enumerate(points):
        for second in points[i + 1 :]:
            if day_part(first.at, tz) == day_part(second.at, tz):
                assert asked(first) and asked(second)


@settings(max_examples=300, deadline=None)
@given(_settings, _instants, st.integers(0, 10 * 24 * 60), st.sampled_from([HCM, KOLKATA]))
def test_moving_is_monotone_idempotent_and_finds_the_earliest_allowed_minute(
    rules: ReminderSettings, moment: datetime, later_by: int, tz: ZoneInfo
) -> None:
    moved = next_allowed(moment, rules, tz)
    assert moved >= moment
    assert next_allowed(moved, rules, tz) == moved
    assert next_allowed(moment + timedelta(minutes=later_by), rules, tz) >= moved
    before = moved - timedelta(minutes=1)
    assert before < moment or not allowed(before, rules, tz)


@settings(max_examples=200, deadline=None)
@given(_settings, _instants, _zones, st.integers(0, 400 * 24), st.integers(0, 400 * 24))
def test_due_point_is_a_nudge_already_come_and_only_before_the_deadline(
    rules: ReminderSettings, deadline: datetime, tz: ZoneInfo, back: int, since_back: int
) -> None:
    points = nudge_times(deadline, rules, tz)
    now = deadline - timedelta(hours=back) + timedelta(hours=1)
    since = deadline - timedelta(hours=since_back)
    due = due_point(points, now=now, since=since, deadline=deadline)
    if due is not None:
        assert since <= due.at <= now < deadline
        assert due in points
        assert not [p for p in points if due.at < p.at <= now]
    assert due_point(points, now=now, since=since, deadline=deadline) == due


_day_offsets = st.lists(
    st.builds(Offset, amount=st.integers(1, 365), unit=st.just("d")), min_size=1, max_size=10
)


@settings(max_examples=300, deadline=None)
@given(_day_offsets.map(tuple), _quiet, st.booleans(), _instants, _zones)
def test_with_offsets_in_days_no_two_nudges_share_a_part_of_a_day(
    offsets: tuple[Offset, ...],
    quiet: QuietHours | None,
    weekends: bool,
    deadline: datetime,
    tz: ZoneInfo,
) -> None:
    rules = ReminderSettings(
        offsets=tuple({o.delta: o for o in offsets}.values()), quiet=quiet, weekends=weekends
    )
    parts = [day_part(p.at, tz) for p in nudge_times(deadline, rules, tz)]
    assert len(parts) == len(set(parts))


@settings(max_examples=200, deadline=None)
@given(_settings, _instants, _zones, st.integers(0, 60 * 24 * 60))
def test_a_weekend_deadline_names_the_last_of_its_own_nudges(
    rules: ReminderSettings, deadline: datetime, tz: ZoneInfo, before: int
) -> None:
    """What the deadline's confirmation says is exactly what the nudges will do."""
    now = deadline - timedelta(minutes=before)
    found = weekend_deadline(deadline, rules, tz, now=now)
    on_weekend = deadline.astimezone(tz).weekday() >= 5
    assert (found is not None) == (on_weekend and not rules.weekends)
    if found is not None:
        ahead = [p.at for p in nudge_times(deadline, rules, tz) if p.at > now]
        assert found.last == (ahead[-1] if ahead else None)


# --- a runoff's own deadline ------------------------------------------------------------------


def _hcm(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=HCM).astimezone(UTC)


def test_a_runoff_opened_on_wednesday_night_is_reminded_on_monday_morning() -> None:
    opened = _hcm("07/01/2026 23:49")
    due = runoff_deadline(opened, 48, HCM)  # Monday 12/01 17:00
    points = runoff_nudges(opened, due, ReminderSettings(), HCM, now=opened)
    # the 3-day one on Friday; the 1-day one (Sunday 17:00) moves to Monday 07:30 and gives
    # way to the morning's
    assert [(p.key, format_local(p.at, HCM)) for p in points] == [
        ("3d", "09/01/2026 17:00"),
        ("morning", "12/01/2026 08:00"),
    ]


def test_a_runoff_opened_on_monday_morning_gets_the_eve_and_the_morning() -> None:
    opened = _hcm("05/01/2026 09:00")
    due = runoff_deadline(opened, 48, HCM)  # Wednesday 07/01 17:00
    points = runoff_nudges(opened, due, ReminderSettings(), HCM, now=opened)
    assert [format_local(p.at, HCM) for p in points] == ["06/01/2026 17:00", "07/01/2026 08:00"]
    # a bot down since the eve sends the missed one once, then the morning's
    later = runoff_nudges(opened, due, ReminderSettings(), HCM, now=_hcm("07/01/2026 07:00"))
    assert [p.key for p in later] == ["1d", "morning"]
    after = runoff_nudges(opened, due, ReminderSettings(), HCM, now=_hcm("07/01/2026 09:00"))
    assert [p.key for p in after] == ["morning"]


@settings(max_examples=100, deadline=None)
@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 1)),
    st.sampled_from([24, 48, 72]),
    st.integers(min_value=0, max_value=5 * 24 * 60),
)
def test_runoff_nudges_fall_while_it_is_open_and_at_most_one_is_late(
    opened: datetime, hours: int, minutes: int
) -> None:
    start = opened.replace(tzinfo=UTC)
    due = runoff_deadline(start, hours, HCM)
    now = start + timedelta(minutes=minutes)
    points = runoff_nudges(start, due, ReminderSettings(), HCM, now=now)
    assert all(start < p.at < due and allowed(p.at, ReminderSettings(), HCM) for p in points)
    assert len([p for p in points if p.at <= now]) <= 1
    assert [p.at for p in points] == sorted(p.at for p in points)

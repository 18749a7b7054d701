"""`/remind` arguments: every form, every refusal with its reason, and the defaults."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.calendar import Phase
from bot.domain.reminders import (
    DEFAULT_OFFSETS,
    MAX_OFFSETS,
    NudgeNow,
    Offset,
    QuietHours,
    ReminderInputError,
    ReminderSettings,
    RemindReason,
    SetOffsets,
    SetQuiet,
    SetWeekends,
    Show,
    Toggle,
    apply,
    parse_offset,
    parse_remind,
)


def _refused(args: list[str]) -> tuple[RemindReason, dict[str, str]]:
    with pytest.raises(ReminderInputError) as caught:
        parse_remind(args)
    return caught.value.reason, caught.value.params


def test_defaults_are_seven_three_one_days_quiet_nights_and_no_weekends() -> None:
    settings = ReminderSettings()
    assert settings.offsets_label == "7d 3d 1d"
    assert settings.quiet == QuietHours(start=time(21, 0), end=time(7, 30))
    assert not settings.weekends
    assert all(settings.enabled(p) for p in Phase)


def test_no_arguments_shows_the_schedule() -> None:
    assert parse_remind([]) == Show()
    assert parse_remind(["  "]) == Show()


def test_offsets_are_sorted_longest_first_without_repeats() -> None:
    command = parse_remind(["12h", "5d", "30M", "2d", "48h", "5d"])
    assert isinstance(command, SetOffsets)
    assert [o.label for o in command.offsets] == ["5d", "2d", "12h", "30m"]
    assert parse_remind(["default"]) == SetOffsets(offsets=DEFAULT_OFFSETS)


@pytest.mark.parametrize(
    ("args", "reason", "params"),
    [
        (["5x"], RemindReason.BAD_OFFSET, {"value": "5x"}),
        (["d"], RemindReason.BAD_OFFSET, {"value": "d"}),
        (["1.5d"], RemindReason.BAD_OFFSET, {"value": "1.5d"}),
        (["5d", "tomorrow"], RemindReason.BAD_OFFSET, {"value": "tomorrow"}),
        (["0d"], RemindReason.NOT_POSITIVE, {"value": "0d"}),
        (["-5h"], RemindReason.NOT_POSITIVE, {"value": "-5h"}),
        (["366d"], RemindReason.TOO_LONG, {"value": "366d", "max": "365d"}),
        (["8785h"], RemindReason.TOO_LONG, {"value": "8785h", "max": "365d"}),
        ([f"{n}d" for n in range(1, 12)], RemindReason.TOO_MANY, {"max": "10"}),
        (["quiet"], RemindReason.BAD_QUIET, {"value": ""}),
        (["quiet", "21-7-8"], RemindReason.BAD_QUIET, {"value": "21-7-8"}),
        (["quiet", "21:00", "07:00"], RemindReason.BAD_QUIET, {"value": "21:00 07:00"}),
        (["quiet", "22x-7x"], RemindReason.BAD_QUIET, {"value": "22x-7x"}),
        (["quiet", "25:00-07:00"], RemindReason.BAD_QUIET, {"value": "25:00-07:00"}),
        (["quiet", "21:00-07:00-08:00"], RemindReason.BAD_QUIET, {"value": "21:00-07:00-08:00"}),
        (["quiet", "21:00-21:00"], RemindReason.EMPTY_QUIET, {"value": "21:00-21:00"}),
        (["weekends"], RemindReason.BAD_SWITCH, {"value": ""}),
        (["weekends", "maybe"], RemindReason.BAD_SWITCH, {"value": "maybe"}),
        (["off", "vote"], RemindReason.BAD_PHASE, {"value": "vote"}),
        (["now", "mid", "year", "2"], RemindReason.BAD_PHASE, {"value": "mid year 2"}),
        (["5"], RemindReason.BAD_OFFSET, {"value": "5"}),
        (["5", "tuần"], RemindReason.BAD_OFFSET, {"value": "5"}),
        (["5", "ngày", "ngày"], RemindReason.BAD_OFFSET, {"value": "ngày"}),
        (["0", "ngày"], RemindReason.NOT_POSITIVE, {"value": "0 ngày"}),
        (["400", "ngày"], RemindReason.TOO_LONG, {"value": "400 ngày", "max": "365d"}),
        # a form word typed almost right: the form it resembles, not "not a duration"
        (
            ["weekend", "on"],
            RemindReason.DID_YOU_MEAN,
            {"value": "weekend", "suggestion": "weekends on"},
        ),
        (
            ["Quite", "22h-7h"],
            RemindReason.DID_YOU_MEAN,
            {"value": "Quite", "suggestion": "quiet 22h-7h"},
        ),
        (["defualt"], RemindReason.DID_YOU_MEAN, {"value": "defualt", "suggestion": "default"}),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(
    args: list[str], reason: RemindReason, params: dict[str, str]
) -> None:
    assert _refused(args) == (reason, params)


def test_ten_offsets_are_accepted() -> None:
    command = parse_remind([f"{n}h" for n in range(1, MAX_OFFSETS + 1)])
    assert isinstance(command, SetOffsets) and len(command.offsets) == MAX_OFFSETS


def test_a_year_is_the_longest_offset() -> None:
    assert parse_offset("365d").delta == timedelta(days=365)
    assert parse_offset("525600m").delta == timedelta(days=365)


def test_quiet_hours_forms() -> None:
    assert parse_remind(["quiet", "21:00-07:30"]) == SetQuiet(
        quiet=QuietHours(start=time(21, 0), end=time(7, 30))
    )
    assert parse_remind(["QUIET", "12h00-13h30"]) == SetQuiet(
        quiet=QuietHours(start=time(12, 0), end=time(13, 30))
    )
    assert parse_remind(["quiet", "off"]) == SetQuiet(quiet=None)


@pytest.mark.parametrize(
    "args",
    [["22h-7h"], ["22h-07:00"], ["22", "-", "7h"], ["22:00-7"], ["21-7"], ["22g-7g"]],
)
def test_quiet_hours_take_times_as_deadline_does(args: list[str]) -> None:
    """ "22h-7h" was refused while /deadline takes 17h and 9h30 (and now 17g30, 17 giờ)."""
    assert parse_remind(["quiet", *args]) == SetQuiet(
        quiet=QuietHours(start=time(22 if args[0] != "21-7" else 21, 0), end=time(7, 0))
    )


@pytest.mark.parametrize(
    "args",
    [
        ["5", "ngày", "2", "ngày", "12", "giờ", "30", "phút"],
        ["5ngày", "2NGÀY", "12giờ", "30phút"],
        ["5", "ngay", "2", "ngay", "12", "gio", "30", "phut"],  # a keyboard without accents
        ["5", "days", "2d", "12", "hours", "30", "min"],
        ["5d", "2", "ngày", "12h", "30", "phút"],
        ["5nga\u0300y", "2d", "12h", "30m"],  # "ngày" with a combining accent (NFD)
    ],
)
def test_offsets_in_vietnamese_words_with_or_without_a_space(args: list[str]) -> None:
    command = parse_remind(args)
    assert isinstance(command, SetOffsets)
    assert [o.label for o in command.offsets] == ["5d", "2d", "12h", "30m"]


def test_switches_and_phases() -> None:
    assert parse_remind(["weekends", "ON"]) == SetWeekends(weekends=True)
    assert parse_remind(["weekends", "off"]) == SetWeekends(weekends=False)
    assert parse_remind(["off"]) == Toggle(on=False)
    assert parse_remind(["on", "midyear"]) == Toggle(on=True, phase=Phase.MIDYEAR)
    assert parse_remind(["off", "sơ", "kết"]) == Toggle(on=False, phase=Phase.MIDYEAR)
    assert parse_remind(["now"]) == NudgeNow()
    assert parse_remind(["now", "pledge"]) == NudgeNow(phase=Phase.PLEDGE)


def test_catalog_key_of_a_refusal() -> None:
    with pytest.raises(ReminderInputError) as caught:
        parse_remind(["0m"])
    assert caught.value.key == "remind.err_not_positive"


def test_a_long_value_is_clipped_in_the_error() -> None:
    reason, params = _refused(["x" * 100])
    assert reason is RemindReason.BAD_OFFSET and len(params["value"]) == 40


@given(st.lists(st.tuples(st.integers(1, 365), st.sampled_from("dhm")), min_size=1, max_size=10))
def test_any_valid_offsets_parse_back_to_their_durations(parts: list[tuple[int, str]]) -> None:
    words = [f"{n}{u}" for n, u in parts]
    command = parse_remind(words)
    assert isinstance(command, SetOffsets)
    assert {o.delta for o in command.offsets} == {parse_offset(w).delta for w in words}
    deltas = [o.delta for o in command.offsets]
    assert deltas == sorted(set(deltas), reverse=True)
    again = parse_remind([o.label for o in command.offsets])
    assert again == command


def test_offset_label_round_trips() -> None:
    assert Offset(amount=12, unit="h").label == "12h"
    assert parse_offset("12H") == Offset(amount=12, unit="h")


def test_apply_changes_one_thing_at_a_time() -> None:
    start = ReminderSettings()
    offsets = parse_remind(["5d", "12h"])
    assert isinstance(offsets, SetOffsets)
    assert apply(start, offsets).offsets_label == "5d 12h"
    assert apply(start, SetQuiet(quiet=None)).quiet is None
    assert apply(start, SetWeekends(weekends=True)).weekends
    off = apply(start, Toggle(on=False, phase=Phase.MIDYEAR))
    assert off.disabled == {Phase.MIDYEAR} and not off.enabled(Phase.MIDYEAR)
    everything = apply(off, Toggle(on=False))
    assert everything.disabled == set(Phase)
    assert apply(everything, Toggle(on=True, phase=Phase.PLEDGE)).disabled == set(Phase) - {
        Phase.PLEDGE
    }
    assert apply(everything, Toggle(on=True)).disabled == frozenset()
    assert apply(start, offsets).quiet == start.quiet

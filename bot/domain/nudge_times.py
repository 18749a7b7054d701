"""When the nudges of a deadline go, which one is due at an instant, and who gets it.

Why pure: the scheduler, the catch-up at start-up, `/remind`'s schedule view and the tests must
agree to the minute on the same times; computing them from the deadline and the bloc's settings
alone (no clock, no database) makes that agreement a property the tests can check.

The rules, in the bloc's time zone:

- a nudge goes `offset` before the deadline for each offset (7d, 3d, 1d by default), and one more
  on the deadline's own day at 08:00 (`morning`) when the deadline is later that day;
- a time that is not allowed moves to the next allowed one: out of quiet hours to their end, and,
  when weekends are skipped, from Saturday 00:00 to Monday's morning (the end of the quiet hours
  when they cross midnight, else 08:00). "Allowed" is one fixed set of instants and a time moves
  to the earliest allowed instant at or after it, so moving keeps the order of the nudges and
  moving twice changes nothing;
- **a nudge that would move to the deadline or past it is dropped**, not moved earlier: sending
  earlier than the bloc asked (or in the evening before a skipped weekend) surprises people
  more than one nudge fewer, and the other nudges of the deadline still go;
- **one nudge a part of the day**: the local day has three parts, morning (before 12:00),
  afternoon (12:00–18:00) and evening (from 18:00). A nudge that was moved, or the deadline
  morning's own, goes only when no other nudge of the deadline falls in the same part of the
  same day: a Sunday nudge moved to Monday 07:30 and the 08:00 nudge of a Monday deadline were
  two private messages (and two group digests) half an hour apart. Of such nudges the part's
  latest goes (the nearest the deadline, whose wording is the most urgent; at the same instant,
  the longer offset's key). Nudges exactly where the bloc's offsets put them all go, as asked
  (`/remind 2h 30m` means two nudges), and the moved or morning ones in their part give way;
- at an instant, the nudge due is the latest one whose time has come, not counting those that
  were due before the deadline (or the settings) were last set. So a bot that was down sends the
  missed nudge once on start-up, while the deadline is ahead, and never a series of stale ones;
  after the deadline nothing is due but the after-deadline line in the group;
- **an admin's `/remind now` is that day's reminder**: the nudges later on the same local day
  (`stood_for`) do not say it again to whom it said it (`bot.nudge_today`), except the deadline
  day's **last calls**, those the bloc's offsets put there exactly (`/remind 2h`): the bloc asked
  for them, hours later, for whoever has still not acted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from bot.domain.bloc import Unit
from bot.domain.reminders import MORNING, ReminderSettings

MORNING_KEY = "morning"
AFTER_KEY = "after"
#: The keys of `/remind now` rounds start with this (then the minute, UTC).
MANUAL = "now-"
_SATURDAY = 5
_MAX_MOVES = 8
#: Where the afternoon and the evening begin (the morning is the rest of the day before noon).
_PART_STARTS = (time(12, 0), time(18, 0))


class NudgePoint(BaseModel):
    """One nudge of a deadline: its key in the sent log, when it was meant and when it goes."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    key: str  # an offset's label (`7d`) or `morning`
    nominal: datetime  # UTC
    at: datetime  # UTC, moved out of quiet hours and skipped days


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("expected an aware datetime")
    return moment


def _at(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """A local wall-clock time as a real instant in the zone (normalised through UTC)."""
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC).astimezone(tz)


def day_start(settings: ReminderSettings) -> time:
    """Monday's morning after a skipped weekend: the end of overnight quiet hours, else 08:00."""
    quiet = settings.quiet
    if quiet is not None and quiet.end < quiet.start:
        return quiet.end
    return MORNING


def allowed(moment: datetime, settings: ReminderSettings, tz: ZoneInfo) -> bool:
    """Whether a nudge may go at `moment` (outside quiet hours and skipped days)."""
    return _move(_aware(moment).astimezone(tz), settings, tz) is None


def _move(local: datetime, settings: ReminderSettings, tz: ZoneInfo) -> datetime | None:
    """The end of the forbidden window `local` is in, or None when it is allowed."""
    quiet = settings.quiet
    if quiet is not None and quiet.contains(local.time()):
        day = local.date()
        if quiet.end < quiet.start and local.time() >= quiet.start:
            day += timedelta(days=1)
        return _at(day, quiet.end, tz)
    if not settings.weekends:
        weekday, start = local.weekday(), day_start(settings)
        if weekday >= _SATURDAY or (weekday == 0 and local.time() < start):
            return _at(local.date() + timedelta(days=(7 - weekday) % 7), start, tz)
    return None


def next_allowed(moment: datetime, settings: ReminderSettings, tz: ZoneInfo) -> datetime:
    """The earliest allowed instant at or after `moment` (UTC)."""
    local = _aware(moment).astimezone(tz)
    for _ in range(_MAX_MOVES):
        moved = _move(local, settings, tz)
        if moved is None:
            return local.astimezone(UTC)
        local = moved
    raise ValueError("no allowed time found")  # cannot happen: quiet hours are never all day


def nudge_times(deadline: datetime, settings: ReminderSettings, tz: ZoneInfo) -> list[NudgePoint]:
    """The nudges of one deadline, earliest first, each strictly before the deadline."""
    deadline = _aware(deadline).astimezone(UTC)
    wanted = [(o.label, deadline - o.delta) for o in settings.offsets]
    morning = _at(deadline.astimezone(tz).date(), MORNING, tz).astimezone(UTC)
    if morning < deadline:
        wanted.append((MORNING_KEY, morning))
    moved = [
        NudgePoint(key=key, nominal=nominal, at=next_allowed(nominal, settings, tz))
        for key, nominal in wanted
    ]
    return _one_a_part([p for p in moved if p.at < deadline], tz)


def runoff_nudges(
    opened: datetime, deadline: datetime, settings: ReminderSettings, tz: ZoneInfo, *, now: datetime
) -> list[NudgePoint]:
    """The reminders of a runoff's own deadline: the bloc's nudges of that deadline
    (`nudge_times`, moved and merged alike) that fall after the runoff opened; of those already
    come at `now`, only the latest (a bot that was down sends the missed one once, never a
    series). A runoff lasts two days or more, so most blocs get the 1-day one and the deadline
    morning's, or the one they merge into."""
    points = [p for p in nudge_times(deadline, settings, tz) if p.at > _aware(opened)]
    come = [p for p in points if p.at <= _aware(now)]
    return come[-1:] + [p for p in points if p.at > now]


class WeekendDeadline(BaseModel):
    """A deadline on a skipped weekend day: its local weekday (5 Saturday, 6 Sunday) and the
    last nudge still to go before it (None: none is left), for the deadline's confirmation."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    weekday: int
    last: datetime | None


def weekend_deadline(
    deadline: datetime, settings: ReminderSettings, tz: ZoneInfo, *, now: datetime
) -> WeekendDeadline | None:
    """Whether a deadline falls on a weekend the bloc's nudges skip (the eve's and the
    morning's nudges are dropped, not moved earlier), with the last nudge `nudge_times` keeps
    after `now`; None when weekends are not skipped or the deadline is on a weekday."""
    day = _aware(deadline).astimezone(tz).weekday()
    if settings.weekends or day < _SATURDAY:
        return None
    ahead = [p for p in nudge_times(deadline, settings, tz) if p.at > now]
    return WeekendDeadline(weekday=day, last=ahead[-1].at if ahead else None)


Part = tuple[date, int]


def day_part(moment: datetime, tz: ZoneInfo) -> Part:
    """The local day and its part: 0 morning (before 12:00), 1 afternoon, 2 evening (18:00)."""
    local = _aware(moment).astimezone(tz)
    return local.date(), sum(local.time() >= bound for bound in _PART_STARTS)


def asked(point: NudgePoint) -> bool:
    """Whether the nudge goes exactly where one of the bloc's offsets put it."""
    return point.key != MORNING_KEY and point.at == point.nominal


def last_call(point: NudgePoint, deadline: datetime, tz: ZoneInfo) -> bool:
    """Whether a nudge is a last call: on the deadline's own local day, exactly where one of
    the bloc's offsets put it (`/remind 2h`), not the deadline morning's own nor a moved one."""
    day = _aware(point.at).astimezone(tz).date()
    return asked(point) and day == _aware(deadline).astimezone(tz).date()


def stood_for(
    points: Sequence[NudgePoint], *, now: datetime, deadline: datetime, tz: ZoneInfo
) -> list[NudgePoint]:
    """The nudges later on `now`'s local day that a `/remind now` at `now` stands for: all but
    the last calls."""
    day = _aware(now).astimezone(tz).date()
    return [
        p
        for p in points
        if p.at > now and p.at.astimezone(tz).date() == day and not last_call(p, deadline, tz)
    ]


def _one_a_part(points: list[NudgePoint], tz: ZoneInfo) -> list[NudgePoint]:
    """The nudges kept, earliest first: in each part of a day, those `asked`, else the latest
    (at the same instant, the one meant earliest: the longer offset)."""
    parts: dict[Part, list[NudgePoint]] = {}
    for point in sorted(points, key=lambda p: (p.at, p.nominal)):
        parts.setdefault(day_part(point.at, tz), []).append(point)
    kept: list[NudgePoint] = []
    for group in parts.values():
        latest = max(group, key=lambda p: p.at)  # the first of them: the longer offset
        kept += [p for p in group if asked(p)] or [latest]
    return sorted({p.at: p for p in reversed(kept)}.values(), key=lambda p: p.at)


def due_point(
    points: Sequence[NudgePoint], *, now: datetime, since: datetime, deadline: datetime
) -> NudgePoint | None:
    """The nudge to send at `now`: the latest whose time came after `since`, before the deadline.

    `since` is when the deadline or the bloc's settings last changed: nudges due before it were
    either sent already or belong to an older schedule, and are not caught up.
    """
    if _aware(now) >= _aware(deadline):
        return None
    came = [p for p in points if _aware(since) <= p.at <= now]
    return came[-1] if came else None


def latest(first: datetime, *others: datetime | None) -> datetime:
    """The latest of instants, those unknown (None) aside: a deadline's `since` from when it
    was set, the settings changed and its reminders were let go again."""
    return max([first, *(moment for moment in others if moment is not None)])


def next_point(points: Sequence[NudgePoint], now: datetime) -> NudgePoint | None:
    """The next nudge after `now` (what `/remind` shows and the scheduler waits for)."""
    return next((p for p in points if p.at > now), None)


Remaining = tuple[int, Literal["d", "h", "m", "today"]]


def time_left(deadline: datetime, at: datetime) -> timedelta:
    """The time from `at` to the deadline, to the nearest minute.

    Why rounded: a nudge planned for 3 days before the deadline runs a few milliseconds after
    its instant; counted in whole days, "2 days 23:59:59.9" read "Còn 2 ngày nữa" in the
    delegates' messages while the group's digest (stamped to the second) said 3.
    """
    left = _aware(deadline) - _aware(at)
    return timedelta(minutes=round(left / timedelta(minutes=1)))


def remaining(deadline: datetime, at: datetime, tz: ZoneInfo) -> Remaining:
    """How a nudge at `at` says the time left: whole days, else `today` (same local day),
    else whole hours, else minutes (at least 1)."""
    left = time_left(deadline, at)
    if left >= timedelta(days=1):
        return left // timedelta(days=1), "d"
    if deadline.astimezone(tz).date() == at.astimezone(tz).date():
        return 0, "today"
    if left >= timedelta(hours=1):
        return left // timedelta(hours=1), "h"
    return max(1, -(-left // timedelta(minutes=1))), "m"


# --- who gets a nudge ---------------------------------------------------------------------------


class PendingUnit(BaseModel):
    """A unit that has not done what the phase asks, with the users who act for it."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    unit_id: int
    code: str
    delegates: tuple[int, ...] = ()


class ChangedUnit(BaseModel):
    """A unit that did what the phase asks, then changed it without sending it again, and
    who holds the changes: `holders` None when they are the unit's (its self-assessment,
    which every delegate edits), else the delegates whose own draft holds them (a pledge
    draft is the person's). Only the holders are reminded of them."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    unit: Unit
    holders: frozenset[int] | None = None

    def reminded(self, delegates: Iterable[int]) -> tuple[int, ...]:
        """Those of the unit's `delegates` who hold the changes."""
        return tuple(d for d in delegates if self.holders is None or d in self.holders)


#: The group's digest counts the units with unsent changes only among at least this many units
#: that acted: among fewer, the count all but names them.
CHANGED_HIDDEN_AMONG = 3


def changed_in_group(changed: int, acted: int) -> int:
    """How many of the `acted` units (the group can tell them: every unit it was not told is
    pending) with unsent changes the group's digest may count: none when the count would
    single a unit out (all of them, or too few acted to hide among). The changes are a
    delegate's own draft; the private reminders and the admin still count them."""
    return changed if acted >= CHANGED_HIDDEN_AMONG and changed < acted else 0


class RoundPlan(BaseModel):
    """What one nudge round sends: private messages still to go, and who the digest mentions."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    private: tuple[tuple[int, int], ...]  # (unit_id, user_id) not sent yet
    mentions: tuple[tuple[int, int], ...]  # (unit_id, user_id) who cannot be reached privately
    codes: tuple[str, ...]  # every pending unit, for the digest
    no_delegate: tuple[str, ...]  # pending units nobody acts for


def plan_round(
    pending: Iterable[PendingUnit],
    *,
    sent: set[tuple[int, int]],
    unreachable: set[int],
) -> RoundPlan:
    """Private nudges to the delegates of pending units, minus those already sent (the log)
    and those who cannot be reached (mentioned in the group's digest instead)."""
    private: list[tuple[int, int]] = []
    mentions: list[tuple[int, int]] = []
    codes: list[str] = []
    lonely: list[str] = []
    for unit in sorted(pending, key=lambda u: u.code):
        codes.append(unit.code)
        if not unit.delegates:
            lonely.append(unit.code)
        for user_id in sorted(set(unit.delegates)):
            if user_id in unreachable:
                mentions.append((unit.unit_id, user_id))
            elif (unit.unit_id, user_id) not in sent:
                private.append((unit.unit_id, user_id))
    return RoundPlan(
        private=tuple(private),
        mentions=tuple(mentions),
        codes=tuple(codes),
        no_delegate=tuple(lonely),
    )

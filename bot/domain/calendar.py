"""The emulation year's calendar: phases, years, deadlines typed by an admin, and their display.

Why here: deadlines are typed in the bloc's time zone (`/deadline pledge 31/01/2026 17:00`),
stored in UTC and shown back as dd/mm/yyyy HH:MM local time; doing that conversion in one pure
place keeps every flow and nudge agreeing on what "31/01 at 17:00" means. Warnings about a
calendar (a deadline already past, phases out of order) are reasons, not refusals: the admin
may mean it, so the handler shows them and stores the deadline anyway.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.errors import FieldError, InvalidValue, Reason, clip, error

MIN_YEAR = 2000
MAX_YEAR = 2100
DEFAULT_TIME = time(17, 0)
_DATE_RE = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}|[0-9]{2})")
_ISO_DATE_RE = re.compile(r"([0-9]{4})[/.\-]([0-9]{1,2})[/.\-]([0-9]{1,2})")
#: A time of day as typed in Vietnam: 17:30, 17h30, 17g30, 17 giờ 30 (phút), 17h, 17 giờ, 17;
#: "lúc" may come first. A colon needs its minutes ("17:" is a typo, not 17:00).
_TIME_RE = re.compile(
    r"(?:lúc|luc)?\s*([0-9]{1,2})(?:\s*(:|h|g|giờ|gio)\s*(?:([0-9]{2})\s*(?:phút|phut|p)?)?)?",
    re.IGNORECASE,
)
#: "ngày" written before a date, with a space or glued to it: "ngày 15/12/2026", "ngày15/12/2026".
_DAY_WORD = re.compile(r"(?:ngày|ngay)\s*", re.IGNORECASE)
#: The date as official documents write it: "15 tháng 12 năm 2026" (after "ngày", see
#: `_DAY_WORD`), also without diacritics, glued ("15tháng12năm2026") or with a comma.
_FORMAL_DATE_RE = re.compile(
    r"([0-9]{1,2})\s*(?:tháng|thang)\s*([0-9]{1,2})\s*,?\s*(?:năm|nam)\s*([0-9]{4})",
    re.IGNORECASE,
)
#: The most words a formal date takes ("15", "tháng", "12", "năm", "2026").
_FORMAL_WORDS = 5
_YEAR_RE = re.compile(r"[0-9]{4}")
#: From this month on, the year to open is the coming one: blocs sign the next year's covenant
#: (and register its pledges) at the end of the year, so in December "/year <this year>" would
#: send them to the year that is ending.
COMING_YEAR_FROM_MONTH = 10


def year_to_open(today: date, highest: int | None) -> int:
    """The year every "no open year" answer tells an admin to open (`/year <number>`): the one
    after the bloc's last year, but never a year the calendar has left behind — this year, or
    from October the coming one (`today` in the bloc's zone)."""
    calendar_year = today.year + (today.month >= COMING_YEAR_FROM_MONTH)
    return min(max(calendar_year, (highest or 0) + 1), MAX_YEAR)


class OpenNote(StrEnum):
    """Why a year an admin asks to open is not the one `year_to_open` would name: the
    confirmation warns (without refusing: a bloc may mean it), because an opened year stays in
    the bloc's history for good (it can be closed, never deleted)."""

    #: A year the calendar has left behind (2025 asked in 2026).
    OVER = "over"
    #: This year, from October on: blocs then sign the coming year's covenant.
    ENDING = "ending"
    #: Not after a year the bloc already had (2025 when it had 2026).
    BEFORE_LAST = "before_last"
    #: Later than the year to open (2028 asked in 2026).
    AHEAD = "ahead"


def open_year_note(number: int, today: date, highest: int | None) -> OpenNote | None:
    """What is unusual about opening the year `number` on `today` (the bloc's zone) for a bloc
    whose last year is `highest`; None when it is the year `year_to_open` names."""
    usual = year_to_open(today, highest)
    if number == usual:
        return None
    if number > usual:
        return OpenNote.AHEAD
    if number < today.year:
        return OpenNote.OVER
    if highest is not None and number <= highest:
        return OpenNote.BEFORE_LAST
    return OpenNote.ENDING


class Phase(StrEnum):
    """The phases of a year, in the order they happen (the enum's order)."""

    PLEDGE = "pledge"
    MIDYEAR = "midyear"
    YEAREND = "yearend"
    ELECTION = "election"


#: Vietnamese ways to name a phase, written without diacritics or spaces (see `_fold`).
_ALIASES: dict[str, Phase] = {
    "dangky": Phase.PLEDGE,
    "dangkythidua": Phase.PLEDGE,
    "giaouoc": Phase.PLEDGE,
    "soket": Phase.MIDYEAR,
    "6thang": Phase.MIDYEAR,
    "giuanam": Phase.MIDYEAR,
    "tongket": Phase.YEAREND,
    "cuoinam": Phase.YEAREND,
    "bau": Phase.ELECTION,
    "baucu": Phase.ELECTION,
    "bophieu": Phase.ELECTION,
}


def _fold(text: str) -> str:
    """Lower-case ASCII without diacritics, spaces, '-' or '_': "Sơ kết" -> "soket"."""
    text = text.strip().lower().replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if c.isalnum() and unicodedata.category(c) != "Mn")


def parse_phase(text: str) -> Phase:
    """A phase by its English name (any case) or a Vietnamese alias ("đăng ký", "sơ kết"…)."""
    folded = _fold(text)
    for phase in Phase:
        if folded == phase.value:
            return phase
    if folded in _ALIASES:
        return _ALIASES[folded]
    raise InvalidValue(error(Reason.BAD_PHASE, value=clip(text.strip())))


def parse_year(text: str) -> int:
    """An emulation year: four digits from 2000 to 2100."""
    value = text.strip()
    if not _YEAR_RE.fullmatch(value) or not MIN_YEAR <= int(value) <= MAX_YEAR:
        raise InvalidValue(error(Reason.BAD_YEAR, value=clip(value)))
    return int(value)


def date_example(year: int | None) -> str:
    """The example a refused date points to: the 31st of January of the year being set up."""
    return f"31/01/{year}" if year is not None else "31/01/yyyy"


def parse_date(text: str, year: int | None = None) -> date:
    """A real day from 2000 to 2100, typed the ways people type one in Vietnam.

    Accepted: dd/mm/yyyy and d/m/yyyy ('.' and '-' also separate), dd/mm/yy (20yy), and the
    ISO yyyy-mm-dd (also with / or .), and the official "15 tháng 12 năm 2026", each maybe
    after "ngày" ("ngày 15/12/2026", or glued to it: "ngày15/12/2026"). The day comes before
    the month unless the year comes first, so each form reads one way only. `year` (the
    emulation year being set up) makes the refusal's example. A well-formed date that is not on
    the calendar says which part is wrong: a month past 12, or a day past the month's end
    ("tháng 2/2027 chỉ có 28 ngày"). A refusal quotes the date without its "ngày": the message
    already begins with the word ("Ngày 31/11/2026 không có trên lịch").
    """
    value = unicodedata.normalize("NFC", text.strip())
    day_word = _DAY_WORD.match(value)
    if day_word and value[day_word.end() :]:
        value = value[day_word.end() :]
    parts = _date_parts(value)
    if parts is None:
        raise InvalidValue(error(Reason.BAD_DATE, value=clip(value), example=date_example(year)))
    day, month, full_year = parts
    if not 1 <= month <= 12:
        raise InvalidValue(error(Reason.NO_SUCH_MONTH, value=clip(value), month=month))
    days = calendar.monthrange(full_year, month)[1]
    if not 1 <= day <= days:
        raise InvalidValue(
            error(Reason.NO_SUCH_DAY, value=clip(value), month=month, year=full_year, days=days)
        )
    return date(full_year, month, day)


def _date_parts(value: str) -> tuple[int, int, int] | None:
    """(day, month, year) of a well-formed date (any numbers), or None when the form is wrong."""
    iso = _ISO_DATE_RE.fullmatch(value)
    formal = _FORMAL_DATE_RE.fullmatch(value)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif formal:
        day, month, year = (int(g) for g in formal.groups())
    else:
        match = _DATE_RE.fullmatch(value)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return day, month, year


def parse_time(text: str) -> time:
    """HH:MM, also H:MM and the Vietnamese 17h30, 17g30, 17 giờ 30, 17h (`_TIME_RE`)."""
    value = unicodedata.normalize("NFC", text.strip())
    match = _TIME_RE.fullmatch(value)
    if match and (match.group(2) != ":" or match.group(3)):
        hour, minute = int(match.group(1)), int(match.group(3) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise InvalidValue(error(Reason.BAD_TIME, value=clip(value)))


def looks_like_date(text: str) -> bool:
    """A word meant as a date (31/01/2026, 31.1.2026, 29/02/2027, ngày15/12/2026), valid or not,
    or the words of an official one ("15 tháng 12 năm 2026", see `_join_formal_date`)."""
    if _FORMAL_DATE_RE.fullmatch(unicodedata.normalize("NFC", text)):
        return True
    return any(c.isdigit() for c in text) and any(sep in text for sep in "/.-")


def _join_formal_date(args: Sequence[str]) -> list[str]:
    """`args` with the words of a formal date ("15", "tháng", "12", "năm", "2026") made one."""
    words = list(args)
    for at in range(len(words)):
        if not words[at][:1].isdigit():
            continue
        for size in range(min(_FORMAL_WORDS, len(words) - at), 1, -1):
            joined = " ".join(words[at : at + size])
            if _FORMAL_DATE_RE.fullmatch(unicodedata.normalize("NFC", joined)):
                return [*words[:at], joined, *words[at + size :]]
    return words


def split_deadline_args(args: Sequence[str]) -> tuple[str, str, str | None] | None:
    """`/deadline`'s words as (phase, date, time or None), or None when they are not that shape.

    The phase is every word before the date ("sơ kết"); a "ngày" just before the date belongs
    to the date ("ngày 15/12/2026"); the time is every word after it ("17:30", "17 giờ 30",
    "lúc 17h30"); several words after the date that do not read as a time are
    not a typo in a time but a command of another shape ("17:00 nhé": the usage is shown).
    The official "15 tháng 12 năm 2026" is one date, however many words it takes.
    """
    args = _join_formal_date(args)
    at = next((i for i, arg in enumerate(args) if looks_like_date(arg)), None)
    if at is None:
        return None
    date_text, phase_words = args[at], list(args[:at])
    if phase_words and _DAY_WORD.fullmatch(unicodedata.normalize("NFC", phase_words[-1])):
        date_text = f"{phase_words.pop()} {date_text}"
    time_words = args[at + 1 :]
    time_text = " ".join(time_words)
    if not phase_words:
        return None
    if len(time_words) > 1 and not _TIME_RE.fullmatch(unicodedata.normalize("NFC", time_text)):
        return None
    return " ".join(phase_words), date_text, time_text or None


def parse_deadline(
    date_text: str, time_text: str | None, tz: ZoneInfo, year: int | None = None
) -> datetime:
    """The UTC moment of a deadline typed in the bloc's zone; the time defaults to 17:00.

    A local time that does not exist or is ambiguous (a daylight-saving change, not in Vietnam)
    takes the earlier reading (fold=0).
    """
    day = parse_date(date_text, year)
    at = DEFAULT_TIME if time_text is None or not time_text.strip() else parse_time(time_text)
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("expected an aware datetime (stored times are UTC)")
    return moment


#: A runoff closes at this local time (a deadline's usual 17:00, the end of office hours).
RUNOFF_CLOSES = DEFAULT_TIME
_SATURDAY = 5


def runoff_deadline(opened: datetime, hours: int, tz: tzinfo) -> datetime:
    """When a runoff opened at `opened` closes (UTC): 17:00 in the bloc's zone on the first
    working day (Monday to Friday) at least `hours` (the bloc's rule) after the opening.

    Why not `opened + hours` to the minute: a runoff opens when the first round closes, often
    at midnight (a deadline) or on a Thursday afternoon, and its deadline then fell at night or
    on a Saturday, when no delegate is at the desk. The rule's hours stay a minimum, never cut.
    Public holidays are not known to the bot; an admin may close a runoff early (`/election
    close`).
    """
    earliest = _aware(opened).astimezone(UTC) + timedelta(hours=hours)
    day = earliest.astimezone(tz).date()
    while True:
        close = datetime.combine(day, RUNOFF_CLOSES, tzinfo=tz).astimezone(UTC)
        if day.weekday() < _SATURDAY and close >= earliest:
            return close
        day += timedelta(days=1)


def format_local(dt_utc: datetime, tz: ZoneInfo) -> str:
    """dd/mm/yyyy HH:MM in the bloc's zone, the one way dates are shown."""
    return _aware(dt_utc).astimezone(tz).strftime("%d/%m/%Y %H:%M")


def weekday(dt_utc: datetime, tz: ZoneInfo) -> int:
    """The local weekday, 0 = Monday; the text is `calendar.weekday_<n>` in the catalog."""
    return _aware(dt_utc).astimezone(tz).weekday()


#: When each phase's deadline usually falls, around the emulation year Y: from (years after Y,
#: month, day) up to, not including, the second one. The pledge: from the previous October (blocs
#: sign the covenant at the year's end) to the end of June; the mid-year review: May to August;
#: the year-end review: from September to the end of February (the year-end meetings run into
#: January, past Tết); the election of the next head and deputy: September to the end of March.
#: A deadline outside is shown back with a warning, never refused: the likely typo is the year
#: (`/deadline yearend 15/12/2028` for 2027).
USUAL_WINDOWS: dict[Phase, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    Phase.PLEDGE: ((-1, 10, 1), (0, 7, 1)),
    Phase.MIDYEAR: ((0, 5, 1), (0, 9, 1)),
    Phase.YEAREND: ((0, 9, 1), (1, 3, 1)),
    Phase.ELECTION: ((0, 9, 1), (1, 4, 1)),
}


def usual_window(phase: Phase, year: int) -> tuple[date, date]:
    """The first and the last day (both included) a deadline of `phase` in the emulation year
    `year` usually falls on (`USUAL_WINDOWS`)."""
    (start_off, start_month, start_day), (end_off, end_month, end_day) = USUAL_WINDOWS[phase]
    first = date(year + start_off, start_month, start_day)
    last = date(year + end_off, end_month, end_day) - timedelta(days=1)
    return first, last


def deadline_warnings(
    deadlines: dict[Phase, datetime], now: datetime, year: int, *, tz: tzinfo
) -> list[FieldError]:
    """What looks wrong in a year's deadlines, phase by phase in order.

    - `deadline_past`: already over at `now`;
    - `phases_out_of_order`: earlier than the deadline of the phase set before it;
    - `deadline_far`: its day (in the bloc's zone `tz`) outside the phase's usual window for
      the emulation year (`usual_window`), which the warning names.
    """
    _aware(now)
    warnings: list[FieldError] = []
    previous: Phase | None = None
    for phase in Phase:
        due = deadlines.get(phase)
        if due is None:
            continue
        _aware(due)
        if due < now:
            warnings.append(error(Reason.DEADLINE_PAST, phase=phase.value))
        if previous is not None and due < deadlines[previous]:
            warnings.append(
                error(Reason.PHASES_OUT_OF_ORDER, earlier=previous.value, later=phase.value)
            )
        first, last = usual_window(phase, year)
        if not first <= due.astimezone(tz).date() <= last:
            shown = {"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
            warnings.append(error(Reason.DEADLINE_FAR, phase=phase.value, year=year, **shown))
        previous = phase
    return warnings


#: The day each phase's example deadline falls on in the emulation year Y (years after Y,
#: month, day): the pledge at the end of January, the mid-year review at the end of June, the
#: year-end review mid-December, the election at the year's end.
_EXAMPLE_DAYS: dict[Phase, tuple[int, int, int]] = {
    Phase.PLEDGE: (0, 1, 31),
    Phase.MIDYEAR: (0, 6, 30),
    Phase.YEAREND: (0, 12, 15),
    Phase.ELECTION: (0, 12, 31),
}


def deadline_example(year: int, today: date) -> dict[str, str]:
    """The `/deadline` example the hints show for the emulation year `year` on `today` (the
    bloc's day), as catalog parameters: never a day already past (QA qa9 §14).

    The first phase whose usual day is still ahead, on that day; else the first phase whose
    usual window (`usual_window`) still has the end of next week's month in it, on that day;
    else (a year long over) the election on the end of next week's month.
    """
    soon = today + timedelta(days=7)
    month_end = soon.replace(day=calendar.monthrange(soon.year, soon.month)[1])
    chosen: tuple[Phase, date] | None = None
    for phase in Phase:
        off, month, day = _EXAMPLE_DAYS[phase]
        usual = date(year + off, month, day)
        if usual > today:
            chosen = (phase, usual)
            break
        if month_end <= usual_window(phase, year)[1]:
            chosen = (phase, max(month_end, usual_window(phase, year)[0]))
            break
    phase, day = chosen or (Phase.ELECTION, month_end)
    return {
        "ex_phase": phase.value,
        "ex_date": day.strftime("%d/%m/%Y"),
        "ex_loose": f"{day.day}/{day.month}/{day.year % 100:02d}",
        "ex_iso": day.isoformat(),
        "ex_day": f"{day.day:02d}",
        "ex_month": f"{day.month:02d}",
        "ex_year": str(day.year),
    }

"""A bloc's reminder settings and the `/remind` arguments that change them.

Why pure: the same settings decide the nudge times (`bot.domain.nudge_times`), the schedule
`/remind` shows and what the storage keeps; parsing them here, with a typed reason for every
refusal, lets the handler answer from the catalog (`remind.err_<reason>`) and the tests cover
every bad input without Telegram.

The forms of `/remind` (after the command word, case-insensitive):

- nothing: show the schedule;
- offsets, e.g. `5d 2d 12h 30m` or `5 ngày 2 ngày 12 giờ 30 phút`: how long before a deadline
  the nudges go (d, h, m or the words ngày, giờ, phút, with or without a space; 1 to 10 of them,
  each positive and at most a year); `default` restores 7d 3d 1d;
- `quiet 21:00-07:30` (or `22h-7h`, times as `/deadline` takes them) or `quiet off`: no nudge
  inside that local window (it may cross midnight);
- `weekends on` (nudges also on Saturday and Sunday) or `weekends off` (those days skipped);
- `off [phase]` / `on [phase]`: stop or resume the nudges of one phase, or of all;
- `now [phase]`: nudge at once for the current phase (or the one named).

A form word typed almost right (`weekend on`) is answered with the form it resembles
(`/remind weekends on`), not as a duration it is not.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time, timedelta
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.domain.calendar import Phase, parse_phase, parse_time
from bot.domain.errors import InvalidValue, clip

MAX_OFFSETS = 10
MAX_OFFSET = timedelta(days=365)
#: The local time of the nudge on the deadline's own morning.
MORNING = time(8, 0)

_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
#: The unit words an offset's number takes, glued or after a space: "5d", "5 ngày", "5ngày"
#: (also without accents, as typed on a keyboard without Vietnamese input).
_UNIT_WORDS = {
    **{word: "d" for word in ("d", "ngày", "ngay", "day", "days")},
    **{word: "h" for word in ("h", "giờ", "gio", "hour", "hours")},
    **{word: "m" for word in ("m", "phút", "phut", "min", "mins", "minute", "minutes")},
}
_NUMBER_RE = re.compile(r"[+-]?[0-9]{1,6}")
_OFFSET_RE = re.compile(r"([+-]?[0-9]{1,6}) ?([^\W\d_]+)")
#: The words of the forms, for "did you mean" (`on`, `off` are too short to guess at).
_FORM_WORDS = ("quiet", "weekends", "default", "now")


class RemindReason(StrEnum):
    """Why `/remind` arguments were refused; the text is `remind.err_<reason>`."""

    BAD_OFFSET = "bad_offset"  # value
    NOT_POSITIVE = "not_positive"  # value
    TOO_MANY = "too_many"  # max
    TOO_LONG = "too_long"  # value, max
    BAD_QUIET = "bad_quiet"  # value
    EMPTY_QUIET = "empty_quiet"  # value
    BAD_SWITCH = "bad_switch"  # value
    BAD_PHASE = "bad_phase"  # value
    DID_YOU_MEAN = "did_you_mean"  # value, suggestion


class ReminderInputError(ValueError):
    """`/remind` arguments that cannot be accepted: a reason and its (string) parameters."""

    def __init__(self, reason: RemindReason, /, **params: object) -> None:
        self.reason = reason
        self.params = {k: clip(v) for k, v in params.items()}
        super().__init__(f"{reason}: {self.params}")

    @property
    def key(self) -> str:
        return f"remind.err_{self.reason.value}"


class _Frozen(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")


class Offset(_Frozen):
    """How long before a deadline one nudge goes: `amount` days, hours or minutes."""

    amount: int = Field(gt=0)
    unit: Literal["d", "h", "m"]

    @property
    def delta(self) -> timedelta:
        return timedelta(**{_UNITS[self.unit]: self.amount})

    @property
    def label(self) -> str:
        """`7d`: what `/remind` accepts, and the nudge's key in the sent log."""
        return f"{self.amount}{self.unit}"


class QuietHours(_Frozen):
    """A local window without nudges, [start, end); it crosses midnight when end < start."""

    start: time
    end: time

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHours:
        if self.start == self.end:
            raise ValueError("quiet hours must not be empty")
        return self

    def contains(self, at: time) -> bool:
        if self.start < self.end:
            return self.start <= at < self.end
        return at >= self.start or at < self.end

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


DEFAULT_OFFSETS: tuple[Offset, ...] = (
    Offset(amount=7, unit="d"),
    Offset(amount=3, unit="d"),
    Offset(amount=1, unit="d"),
)
DEFAULT_QUIET = QuietHours(start=time(21, 0), end=time(7, 30))


class ReminderSettings(_Frozen):
    """What a bloc decided about its nudges (the defaults until an admin changes them)."""

    offsets: tuple[Offset, ...] = DEFAULT_OFFSETS
    quiet: QuietHours | None = DEFAULT_QUIET
    #: True: nudges go on Saturdays and Sundays too; False (default): those days are skipped.
    weekends: bool = False
    disabled: frozenset[Phase] = frozenset()

    def enabled(self, phase: Phase) -> bool:
        return phase not in self.disabled

    @property
    def offsets_label(self) -> str:
        return " ".join(o.label for o in self.offsets)


# --- the forms of /remind ---------------------------------------------------------------------


class Show(_Frozen):
    kind: Literal["show"] = "show"


class SetOffsets(_Frozen):
    kind: Literal["offsets"] = "offsets"
    offsets: tuple[Offset, ...]


class SetQuiet(_Frozen):
    kind: Literal["quiet"] = "quiet"
    quiet: QuietHours | None


class SetWeekends(_Frozen):
    kind: Literal["weekends"] = "weekends"
    weekends: bool


class Toggle(_Frozen):
    """`on`/`off`, for one phase or (phase None) for all of them."""

    kind: Literal["toggle"] = "toggle"
    on: bool
    phase: Phase | None = None


class NudgeNow(_Frozen):
    kind: Literal["now"] = "now"
    phase: Phase | None = None


RemindCommand = Annotated[
    Show | SetOffsets | SetQuiet | SetWeekends | Toggle | NudgeNow, Field(discriminator="kind")
]


Change = SetOffsets | SetQuiet | SetWeekends | Toggle


def apply(settings: ReminderSettings, change: Change) -> ReminderSettings:
    """The settings after one `/remind` change."""
    if isinstance(change, SetOffsets):
        return settings.model_copy(update={"offsets": change.offsets})
    if isinstance(change, SetQuiet):
        return settings.model_copy(update={"quiet": change.quiet})
    if isinstance(change, SetWeekends):
        return settings.model_copy(update={"weekends": change.weekends})
    phases = {change.phase} if change.phase else set(Phase)
    disabled = settings.disabled - phases if change.on else settings.disabled | phases
    return settings.model_copy(update={"disabled": frozenset(disabled)})


def parse_remind(args: list[str]) -> RemindCommand:
    """The `/remind` form that `args` (the words after the command) ask for."""
    words = [w for w in args if w.strip()]
    if not words:
        return Show()
    head, rest = words[0].lower(), words[1:]
    if head == "quiet":
        if not rest:
            raise ReminderInputError(RemindReason.BAD_QUIET, value="")
        return SetQuiet(quiet=parse_quiet(" ".join(rest)))  # "22h - 7h" too
    if head == "weekends":
        return SetWeekends(weekends=_switch(_one(rest)))
    if head in ("on", "off"):
        return Toggle(on=head == "on", phase=_phase(rest))
    if head == "now":
        return NudgeNow(phase=_phase(rest))
    if head == "default" and not rest:
        return SetOffsets(offsets=DEFAULT_OFFSETS)
    close = None if head[:1].isdigit() else _near_form(head)
    if close:
        suggestion = " ".join([close, *rest])
        raise ReminderInputError(RemindReason.DID_YOU_MEAN, value=words[0], suggestion=suggestion)
    return SetOffsets(offsets=parse_offsets(words))


def _near_form(word: str) -> str | None:
    """The form word `word` was almost (`weekend` → `weekends`), if any. `difflib` is imported
    here, not at start-up: a near miss is rare, and the module stays out of idle memory."""
    import difflib

    close = difflib.get_close_matches(word, _FORM_WORDS, n=1, cutoff=0.75)
    return close[0] if close else None


def parse_offsets(words: list[str]) -> tuple[Offset, ...]:
    """Offsets, longest first, without repeats: `12h 2d 2d` -> (2d, 12h); a number and its unit
    word may be two words (`5 ngày 2 ngày`)."""
    found: dict[timedelta, Offset] = {}
    for word in _paired(words):
        offset = parse_offset(word)
        found.setdefault(offset.delta, offset)
    if len(found) > MAX_OFFSETS:
        raise ReminderInputError(RemindReason.TOO_MANY, max=MAX_OFFSETS)
    return tuple(found[delta] for delta in sorted(found, reverse=True))


def _paired(words: list[str]) -> list[str]:
    """The words with each lone number joined to the unit word after it: ["5 ngày", "2d"]."""
    paired: list[str] = []
    for word in words:
        if paired and _NUMBER_RE.fullmatch(paired[-1]) and _unit(word) is not None:
            paired[-1] = f"{paired[-1]} {word}"
        else:
            paired.append(word)
    return paired


def _unit(word: str) -> str | None:
    """`d`, `h` or `m` for a unit word ("ngày", "giờ", "phút", "d"…), else None."""
    return _UNIT_WORDS.get(unicodedata.normalize("NFC", word.strip().lower()))


def parse_offset(word: str) -> Offset:
    """One duration: a whole number and its unit, d, h or m or a word for one (`5d`, `12h`,
    `30m`, `5 ngày`, `12giờ`, `30 phút`)."""
    match = _OFFSET_RE.fullmatch(unicodedata.normalize("NFC", word.strip().lower()))
    unit = _unit(match.group(2)) if match else None
    if match is None or unit is None:
        raise ReminderInputError(RemindReason.BAD_OFFSET, value=word)
    amount = int(match.group(1))
    if amount <= 0:
        raise ReminderInputError(RemindReason.NOT_POSITIVE, value=word)
    offset = Offset(amount=amount, unit=unit)  # type: ignore[arg-type]
    if offset.delta > MAX_OFFSET:
        raise ReminderInputError(RemindReason.TOO_LONG, value=word, max="365d")
    return offset


def parse_quiet(text: str) -> QuietHours | None:
    """`21:00-07:30` (also 21h00-7h30, 22h-7h: each time as `/deadline` takes it); `off` turns
    quiet hours off (None)."""
    value = text.strip().lower()
    if value == "off":
        return None
    parts = value.split("-")
    if len(parts) != 2:
        raise ReminderInputError(RemindReason.BAD_QUIET, value=text)
    start, end = (_clock(p, text) for p in parts)
    if start == end:
        raise ReminderInputError(RemindReason.EMPTY_QUIET, value=text)
    return QuietHours(start=start, end=end)


def _clock(part: str, whole: str) -> time:
    try:
        return parse_time(part)
    except InvalidValue:
        raise ReminderInputError(RemindReason.BAD_QUIET, value=whole) from None


def _switch(word: str) -> bool:
    value = word.strip().lower()
    if value not in ("on", "off"):
        raise ReminderInputError(RemindReason.BAD_SWITCH, value=word)
    return value == "on"


def _one(rest: list[str]) -> str:
    """The single argument a form takes (a missing one is refused like a wrong one)."""
    if len(rest) != 1:
        raise ReminderInputError(RemindReason.BAD_SWITCH, value=" ".join(rest))
    return rest[0]


def _phase(rest: list[str]) -> Phase | None:
    """The phase named after `on`/`off`/`now`, in any of its names ("sơ kết" is two words)."""
    if not rest:
        return None
    text = " ".join(rest)
    try:
        return parse_phase(text)
    except InvalidValue:
        raise ReminderInputError(RemindReason.BAD_PHASE, value=text) from None

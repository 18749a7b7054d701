"""What a nudge round works on, what it reports and how it words its messages: plain records
shared by `bot.nudging`, `bot.nudge_after`, `bot.nudge_jobs`, the use cases and the view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.domain.nudge_times import NudgePoint, PendingUnit, RoundPlan
from bot.domain.reminders import ReminderSettings
from bot.domain.year import Year
from bot.i18n import Html, Texts
from storage.reminders import NudgeKey


@dataclass(frozen=True)
class PhaseState:
    """A phase of a bloc's open year as a round needs it."""

    bloc: Bloc
    year: Year
    phase: Phase
    deadline: datetime
    set_at: datetime  # when the deadline was last set
    since: datetime  # when the deadline, the settings or the hold last changed
    settings: ReminderSettings
    #: Its round's score review is closed: no unit can act, so nothing is sent (`Hold`).
    held: bool = False

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.bloc.timezone)

    def key(self, point: str) -> NudgeKey:
        return NudgeKey(
            bloc_id=self.bloc.id,
            year_id=self.year.id,
            phase=self.phase,
            due_at=self.deadline,
            point=point,
        )


@dataclass(frozen=True)
class Turnout:
    """At a deadline: the codes of the units that did what the phase asks, and those that did
    not (with their delegates). Both empty: nothing concerned that deadline (no line)."""

    done: list[str]
    pending: list[PendingUnit]


@dataclass
class RoundReport:
    """What a tick did (for the scheduler, `/remind now`'s answer and the tests)."""

    point: str | None = None
    pending_units: int = 0
    queued: int = 0  # private messages queued by this tick
    reached_units: int = 0  # the units those private messages are for
    reached_changed: int = 0  # of them, units that acted but have changes not yet resubmitted
    no_delegate: tuple[str, ...] = ()  # pending units nobody can be reminded for (codes)
    unreachable: int = 0  # pending delegates the bot cannot write to
    group: bool = False  # the digest or after-deadline line was queued by this tick
    waiting: bool = False  # the digest waits for private messages still being sent
    no_provider: bool = False
    #: The round had written privately before this tick (`/remind now` twice in a minute).
    again: bool = False


@dataclass(frozen=True)
class PhaseSchedule:
    """One phase as `/remind` shows it."""

    phase: Phase
    deadline: datetime | None
    enabled: bool
    upcoming: tuple[NudgePoint, ...]  # the nudges still ahead
    past: bool  # the deadline has passed
    held: bool = False  # its round's score review is closed: none of them goes


@dataclass(frozen=True)
class NudgeTexts:
    """How a round words its messages (views/remind.py's `nudge_texts()`): injected, so the
    rounds never import the view layer."""

    private: Callable[[Texts, Bloc, Phase, str, datetime, datetime], str]
    #: the private one naming what the unit has yet to do (`Feature.awaiting`'s words)
    named: Callable[[Texts, Bloc, Phase, str, datetime, datetime, Callable[[Texts], Html]], str]
    #: to a delegate of a unit that acted, then changed it without sending it again
    changed: Callable[[Texts, Bloc, Phase, str, datetime, datetime], str]
    #: the group's: (…, deadline, when the round began, plan, names, codes, changed units)
    digest: Callable[
        [Texts, Bloc, Phase, datetime, datetime, RoundPlan, dict[int, str], dict[int, str], int],
        str,
    ]
    after: Callable[[Texts, Bloc, Phase, datetime, dict[str, datetime], Sequence[str]], str]
    #: to a delegate told a later deadline: (…, code, new deadline, the one told, now)
    moved: Callable[[Texts, Bloc, Phase, str, datetime, datetime, datetime], str]
    #: to a delegate of a unit locked out by a deadline moved into the past: (…, code, deadline,
    #: now)
    closed: Callable[[Texts, Bloc, Phase, str, datetime, datetime], str]

"""The sandbox's time (`:time`): shown, and moved forward so that reminders and deadlines come.

The clock is real time plus an offset (`ShiftedClock`): without `:time` the sandbox behaves as
the bot does, and `:time +2d` or `:time 28/06/2027 08:00` makes the offset grow. Moving walks
the bot's own scheduler from job to job up to that instant (`Scheduler.walk`, as the demo
does), so each reminder, closing and after-deadline line is sent at its own time and printed
under it, in the chats it went to. Going back is refused: what was sent and closed cannot be
taken back, and the database holds it at the later time.

The offset is kept beside the database (`sandbox-vi.sqlite3-clock`) for the same reason: a
restart at real time would put what happened after "now"; `--fresh` forgets both.
With a clock other than the system one the scheduler never wakes by itself (`bot.scheduler`),
so the sandbox runs what is due after every typed line too (`catch_up`): a reminder whose time
comes while the terminal waits is printed with the next line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import ShiftedClock
from bot.domain.calendar import parse_deadline
from bot.domain.errors import InvalidValue
from bot.i18n import Texts, plain_text
from bot.nudge_jobs import KIND as NUDGE_KIND
from bot.nudge_jobs import job_target
from bot.nudging import DIGEST_WAIT
from bot.sandbox_terminal import GROUP_ID
from bot.services import Services
from bot.usecases.election_close import NUDGE_JOB as RUNOFF_NUDGES
from handlers.file_errors import render_error

#: `+2d`, `+3h`, `+1d12h`, `+30m`, `+1w`; a leading `-` reads as going back (refused).
SHIFT = re.compile(r"([+-])((?:\d+[wdhm])+)")
STEP = re.compile(r"(\d+)([wdhm])")
UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def saved_clock(db_path: Path) -> Path:
    """Where the offset of one sandbox database is kept."""
    return Path(f"{db_path}-clock")


def load_clock(saved: Path) -> ShiftedClock:
    """The sandbox's clock with the offset kept in `saved` (none yet: real time)."""
    try:
        offset = timedelta(seconds=float(saved.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        offset = timedelta(0)
    return ShiftedClock(max(offset, timedelta(0)))


def target(text: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The instant `:time <text>` names: a shift from `now` (`+2d`, `-1h`), or a date and time
    in the bloc's zone as `/deadline` reads them (`28/06/2027 08:00`, `2027-06-28 8h`; the time
    defaults to 17:00); None when the text names no instant. A date that cannot be (31/02/2027)
    raises its `InvalidValue`, whose reason is said as `/deadline` says it."""
    shift = SHIFT.fullmatch(text.lower())
    try:
        if shift:
            delta = sum(
                (timedelta(**{UNITS[u]: int(n)}) for n, u in STEP.findall(shift.group(2))),
                timedelta(0),
            )
            return now + delta if shift.group(1) == "+" else now - delta
        date_text, _, time_text = text.partition(" ")
        return parse_deadline(date_text, time_text or None, tz, now.astimezone(tz).year)
    except InvalidValue:
        raise
    except (ValueError, OverflowError):  # a number too long to read
        return None


class SandboxTime:
    """The sandbox's clock with its words: `describe`, `target`, `move`, `catch_up`."""

    def __init__(self, services: Services, clock: ShiftedClock, texts: Texts, saved: Path) -> None:
        self.services, self.clock, self.texts, self.saved = services, clock, texts, saved

    async def zone(self) -> str:
        """The sample bloc's time zone (the bot's default before `/setup`)."""
        bloc = await self.services.blocs.by_chat(GROUP_ID)
        return bloc.timezone if bloc is not None else self.services.settings.bot_timezone

    async def describe(self) -> str:
        """The date and time now, in the bloc's zone, and the scheduler's next job."""
        zone = await self.zone()
        now = self.texts.when(self.clock.now(), zone)
        lines = [self._tx("sandbox.time_now", when=now, zone=self.texts.zone(zone))]
        planned = self.services.scheduler.planned()
        if planned:
            job, when = planned[0], self.texts.when(planned[0].at, zone)
            if job.kind == NUDGE_KIND:
                key = await self._nudge_job(job.id, job.at)
                phase = self.texts.phase(job_target(job.id)[1])
                lines.append(self._tx(key, what=phase, when=when))
            elif job.kind == RUNOFF_NUDGES:
                lines.append(self._tx("sandbox.time_next_runoff", when=when))
            else:  # the one other kind: a vote closing at its deadline
                lines.append(self._tx("sandbox.time_next_vote", when=when))
        else:
            lines.append(self._tx("sandbox.time_nothing"))
        return "\n".join(lines)

    async def _nudge_job(self, job_id: str, at: datetime) -> str:
        """What a nudge job at `at` does, as the key of its words: a reminder before the
        deadline, else the deadline passing (its line, posted late after the bot was down)."""
        bloc_id, phase = job_target(job_id)
        year = await self.services.years.current(bloc_id)
        due = await self.services.years.deadline(year.id, phase.value) if year else None
        if due is None or at < due:
            return "sandbox.time_next"
        return "sandbox.time_next_deadline"

    async def target(self, text: str) -> datetime | None:
        return target(text.strip(), self.clock.now(), ZoneInfo(await self.zone()))

    async def move(self, until: datetime, show: Callable[[str], None]) -> None:
        """Walk the clock to `until`; `show(heading)` prints what each moment sent."""
        zone = await self.zone()

        async def moment() -> None:
            await self.catch_up()  # also a job the step's run put at that same instant
            show(self._tx("sandbox.time_moment", when=self.texts.when(self.clock.now(), zone)))

        scheduler = self.services.scheduler
        await scheduler.walk(self.clock, until, moment)
        await moment()  # what is due at `until` itself (the outbox's retries too)
        # A round that began by `until` posts its digest once its private messages went
        # (FOLLOW_UP later): finished here, it is printed under its own moment, not the next.
        while await self._rounds_open():
            now, settled = self.clock.now(), until + DIGEST_WAIT
            ahead = [j.at for j in scheduler.planned(f"{NUDGE_KIND}:") if now < j.at <= settled]
            if not ahead:
                break
            await scheduler.walk(self.clock, min(ahead), moment)
            await moment()
        self.saved.write_text(str(self.clock.offset.total_seconds()), encoding="utf-8")

    async def _rounds_open(self) -> bool:
        """Whether a nudge round of the sample bloc still waits for its digest."""
        bloc = await self.services.blocs.by_chat(GROUP_ID)
        nudger = self.services.nudger
        return bool(bloc and nudger and await nudger.repo.open_rounds(bloc.id))

    async def catch_up(self) -> None:
        """Run what is due now and send what it queued."""
        await self.services.scheduler.run_due()
        await self.services.notifier.idle()

    def reason(self, bad: InvalidValue) -> str:
        """Why a date cannot be, in the words `/deadline` uses ("tháng 2/2027 chỉ có 28 ngày")."""
        return plain_text(render_error(self.texts, bad.error))

    def _tx(self, key: str, /, **params: object) -> str:
        return plain_text(self.texts(key, **params))

"""Nudge rounds: at a nudge time, remind privately the delegates of the units that have not
acted, then post one digest in the group; once the deadline has passed, one line in the group.

Why a class between the use cases and Telegram: a round reads the database, asks the feature of
the phase who is still pending (a provider from the registry, so a capability added later is
nudged too without a change here), renders from the catalog and sends through a `Sender` (the
notifier in production). One `Nudger` per Application; nothing module-level.

What makes it exact:

- **once**: every message is claimed in the sent-nudge log (a row under a UNIQUE key) before it
  is sent; whoever cannot insert the row does not send. A restart, a retried tick or two
  overlapping rounds therefore never send it twice;
- **never lost**: a send that fails (5xx, time-outs, retries exhausted) gives its claim back and
  the round reports it, so the caller runs the tick again later; a claim left by a process that
  died before sending is given back at start-up (`recover`);
- **the right time**: what is due is recomputed from the database at every tick
  (`bot.domain.nudge_times.due_point`), so a job that fires late, twice or after a change of
  deadline sends what is due then, not what was due when the job was made; a round stops when
  the deadline changes under it (the new schedule takes over).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.bloc import Bloc, Unit
from bot.domain.calendar import Phase
from bot.domain.nudge_times import (
    AFTER_KEY,
    PendingUnit,
    RoundPlan,
    due_point,
    next_point,
    nudge_times,
    plan_round,
)
from bot.domain.reminders import ReminderSettings
from bot.domain.year import Year
from bot.i18n import Texts, resolve_language
from bot.nudge_texts import after_text, digest_text, private_text
from bot.services import Services
from storage.reminders import GROUP_UNIT, NudgeKey, ReminderRepo

log = logging.getLogger(__name__)

#: Private messages of one round in flight at once (the rate limiter paces them).
SEND_CONCURRENCY = 32
#: An after-deadline line missed while the bot was down is still posted this long after.
AFTER_GRACE = timedelta(hours=24)


class Outcome(StrEnum):
    SENT = "sent"
    UNREACHABLE = "unreachable"  # 403: never started the bot, blocked it, or left the group
    FAILED = "failed"  # given up for now: the claim is given back and the tick runs again


@dataclass(frozen=True)
class Outgoing:
    chat_id: int
    text: str
    #: (label, callback data) of the one button, if any.
    button: tuple[str, str] | None = None


Sender = Callable[[Outgoing], Awaitable[Outcome]]
PendingUnits = Callable[[Services, Bloc, Year], Awaitable[list[Unit]]]
#: The button of a private nudge: (label, callback data) opening the phase's flow.
ButtonFor = Callable[[Texts, Phase, Bloc, int], tuple[str, str] | None]


@dataclass(frozen=True)
class PhaseState:
    """A phase of a bloc's open year as a round needs it."""

    bloc: Bloc
    year: Year
    phase: Phase
    deadline: datetime
    set_at: datetime  # when the deadline was last set
    since: datetime  # when the deadline or the settings last changed
    settings: ReminderSettings

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


@dataclass
class RoundReport:
    """What a tick did (for the caller's retry, `/remind now`'s answer and the tests)."""

    point: str | None = None
    pending_units: int = 0
    people: int = 0  # private messages the plan had
    sent: int = 0
    unreachable: int = 0
    failed: int = 0
    already: int = 0  # already logged by an earlier or overlapping round
    group: bool = False
    stopped: bool = False  # the deadline changed during the round
    no_provider: bool = False
    newly_unreachable: list[tuple[int, int]] = field(default_factory=list)


class Nudger:
    """The nudge rounds of one Application."""

    def __init__(
        self,
        services: Services,
        providers: Mapping[Phase, PendingUnits],
        send: Sender,
        *,
        button: ButtonFor | None = None,
        concurrency: int = SEND_CONCURRENCY,
    ) -> None:
        self.services = services
        self.concurrency = concurrency
        self.providers = providers
        self.send = send
        self.button = button
        self.repo = ReminderRepo(services.db)

    # --- reading the state ----------------------------------------------------------------

    async def state(self, bloc_id: int, phase: Phase) -> PhaseState | None:
        """The phase's deadline and settings in the bloc's open year (None: nothing to nudge)."""
        s = self.services
        bloc = await s.blocs.get(bloc_id)
        year = await s.years.current(bloc_id) if bloc else None
        if bloc is None or year is None:
            return None
        deadline = (await s.years.deadlines(year.id)).get(phase.value)
        if deadline is None:
            return None
        stored = await self.repo.settings(bloc_id)
        changed = stored.changed_at
        return PhaseState(
            bloc=bloc,
            year=year,
            phase=phase,
            deadline=deadline.due_at,
            set_at=deadline.set_at,
            since=max(deadline.set_at, changed) if changed else deadline.set_at,
            settings=stored.settings,
        )

    async def next_run(self, bloc_id: int, phase: Phase) -> datetime | None:
        """When the (bloc, phase) job should fire next: the next nudge, else the deadline (for
        the after-deadline line); None when nothing is left to do."""
        st = await self.state(bloc_id, phase)
        if st is None or not st.settings.enabled(phase):
            return None
        now = self.services.clock.now()
        if now >= st.deadline:
            return None
        upcoming = next_point(nudge_times(st.deadline, st.settings, st.tz), now)
        return upcoming.at if upcoming else st.deadline

    async def recover(self) -> int:
        """At start-up: give back the claims of messages a dead process never sent."""
        async with self.services.db.transaction():
            return await self.repo.forget_queued()

    # --- ticks ----------------------------------------------------------------------------

    async def tick(self, bloc_id: int, phase: Phase) -> RoundReport:
        """Send whatever is due now for (bloc, phase): a nudge, the after-deadline line, or
        nothing. Safe to call at any time, any number of times."""
        st = await self.state(bloc_id, phase)
        if st is None or not st.settings.enabled(phase):
            return RoundReport()
        now = self.services.clock.now()
        if now >= st.deadline:
            return await self._after(st, now)
        points = nudge_times(st.deadline, st.settings, st.tz)
        due = due_point(points, now=now, since=st.since, deadline=st.deadline)
        if due is None:
            return RoundReport()
        return await self.round(st, due.key, now)

    async def nudge_now(self, st: PhaseState) -> RoundReport:
        """An admin's `/remind now`: a round of its own (one a minute at most)."""
        now = self.services.clock.now()
        return await self.round(st, f"now-{now:%Y%m%d%H%M}", now)

    async def pending_of(self, st: PhaseState) -> list[PendingUnit] | None:
        """The phase's pending units with their delegates; None when no feature provides them."""
        provider = self.providers.get(st.phase)
        if provider is None:
            return None
        units = await provider(self.services, st.bloc, st.year)
        delegates = await self.services.units.delegates_of_bloc(st.bloc.id)
        return [
            PendingUnit(unit_id=u.id, code=u.code, delegates=tuple(delegates.get(u.id, ())))
            for u in units
        ]

    async def round(self, st: PhaseState, point: str, now: datetime) -> RoundReport:
        """One nudge: private messages not yet logged, then the group's digest."""
        report = RoundReport(point=point)
        pending = await self.pending_of(st)
        if pending is None:
            report.no_provider = True
            return report
        key = st.key(point)
        plan = plan_round(
            pending, sent=await self.repo.sent_to(key), unreachable=await self.repo.unreachable()
        )
        report.pending_units, report.people = len(plan.codes), len(plan.private)
        if not plan.codes:
            return report
        gate = asyncio.Semaphore(self.concurrency)
        codes = {p.unit_id: p.code for p in pending}

        async def one(unit_id: int, user_id: int) -> None:
            async with gate:
                if report.stopped or await self._moved(st):
                    report.stopped = True
                    return
                await self._private(st, key, report, codes[unit_id], unit_id, user_id, now)

        await asyncio.gather(*(one(u, p) for u, p in plan.private))
        if not report.stopped:
            await self._digest(st, key, plan, report, codes, now)
        return report

    # --- the messages ---------------------------------------------------------------------

    async def _texts_of(self, user_id: int, bloc: Bloc) -> Texts:
        profile = await self.services.users.get(user_id)
        lang = resolve_language(
            profile.chosen_language if profile else None,
            profile.telegram_language if profile else None,
            bloc.language,
        )
        return self.services.catalog.for_lang(lang)

    async def _private(
        self,
        st: PhaseState,
        key: NudgeKey,
        report: RoundReport,
        code: str,
        unit_id: int,
        user_id: int,
        now: datetime,
    ) -> None:
        claimed = await self.repo.claim(
            key, kind="private", unit_id=unit_id, chat_id=user_id, now=now
        )
        if claimed is None:
            report.already += 1
            return
        tx = await self._texts_of(user_id, st.bloc)
        text = private_text(tx, st.bloc, st.phase, code, st.deadline, now)
        button = self.button(tx, st.phase, st.bloc, unit_id) if self.button else None
        outcome = await self._send(Outgoing(user_id, text, button))
        await self._settle(claimed, outcome, user_id)
        if outcome is Outcome.SENT:
            report.sent += 1
        elif outcome is Outcome.UNREACHABLE:
            report.unreachable += 1
            report.newly_unreachable.append((unit_id, user_id))
        else:
            report.failed += 1

    async def _digest(
        self,
        st: PhaseState,
        key: NudgeKey,
        plan: RoundPlan,
        report: RoundReport,
        codes: dict[int, str],
        now: datetime,
    ) -> None:
        claimed = await self.repo.claim(
            key, kind="digest", unit_id=GROUP_UNIT, chat_id=st.bloc.chat_id, now=now
        )
        if claimed is None:
            return
        mentions = sorted(
            {*plan.mentions, *report.newly_unreachable}, key=lambda m: (codes.get(m[0], ""), m[1])
        )
        shown = plan.model_copy(update={"mentions": tuple(mentions)})
        people = await self.services.users.get_many([user for _, user in mentions])
        names = {uid: p.display_name for uid, p in people.items()}
        tx = self.services.catalog.for_lang(st.bloc.language)
        text = digest_text(tx, st.bloc, st.phase, st.deadline, now, shown, names, codes)
        outcome = await self._send(Outgoing(st.bloc.chat_id, text))
        await self._settle(claimed, outcome, None)
        report.group = outcome is Outcome.SENT
        if outcome is Outcome.FAILED:
            report.failed += 1

    async def _after(self, st: PhaseState, now: datetime) -> RoundReport:
        """The after-deadline line, once, if the deadline passed less than AFTER_GRACE ago
        (and was not set after the fact)."""
        report = RoundReport(point=AFTER_KEY)
        if now - st.deadline > AFTER_GRACE or st.set_at > st.deadline:
            return report
        pending = await self.pending_of(st)
        if pending is None:
            report.no_provider = True
            return report
        key = st.key(AFTER_KEY)
        claimed = await self.repo.claim(
            key, kind="after", unit_id=GROUP_UNIT, chat_id=st.bloc.chat_id, now=now
        )
        if claimed is None:
            return report
        missing = {p.code for p in pending}
        units = await self.services.units.list(st.bloc.id)
        done = {u.code: st.deadline for u in units if u.code not in missing}
        tx = self.services.catalog.for_lang(st.bloc.language)
        text = after_text(tx, st.bloc, st.phase, st.deadline, done, sorted(missing))
        outcome = await self._send(Outgoing(st.bloc.chat_id, text))
        await self._settle(claimed, outcome, None)
        report.group, report.pending_units = outcome is Outcome.SENT, len(missing)
        report.failed += outcome is Outcome.FAILED
        return report

    async def _send(self, message: Outgoing) -> Outcome:
        """Send; a bug in sending fails this message (given back for the next tick), not the
        round."""
        try:
            return await self.send(message)
        except Exception:
            log.exception("sending a nudge to chat %s failed", message.chat_id)
            return Outcome.FAILED

    async def _settle(self, nudge_id: int, outcome: Outcome, user_id: int | None) -> None:
        now = self.services.clock.now()
        async with self.services.db.transaction():
            if outcome is Outcome.FAILED:
                await self.repo.release(nudge_id)
                return
            await self.repo.mark(nudge_id, outcome.value, now=now)
            if outcome is Outcome.UNREACHABLE and user_id is not None:
                await self.repo.mark_unreachable(user_id, "forbidden", now=now)

    async def _moved(self, st: PhaseState) -> bool:
        """Whether the deadline changed (or went) since the round began."""
        return await self.services.years.deadline(st.year.id, st.phase.value) != st.deadline

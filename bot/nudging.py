"""Nudge rounds: at a nudge time, remind privately the delegates of the units that have not
acted, then post one digest in the group; once the deadline has passed, one line in the group.

Why a class between the use cases and Telegram: a round reads the database, asks the feature of
the phase who is still pending (a provider from the registry, so a capability added later is
nudged too without a change here), renders from the catalog and queues the messages in the
notifier's outbox, which sends them within Telegram's limits. One `Nudger` per Application.

What makes it exact:

- **once**: each message is recorded in the ledger (a row under a UNIQUE key) in the same
  transaction as it is queued, under a notifier key derived from the same fields; a message
  already recorded is not queued again. A restart, a retried tick or two overlapping rounds
  therefore never send it twice, and the notifier sends each queued message once;
- **never lost**: queued messages survive a restart (the notifier drains its outbox on start);
  5xx, time-outs and 429 are the notifier's to retry;
- **the right time**: what is due is recomputed from the database at every tick
  (`bot.domain.nudge_times.due_point`), so a job that fires late, twice or after a change of
  deadline sends what is due then;
- **the digest last**: the group's digest waits until the round's private messages are done (or
  `DIGEST_WAIT` has passed), so it can name the people the bot could not reach (403).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from bot.domain.bloc import Bloc, Unit
from bot.domain.calendar import Phase
from bot.domain.nudge_times import (
    AFTER_KEY,
    MANUAL,
    PendingUnit,
    changed_in_group,
    due_point,
    latest,
    nudge_times,
    plan_round,
)
from bot.domain.year import Year
from bot.errors import UserFacingError
from bot.i18n import Html, Texts
from bot.notifier import Outgoing
from bot.nudge_after import after_deadline
from bot.nudge_again import manual_point
from bot.nudge_state import NudgeTexts, PhaseState, RoundReport, Turnout
from bot.nudge_today import SaidToday, said_today
from bot.registry import AwaitingWork, ChangedUnits, CountedUnits
from bot.services import Services
from bot.usecases.users import languages_of
from storage.reminders import GROUP_UNIT, LedgerRow, NudgeKey, ReminderRepo

#: The digest goes at the latest this long after the round began, private messages done or not.
DIGEST_WAIT = timedelta(minutes=2)
#: How soon a tick looks again while a round's private messages are being sent.
FOLLOW_UP = timedelta(seconds=10)
#: Private nudges handed to the notifier per second, all rounds together: under Telegram's 30
#: a second overall, so that what people ask the bot meanwhile is answered at once.
NUDGES_PER_SECOND = 28
#: The pacing never reaches further ahead than this (a clock set back is not waited for).
CURSOR_AHEAD_MAX = timedelta(hours=1)

log = logging.getLogger(__name__)

PendingUnits = Callable[[Services, Bloc, Year], Awaitable[list[Unit]]]
T = TypeVar("T")
#: The inline keyboard (Telegram JSON) of a private nudge: the button opening the phase's flow.
ButtonFor = Callable[[Texts, Phase, Bloc, int], str | None]


class Nudger:
    """The nudge rounds of one Application."""

    def __init__(
        self,
        services: Services,
        providers: Mapping[Phase, PendingUnits],
        texts: NudgeTexts,
        *,
        counted: Mapping[Phase, CountedUnits] | None = None,
        changed: Mapping[Phase, ChangedUnits] | None = None,
        awaiting: Mapping[Phase, AwaitingWork] | None = None,
        button: ButtonFor | None = None,
        pace: float = NUDGES_PER_SECOND,
    ) -> None:
        self.services = services
        self.providers = providers
        self.counted = counted or {}
        self.changed = changed or {}
        self.awaiting = awaiting or {}
        self.texts = texts
        self.button = button
        self.repo = ReminderRepo(services.db)
        self._gap = timedelta(seconds=1 / pace)
        self._cursor = services.clock.now()

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
        hold = await self.repo.hold(year.id, phase)
        return PhaseState(
            bloc=bloc,
            year=year,
            phase=phase,
            deadline=deadline.due_at,
            set_at=deadline.set_at,
            since=latest(deadline.set_at, stored.changed_at, hold.resumed_at),
            settings=stored.settings,
            held=hold.held,
        )

    async def tick(self, bloc_id: int, phase: Phase) -> RoundReport:
        """Queue whatever is due now for (bloc, phase): a nudge, its digest, the after-deadline
        line, or nothing. Safe to call at any time, any number of times."""
        st = await self.state(bloc_id, phase)
        if st is None or not st.settings.enabled(phase):
            return RoundReport()
        now = self.services.clock.now()
        if st.held:  # its round's review is closed: nobody can act on a reminder
            return await self._held(st, now)
        if now >= st.deadline:
            return await after_deadline(self, st, now)
        report = await self._finish_manual_rounds(st, now)
        points = nudge_times(st.deadline, st.settings, st.tz)
        due = due_point(points, now=now, since=st.since, deadline=st.deadline)
        if due is None:
            return report
        return await self.round(st, due.key, now, await said_today(self, st, due, now))

    async def _held(self, st: PhaseState, now: datetime) -> RoundReport:
        """A phase held by its round's closed score review: the rounds begun before the close
        end without their digest, and once the deadline has passed its line is recorded as
        done without a message (a review reopened later does not post a stale one)."""
        async with self.services.db.transaction():
            for bloc_id, phase, due_at, point in await self.repo.open_rounds(st.bloc.id):
                if (bloc_id, phase, due_at) == (st.bloc.id, st.phase, st.deadline):
                    await self.repo.close_round(st.key(point), st.bloc.chat_id, now)
            if now >= st.deadline:
                await self.repo.claim(
                    st.key(AFTER_KEY), kind="after", unit_id=GROUP_UNIT,
                    chat_id=st.bloc.chat_id, message_key=None, now=now,
                )  # fmt: skip
        return RoundReport()

    async def _finish_manual_rounds(self, st: PhaseState, now: datetime) -> RoundReport:
        """The digests of `/remind now` rounds of this deadline still waiting for theirs."""
        report = RoundReport()
        for _, phase, due_at, point in await self.repo.open_rounds(st.bloc.id):
            if (phase, due_at) == (st.phase, st.deadline) and point.startswith(MANUAL):
                pending = await self.pending_of(st)
                changed = await self.changed_of(st)
                if pending:
                    await self._digest(st, st.key(point), pending, changed, now, report)
        return report

    async def nudge_now(self, st: PhaseState, point: str | None = None) -> RoundReport:
        """An admin's `/remind now`: a round of its own (one a minute at most), or `point`,
        the round an admin confirmed sending again (`bot.nudge_again`)."""
        now = self.services.clock.now()
        return await self.round(st, point or manual_point(now), now)

    async def pending_of(self, st: PhaseState) -> list[PendingUnit] | None:
        """The phase's pending units with their delegates; None when no feature provides them."""
        units = await self.units_of(self.providers, st.bloc, st.year, st.phase)
        return None if units is None else await self._with_delegates(st, units)

    async def changed_of(self, st: PhaseState) -> list[PendingUnit]:
        """The units that acted, then changed it without sending it again, each with those of
        its delegates who hold the changes (a pledge draft is one person's)."""
        found = await self.units_of(self.changed, st.bloc, st.year, st.phase) or []
        units = await self._with_delegates(st, [c.unit for c in found])
        return [
            p.model_copy(update={"delegates": c.reminded(p.delegates)})
            for c, p in zip(found, units, strict=True)
        ]

    async def units_of(
        self,
        providers: Mapping[Phase, Callable[[Services, Bloc, Year], Awaitable[T]]],
        bloc: Bloc,
        year: Year,
        phase: Phase,
    ) -> T | None:
        """What the phase's provider among `providers` says (None: none, or it cannot tell)."""
        provider = providers.get(phase)
        if provider is None:
            return None
        try:
            return await provider(self.services, bloc, year)
        except UserFacingError as exc:  # e.g. a round without a scale: nobody can tell
            log.warning("pending units of %s in bloc %s: %s", phase, bloc.id, exc.key)
            return None

    async def turnout_of(self, st: PhaseState) -> Turnout | None:
        """Who did and who did not do what the phase asks, at its deadline (None: no feature
        tells). The phase's pending units against every unit, unless a feature counts it
        itself (the votes: closed at the deadline, on their own roll)."""
        counted = self.counted.get(st.phase)
        if counted is not None:
            roll, units = await counted(self.services, st.bloc, st.year, st.deadline)
            missing = {u.id for u in units}
            done = [u.code for u in roll if u.id not in missing]
            return Turnout(done=done, pending=await self._with_delegates(st, units))
        pending = await self.pending_of(st)
        if pending is None:
            return None
        codes = {p.code for p in pending}
        units = await self.services.units.list(st.bloc.id)
        return Turnout(done=[u.code for u in units if u.code not in codes], pending=pending)

    async def _with_delegates(self, st: PhaseState, units: list[Unit]) -> list[PendingUnit]:
        delegates = await self.services.units.delegates_of_bloc(st.bloc.id)
        return [
            PendingUnit(unit_id=u.id, code=u.code, delegates=tuple(delegates.get(u.id, ())))
            for u in units
        ]

    async def round(
        self, st: PhaseState, point: str, now: datetime, today: SaidToday | None = None
    ) -> RoundReport:
        """One nudge: queue the private messages not yet recorded, then (when they are done)
        the group's digest; `today`: what a `/remind now` earlier that day said, which this
        nudge does not say again (`bot.nudge_today`)."""
        report = RoundReport(point=point)
        pending = await self.pending_of(st)
        if pending is None:
            report.no_provider = True
            return report
        key = st.key(point)
        # units that submitted, then changed it: told privately, never named in the digest
        changed = await self.changed_of(st)
        people = [user for unit in pending + changed for user in unit.delegates]
        unreachable = await self.services.notifier.unreachable_among(people)
        texts = await self.texts_of(people, st.bloc)
        # what each pending unit has yet to do, named (the votes it has not cast)
        awaiting = await self.units_of(self.awaiting, st.bloc, st.year, st.phase) or {}
        async with self.services.db.transaction():
            if await self._moved(st):  # the deadline changed since `state` was read
                return report
            sent = await self.repo.sent_to(key)
            report.again = bool(sent)
            if today is not None:  # those `/remind now` wrote to today are not written again
                sent |= await self._stood_for(key, today, pending + changed, sent, now)
            plan = plan_round(pending, sent=sent, unreachable=unreachable)
            again = plan_round(changed, sent=sent, unreachable=unreachable)
            codes = {p.unit_id: p.code for p in pending + changed}
            privates = [(u, p, self._private_words(u, awaiting)) for u, p in plan.private]
            privates += [(u, p, self.texts.changed) for u, p in again.private]
            reached: set[int] = set()
            for unit_id, user_id, words in privates:
                if await self.queue_private(
                    st, key, texts[user_id], words, codes[unit_id], unit_id, user_id, now
                ):
                    report.queued += 1
                    reached.add(unit_id)
            if not plan.codes:  # nobody to remind: the round is closed without a digest
                await self.repo.close_round(key, st.bloc.chat_id, now)
        report.pending_units, report.unreachable = len(plan.codes), len(plan.mentions)
        report.reached_units, report.no_delegate = len(reached), plan.no_delegate
        report.reached_changed = len(reached & {u.unit_id for u in changed})
        if plan.codes:  # never a group line only for a unit's unsent draft
            await self._digest(st, key, pending, changed, now, report, today)
        return report

    def _private_words(
        self, unit_id: int, awaiting: Mapping[int, Callable[[Texts], Html]]
    ) -> Callable[[Texts, Bloc, Phase, str, datetime, datetime], str]:
        """The words of a unit's private nudge: naming what it has yet to do, when the phase's
        feature tells (`Feature.awaiting`), else the phase's alone."""
        what = awaiting.get(unit_id)
        return self.texts.private if what is None else partial(self.texts.named, what=what)

    async def _stood_for(
        self,
        key: NudgeKey,
        today: SaidToday,
        units: list[PendingUnit],
        sent: set[tuple[int, int]],
        now: datetime,
    ) -> set[tuple[int, int]]:
        """Record in `key`'s round, without a message, the delegates of `units` that today's
        `/remind now` wrote to (in the caller's transaction); those pairs."""
        wanted = {(u.unit_id, user) for u in units for user in u.delegates}
        stood = (today.reached & wanted) - sent
        for unit_id, user_id in sorted(stood):
            await self.repo.claim(
                key, kind="private", unit_id=unit_id, chat_id=user_id, message_key=None, now=now
            )
        return stood

    async def queue_private(
        self,
        st: PhaseState,
        key: NudgeKey,
        tx: Texts,
        words: Callable[[Texts, Bloc, Phase, str, datetime, datetime], str],
        code: str,
        unit_id: int,
        user_id: int,
        now: datetime,
        *,
        button: bool = True,
    ) -> bool:
        """Record and queue one private message of `key`'s round (in the caller's
        transaction), paced; False when it was recorded already (then nothing is queued)."""
        message_key = key.message_key(unit_id, user_id)
        if not await self.repo.claim(
            key,
            kind="private",
            unit_id=unit_id,
            chat_id=user_id,
            message_key=message_key,
            now=now,
        ):
            return False
        text = words(tx, st.bloc, st.phase, code, st.deadline, now)
        opens = self.button if button else None
        markup = opens(tx, st.phase, st.bloc, unit_id) if opens else None
        if self._cursor - now > CURSOR_AHEAD_MAX:  # the clock jumped back: do not hold them
            self._cursor = now
        self._cursor = max(self._cursor + self._gap, now)
        await self.services.notifier.enqueue(
            Outgoing(message_key, user_id, text, None, markup, not_before=self._cursor)
        )
        return True

    async def _digest(
        self,
        st: PhaseState,
        key: NudgeKey,
        pending: list[PendingUnit],
        changed: list[PendingUnit],
        now: datetime,
        report: RoundReport,
        today: SaidToday | None = None,
    ) -> None:
        """Queue the digest once the round's private messages are done (or waited enough):
        the pending units by code, those with unsent changes only counted. Not when a
        `/remind now` digest of the day named every unit already (`today`): the round is
        closed without one."""
        rows = await self.repo.round_rows(key)
        if any(r.kind == "digest" for r in rows):
            return
        if today is not None and not today.new_in(pending):
            async with self.services.db.transaction():
                await self.repo.close_round(key, st.bloc.chat_id, now)
            return
        privates = [r for r in rows if r.kind == "private"]
        own = [r for r in privates if r.message_key is not None]  # not those another sent
        started = min((r.created_at for r in own), default=now)
        if any(r.outcome is None for r in own) and now - started < DIGEST_WAIT:
            report.waiting = True
            return
        people = [user for unit in pending for user in unit.delegates]
        unreachable = await self.services.notifier.unreachable_among(people)
        plan = plan_round(pending, sent=_pairs(privates), unreachable=unreachable)
        report.unreachable = len(plan.mentions)
        tx = self.services.catalog.for_lang(st.bloc.language)
        profiles = await self.services.users.get_many([user for _, user in plan.mentions])
        names = {uid: p.display_name for uid, p in profiles.items()}
        unnamed = [uid for _, uid in plan.mentions if uid not in names]
        names |= {uid: tx("remind.unnamed") for uid in unnamed}  # never wrote: no name known
        codes = {p.unit_id: p.code for p in pending}
        shown = len(changed)
        if changed:  # counted in the group only when the count names no unit
            acted = await self.services.units.count(st.bloc.id) - len(pending)
            shown = changed_in_group(len(changed), acted)
        # the time left as the round's private messages said it (when the round began)
        text = self.texts.digest(
            tx, st.bloc, st.phase, st.deadline, started, plan, names, codes, shown
        )
        # a `/remind now` digest records the units it names (for a reminder later that day)
        named = [p.unit_id for p in pending] if key.point.startswith(MANUAL) else []
        report.group = await self.queue_group(st, key, "digest", text, now, named=named)

    async def queue_group(
        self,
        st: PhaseState,
        key: NudgeKey,
        kind: str,
        text: str,
        now: datetime,
        *,
        unit_id: int = GROUP_UNIT,
        named: Sequence[int] = (),
    ) -> bool:
        """Record and queue one group message (one transaction, joining the caller's), and
        the units it `named` (rows of its kind without a message)."""
        chat = st.bloc.chat_id
        message_key = key.message_key(unit_id, chat)
        async with self.services.db.transaction():
            if not await self.repo.claim(
                key, kind=kind, unit_id=unit_id, chat_id=chat, message_key=message_key, now=now
            ):
                return False
            await self.services.notifier.enqueue(Outgoing(message_key, chat, text))
            for unit in named:
                await self.repo.claim(
                    key, kind=kind, unit_id=unit, chat_id=chat, message_key=None, now=now
                )
        return True

    async def texts_of(self, user_ids: list[int], bloc: Bloc) -> dict[int, Texts]:
        """Each person's catalog: their /lang choice, else Telegram's language, else the bloc's."""
        found = await languages_of(self.services, user_ids, bloc.language)
        return {user_id: self.services.catalog.for_lang(lang) for user_id, lang in found.items()}

    async def _moved(self, st: PhaseState) -> bool:
        """Whether the deadline changed (or went) since the state was read."""
        return await self.services.years.deadline(st.year.id, st.phase.value) != st.deadline


def _pairs(rows: list[LedgerRow]) -> set[tuple[int, int]]:
    return {(r.unit_id, r.chat_id) for r in rows}

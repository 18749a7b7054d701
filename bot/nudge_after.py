"""After a deadline: one line in the group with who made it and who did not.

A unit that missed the deadline can act later only on an admin's reopening; the group hears of
it by the ordinary line of that action ("✅ DKN đã đăng ký thi đua — 4/11 đơn vị"), never by a
second line labelling it late: the admin reopened it on purpose. The lateness stays where the
admins read it (the round's /status, the time on 🔍, the export).

Split from `bot.nudging` (whose Nudger it works with) to keep each module to one concern.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain.calendar import Phase
from bot.domain.nudge_times import AFTER_KEY, PendingUnit, plan_round
from bot.nudge_state import PhaseState, RoundReport, Turnout
from storage.reminders import GROUP_UNIT, NudgeKey

if TYPE_CHECKING:
    from bot.nudging import Nudger

#: An after-deadline line missed while the bot was down is still posted this long after.
AFTER_GRACE = timedelta(hours=24)
#: The ledger's point of the private notices that a deadline moved into the past closed the
#: phase for a unit (a round closed at once: no digest).
CLOSED_KEY = "closed"


async def after_deadline(nudger: Nudger, st: PhaseState, now: datetime) -> RoundReport:
    """The after-deadline line, once, if the deadline passed less than AFTER_GRACE ago
    (and was not set after the fact, unless `moved_past` posted it)."""
    report = RoundReport(point=AFTER_KEY)
    key = st.key(AFTER_KEY)
    if await nudger.repo.round_rows(key):  # posted (or nothing was due): done
        return report
    if st.set_at > st.deadline or now - st.deadline > AFTER_GRACE:  # recorded once past
        return report  # (but see moved_past), or too long ago to be news
    turnout = await nudger.turnout_of(st)
    if turnout is None:
        report.no_provider = True
        return report
    await _after_line(nudger, st, key, turnout, now, report)
    return report


async def moved_past(nudger: Nudger, bloc_id: int, phase: Phase, now: datetime) -> RoundReport:
    """A deadline still ahead moved into the past: the phase ends now and its units are
    locked at once, so the group gets the after-deadline line now (`group`: whether queued)
    and each delegate of a unit that had not acted is told privately that the phase is closed
    for it (`queued`: how many). A deadline set when it had already passed is otherwise taken
    as recorded for history (no line): this one ended a phase that was open. Call inside the
    transaction that stored the deadline."""
    report = RoundReport(point=AFTER_KEY)
    st = await nudger.state(bloc_id, phase)
    if st is None or not st.settings.enabled(phase) or now < st.deadline or st.held:
        return report  # (held: its round's review closed, the units were locked out before)
    key = st.key(AFTER_KEY)
    turnout = await nudger.turnout_of(st)
    if turnout is None or await nudger.repo.round_rows(key):
        return report
    await _after_line(nudger, st, key, turnout, now, report)
    report.queued = await _tell_closed(nudger, st, turnout.pending, now)
    return report


async def _tell_closed(
    nudger: Nudger, st: PhaseState, pending: list[PendingUnit], now: datetime
) -> int:
    """Tell each reachable delegate of the units locked out, once (no button: nothing is left
    to do in the bot; an admin may reopen a unit); how many were queued."""
    key = st.key(CLOSED_KEY)
    people = [user for unit in pending for user in unit.delegates]
    unreachable = await nudger.services.notifier.unreachable_among(people)
    plan = plan_round(pending, sent=await nudger.repo.sent_to(key), unreachable=unreachable)
    texts = await nudger.texts_of([user_id for _, user_id in plan.private], st.bloc)
    codes = {p.unit_id: p.code for p in pending}
    queued = 0
    async with nudger.services.db.transaction():
        for unit_id, user_id in plan.private:
            queued += await nudger.queue_private(
                st, key, texts[user_id], nudger.texts.closed, codes[unit_id], unit_id, user_id,
                now, button=False,
            )  # fmt: skip
        # the round is closed at once: no digest follows
        await nudger.repo.close_round(key, st.bloc.chat_id, now)
    return queued


async def _after_line(
    nudger: Nudger,
    st: PhaseState,
    key: NudgeKey,
    turnout: Turnout,
    now: datetime,
    report: RoundReport,
) -> None:
    pending = turnout.pending
    if not pending and not turnout.done:  # nothing was due at this deadline: no line
        async with nudger.services.db.transaction():
            await nudger.repo.claim(
                key, kind="after", unit_id=GROUP_UNIT, chat_id=st.bloc.chat_id,
                message_key=None, now=now,
            )  # fmt: skip
        return
    missing = {p.code for p in pending}
    done = dict.fromkeys(turnout.done, st.deadline)
    tx = nudger.services.catalog.for_lang(st.bloc.language)
    text = nudger.texts.after(tx, st.bloc, st.phase, st.deadline, done, sorted(missing))
    report.pending_units = len(missing)
    async with nudger.services.db.transaction():
        report.group = await nudger.queue_group(st, key, "after", text, now)

"""A deadline brought forward: the delegates the nudges told a later date hear the new one.

Why: a nudge says the deadline ("Còn 6 ngày nữa … (22/01/2027 17:00)"); moved earlier, the
next nudge of the new deadline may come only on its last morning, so a delegate would work to
the date they were told. When an admin moves a deadline earlier, each delegate of a unit still
pending whose newest nudge named a later date gets one private message with the new deadline,
at once (the phase's reminders on, the new deadline ahead).

Once: each message is a private row of the ledger under the new deadline and the point
`moved` (queued in the same transaction as the deadline is stored), and that round is closed
at once (no digest: the group saw the new deadline in the admin's confirmation).

It is that day's reminder: when the new deadline's next reminder falls later the same local
day, each person told is recorded in that reminder's round too (a private row without a
message of its own), so the reminder does not tell them the same "3 days" again a few hours
later (QA qa-regress, item 8). The group was not reminded: that round's digest still goes.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.domain.calendar import Phase
from bot.domain.nudge_times import nudge_times, plan_round
from bot.notifier import Outgoing
from bot.nudge_state import PhaseState

if TYPE_CHECKING:
    from bot.nudging import Nudger

#: The ledger's point of these messages.
MOVED_KEY = "moved"


async def tell_moved_earlier(
    nudger: Nudger, bloc_id: int, phase: Phase, *, was: datetime, now: datetime
) -> int:
    """Queue the new deadline to every pending unit's delegate told a later one than it;
    how many were queued. Call inside the transaction that stored the new deadline."""
    st = await nudger.state(bloc_id, phase)
    if st is None or not st.settings.enabled(phase) or not now < st.deadline < was or st.held:
        return 0  # (held: its round's review closed, nobody can submit by any deadline)
    told = await nudger.repo.told_deadlines(st.bloc.id, st.year.id, phase)
    later = {pair for pair, deadline in told.items() if deadline > st.deadline}
    pending = await nudger.pending_of(st) if later else None
    if not pending:
        return 0
    key = st.key(MOVED_KEY)
    people = [user for unit in pending for user in unit.delegates]
    unreachable = await nudger.services.notifier.unreachable_among(people)
    plan = plan_round(pending, sent=await nudger.repo.sent_to(key), unreachable=unreachable)
    codes = {p.unit_id: p.code for p in pending}
    wanted = [pair for pair in plan.private if pair in later]
    texts = await nudger.texts_of([user_id for _, user_id in wanted], st.bloc)
    today = same_day_point(st, now)
    queued = 0
    async with nudger.services.db.transaction():
        for unit_id, user_id in wanted:
            message_key = key.message_key(unit_id, user_id)
            if not await nudger.repo.claim(
                key, kind="private", unit_id=unit_id, chat_id=user_id,
                message_key=message_key, now=now,
            ):  # fmt: skip
                continue
            tx = texts[user_id]
            text = nudger.texts.moved(
                tx, st.bloc, st.phase, codes[unit_id], st.deadline, told[unit_id, user_id], now
            )
            markup = nudger.button(tx, phase, st.bloc, unit_id) if nudger.button else None
            await nudger.services.notifier.enqueue(
                Outgoing(message_key, user_id, text, None, markup)
            )
            if today is not None:  # told today: that reminder is not sent to them again
                await nudger.repo.claim(
                    st.key(today), kind="private", unit_id=unit_id, chat_id=user_id,
                    message_key=None, now=now,
                )  # fmt: skip
            queued += 1
        # no digest follows: the round is closed at once (a tick never waits for it)
        await nudger.repo.close_round(key, st.bloc.chat_id, now)
    return queued


def same_day_point(st: PhaseState, now: datetime) -> str | None:
    """The key of the deadline's next reminder when it falls later on `now`'s local day (the
    notice sent at `now` stands for it), else None."""
    day = now.astimezone(st.tz).date()
    ahead = [p for p in nudge_times(st.deadline, st.settings, st.tz) if p.at >= now]
    if ahead and ahead[0].at.astimezone(st.tz).date() == day:
        return ahead[0].key
    return None

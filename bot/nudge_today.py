"""An admin's `/remind now` is that day's reminder: a reminder of the same deadline planned
later the same local day does not say it again.

Why: `/remind now` at 10:00 and the 3-day reminder at 17:00 both said "Còn 3 ngày nữa" to the
same delegates, and the group got two digests naming the same units a few hours apart: the bot
looked noisy in front of the units. So the scheduled reminder, when it comes:

- does not write again privately to the people `/remind now` wrote to (recorded in its round
  as private rows without a message, as the notice of a deadline brought forward is); a
  delegate it did not reach (added since, a unit pending since) is reminded as usual;
- posts no digest in the group unless a unit is to be named that no `/remind now` digest of
  that day named (a `/remind now` digest still to come will name everyone pending): the round
  is closed without one.

The deadline day's last calls (`bot.domain.nudge_times.last_call`: `/remind 2h`) are not
stood for: the bloc asked for them, hours later, for whoever has still not acted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

from bot.domain.nudge_times import MANUAL, NudgePoint, PendingUnit, last_call
from bot.nudge_state import PhaseState
from storage.reminders import GROUP_UNIT

if TYPE_CHECKING:
    from bot.nudging import Nudger


@dataclass(frozen=True)
class SaidToday:
    """What the `/remind now` rounds of the deadline said earlier the same local day."""

    reached: frozenset[tuple[int, int]]  # (unit, person) they wrote to privately
    named: frozenset[int]  # units their digests named in the group
    digest_coming: bool  # one of them still waits to post its digest (it names every unit)

    def new_in(self, pending: list[PendingUnit]) -> bool:
        """Whether the group would hear something new: a pending unit no digest named."""
        return not self.digest_coming and any(p.unit_id not in self.named for p in pending)


async def said_today(
    nudger: Nudger, st: PhaseState, due: NudgePoint, now: datetime
) -> SaidToday | None:
    """What today's `/remind now` rounds said, when they stand for the reminder `due` going
    at `now`; None when there were none or `due` is a last call."""
    if last_call(due, st.deadline, st.tz):
        return None
    local = now.astimezone(st.tz)
    midnight = datetime.combine(local.date(), time(0), tzinfo=st.tz).astimezone(UTC)
    rows = await nudger.repo.rows_since(st.key(MANUAL), since=midnight)
    if not rows:
        return None
    posted = {r.point for r in rows if r.kind == "digest" and r.unit_id == GROUP_UNIT}
    return SaidToday(
        reached=frozenset((r.unit_id, r.chat_id) for r in rows if r.kind == "private"),
        named=frozenset(r.unit_id for r in rows if r.kind == "digest" and r.unit_id != GROUP_UNIT),
        digest_coming=any(r.kind == "private" and r.point not in posted for r in rows),
    )

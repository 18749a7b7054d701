"""`/remind now` soon after a reminder of the same deadline asks before reminding again.

Why: each minute was a round of its own, so an admin typing `/remind now` again a few minutes
later (not sure the first went, or another admin doing the same) had the bot write the same
reminder twice to every delegate still pending, and post a second digest naming the same
units: the bloc's office looked careless in front of the units. Now, when a reminder of the
deadline went out recently, `/remind now` sends nothing at once: it says when that one went and
to how many units, with ✅ Send again / ✖️ Cancel.

**The window is a rolling `REMIND_AGAIN_HOURS` (12) hours**, not the calendar day: it covers a
working day from whichever hour the reminder went (an 08:00 reminder through the evening, a
17:00 one through the night), and a reminder at 23:30 still counts for a `/remind now` at 00:15;
while the next morning's `/remind now` after the previous day's 17:00 reminder (15 hours) goes
at once, as the new day's reminder it is. (A repeat within the same minute is the same round:
it sends nothing and says so, as before.)

What counts: any round of the deadline that queued a private message or the group's digest,
scheduled or by `/remind now`, and the notice of a deadline brought forward; not the rows that
only record who another round reached.

Once: the confirmed round's key derives from the round it asked about (`again_point`), so a
double press, or two admins confirming the same question, are one round, which the ledger
sends to each person once; and a press finding a newer round than the one it asked about (the
confirmed one, another admin's, a scheduled one) sends nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.constants import REMIND_AGAIN_HOURS
from bot.domain.nudge_times import MANUAL
from bot.nudge_state import PhaseState
from storage.reminders import ReminderRepo, SentRound

REMIND_AGAIN = timedelta(hours=REMIND_AGAIN_HOURS)


def manual_point(now: datetime) -> str:
    """The key of the `/remind now` round of `now`'s minute (UTC)."""
    return f"{MANUAL}{now:%Y%m%d%H%M}"


def again_point(first: int) -> str:
    """The key of the round confirmed after the round whose first row is `first`."""
    return f"{MANUAL}again-{first}"


async def last_round(repo: ReminderRepo, st: PhaseState) -> SentRound | None:
    """The round of the deadline that began last (any time)."""
    return await repo.last_sent_round(st.key(""))


async def recent_round(repo: ReminderRepo, st: PhaseState, now: datetime) -> SentRound | None:
    """The round of the deadline that began last, if less than `REMIND_AGAIN` ago and not
    this minute's `/remind now` (which a repeat joins, sending nothing)."""
    last = await last_round(repo, st)
    if last is None or now - last.at >= REMIND_AGAIN or last.point == manual_point(now):
        return None
    return last


def in_quiet(st: PhaseState, now: datetime) -> bool:
    """Whether `now` falls in the bloc's quiet hours: `/remind now` asks first then."""
    quiet = st.settings.quiet
    return quiet is not None and quiet.contains(now.astimezone(st.tz).time())


def minute_of(now: datetime) -> int:
    """`now`'s minute (UTC) as a number a button carries: 202601052230."""
    return int(f"{now:%Y%m%d%H%M}")


def quiet_point(minute: int) -> str:
    """The key of the round confirmed after the quiet-hours question asked at `minute`: a
    double press, or two admins confirming the same question, are one round."""
    return f"{MANUAL}quiet-{minute}"


def minute_at(minute: int) -> datetime:
    return datetime.strptime(str(minute), "%Y%m%d%H%M").replace(tzinfo=UTC)

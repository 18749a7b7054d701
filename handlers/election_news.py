"""What the group hears of a vote: its progress message, edited in place as ballots arrive
("6/11 đơn vị đã bỏ phiếu"), and at the close the count and the receipt codes counted.

The count and the receipts are queued with the close (bot/notifier.py): a crash or Telegram
failing cannot lose them. The progress line, a runoff's new progress message and the admins'
button for a bình xét among tied units are sent right after (best effort: /status shows the
same counts). Votes close at their deadline through the scheduler (job `election:<id>`), and
also on the next /vote or /election when a deadline moved after the job was planned.

The receipt a delegate gets is never queued: a queued message names its chat, and its chat
with its receipt would link a unit to a ballot (handlers.vote sends it directly, as `secret`,
so a stop that finds it held back by flood control drops it instead of keeping it).
"""

from __future__ import annotations

import logging

from telegram import Bot, Message
from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.domain.bloc import Unit
from bot.scheduler import Job
from bot.services import Services
from bot.usecases import election_close, notices
from bot.usecases.election_close import CLOSE_JOB, NUDGE_JOB, Closed, Progress, VoteMoved
from bot.usecases.elections import VoteOpened
from storage.outbox import Outgoing
from views.ballot import vote_notice
from views.election import tie_keyboard
from views.election_text import progress_text, receipts_text, result_messages

log = logging.getLogger(__name__)


def announcements(services: Services, closed: Closed) -> list[Outgoing]:
    """The count (one message, or one a few titles) and the receipts, for the group."""
    bloc, election = closed.bloc, closed.election
    tx = services.catalog.for_lang(bloc.language)
    texts = result_messages(
        tx,
        bloc,
        election,
        closed.year,
        closed.tally,
        closed.units,
        closed.titles,
        closed.runoff_deadline,
        closed.earlier,
        closed.clash,
    )
    key = f"election:{election.id}"
    out = [Outgoing(f"{key}:result:{i}", bloc.chat_id, str(t)) for i, t in enumerate(texts)]
    void = not closed.tally.quorum_met
    receipts = receipts_text(tx, election, closed.year, closed.receipts, void=void)
    out.append(Outgoing(f"{key}:receipts", bloc.chat_id, str(receipts)))
    if closed.opened is not None:
        out += vote_notices(services, closed.opened)
    return out


def vote_notices(services: Services, opened: VoteOpened, what: str = "opened") -> list[Outgoing]:
    """A vote just opened (`what` "opened": a first round or a runoff), or a runoff's reminder
    (`what` "nudge:<key>"): one private message to each of `opened.voters`, in their language,
    queued under `election:<id>:<what>:<user>`, so never twice."""
    people: dict[int, tuple[str, list[Unit]]] = {}
    for unit, user_id, language in opened.voters:
        people.setdefault(user_id, (language, []))[1].append(unit)
    if what != "opened":
        words = "election.runoff_nudge"
    else:
        words = "election.runoff_notice" if opened.election.is_runoff else "election.vote_notice"
    out = []
    for user_id, (language, units) in people.items():
        text, markup = vote_notice(services.catalog.for_lang(language), opened, units, words)
        json = markup.to_json() if markup is not None else None
        key = f"election:{opened.election.id}:{what}:{user_id}"
        out.append(Outgoing(key, user_id, str(text), reply_markup=json))
    return out


def moved_notices(services: Services, moved: list[VoteMoved]) -> list[Outgoing]:
    """The year's `election` deadline moved: each vote's progress message edited to the new
    deadline, and each delegate of a unit yet to vote told it once, naming the vote ("later",
    "earlier", or "set" when the vote had none), with the 🗳 button."""
    out = []
    for vote in moved:
        opened, found, was = vote.opened, vote.progress, vote.was
        due = opened.deadline
        assert due is not None
        stamp = f"moved-{int(due.timestamp())}-{services.clock.now():%Y%m%d%H%M%S}"
        key = f"election:{opened.election.id}"
        target = found.election.progress_message_id
        if target is not None:
            text = _progress_text(services, found)
            edit = Outgoing(f"{key}:progress:{stamp}", found.bloc.chat_id, text, target)
            out.append(edit)
        words = "set" if was is None else "later" if due > was else "earlier"
        people: dict[int, tuple[str, list[Unit]]] = {}
        for unit, user_id, language in opened.voters:
            people.setdefault(user_id, (language, []))[1].append(unit)
        for user_id, (language, units) in people.items():
            tx = services.catalog.for_lang(language)
            before = tx.when(was, opened.bloc.timezone) if was is not None else ""
            text, markup = vote_notice(tx, opened, units, f"election.deadline_{words}", was=before)
            json = markup.to_json() if markup is not None else None
            out.append(Outgoing(f"{key}:{stamp}:{user_id}", user_id, str(text), reply_markup=json))
    return out


async def post_progress(
    services: Services, bot: Bot, election_id: int, *, screen: Message | None = None
) -> None:
    """Show the vote's progress in the group: edit its message, else send a new one.

    Called after an action its use case allowed (an opening, a ballot, a close): the bot
    telling the group a count. With `screen`, that message (the opening's confirmation)
    becomes the progress message.
    """
    found = await election_close.progress_of(services, election_id)
    bloc, election = found.bloc, found.election
    text = _progress_text(services, found)
    target = screen.message_id if screen is not None else election.progress_message_id
    if target is not None:
        try:
            await bot.edit_message_text(text, chat_id=bloc.chat_id, message_id=target)
            if screen is not None:
                await election_close.remember_progress(services, election.id, target)
            return
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return
            log.info("progress message of vote %s gone, sending a new one", election.id)
        except TelegramError as exc:
            log.warning("could not edit the progress of vote %s: %s", election.id, exc)
            return
    try:
        sent = await bot.send_message(bloc.chat_id, text)
    except TelegramError as exc:
        log.warning("could not post the progress of vote %s: %s", election.id, exc)
        return
    await election_close.remember_progress(services, election.id, sent.message_id)


def _progress_text(services: Services, found: Progress) -> str:
    tx = services.catalog.for_lang(found.bloc.language)
    return str(
        progress_text(tx, found.bloc, found.election, found.year, found.turnout, found.deadline)
    )


async def refresh_progress(app: object) -> None:
    """Start-up: each open vote's progress message shows its count again, one edit a vote.

    The edit after a ballot is made directly (best effort), so a crash between the ballot and
    the edit leaves the group's line behind ("1/11" when 2 voted) until the next ballot. The
    edits go through the notifier, in the background and within the group's limits; one whose
    text is already shown is "not modified", which the notifier takes as done. A message gone
    is posted anew by the notifier (the next ballot's edit then posts and remembers its own).
    """
    services: Services = app.bot_data.services  # type: ignore[attr-defined]
    started = services.clock.now().isoformat()
    edits = [
        Outgoing(
            f"election:{found.election.id}:progress:{started}",
            found.bloc.chat_id,
            _progress_text(services, found),
            edit_message_id=found.election.progress_message_id,
        )
        for found in await election_close.shown_progress(services)
    ]
    if edits:
        await notices.queue_all_after(services, edits)


async def after_close(services: Services, bot: Bot, closed: Closed) -> None:
    """Once the count is queued: the progress line closed, a runoff's, the tie button."""
    if closed.election.progress_message_id is not None:
        await post_progress(services, bot, closed.election.id)
    if closed.runoff is not None:
        await post_progress(services, bot, closed.runoff.id)
    if closed.has_ties:
        tx = services.catalog.for_lang(closed.bloc.language)
        try:
            await bot.send_message(
                closed.bloc.chat_id,
                tx("election.tie_prompt"),
                reply_markup=tie_keyboard(tx, closed.election.id),
            )
        except TelegramError as exc:
            log.warning("could not offer a new bình xét for vote %s: %s", closed.election.id, exc)


async def close_and_tell(services: Services, bot: Bot) -> None:
    """Close every vote past its deadline and tell each group."""
    notices = lambda closed: announcements(services, closed)  # noqa: E731
    for closed in await election_close.close_due(services, notices):
        await after_close(services, bot, closed)


async def close_due(context: BotContext) -> None:
    """The check of a /vote or /election: a deadline may have moved since the job was planned."""
    await close_and_tell(context.services, context.bot)


async def plan_closings(app: object) -> None:
    """Start-up: the scheduler closes each open vote at its deadline, and reminds the delegates
    of a runoff's units that have not voted before its own deadline."""
    services: Services = app.bot_data.services  # type: ignore[attr-defined]
    bot: Bot = app.bot  # type: ignore[attr-defined]

    async def plan() -> list[Job]:
        found = await election_close.closings(services)
        return [Job(f"{CLOSE_JOB}:{eid}", at=due) for eid, due in found]

    async def run(job: Job) -> None:
        await close_and_tell(services, bot)

    services.scheduler.define(CLOSE_JOB, run=run, plan=plan)

    async def plan_nudges() -> list[Job]:
        found = await election_close.runoff_reminders(services)
        return [Job(f"{NUDGE_JOB}:{eid}:{key}", at=at) for eid, key, at in found]

    async def nudge(job: Job) -> None:
        _, election_id, key = job.id.split(":", 2)
        await close_and_tell(services, bot)  # a deadline passed meanwhile closes first
        found = await election_close.runoff_to_remind(services, int(election_id))
        if found is not None and found.voters:
            await notices.queue_all_after(services, vote_notices(services, found, f"nudge:{key}"))

    services.scheduler.define(NUDGE_JOB, run=nudge, plan=plan_nudges)

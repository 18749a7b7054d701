"""Closing a vote: the count with the rules it was opened under, the count stored for the
minutes, an elected head or deputy recorded for the next year, a runoff opened at once when the
rules call for one, and the bình xét's runoff among units tied at a quota line. Also what the
group's progress message shows.

Closing is an admin's act (`/election close`) or the bot's own at the deadline (`close_due`,
from the scheduler or the next /vote or /status); results exist only once a vote is closed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import rights
from bot.actor import Actor
from bot.domain.ballots import RULE_CHOICES, ElectionKind, HeadTally, Outcome, tally_head
from bot.domain.bloc import Bloc, Unit
from bot.domain.calendar import Phase, runoff_deadline
from bot.domain.commendation import (
    CommendationTally,
    Standing,
    proposed_over,
    tally_commendation,
)
from bot.domain.elections import (
    NO_TITLE,
    Election,
    LeaderSource,
    Role,
    approvals_choice,
    head_choice,
    unable_to_vote,
)
from bot.domain.nudge_times import runoff_nudges
from bot.domain.year import Title
from bot.errors import Conflict
from bot.services import Services
from bot.usecases.elections import (
    OpenProposal,
    RoundPending,
    VoteNotices,
    VoteOpened,
    check_can_open,
    check_none_open,
    deadline_of,
    election_of,
    open_year_of,
    vote_opened,
)
from storage.outbox import Outgoing
from storage.reminders import ReminderRepo

Tally = HeadTally | CommendationTally
#: The scheduler's job kind that closes votes at their deadline (`election:<id>`).
CLOSE_JOB = "election"
#: The scheduler's job kind of a runoff's reminders (`runoff-nudge:<id>:<key>`).
NUDGE_JOB = "runoff-nudge"


@dataclass(frozen=True)
class Closed:
    """A vote just closed: its count, the receipts counted, what follows, and what the group's
    messages need to name units and titles."""

    bloc: Bloc
    year: int
    election: Election
    tally: Tally
    receipts: list[str]
    units: dict[int, Unit]
    titles: dict[int, Title]
    runoff: Election | None = None
    runoff_deadline: datetime | None = None
    #: The runoff's audience (None without a runoff), for the private notices.
    opened: VoteOpened | None = None
    leader: Unit | None = None
    #: The winner already held the other role for the same year (a vote opened before the
    #: rule was checked at the opening): a head elected leaves the deputy seat; a deputy
    #: elected who is head is not recorded. The group is told which.
    clash: Role | None = None
    #: A bình xét among tied units: title id -> the units the rounds before it proposed.
    earlier: dict[int, tuple[int, ...]] = field(default_factory=dict)

    @property
    def has_ties(self) -> bool:
        return isinstance(self.tally, CommendationTally) and any(
            t.tied_seats for t in self.tally.titles
        )


#: What a close queues for the group, built by the Telegram side from the count.
Notices = Callable[[Closed], list[Outgoing]]


@dataclass(frozen=True)
class Progress:
    """What the group's progress message of a vote shows."""

    bloc: Bloc
    year: int
    election: Election
    turnout: tuple[int, int]
    deadline: datetime | None


async def count(services: Services, election: Election) -> Tally:
    """Count the ballots of an election with the rules it was opened under."""
    candidates = await services.elections.candidates(election.id)
    ballots = await services.elections.ballots(election.id)
    roll = len(await services.elections.roll(election.id))
    if election.kind is ElectionKind.COMMENDATION:
        return tally_commendation(
            candidates,
            await services.elections.quotas(election.id),
            [approvals_choice(b) for b in ballots],
            roll=roll,
            rules=election.rules,
        )
    return tally_head(
        candidates.get(NO_TITLE, ()),
        [head_choice(b) for b in ballots],
        roll=roll,
        rules=election.rules,
        runoff_round=election.is_runoff,
    )


async def close(
    services: Services, actor: Actor, election_id: int, notices: Notices | None = None
) -> Closed:
    """`/election close` (admins): count, store, follow up; `notices` (the results for the
    group) are queued in the same transaction, so a crash cannot lose them."""
    bloc = await rights.admin_bloc_here(services, actor)
    async with services.db.transaction():
        election = await election_of(services, bloc, election_id)
        if not election.is_open:
            raise Conflict("election.already_closed")
        closed = await _close(services, election, by=actor.user_id)
        if notices is not None:
            await services.notifier.enqueue_all(notices(closed))
    await replan(services)
    return closed


async def _close(services: Services, election: Election, *, by: int | None) -> Closed:
    now = services.clock.now()
    tally = (await count(services, election)).sealed()
    receipts = await services.elections.receipts(election.id)
    voiceless = unable_to_vote(
        await services.elections.roll(election.id),
        await services.elections.voted(election.id),
        await services.units.delegates_of_bloc(election.bloc_id),
    )
    result = {"tally": tally.model_dump(mode="json"), "voiceless": voiceless}
    if not await services.elections.close(election.id, by=by, now=now, result=result):
        raise Conflict("election.already_closed")
    runoff = leader = clash = None
    if isinstance(tally, HeadTally) and tally.outcome is Outcome.RUNOFF:
        runoff = await _open_runoff(services, election, {NO_TITLE: list(tally.runoff)}, {}, now)
    if isinstance(tally, HeadTally) and tally.outcome is Outcome.ELECTED:
        assert tally.winner is not None
        leader, clash = await _record_leader(services, election, tally.winner, now, by)
    closed = await services.elections.get(election.id)
    bloc = await services.blocs.get(election.bloc_id)
    year = await services.years.get(election.year_id)
    assert closed is not None and bloc is not None and year is not None
    return Closed(
        bloc=bloc,
        year=year.year,
        election=closed,
        tally=tally,
        receipts=receipts,
        units={u.id: u for u in await services.units.list(bloc.id)},
        titles=await services.titles.all(bloc.id),
        runoff=runoff,
        runoff_deadline=runoff.due_at if runoff else None,
        opened=await vote_opened(services, runoff) if runoff else None,
        leader=leader,
        clash=clash,
        earlier=await _proposed_before(services, election),
    )


async def _proposed_before(services: Services, election: Election) -> dict[int, tuple[int, ...]]:
    """What the rounds a bình xét among tied units comes from proposed, title by title."""
    rounds: list[CommendationTally] = []
    parent = election.runoff_of
    while parent is not None and election.kind is ElectionKind.COMMENDATION:
        found = await services.elections.get(parent)
        if found is None or not found.has_result:
            break
        rounds.insert(0, CommendationTally.model_validate((found.result or {})["tally"]))
        parent = found.runoff_of
    return proposed_over(rounds)


async def _open_runoff(
    services: Services,
    election: Election,
    candidates: Mapping[int, Sequence[int]],
    quotas: Mapping[int, int],
    now: datetime,
    due_at: datetime | None = None,
) -> Election:
    """A runoff of a closed vote: same roll and rules, linked to the first, and its own
    deadline: `due_at`, else at least the rule's hours away and at 17:00 on a working day
    (`runoff_deadline`)."""
    bloc = await services.blocs.get(election.bloc_id)
    assert bloc is not None
    if due_at is None:
        due_at = runoff_deadline(now, election.rules.runoff_hours, ZoneInfo(bloc.timezone))
    return await services.elections.open(
        bloc_id=election.bloc_id,
        year_id=election.year_id,
        kind=election.kind,
        rules=election.rules,
        candidates=candidates,
        quotas=quotas,
        roll=await services.elections.roll(election.id),
        due_at=due_at,
        runoff_of=election.id,
        round_=election.round + 1,
        by=election.opened_by,
        now=now,
    )


async def propose_round(
    services: Services, actor: Actor, election_id: int, hours: int = 0
) -> OpenProposal:
    """The round a vote that stands still waits for (`elections.RoundPending`), as its
    confirmation shows it before ✅ (admins): a bình xét among the units tied at a quota line,
    for the seats left, or a head or deputy runoff held again, between the same units, after a
    void one; the roll and rules of the vote it follows, and its deadline, 17:00 on the working
    day at least `hours` after now (0: the rule's hours; the confirmation offers the others)."""
    bloc = await rights.admin_bloc_here(services, actor)
    return await _round_proposal(services, bloc, election_id, hours)


async def _round_proposal(
    services: Services, bloc: Bloc, election_id: int, hours: int
) -> OpenProposal:
    election = await election_of(services, bloc, election_id)
    if election.is_open:
        raise Conflict("core.stale_button")
    if election.kind is ElectionKind.COMMENDATION:
        candidates, quotas = await _tied_units(services, bloc, election)
    else:
        candidates, quotas = await _runoff_units(services, bloc, election), {}
    hours = hours or election.rules.runoff_hours
    if hours not in (*RULE_CHOICES["runoff_hours"], election.rules.runoff_hours):
        raise Conflict("core.stale_button")  # a forged button
    year = await services.years.get(election.year_id)
    assert year is not None
    units = {u.id: u for u in await services.units.list(bloc.id)}
    roll = [units[u] for u in await services.elections.roll(election.id) if u in units]
    delegates = await services.units.delegates_of_bloc(bloc.id)
    titles = await services.titles.all(bloc.id)
    return OpenProposal(
        bloc=bloc,
        year=year,
        kind=election.kind,
        rules=election.rules,
        candidates={t: [units[u] for u in ids if u in units] for t, ids in candidates.items()},
        quotas=quotas,
        roll=roll,
        voiceless=[u for u in roll if u.id not in delegates],
        deadline=runoff_deadline(services.clock.now(), hours, ZoneInfo(bloc.timezone)),
        titles=[titles[t] for t in candidates if t in titles],
        follows=election.id,
        hours=hours,
    )


class RoundMoved(Exception):
    """A round's ✅ pressed after its deadline moved on (the same hours from now end on a
    later day): the proposal as it is now, to be shown and confirmed again."""

    def __init__(self, proposal: OpenProposal) -> None:
        super().__init__("the round's deadline moved")
        self.proposal = proposal


async def open_pending_round(
    services: Services,
    actor: Actor,
    election_id: int,
    notices: VoteNotices | None = None,
    *,
    hours: int = 0,
    due: int | None = None,
) -> Election:
    """✅ on the confirmation of `propose_round` (admins): the round opens, proposed again
    against the state at the press, with the delegates' `notices` queued with the opening.
    `due` is the deadline the confirmation showed (a timestamp): if the same hours now give
    another one (the confirmation was left open a while), nothing opens (`RoundMoved`)."""
    bloc = await rights.admin_bloc_here(services, actor)
    async with services.db.transaction():
        proposal = await _round_proposal(services, bloc, election_id, hours)
        assert proposal.deadline is not None
        if due is not None and due != int(proposal.deadline.timestamp()):
            raise RoundMoved(proposal)
        election = await election_of(services, bloc, election_id)
        runoff = await _open_runoff(
            services,
            election.model_copy(update={"opened_by": actor.user_id}),
            {t: [u.id for u in units] for t, units in proposal.candidates.items()},
            proposal.quotas,
            services.clock.now(),
            proposal.deadline,
        )
        if notices is not None:
            await services.notifier.enqueue_all(notices(await vote_opened(services, runoff)))
    await replan(services)
    return runoff


async def _tied_units(
    services: Services, bloc: Bloc, election: Election
) -> tuple[dict[int, list[int]], dict[int, int]]:
    """A bình xét's units tied at a quota line, per title, and the seats left (its quotas),
    when a new bình xét among them may open now."""
    tally = CommendationTally.model_validate((election.result or {}).get("tally"))
    ties = {t.title_id: t for t in tally.titles if t.tied_seats}
    if not ties:
        raise Conflict("election.no_ties")
    await check_none_open(services, bloc, ElectionKind.COMMENDATION)
    runoffs = await services.elections.of_year(election.year_id)
    if any(e.runoff_of == election.id and e.has_result for e in runoffs):
        raise Conflict("election.runoff_held")  # its result stands; a void one may be redone
    candidates = {t: list(r.units(Standing.TIED)) for t, r in ties.items()}
    return candidates, {t: r.tied_seats for t, r in ties.items()}


async def _runoff_units(services: Services, bloc: Bloc, election: Election) -> dict[int, list[int]]:
    """The units of a head's or deputy's runoff held again, when `/election open` would offer
    it now (its runoff ended void, no vote of either seat runs, the meeting recorded no unit);
    otherwise that command's refusal, or a stale button."""
    year = await open_year_of(services, bloc)
    try:
        await check_can_open(services, bloc, year, election.kind)
    except RoundPending as pending:
        if pending.election_id != election.id:
            raise Conflict("core.stale_button") from None
    else:
        raise Conflict("core.stale_button")
    tally = HeadTally.model_validate((election.result or {}).get("tally"))
    return {NO_TITLE: list(tally.runoff)}


async def _record_leader(
    services: Services, election: Election, unit_id: int, now: datetime, by: int | None
) -> tuple[Unit | None, Role | None]:
    """Record the unit elected for next year, and whether it held the other role already.

    One unit is never head and deputy of the same year. The opening keeps it so (a vote of
    one role is not opened while the other's runs, next year's unit in the other role is no
    candidate, and `/head set` refuses a candidate of the deputy's open vote and vice versa);
    a vote opened before those checks can still elect a unit that holds the other role. The
    head is the weightier choice and its vote the later one: a head elected who was deputy
    becomes head and leaves the deputy seat empty (the bloc records another with /deputy
    set); a deputy elected who is head stays head and no deputy is recorded."""
    year = await services.years.get(election.year_id)
    assert year is not None
    role = Role.HEAD if election.kind is ElectionKind.HEAD else Role.DEPUTY
    other = Role.DEPUTY if role is Role.HEAD else Role.HEAD
    held = (await services.elections.leaders(election.bloc_id, year.year + 1)).get(other)
    clash = other if held is not None and held.unit_id == unit_id else None
    if clash is Role.HEAD:
        return None, clash
    if clash is Role.DEPUTY:
        await services.elections.drop_leader(election.bloc_id, year.year + 1, Role.DEPUTY)
    await services.elections.set_leader(
        election.bloc_id,
        year.year + 1,
        role,
        unit_id,
        source=LeaderSource.ELECTION,
        election_id=election.id,
        by=by,
        now=now,
    )
    return await services.units.get(unit_id), clash


async def close_due(services: Services, notices: Notices | None = None) -> list[Closed]:
    """Close every open vote whose deadline has passed (the scheduler's job, or the check of a
    /vote or /election); each one's `notices` queued with its close."""
    closed = []
    for due in await services.elections.due(services.clock.now()):
        async with services.db.transaction():
            election = await services.elections.get(due.id)
            if election is not None and election.is_open:
                done = await _close(services, election, by=None)
                if notices is not None:
                    await services.notifier.enqueue_all(notices(done))
                closed.append(done)
    if closed:
        await replan(services)
    return closed


async def closings(services: Services) -> list[tuple[int, datetime]]:
    """(vote id, deadline) of every open vote with a deadline: the scheduler's plan."""
    return [(e.id, due) for e, due in await services.elections.deadlines()]


async def replan(services: Services) -> None:
    """Votes opened, closed or moved: the scheduler's closing and runoff reminder jobs follow."""
    await services.scheduler.rebuild(CLOSE_JOB)
    await services.scheduler.rebuild(NUDGE_JOB)


async def runoff_reminders(services: Services) -> list[tuple[int, str, datetime]]:
    """(runoff id, nudge key, when) of the reminders still to go before the own deadline of
    each open runoff: the bloc's nudge settings for the `election` phase (`runoff_nudges`)."""
    now, planned = services.clock.now(), []
    for election, due in await services.elections.deadlines():
        bloc = await services.blocs.get(election.bloc_id)
        settings = (await ReminderRepo(services.db).settings(election.bloc_id)).settings
        if election.due_at is None or bloc is None or not settings.enabled(Phase.ELECTION):
            continue  # the year's deadline: its nudges are the `election` phase's own
        tz = ZoneInfo(bloc.timezone)
        for point in runoff_nudges(election.opened_at, due, settings, tz, now=now):
            planned.append((election.id, point.key, point.at))
    return planned


async def runoff_to_remind(services: Services, election_id: int) -> VoteOpened | None:
    """An open runoff's delegates whose unit has not voted yet (None: closed, or past due)."""
    election = await services.elections.get(election_id)
    now = services.clock.now()
    if election is None or not election.is_open or not (election.due_at or now) > now:
        return None
    opened = await vote_opened(services, election)
    voted = await services.elections.voted(election.id)
    return replace(opened, voters=tuple(v for v in opened.voters if v[0].id not in voted))


@dataclass(frozen=True)
class VoteMoved:
    """An open vote that closes at the year's `election` deadline, which an admin just moved
    from `was` (None: none was set): its progress in the group, to show the new deadline,
    and the delegates of the units that have not voted yet, to tell privately."""

    opened: VoteOpened
    progress: Progress
    was: datetime | None


#: What a moved deadline queues for each vote it moves (built by the Telegram side).
MovedNotices = Callable[[list[VoteMoved]], list[Outgoing]]


async def votes_moved(
    services: Services, bloc_id: int, year_id: int, was: datetime | None
) -> list[VoteMoved]:
    """The year's open votes without a deadline of their own, as their deadline now stands
    (call in the transaction that stored it): a runoff keeps its own."""
    found = []
    for election in await services.elections.open_of_bloc(bloc_id):
        if election.year_id != year_id or election.due_at is not None:
            continue
        opened = await vote_opened(services, election)
        voted = await services.elections.voted(election.id)
        waiting = tuple(v for v in opened.voters if v[0].id not in voted)
        progress = await progress_of(services, election.id)
        found.append(VoteMoved(replace(opened, voters=waiting), progress, was))
    return found


async def progress_of(services: Services, election_id: int) -> Progress:
    """The group's progress line of a vote: counts only, what the bot posts in the group after
    an action its own use case allowed (an opening, a ballot, a close)."""
    election = await services.elections.get(election_id)
    bloc = await services.blocs.get(election.bloc_id) if election else None
    if election is None or bloc is None:
        raise Conflict("election.gone")
    year = await services.years.get(election.year_id)
    assert year is not None
    return Progress(
        bloc=bloc,
        year=year.year,
        election=election,
        turnout=await services.elections.turnout(election.id),
        deadline=await deadline_of(services, election),
    )


async def shown_progress(services: Services) -> list[Progress]:
    """The progress of every open vote whose message the group has (start-up: a crash between
    a ballot and the edit of its progress message left that message behind)."""
    return [await progress_of(services, e) for e in await services.elections.open_with_progress()]


async def remember_progress(services: Services, election_id: int, message_id: int) -> None:
    """The group's progress message of a vote, to edit in place as ballots arrive."""
    await services.elections.set_progress_message(election_id, message_id)

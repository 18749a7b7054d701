"""Opening votes: the head and deputy elections and the bình xét (closing: election_close).

An admin's `/election open …` is proposed first (candidates, quotas, roll, the rules that will
apply) and stored on ✅: `propose_open` checks and computes, `open_election` proposes again
inside the transaction. What the admin ticked (the candidates) or set (the quotas) travels in
the buttons as a `spec` string (bot.domain.ballot_codes), decoded and checked here.

Rights: every function takes the Actor and checks it first (admins open and close).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot import rights
from bot.actor import Actor
from bot.domain.ballot_codes import (
    MAX_SLOTS,
    decode_quotas,
    decode_units,
    encode_quotas,
    encode_units,
)
from bot.domain.ballots import (
    BallotRefused,
    ElectionKind,
    ElectionRules,
    HeadTally,
    Outcome,
)
from bot.domain.bloc import Bloc, Unit
from bot.domain.calendar import Phase, format_local
from bot.domain.commendation import CommendationTally
from bot.domain.elections import (
    NO_TITLE,
    Election,
    LeaderSource,
    Role,
    last_round,
    standing_vote,
    won_by_the_head,
)
from bot.domain.year import Title, Year
from bot.errors import BadInput, Conflict, NotFound
from bot.services import Services
from bot.usecases.users import languages_of
from bot.usecases.year_next import no_open_year
from storage.outbox import Outgoing

Tally = HeadTally | CommendationTally
T = TypeVar("T")
#: A title's quota is at most this (a bloc proposes a handful of units per title).
QUOTA_MAX = 20


@dataclass(frozen=True)
class OpenProposal:
    """What `/election open` will store, shown to the admin before ✅."""

    bloc: Bloc
    year: Year
    kind: ElectionKind
    rules: ElectionRules
    candidates: dict[int, list[Unit]]  # title id (NO_TITLE for head/deputy) -> units
    quotas: dict[int, int] = field(default_factory=dict)
    roll: list[Unit] = field(default_factory=list)
    deadline: datetime | None = None
    #: Next year's unit in the other role (head for a deputy vote, deputy for a head vote): one
    #: unit is never head and deputy of the same year, so it is no candidate.
    excluded: Unit | None = None
    #: Next year's unit already recorded in the role the vote is for (decided in the meeting,
    #: say), and how: a unit elected replaces it.
    replaces: tuple[Unit, LeaderSource] | None = None
    #: Units on the roll with no delegate: they count toward the quorum but cannot vote.
    voiceless: list[Unit] = field(default_factory=list)
    #: Bình xét: every active title, and the units that registered each (quota 0 or not).
    titles: list[Title] = field(default_factory=list)
    registered: dict[int, list[Unit]] = field(default_factory=dict)
    #: A round that follows a closed vote (`RoundPending`: a bình xét among the tied units,
    #: for the seats left; a head or deputy runoff held again): the vote it follows. Its
    #: candidates, quotas, roll and rules are that vote's, and `deadline` is 17:00 on the
    #: working day at least `hours` after the opening (the admin may change the hours).
    follows: int | None = None
    hours: int = 0

    @property
    def able(self) -> int:
        """Units on the roll that can vote now (they have a delegate)."""
        return len(self.roll) - len(self.voiceless)

    @property
    def spec(self) -> str:
        """What the ✅ carries: the ticked candidates, or the quotas per title."""
        if self.kind is ElectionKind.COMMENDATION:
            return encode_quotas([self.quotas.get(t.id, 0) for t in self.titles])
        return encode_units((u.id for u in self.roll), (u.id for u in self.candidates[NO_TITLE]))


@dataclass(frozen=True)
class VoteOpened:
    """A vote just opened (a first round, a head's or deputy's runoff, a bình xét among tied
    units): what its private notice to each delegate of a unit on its roll says. Also a
    runoff's reminder, its voters then only those of the units that have not voted."""

    bloc: Bloc
    year: int
    election: Election
    candidates: tuple[Unit, ...]
    #: (unit, delegate's user id, the language they read), for every delegate of the roll.
    voters: tuple[tuple[Unit, int, str], ...]
    #: When voting closes: the vote's own deadline (a runoff's), else the year's (None: none
    #: set, an admin closes it).
    deadline: datetime | None = None


#: What an opened vote queues for its delegates, built by the Telegram side.
VoteNotices = Callable[[VoteOpened], list[Outgoing]]


async def vote_opened(services: Services, election: Election) -> VoteOpened:
    """Who a vote just opened is told about, privately: every delegate of a unit on its roll
    (the units entitled to vote), in the language each reads."""
    bloc = await services.blocs.get(election.bloc_id)
    year = await services.years.get(election.year_id)
    assert bloc is not None and year is not None
    units = {u.id: u for u in await services.units.list(bloc.id)}
    chosen = {u for ids in (await services.elections.candidates(election.id)).values() for u in ids}
    delegates = await services.units.delegates_of_bloc(bloc.id)
    roll = [units[u] for u in await services.elections.roll(election.id) if u in units]
    people = [(unit, user) for unit in roll for user in delegates.get(unit.id, [])]
    languages = await languages_of(services, [user for _, user in people], bloc.language)
    return VoteOpened(
        bloc=bloc,
        year=year.year,
        election=election,
        candidates=tuple(sorted((units[u] for u in chosen if u in units), key=lambda u: u.code)),
        voters=tuple((unit, user, languages[user]) for unit, user in people),
        deadline=await deadline_of(services, election),
    )


async def open_year_of(services: Services, bloc: Bloc) -> Year:
    year = await services.years.current(bloc.id)
    if year is None:
        raise await no_open_year(services, bloc, "election.no_year")
    return year


async def check_none_open(services: Services, bloc: Bloc, kind: ElectionKind) -> None:
    """No vote of `kind` runs, nor the other seat's (head and deputy are chosen one by one)."""
    opened = {e.kind for e in await services.elections.open_of_bloc(bloc.id)}
    if kind in opened:
        raise Conflict("election.already_open")
    if kind is ElectionKind.DEPUTY and ElectionKind.HEAD in opened:
        raise Conflict("election.head_first")
    if kind is ElectionKind.HEAD and ElectionKind.DEPUTY in opened:
        # Both open at once, one unit could win both: the head is chosen once the deputy is.
        raise Conflict("election.deputy_first")


async def check_can_open(services: Services, bloc: Bloc, year: Year, kind: ElectionKind) -> None:
    """A first round of `kind` may open now; else the refusal, or the round that may follow
    the vote that stands (`RoundPending`)."""
    await check_none_open(services, bloc, kind)
    votes = await services.elections.of_year(year.id)
    held = standing_vote(votes, kind)
    if held is not None and held.closed_at is not None:
        # One result a year: the only re-votes are the runoffs the bot opens itself. Said
        # before the deadline: a new deadline would not open it (and re-arms the reminders).
        await _refuse_held(services, bloc, year, held, votes)
    deadline = await services.years.deadline(year.id, Phase.ELECTION.value)
    if deadline is not None and deadline <= services.clock.now():
        raise Conflict("election.deadline_past")


class RoundPending(Conflict):
    """The year's vote of `kind` stands, and a round may still follow it: the refusal offers
    it with a ✅ (`election_id`: the round it follows). A bình xét with units tied at a quota
    line: a new bình xét among them; a head or deputy runoff that ended void: the runoff again,
    between the same units (a void vote has no result and may be held again)."""

    def __init__(self, key: str, election_id: int, kind: ElectionKind, **params: object) -> None:
        super().__init__(key, **params)
        self.election_id = election_id
        self.kind = kind


def _tied_round(votes: Sequence[Election], held: Election) -> Election | None:
    """The bình xét round whose tied units still wait for a new bình xét among them: the
    last round with a result (a void re-vote settles nothing), when it has ties."""
    found = held
    while after := [e for e in votes if e.runoff_of == found.id and e.has_result]:
        found = after[-1]
    tally = CommendationTally.model_validate((found.result or {}).get("tally"))
    return found if any(t.tied_seats for t in tally.titles) else None


async def _refuse_held(
    services: Services, bloc: Bloc, year: Year, held: Election, votes: Sequence[Election]
) -> None:
    """The vote that stands, as it ended: elected, or tied (or undecided) after its runoff,
    at the time its last round closed; a bình xét with units still tied offers their new one,
    and a head or deputy runoff that ended void (no unit recorded since) is offered again."""
    kind, tz, last = held.kind, ZoneInfo(bloc.timezone), last_round(votes, held)
    assert held.closed_at is not None
    if kind is ElectionKind.COMMENDATION:
        when = format_local(held.closed_at, tz)
        tied = _tied_round(votes, held)
        if tied is not None:
            raise RoundPending(
                "election.held_commendation_ties", tied.id, kind, year=year.year, date=when
            )
        raise Conflict("election.held_commendation", year=year.year, date=when)
    shown, closed = year.year + 1, format_local(last.closed_at or held.closed_at, tz)
    tally = HeadTally.model_validate((last.result or {}).get("tally")) if last.has_result else None
    seats = await services.elections.leaders(bloc.id, shown)
    head = seats[Role.HEAD].unit_id if Role.HEAD in seats else None
    winner = tally.winner if tally is not None and tally.outcome is Outcome.ELECTED else None
    # a deputy vote won by the head filled no seat: it reads as electing no unit
    if winner is not None and not won_by_the_head(kind, winner, head):
        raise Conflict(f"election.held_{kind.value}", year=shown, date=closed)
    codes = {u.id: u.code for u in await services.units.list(bloc.id)}
    decided = seats.get(Role(kind.value))
    if decided is not None:  # the bloc decided in its meeting, and it was recorded
        code = codes.get(decided.unit_id, "?")
        raise Conflict(f"election.held_{kind.value}_decided", year=shown, date=closed, code=code)
    if last.is_runoff and not last.has_result:  # void: held again, or decided in the meeting
        void = HeadTally.model_validate((last.result or {}).get("tally"))
        first = HeadTally.model_validate((held.result or {}).get("tally"))
        raise RoundPending(
            f"election.runoff_void_{kind.value}",
            held.id,
            kind,
            year=shown,
            date=closed,
            codes=", ".join(codes.get(u, "?") for u in first.runoff),
            ballots=void.ballots,
            roll=void.roll,
            hours=held.rules.runoff_hours,
        )
    if tally is not None and tally.outcome is Outcome.TIE:
        tied = ", ".join(codes.get(u, "?") for u in tally.runoff)
        raise Conflict(f"election.held_{kind.value}_tie", year=shown, date=closed, codes=tied)
    raise Conflict(f"election.held_{kind.value}_undecided", year=shown, date=closed)


async def propose_open(
    services: Services,
    actor: Actor,
    kind: ElectionKind,
    *,
    codes: Sequence[str] = (),
    spec: str | None = None,
) -> OpenProposal:
    """What `/election open` would store (admins). Head/deputy candidates: every unit, the
    units typed (`codes`), or those a button's `spec` ticks; a bình xét: the quotas per title
    in `spec` (default one for each title some unit registered)."""
    bloc = await rights.admin_bloc_here(services, actor)
    return await _proposal(services, bloc, kind, codes, spec)


async def _proposal(
    services: Services, bloc: Bloc, kind: ElectionKind, codes: Sequence[str], spec: str | None
) -> OpenProposal:
    year = await open_year_of(services, bloc)
    await check_can_open(services, bloc, year, kind)
    units = await services.units.list(bloc.id)
    by_id = {u.id: u for u in units}
    excluded = replaces = None
    titles: list[Title] = []
    registered: dict[int, list[Unit]] = {}
    if kind is ElectionKind.COMMENDATION:
        titles, registered, kept = await _commendation_candidates(services, year, by_id, spec)
        candidates = {t: registered[t] for t in kept}
    else:
        picked = _from_button(lambda: decode_units(by_id, spec)) if spec else None
        if codes:
            picked = units_by_codes(units, codes)
        chosen = units if picked is None else [u for u in units if u.id in set(picked)]
        excluded, replaces = await _next_leaders(services, bloc, year, kind, by_id)
        chosen = [u for u in chosen if excluded is None or u.id != excluded.id]
        if not chosen:
            raise BadInput("election.no_candidates")
        candidates, kept = {NO_TITLE: chosen}, {}
    delegates = await services.units.delegates_of_bloc(bloc.id)
    return OpenProposal(
        bloc=bloc,
        year=year,
        kind=kind,
        rules=await services.elections.rules(bloc.id),
        candidates=candidates,
        quotas=kept,
        roll=units,
        voiceless=[u for u in units if u.id not in delegates],
        deadline=await services.years.deadline(year.id, Phase.ELECTION.value),
        excluded=excluded,
        replaces=replaces,
        titles=titles,
        registered=registered,
    )


async def _next_leaders(
    services: Services, bloc: Bloc, year: Year, kind: ElectionKind, by_id: dict[int, Unit]
) -> tuple[Unit | None, tuple[Unit, LeaderSource] | None]:
    """Next year's units recorded (elected or decided): the one in the role the vote is not
    for (no candidate), and the one in the role it is for, with how it was chosen (replaced)."""
    role = Role(kind.value)
    other = Role.HEAD if role is Role.DEPUTY else Role.DEPUTY
    found = await services.elections.leaders(bloc.id, year.year + 1)
    held, same = found.get(other), found.get(role)
    excluded = by_id.get(held.unit_id) if held else None
    unit = by_id.get(same.unit_id) if same else None
    return excluded, (unit, same.source) if unit and same else None


def units_by_codes(units: Sequence[Unit], codes: Sequence[str]) -> list[int]:
    """The ids of the units typed after `/election open head` (unknown codes refused)."""
    wanted = {code.strip().upper() for code in codes}
    unknown = wanted - {u.code for u in units}
    if unknown:
        raise BadInput("election.unknown_units", codes=", ".join(sorted(unknown)))
    return [u.id for u in units if u.code in wanted]


def _from_button(decode: Callable[[], T]) -> T:
    try:
        return decode()
    except BallotRefused:
        raise Conflict("core.stale_button") from None


async def _commendation_candidates(
    services: Services, year: Year, by_id: dict[int, Unit], spec: str | None
) -> tuple[list[Title], dict[int, list[Unit]], dict[int, int]]:
    """Every active title with the units that registered it, and the quotas kept (> 0).

    No quotas given: one for every title someone registered (the admin changes them)."""
    titles = await services.titles.active(year.bloc_id)
    pledges = await services.pledges.of_year(year.id)
    registered = {
        t.id: sorted(
            (by_id[u] for u, p in pledges.items() if t.id in p.title_ids and u in by_id),
            key=lambda u: u.code,
        )
        for t in titles
    }
    if spec is None:
        quotas = {t: 1 for t, units in registered.items() if units}
    else:
        values = _from_button(lambda: decode_quotas(spec, len(titles)))
        quotas = {t.id: q for t, q in zip(titles, values, strict=True)}
    if any(q < 0 or q > QUOTA_MAX for q in quotas.values()):
        raise BadInput("election.bad_quota")
    for t in titles:
        _check_quota(t, quotas.get(t.id, 0), len(registered[t.id]))
    kept = {t.id: quotas[t.id] for t in titles if quotas.get(t.id, 0) > 0}
    if sum(len(registered[t]) for t in kept) > MAX_SLOTS:
        raise BadInput("election.too_many_candidates", max=MAX_SLOTS)
    return titles, registered, kept


def _check_quota(title: Title, quota: int, registered: int) -> None:
    """A title's quota is at most the number of units that registered it: a larger one
    proposes nobody more, and a title nobody registered keeps 0."""
    if quota <= registered:
        return
    if registered == 0:
        raise BadInput("election.quota_no_units", title=title.name)
    raise BadInput("election.quota_over", title=title.name, count=registered)


async def open_election(
    services: Services,
    actor: Actor,
    kind: ElectionKind,
    year_id: int,
    spec: str,
    notices: VoteNotices | None = None,
) -> Election:
    """✅ on the proposal: open the vote, proposed again against the state at the press. The
    delegates' `notices` (the vote opened, until when, how to vote) are queued with the
    opening: once each, never lost."""
    bloc = await rights.admin_bloc_here(services, actor)
    async with services.db.transaction():
        proposal = await _proposal(services, bloc, kind, (), spec)
        if proposal.year.id != year_id:
            raise Conflict("core.stale_button")
        if kind is ElectionKind.COMMENDATION and not proposal.quotas:
            raise BadInput("election.no_quotas")
        if not any(proposal.candidates.values()):
            raise BadInput("election.no_candidates")
        election = await services.elections.open(
            bloc_id=bloc.id,
            year_id=year_id,
            kind=kind,
            rules=proposal.rules,
            candidates={t: [u.id for u in units] for t, units in proposal.candidates.items()},
            quotas=proposal.quotas,
            roll=[u.id for u in proposal.roll],
            by=actor.user_id,
            now=services.clock.now(),
        )
        if notices is not None:
            await services.notifier.enqueue_all(notices(await vote_opened(services, election)))
    await services.scheduler.rebuild("election")  # its closing job (see election_close)
    return election


@dataclass(frozen=True)
class RunningVote:
    """A vote still open, as an admin about to close it (or its year) sees it: its turnout
    against the quorum of the rules it was opened under, and its deadline."""

    election: Election
    year: int
    voted: int
    roll: int
    due: datetime | None

    @property
    def needed(self) -> int:
        """Units that must have voted for the count to stand."""
        return self.election.rules.quorum.needed(self.roll)

    @property
    def quorum_met(self) -> bool:
        """Closed now, the vote would be counted (else it would be void)."""
        return self.election.rules.quorum.met(self.voted, self.roll)


async def running_vote(services: Services, election: Election, year: int) -> RunningVote:
    voted, roll = await services.elections.turnout(election.id)
    return RunningVote(election, year, voted, roll, await deadline_of(services, election))


async def open_votes(services: Services, actor: Actor) -> tuple[Bloc, list[RunningVote]]:
    """The bloc's open votes with their turnout, for `/election close` to pick from (admins)."""
    bloc = await rights.admin_bloc_here(services, actor)
    found = []
    for election in await services.elections.open_of_bloc(bloc.id):
        year = await services.years.get(election.year_id)
        found.append(await running_vote(services, election, year.year if year else 0))
    if not found:
        raise NotFound("election.none_open")
    return bloc, found


async def deadline_of(services: Services, election: Election) -> datetime | None:
    """The vote's own deadline (a runoff's), else the year's `election` deadline."""
    if election.due_at is not None:
        return election.due_at
    return await services.years.deadline(election.year_id, Phase.ELECTION.value)


async def election_of(services: Services, bloc: Bloc, election_id: int) -> Election:
    """An election of this bloc by id (a button's address); another bloc's is not found."""
    election = await services.elections.get(election_id)
    if election is None or election.bloc_id != bloc.id:
        raise NotFound("election.gone")
    return election

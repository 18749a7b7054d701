"""Secret ballots: the bloc's voting rules, the head/deputy tally and ballot validation.

Why pure: the count is the part of a vote people must be able to trust, so it is a plain
function of the ballots and the rules, tested on its own (hypothesis included) and free of the
database and Telegram. The rules are the bloc's settings, taken from its regulations (quy chế),
never constants; an election keeps a snapshot of the rules it was opened under, so changing a
setting never changes a count already made.

Head and deputy: one choice per ballot (a candidate, or an abstention). The winner needs the
majority share of the valid ballots; otherwise, or on a tie at the top, the top two (and any
tied with the second) go to a runoff, decided there by the most votes; a tie in the runoff is
announced for the bloc to decide. No quorum: the election is void.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from bot.domain.bloc import Record

#: A runoff's deadline is this many hours after it opens, at most (a month).
RUNOFF_HOURS_MAX = 720


class ElectionKind(StrEnum):
    HEAD = "head"
    DEPUTY = "deputy"
    COMMENDATION = "commendation"


class Share(Record):
    """A fraction of a base, e.g. "more than 1/2" (strict) or "at least 2/3"."""

    num: int = Field(ge=0)
    den: int = Field(ge=1)
    strict: bool = False

    @model_validator(mode="after")
    def _at_most_whole(self) -> Share:
        if self.num > self.den:
            raise ValueError("a share is at most the whole")
        return self

    def met(self, count: int, base: int) -> bool:
        """Whether `count` out of `base` reaches the share (never on an empty base)."""
        if base <= 0:
            return False
        if self.strict:
            return count * self.den > self.num * base
        return count * self.den >= self.num * base

    def needed(self, base: int) -> int:
        """The smallest count that meets the share of `base` (what the minutes state)."""
        if base <= 0:
            return 0
        floor, rest = divmod(self.num * base, self.den)
        return floor + 1 if self.strict or rest else floor

    @property
    def label(self) -> str:
        return f"{self.num}/{self.den}"


class ElectionRules(Record):
    """The bloc's voting rules (its settings), with the defaults of a typical quy chế."""

    #: Ballots received against the roll; under it the vote is void.
    quorum: Share = Share(num=2, den=3)
    #: What the head or deputy needs of the valid ballots in the first round.
    majority: Share = Share(num=1, den=2, strict=True)
    #: Whether an abstention is a valid ballot (it then counts in the majority's base).
    abstentions_valid: bool = True
    runoff_hours: int = Field(default=48, ge=1, le=RUNOFF_HOURS_MAX)
    #: Whether a unit may vote for itself as head or deputy.
    self_vote: bool = True
    #: Bình xét: whether a unit may approve itself for a title.
    self_approval: bool = False
    #: Bình xét: the approvals a unit needs to be proposed, as a share of `approval_base`.
    approval_share: Share = Share(num=1, den=2, strict=True)
    approval_base: Literal["voted", "roll"] = "voted"


#: The rules an admin may change with `/election rules`, in the order shown, and the choices
#: each press moves through (those of the quy chế blocs use; a value stored otherwise, e.g. by
#: hand, is shown as it is and the first press moves it to the first choice).
RULE_CHOICES: dict[str, tuple[object, ...]] = {
    "quorum": (Share(num=1, den=2, strict=True), Share(num=2, den=3), Share(num=3, den=4)),
    "majority": (Share(num=1, den=2, strict=True), Share(num=2, den=3)),
    "abstentions_valid": (True, False),
    "runoff_hours": (24, 48, 72),
    "self_vote": (True, False),
    "approval_share": (Share(num=1, den=2, strict=True), Share(num=2, den=3)),
    "approval_base": ("voted", "roll"),
    "self_approval": (False, True),
}
RULE_NAMES = tuple(RULE_CHOICES)


def next_rule(rules: ElectionRules, name: str) -> ElectionRules:
    """The rules with `name` moved to its next choice (after the last, the first again)."""
    choices = RULE_CHOICES[name]
    current = getattr(rules, name)
    at = choices.index(current) + 1 if current in choices else 0
    return ElectionRules.model_validate({**rules.model_dump(), name: choices[at % len(choices)]})


class Outcome(StrEnum):
    ELECTED = "elected"
    RUNOFF = "runoff"  # a runoff opens between `runoff`
    TIE = "tie"  # a tie in the runoff: the bloc decides
    UNDECIDED = "undecided"  # no majority and no runoff possible: the bloc decides
    VOID = "void"  # no quorum


class BallotRefused(Exception):
    """A ballot that cannot be cast as it is; `reason` is a catalog key suffix."""

    def __init__(self, reason: str, /, **params: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


class CandidateVotes(Record):
    unit_id: int
    votes: int


class HeadTally(Record):
    """The count of a head or deputy election (one round)."""

    roll: int  # units on the roll
    ballots: int  # ballots received
    abstentions: int
    invalid: int
    valid: int  # the majority's base
    votes: tuple[CandidateVotes, ...]  # most votes first, then the candidates' order
    quorum_met: bool
    outcome: Outcome
    winner: int | None = None
    runoff: tuple[int, ...] = ()  # the candidates of the runoff, or the tied ones

    @property
    def turnout(self) -> tuple[int, int]:
        return self.ballots, self.roll

    def sealed(self) -> HeadTally:
        """The count as it is stored and shown. A vote without quorum has no result, and its
        numbers are not kept: with few ballots, the votes per candidate (next to the units that
        have not voted, which the reminders name) tell who voted for whom. The turnout stays."""
        if self.quorum_met:
            return self
        return self.model_copy(update={"votes": (), "abstentions": 0, "invalid": 0, "valid": 0})


def check_head_ballot(
    choice: int | None, candidates: Sequence[int], voter_unit: int, rules: ElectionRules
) -> None:
    """A head/deputy ballot: a candidate (or None, an abstention); self-votes per the rules."""
    if choice is None:
        return
    if choice not in candidates:
        raise BallotRefused("not_candidate")
    if choice == voter_unit and not rules.self_vote:
        raise BallotRefused("own_unit")


def tally_head(
    candidates: Sequence[int],
    choices: Iterable[int | None],
    *,
    roll: int,
    rules: ElectionRules,
    runoff_round: bool = False,
) -> HeadTally:
    """Count one round. `choices` holds one entry a ballot: a unit id, or None to abstain.

    A choice that is no candidate (cannot happen through the bot, which validates every
    ballot) is counted as invalid, never silently dropped.
    """
    order = {unit: index for index, unit in enumerate(dict.fromkeys(candidates))}
    counts: Counter[int] = Counter()
    ballots = abstentions = invalid = 0
    for choice in choices:
        ballots += 1
        if choice is None:
            abstentions += 1
        elif choice in order:
            counts[choice] += 1
        else:
            invalid += 1
    ranked = tuple(
        sorted(
            (CandidateVotes(unit_id=u, votes=counts[u]) for u in order),
            key=lambda c: (-c.votes, order[c.unit_id]),
        )
    )
    valid = ballots - invalid - (0 if rules.abstentions_valid else abstentions)
    quorum_met = rules.quorum.met(ballots, roll)
    outcome, winner, runoff = _decide(ranked, valid, quorum_met, rules, runoff_round)
    return HeadTally(
        roll=roll,
        ballots=ballots,
        abstentions=abstentions,
        invalid=invalid,
        valid=valid,
        votes=ranked,
        quorum_met=quorum_met,
        outcome=outcome,
        winner=winner,
        runoff=runoff,
    )


def _decide(
    ranked: tuple[CandidateVotes, ...],
    valid: int,
    quorum_met: bool,
    rules: ElectionRules,
    runoff_round: bool,
) -> tuple[Outcome, int | None, tuple[int, ...]]:
    if not quorum_met:
        return Outcome.VOID, None, ()
    top = ranked[0].votes if ranked else 0
    if top == 0:
        return Outcome.UNDECIDED, None, ()
    leaders = tuple(c.unit_id for c in ranked if c.votes == top)
    if runoff_round:
        # The runoff is decided by the most votes; a tie there goes to the bloc.
        if len(leaders) == 1:
            return Outcome.ELECTED, leaders[0], ()
        return Outcome.TIE, None, leaders
    if len(leaders) == 1 and rules.majority.met(top, valid):
        return Outcome.ELECTED, leaders[0], ()
    finalists = runoff_candidates(ranked)
    if len(finalists) < 2:
        return Outcome.UNDECIDED, None, ()
    return Outcome.RUNOFF, None, finalists


def runoff_candidates(ranked: Sequence[CandidateVotes]) -> tuple[int, ...]:
    """The top two of a ranking with votes, and everyone tied with the second of them.

    A tie at the top sends all the tied to the runoff; a tie for second place sends the first
    and all those tied for second. Candidates without a vote never go to a runoff.
    """
    with_votes = [c for c in ranked if c.votes > 0]
    if len(with_votes) < 2:
        return tuple(c.unit_id for c in with_votes)
    line = with_votes[1].votes
    return tuple(c.unit_id for c in with_votes if c.votes >= line)


def deputy_candidates(units: Sequence[int], head: int | None) -> list[int]:
    """The units that can stand for deputy: all but the elected (or decided) head."""
    return [u for u in units if u != head]

"""The records of a vote as the rest of the bot sees them: plain pydantic models.

An election belongs to a bloc's year; it keeps the rules it was opened under, its candidates
(per title for a bình xét), its quotas and its roll. A ballot, as read back for the count, is
only its choice: nothing says whose it was.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.domain.ballots import ElectionKind, ElectionRules
from bot.domain.bloc import Record

#: The "title" of a head or deputy election's candidates (they stand for no title).
NO_TITLE = 0


class Role(StrEnum):
    HEAD = "head"
    DEPUTY = "deputy"


class LeaderSource(StrEnum):
    ELECTION = "election"
    MEETING = "meeting"  # rotation or a show of hands, recorded by an admin


class Election(Record):
    id: int
    bloc_id: int
    year_id: int
    kind: ElectionKind
    round: int = 1
    runoff_of: int | None = None
    status: str  # open | closed
    rules: ElectionRules
    due_at: datetime | None = None  # a runoff's own deadline; None: the year's `election` one
    opened_by: int
    opened_at: datetime
    closed_by: int | None = None  # None once closed: closed at the deadline
    closed_at: datetime | None = None
    result: dict[str, Any] | None = None
    progress_message_id: int | None = None  # the group's message edited in place
    #: This vote is the `attempt`-th of the `attempts` votes of its kind and round in its year
    #: (read with it): a void vote held again, or a bình xét among the tied redone after a void
    #: one, must not read as the same vote.
    attempt: int = 1
    attempts: int = 1

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def is_runoff(self) -> bool:
        return self.runoff_of is not None

    @property
    def repeat(self) -> int | None:
        """Which of the year's votes of this kind and round it is, when there were several."""
        return self.attempt if self.attempts > 1 else None

    @property
    def voiceless(self) -> tuple[int, ...] | None:
        """The units on the roll that could not vote (no delegate at the close, no ballot),
        as stored with the count; None for a vote closed before the bot kept them."""
        found = (self.result or {}).get("voiceless")
        return tuple(int(u) for u in found) if isinstance(found, list) else None

    @property
    def has_result(self) -> bool:
        """Closed with quorum: its count stands (a void vote, without quorum, has none)."""
        tally = (self.result or {}).get("tally") or {}
        return not self.is_open and bool(tally.get("quorum_met"))


def numbering(round_: int | None, repeat: int | None) -> tuple[str, dict[str, int]] | None:
    """How every name of a vote (the group, the notices, /status, /summary, the workbook, the
    minutes) tells it apart from the year's other votes of its kind: the catalog key ("round",
    "attempt" or "round_attempt") and its numbers, or None for a vote held once, first round.

    `round_` is the round to name (None when the name already says it, as "Bình xét lại" does);
    `repeat` which of the votes of its round it is, when there were several. A runoff held
    again reads "(vòng 2, lần 2)", once. The first round a runoff follows is not named: only a
    first round with a result has a runoff, and a year has one such round of each kind
    (`standing_vote`), so "vòng 2" is unique in the year.
    """
    shown = round_ if round_ is not None and round_ > 1 else None
    if shown is not None and repeat is not None:
        return "round_attempt", {"round": shown, "attempt": repeat}
    if shown is not None:
        return "round", {"round": shown}
    if repeat is not None:
        return "attempt", {"attempt": repeat}
    return None


def standing_vote(elections: Iterable[Election], kind: ElectionKind) -> Election | None:
    """The year's vote of `kind` whose result stands, if any: a second one would give the year
    two results (two sets of units proposed for one quota, two heads), so none is opened.

    Only the first rounds count: a runoff (the head's, or the bình xét's among units tied at
    the quota line) is opened by the bot itself from a first round that had a result. A void
    vote (no quorum) has no result and may be held again.
    """
    return next((e for e in elections if e.kind is kind and not e.is_runoff and e.has_result), None)


def last_round(elections: Iterable[Election], first: Election) -> Election:
    """The latest round that followed `first` (its runoff, the runoff's runoff…), else itself."""
    after = {e.runoff_of: e for e in elections if e.runoff_of is not None}
    found = first
    while found.id in after:
        found = after[found.id]
    return found


def unable_to_vote(
    roll: Iterable[int], voted: Collection[int], with_delegate: Collection[int]
) -> list[int]:
    """The units of a roll that had no ballot to cast: no delegate, and they did not vote (a
    unit whose delegate left after voting did receive its ballot)."""
    return sorted(u for u in roll if u not in voted and u not in with_delegate)


class Leader(Record):
    """The head or deputy of a bloc for a year."""

    bloc_id: int
    year: int
    role: Role
    unit_id: int
    source: LeaderSource
    election_id: int | None = None
    set_by: int | None = None
    set_at: datetime


def head_choice(choice: Mapping[str, Any]) -> int | None:
    """The unit a stored head/deputy ballot chose (None: an abstention)."""
    unit = choice.get("unit")
    return int(unit) if isinstance(unit, int) else None


def approvals_choice(choice: Mapping[str, Any]) -> dict[int, list[int]]:
    """The approvals a stored bình xét ballot holds, title id -> units."""
    titles = choice.get("titles") or {}
    return {int(title): [int(u) for u in units] for title, units in titles.items()}


def head_ballot(unit: int | None) -> dict[str, Any]:
    return {"unit": unit}


def approvals_ballot(approvals: Mapping[int, frozenset[int]]) -> dict[str, Any]:
    """A bình xét ballot as stored: titles and units sorted, so equal ballots look alike."""
    return {"titles": {str(t): sorted(units) for t, units in sorted(approvals.items()) if units}}


def deputy_apart(head: int | None, deputy: int | None) -> int | None:
    """The deputy unit of a year, given its head: one unit is never head and deputy of the
    same year. Votes closed before that rule was checked could record one unit in both seats;
    the head's seat stands and the deputy's is empty, as `election_close._record_leader` now
    decides for a vote closing (a head elected who was deputy leaves the deputy seat; a deputy
    elected who is head is not recorded)."""
    return None if deputy is not None and deputy == head else deputy


def seats_apart(found: Mapping[Role, Leader]) -> dict[Role, Leader]:
    """A year's recorded seats as they stand (`deputy_apart`): an old record of the head's unit
    in the deputy seat is left out."""
    head, deputy = found.get(Role.HEAD), found.get(Role.DEPUTY)
    kept = deputy_apart(head.unit_id if head else None, deputy.unit_id if deputy else None)
    return {role: leader for role, leader in found.items() if role is Role.HEAD or kept}


def won_by_the_head(kind: ElectionKind, winner: int | None, head: int | None) -> bool:
    """A deputy vote whose winner is that year's head filled no seat (`deputy_apart`): its
    result reads "has the most votes but is already head", never "elected"."""
    return kind is ElectionKind.DEPUTY and winner is not None and winner == head

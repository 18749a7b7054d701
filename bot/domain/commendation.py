"""Bình xét: which units the bloc proposes for each title, within a quota per title.

Why pure: the same rules decide a ballot's validity when it is cast and the result when the
vote closes, and the minutes (biên bản kiểm phiếu) must be able to state them; so they are
plain functions of the candidates, the quotas, the ballots and the bloc's rules.

A ballot approves, for each title, up to the title's quota among its candidates (the units that
registered the title in their pledge). The result ranks the candidates of a title by approvals;
going down the ranking, a group of equal approvals is proposed while it fits in the seats left
and meets the approval share; a group that meets the share but does not fit in the seats left
is shown as tied at the quota line, for a runoff among them or the bloc's decision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from itertools import groupby

from bot.domain.ballots import BallotRefused, ElectionRules
from bot.domain.bloc import Record

#: Approvals of one ballot: title id -> the units approved for it.
Approvals = Mapping[int, Iterable[int]]


class Standing(StrEnum):
    PROPOSED = "proposed"
    TIED = "tied"  # meets the share, tied at the quota line
    SHORT = "short"  # below the approval share
    OUTSIDE = "outside"  # meets the share, but the quota is filled by units ranked above
    VOID = "void"  # the vote had no quorum


class Row(Record):
    unit_id: int
    approvals: int
    rank: int  # 1, 2, 2, 4: equal approvals share a rank
    standing: Standing


class TitleResult(Record):
    title_id: int
    quota: int
    needed: int  # the approvals the share requires
    rows: tuple[Row, ...]
    tied_seats: int = 0  # seats left for the tied group

    def units(self, standing: Standing) -> tuple[int, ...]:
        return tuple(r.unit_id for r in self.rows if r.standing is standing)


class CommendationTally(Record):
    roll: int
    ballots: int
    base: int  # the approval share's base (units that voted, or the roll)
    quorum_met: bool
    titles: tuple[TitleResult, ...]

    def sealed(self) -> CommendationTally:
        """As stored and shown: without quorum, no approvals per unit are kept (see
        `HeadTally.sealed`); the titles voted on and the turnout stay."""
        if self.quorum_met:
            return self
        emptied = tuple(t.model_copy(update={"rows": (), "tied_seats": 0}) for t in self.titles)
        return self.model_copy(update={"titles": emptied})


def open_ties(rounds: Sequence[CommendationTally]) -> dict[int, TitleResult]:
    """Title id -> its result where seats are still tied at the quota line, after the rounds of
    a year's bình xét (in the order they closed). The last counted round decides: a re-vote
    among the tied units settles their seats (or ties again); a void one settles nothing."""
    counted = [tally for tally in rounds if tally.quorum_met]
    if not counted:
        return {}
    return {t.title_id: t for t in counted[-1].titles if t.tied_seats}


def check_commendation_ballot(
    approvals: Approvals,
    candidates: Mapping[int, Sequence[int]],
    quotas: Mapping[int, int],
    voter_unit: int,
    rules: ElectionRules,
) -> dict[int, frozenset[int]]:
    """The ballot, cleaned to title -> approved units; refused with the first broken rule."""
    cleaned: dict[int, frozenset[int]] = {}
    for title_id, chosen in approvals.items():
        if title_id not in candidates:
            raise BallotRefused("not_a_title")
        units = frozenset(chosen)
        if len(units) > quotas.get(title_id, 0):
            raise BallotRefused("over_quota", quota=quotas.get(title_id, 0))
        if not units <= set(candidates[title_id]):
            raise BallotRefused("not_candidate")
        if voter_unit in units and not rules.self_approval:
            raise BallotRefused("own_unit")
        if units:
            cleaned[title_id] = units
    return cleaned


def tally_commendation(
    candidates: Mapping[int, Sequence[int]],
    quotas: Mapping[int, int],
    ballots: Iterable[Approvals],
    *,
    roll: int,
    rules: ElectionRules,
) -> CommendationTally:
    """Count the approvals per title and decide who is proposed, tied or not."""
    counts: dict[int, Counter[int]] = {title: Counter() for title in candidates}
    received = 0
    for ballot in ballots:
        received += 1
        for title_id, chosen in ballot.items():
            if title_id in counts:
                allowed = set(candidates[title_id])
                counts[title_id].update(u for u in set(chosen) if u in allowed)
    quorum_met = rules.quorum.met(received, roll)
    base = received if rules.approval_base == "voted" else roll
    titles = tuple(
        _title_result(
            title_id,
            list(units),
            counts[title_id],
            quotas.get(title_id, 0),
            base,
            quorum_met,
            rules,
        )
        for title_id, units in candidates.items()
    )
    return CommendationTally(
        roll=roll, ballots=received, base=base, quorum_met=quorum_met, titles=titles
    )


def _title_result(
    title_id: int,
    units: list[int],
    counts: Counter[int],
    quota: int,
    base: int,
    quorum_met: bool,
    rules: ElectionRules,
) -> TitleResult:
    order = {unit: index for index, unit in enumerate(units)}
    ranked = sorted(order, key=lambda u: (-counts[u], order[u]))
    rows: list[Row] = []
    seats, tied_seats, rank = quota, 0, 1
    for approvals, group in groupby(ranked, key=lambda u: counts[u]):
        members = list(group)
        if not quorum_met:
            standing = Standing.VOID
        elif approvals == 0 or not rules.approval_share.met(approvals, base):
            standing = Standing.SHORT
        elif seats <= 0:
            standing = Standing.OUTSIDE
        elif len(members) <= seats:
            standing, seats = Standing.PROPOSED, seats - len(members)
        else:
            standing, tied_seats, seats = Standing.TIED, seats, 0
        rows.extend(
            Row(unit_id=u, approvals=approvals, rank=rank, standing=standing) for u in members
        )
        rank += len(members)
    return TitleResult(
        title_id=title_id,
        quota=quota,
        needed=rules.approval_share.needed(base),
        rows=tuple(rows),
        tied_seats=tied_seats,
    )


def proposed_over(rounds: Iterable[CommendationTally]) -> dict[int, tuple[int, ...]]:
    """Title id -> the units proposed for it over the rounds of one bình xét, in the order
    they were proposed: a new bình xét among units tied at the quota line fills only the seats
    left, so the bloc's outcome for a title is what every round proposed, not the last alone."""
    found: dict[int, list[int]] = {}
    for tally in rounds:
        for result in tally.titles:
            units = found.setdefault(result.title_id, [])
            units += [u for u in result.units(Standing.PROPOSED) if u not in units]
    return {title: tuple(units) for title, units in found.items()}

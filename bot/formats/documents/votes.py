"""The minutes of a count (biên bản kiểm phiếu) as template data: head/deputy and bình xét.

Everything here comes from the count stored when the vote closed (`Election.result`), the roll
and the rules the vote was opened under; the minutes state the roll, ballots issued and
received, valid and invalid, votes or approvals per unit and title, the rules, the times and
who opened and closed. There is no ballot here to state who voted for whom.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.domain.ballots import ElectionKind, HeadTally, Outcome, Share
from bot.domain.commendation import (
    CommendationTally,
    Standing,
    TitleResult,
    open_ties,
    proposed_over,
)
from bot.domain.elections import numbering, won_by_the_head
from bot.formats.documents.data import DocumentData, VoteRecord
from bot.formats.documents.words import Words


def together(w: Words, data: DocumentData, units: Iterable[int]) -> str:
    """Units a sentence names together, by name: "A và B", "A, B và C"."""
    return w.together([data.unit_label(u) for u in units])


def share_text(w: Words, share: Share) -> str:
    return w("share_strict" if share.strict else "share_atleast", share=share.label)


def vote_name(w: Words, data: DocumentData, vote: VoteRecord) -> str:
    """The vote's heading, told apart from the year's other votes of its kind: a runoff by its
    round, a bình xét among tied units as such, a vote held again by its number."""
    year = data.report.year + (0 if vote.kind is ElectionKind.COMMENDATION else 1)
    revote = vote.kind is ElectionKind.COMMENDATION and vote.round > 1
    name = w("vote_commendation_revote" if revote else f"vote_{vote.kind.value}", year=year)
    told = numbering(None if revote else vote.round, vote.attempt)
    return w(f"vote_{told[0]}", name=name, **told[1]) if told is not None else name


def _frame(
    w: Words, data: DocumentData, vote: VoteRecord, received: int, counted: bool
) -> dict[str, Any]:
    """What both kinds of minutes state about a vote, before the count itself. A void vote
    (no quorum) was received, not counted: its minutes say so and show no count."""
    roll = len(vote.roll)
    rules = vote.rules
    lines = [w("rule_quorum", share=share_text(w, rules.quorum), needed=rules.quorum.needed(roll))]
    receipts = w("receipts_counted" if counted else "receipts_void", count=vote.receipts)
    return {
        "name": vote_name(w, data, vote),
        "opened": w.when(vote.opened_at),
        "closed": w.when(vote.closed_at),
        "opened_by": vote.opened_by,
        "closed_by": vote.closed_by or w("closed_at_deadline"),
        "roll": str(roll),
        "issued": _issued(w, data, vote),
        "received": str(received),
        "turnout": w.percent(received, roll),
        "receipts": str(vote.receipts),
        "receipts_line": receipts,
        "counted": counted,
        "rules": lines,
        "roll_units": [data.unit_label(u) for u in vote.roll],
    }


def _issued(w: Words, data: DocumentData, vote: VoteRecord) -> str:
    """Ballots issued: one a unit that could vote; a unit with no delegate got none (named)."""
    voiceless = [u for u in vote.voiceless or () if u in vote.roll]
    issued = str(len(vote.roll) - len(voiceless))
    if not voiceless:
        return issued
    names = ", ".join(data.unit_label(u) for u in voiceless)
    return w("issued_voiceless", issued=issued, units=names)


def head_vote(w: Words, data: DocumentData, vote: VoteRecord) -> dict[str, Any]:
    tally = vote.head
    assert tally is not None
    found = _frame(w, data, vote, tally.ballots, tally.quorum_met)
    rules = vote.rules
    majority = share_text(w, rules.majority)
    if vote.round > 1:
        found["rules"].append(w("rule_runoff_most"))
    elif not tally.quorum_met:  # no valid ballots were counted: no number of votes to reach
        found["rules"].append(w("rule_majority_uncounted", share=majority))
    else:
        needed = rules.majority.needed(tally.valid)
        found["rules"].append(w("rule_majority", share=majority, needed=needed))
    found["rules"].append(
        w("rule_abstain_valid" if rules.abstentions_valid else "rule_abstain_invalid")
    )
    found["rules"].append(w("rule_self_vote_yes" if rules.self_vote else "rule_self_vote_no"))
    if not tally.quorum_met:  # sealed: nothing per candidate was kept (HeadTally.sealed)
        none = w("not_counted")
        found.update(valid=none, invalid=none, abstentions=none, votes=[])
        found.update(outcome=head_outcome(w, data, vote, tally))
        return found
    found.update(
        valid=str(tally.valid),
        invalid=str(tally.invalid),
        abstentions=str(tally.abstentions),
        votes=[
            {
                "no": str(n),
                "unit": data.unit_label(c.unit_id),
                "votes": str(c.votes),
                "share": w.percent(c.votes, tally.valid),
            }
            for n, c in enumerate(tally.votes, start=1)
        ],
        outcome=head_outcome(w, data, vote, tally),
    )
    return found


def head_outcome(w: Words, data: DocumentData, vote: VoteRecord, tally: HeadTally) -> str:
    """The vote's result; when it filled no seat (a tie, no majority, won by the head) and the
    bloc has since recorded its decision, whom it recorded."""
    role = w(f"role_{vote.kind.value}_in_text")  # "is elected bloc head"
    units = together(w, data, tally.runoff)
    year = data.report.year + 1
    held = False
    if tally.outcome is Outcome.ELECTED and tally.winner is not None:
        votes = next(c.votes for c in tally.votes if c.unit_id == tally.winner)
        # a deputy vote won by next year's head filled no seat (won_by_the_head)
        held = won_by_the_head(vote.kind, tally.winner, data.report.next_head)
        text = w(
            "outcome_head_won" if held else "outcome_elected",
            unit=data.unit_label(tally.winner),
            role=role,
            year=year,
            votes=votes,
            valid=tally.valid,
        )
    else:
        text = w(f"outcome_{tally.outcome.value}", units=units, role=role)
    decided = data.report.decided(vote.kind.value)
    if decided is not None and (held or tally.outcome in (Outcome.TIE, Outcome.UNDECIDED)):
        text += " " + w("outcome_decided", unit=data.unit_label(decided.unit_id), role=role,
                        year=year)  # fmt: skip
    return text


def binhxet_vote(w: Words, data: DocumentData, vote: VoteRecord) -> dict[str, Any]:
    tally = vote.commendation
    assert tally is not None
    found = _frame(w, data, vote, tally.ballots, tally.quorum_met)
    earlier = _proposed_before(data, vote)
    rules = vote.rules
    base = w(f"base_{rules.approval_base}")
    found["rules"].append(w("rule_quota"))
    found["rules"].append(w("rule_share", share=share_text(w, rules.approval_share), base=base))
    found["rules"].append(
        w("rule_self_approval_yes" if rules.self_approval else "rule_self_approval_no")
    )
    found.update(
        valid=str(tally.ballots),
        invalid="0",
        abstentions="",
        titles=[_title(w, data, tally, t) for t in tally.titles],
        outcome=[_title_outcome(w, data, t, earlier.get(t.title_id, ())) for t in tally.titles],
    )
    if not tally.quorum_met:  # sealed: no approvals per unit were kept
        none = w("not_counted")
        found.update(valid=none, invalid=none, outcome=[w("binhxet_void")])
    return found


def _title(
    w: Words, data: DocumentData, tally: CommendationTally, result: TitleResult
) -> dict[str, Any]:
    name = data.titles.get(result.title_id, str(result.title_id))
    line = (
        w("title_line", title=name, quota=result.quota, needed=result.needed)
        if tally.quorum_met
        else w("title_line_uncounted", title=name, quota=result.quota)
    )
    return {
        "name": name,
        "line": line,
        "quota": str(result.quota),
        "needed": str(result.needed),
        "rows": [
            {
                "no": str(n),
                "rank": str(row.rank),
                "unit": data.unit_label(row.unit_id),
                "approvals": str(row.approvals),
                "share": w.percent(row.approvals, tally.base),
                "standing": w(f"standing_{row.standing.value}"),
            }
            for n, row in enumerate(result.rows, start=1)
        ],
    }


def _proposed_before(data: DocumentData, vote: VoteRecord) -> dict[int, tuple[int, ...]]:
    """A bình xét among tied units fills only the seats left: what the earlier rounds (closed
    before it, of a lower round) proposed is part of the bloc's outcome for its titles."""
    if vote.round <= 1:
        return {}
    before = [
        v.commendation
        for v in data.of_kind(ElectionKind.COMMENDATION)
        if v.commendation is not None and v.round < vote.round and v.closed_at <= vote.closed_at
    ]
    return proposed_over(before)


def _title_outcome(
    w: Words, data: DocumentData, result: TitleResult, earlier: tuple[int, ...] = ()
) -> str:
    title = data.titles.get(result.title_id, str(result.title_id))
    now = [u for u in result.units(Standing.PROPOSED) if u not in earlier]
    proposed = [data.unit_label(u) for u in (*earlier, *now)]
    tied = [data.unit_label(u) for u in result.units(Standing.TIED)]
    # Units tied for the seats did qualify: "no unit qualifies" would be untrue of them.
    none = w("nobody_yet") if tied else w("nobody")
    names = ", ".join(proposed)
    if earlier:
        names += w("proposed_earlier", units=", ".join(data.unit_label(u) for u in earlier))
    text = w("title_proposed", title=title, units=names or none)
    if tied:
        text += " " + w("title_tied", units=w.together(tied), seats=result.tied_seats)
    return text


def meeting_outcomes(w: Words, data: DocumentData) -> list[str]:
    """The meeting's "results of the bình xét": each title's line as the first count gave it,
    and right after it the bình xét lại of its tied seats, labelled as such, so a title never
    reads as having two outcomes; a void vote is named, as it settled nothing."""
    lines: list[tuple[int | None, str]] = []
    revotes: dict[int, list[str]] = {}
    for vote in data.of_kind(ElectionKind.COMMENDATION):
        tally = vote.commendation
        if tally is None:
            continue
        if not tally.quorum_met:
            name = vote_name(w, data, vote)
            lines.append((None, w("vote_outcome", name=name, outcome=w("binhxet_void"))))
        elif vote.round > 1:
            for result in tally.titles:
                revotes.setdefault(result.title_id, []).append(_revote_line(w, data, result))
        else:
            lines += [(t.title_id, _title_outcome(w, data, t)) for t in tally.titles]
    found = []
    for title_id, line in lines:
        found.append(line)
        found += revotes.pop(title_id, []) if title_id is not None else []
    return found + [line for left in revotes.values() for line in left]


def _revote_line(w: Words, data: DocumentData, result: TitleResult) -> str:
    """ "TTLĐXS — bình xét lại giữa các đơn vị A và B (1 suất): A được đề nghị." """

    proposed, tied = result.units(Standing.PROPOSED), result.units(Standing.TIED)
    parts = [w("revote_proposed", units=together(w, data, proposed))] if proposed else []
    parts += [w("revote_tied", units=together(w, data, tied))] if tied else []
    return w.plural(
        "revote_line",
        result.quota,
        title=data.titles.get(result.title_id, str(result.title_id)),
        units=together(w, data, sorted((r.unit_id for r in result.rows), key=data.unit_code)),
        result="; ".join(parts) or w("nobody"),
    )


def proposals(data: DocumentData) -> dict[int, tuple[int, ...]]:
    """Title id -> the units proposed for it over every round of the bình xét (a tie runoff
    adds its proposed units to the first round's), in the order they were proposed."""
    found: dict[int, list[int]] = {}
    for vote in data.of_kind(ElectionKind.COMMENDATION):
        if vote.commendation is None:
            continue
        for result in vote.commendation.titles:
            units = found.setdefault(result.title_id, [])
            units += [u for u in result.units(Standing.PROPOSED) if u not in units]
    return {t: tuple(units) for t, units in found.items()}


def open_ties_of(data: DocumentData) -> dict[int, TitleResult]:
    """Title id -> its result where seats are still tied after the bình xét (the bloc decides,
    or votes again among the tied units)."""
    rounds = [v.commendation for v in data.of_kind(ElectionKind.COMMENDATION) if v.commendation]
    return open_ties(rounds)


def still_tied(data: DocumentData) -> dict[int, tuple[int, ...]]:
    """Title id -> units still tied at the quota line after the last round (the bloc decides)."""
    return {t: result.units(Standing.TIED) for t, result in open_ties_of(data).items()}

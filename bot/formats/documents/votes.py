"""The minutes of a count (biên bản kiểm phiếu) as template data: head/deputy and bình xét.

Everything here comes from the count stored when the vote closed (`Election.result`), the roll
and the rules the vote was opened under; the minutes state the roll, ballots issued and
received, valid and invalid, votes or approvals per unit and title, the rules, the times and
who opened and closed. There is no ballot here to state who voted for whom.
"""

from __future__ import annotations

from typing import Any

from bot.domain.ballots import ElectionKind, HeadTally, Outcome, Share
from bot.domain.commendation import CommendationTally, Standing, TitleResult, open_ties
from bot.formats.documents.data import DocumentData, VoteRecord
from bot.formats.documents.words import Words


def share_text(w: Words, share: Share) -> str:
    return w("share_strict" if share.strict else "share_atleast", share=share.label)


def vote_name(w: Words, data: DocumentData, vote: VoteRecord) -> str:
    year = data.report.year + (0 if vote.kind is ElectionKind.COMMENDATION else 1)
    name = w(f"vote_{vote.kind.value}", year=year)
    return w("vote_round", name=name, round=vote.round) if vote.round > 1 else name


def _frame(w: Words, data: DocumentData, vote: VoteRecord, received: int) -> dict[str, Any]:
    """What both kinds of minutes state about a vote, before the count itself."""
    roll = len(vote.roll)
    rules = vote.rules
    lines = [w("rule_quorum", share=share_text(w, rules.quorum), needed=rules.quorum.needed(roll))]
    return {
        "name": vote_name(w, data, vote),
        "opened": w.when(vote.opened_at),
        "closed": w.when(vote.closed_at),
        "opened_by": vote.opened_by,
        "closed_by": vote.closed_by or w("closed_at_deadline"),
        "roll": str(roll),
        "issued": str(roll),
        "received": str(received),
        "turnout": w.percent(received, roll),
        "receipts": str(vote.receipts),
        "rules": lines,
        "roll_units": [data.unit_label(u) for u in vote.roll],
    }


def head_vote(w: Words, data: DocumentData, vote: VoteRecord) -> dict[str, Any]:
    tally = vote.head
    assert tally is not None
    found = _frame(w, data, vote, tally.ballots)
    rules = vote.rules
    if vote.round > 1:
        found["rules"].append(w("rule_runoff_most"))
    else:
        needed = rules.majority.needed(tally.valid)
        found["rules"].append(
            w("rule_majority", share=share_text(w, rules.majority), needed=needed)
        )
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
    role = w(f"role_{vote.kind.value}")
    units = ", ".join(data.unit_label(u) for u in tally.runoff)
    if tally.outcome is Outcome.ELECTED and tally.winner is not None:
        votes = next(c.votes for c in tally.votes if c.unit_id == tally.winner)
        return w(
            "outcome_elected",
            unit=data.unit_label(tally.winner),
            role=role,
            year=data.report.year + 1,
            votes=votes,
            valid=tally.valid,
        )
    return w(f"outcome_{tally.outcome.value}", units=units, role=role)


def binhxet_vote(w: Words, data: DocumentData, vote: VoteRecord) -> dict[str, Any]:
    tally = vote.commendation
    assert tally is not None
    found = _frame(w, data, vote, tally.ballots)
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
        outcome=[_title_outcome(w, data, t) for t in tally.titles],
    )
    if not tally.quorum_met:  # sealed: no approvals per unit were kept
        none = w("not_counted")
        found.update(valid=none, invalid=none, outcome=[w("binhxet_void")])
    return found


def _title(
    w: Words, data: DocumentData, tally: CommendationTally, result: TitleResult
) -> dict[str, Any]:
    return {
        "name": data.titles.get(result.title_id, str(result.title_id)),
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


def _title_outcome(w: Words, data: DocumentData, result: TitleResult) -> str:
    title = data.titles.get(result.title_id, str(result.title_id))
    proposed = [data.unit_label(u) for u in result.units(Standing.PROPOSED)]
    tied = [data.unit_label(u) for u in result.units(Standing.TIED)]
    # Units tied for the seats did qualify: "no unit qualifies" would be untrue of them.
    none = w("nobody_yet") if tied else w("nobody")
    text = w("title_proposed", title=title, units=", ".join(proposed) or none)
    if tied:
        text += " " + w("title_tied", units=", ".join(tied), seats=result.tied_seats)
    return text


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

"""How a unit's ballot reads in the delegate's private chat: the list of open votes, the ballot,
the confirmation before ✅ and the receipt.

The receipt message replaces the confirmation and does not repeat the choice: once cast, the
chat keeps the receipt code and which vote it was, not whom the unit chose.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.domain.ballots import ElectionKind
from bot.domain.bloc import Bloc, Unit
from bot.domain.elections import NO_TITLE
from bot.i18n import Html, Texts
from bot.usecases.ballots import BallotView, Cast, OpenBallot
from views.election_text import election_title


def vote_list_text(tx: Texts, unit: Unit, ballots: list[OpenBallot]) -> Html:
    if not ballots:
        return tx("election.vote_list_none", code=unit.code)
    lines = [tx("election.vote_list_header", code=unit.code)]
    for entry in ballots:
        key = "election.vote_list_line_voted" if entry.voted else "election.vote_list_line_open"
        lines.append(tx(key, title=election_title(tx, entry.election, entry.year)))
    return Html("\n".join(lines))


def ballot_text(
    tx: Texts, bloc: Bloc, view: BallotView, year: int, deadline: datetime | None
) -> Html:
    """The ballot: which vote, for which unit, the deadline and how to fill it in."""
    unit = view.membership.unit
    title = election_title(tx, view.election, year)
    lines = [tx("election.ballot_header", title=title, code=unit.code, name=unit.name)]
    if deadline is not None:
        lines.append(tx("election.ballot_deadline", when=tx.when(deadline, bloc.timezone)))
    lines.append("")
    if view.election.kind is not ElectionKind.COMMENDATION:
        lines.append(tx("election.ballot_pick"))
        return Html("\n".join(lines))
    # Numbered as the buttons are (`1·DLK`: the first title's candidate DLK).
    for number, (title_id, units) in enumerate(view.candidates.items(), start=1):
        name = _title_name(view, title_id)
        if not units:
            lines.append(tx("election.ballot_title_none", number=number, title=name))
            continue
        if not view.choosable(title_id):  # only the voter's own unit, which it may not approve
            lines.append(tx("election.ballot_title_own_only", number=number, title=name))
            continue
        chosen = len(view.approvals.get(title_id, ()))
        quota = view.quotas.get(title_id, 0)
        lines.append(
            tx("election.ballot_title", number=number, title=name, quota=quota, chosen=chosen)
        )
    lines += ["", tx("election.ballot_approve")]
    return Html("\n".join(lines))


def _title_name(view: BallotView, title_id: int) -> str:
    title = view.titles.get(title_id)
    return title.name if title else "?"


def confirm_text(tx: Texts, view: BallotView, year: int, pick: Unit | None = None) -> Html:
    """What will be cast, shown before ✅: the pick, or the approvals per title."""
    unit = view.membership.unit
    title = election_title(tx, view.election, year)
    lines = [tx("election.ballot_header", title=title, code=unit.code, name=unit.name), ""]
    if view.election.kind is ElectionKind.COMMENDATION:
        choosable = [t for t in view.candidates if view.choosable(t)]
        # nothing to choose under any title: a ballot that approves no unit, said so
        head = "election.confirm_approvals" if choosable else "election.confirm_approvals_none"
        lines.append(tx(head))
        codes = _codes(view)
        for title_id in choosable:  # nobody to choose: the ballot said so, no line here
            chosen = [codes[u] for u in sorted(view.approvals.get(title_id, ()), key=codes.get)]
            name = _title_name(view, title_id)
            if chosen:
                lines.append(tx("election.confirm_title_line", title=name, codes=", ".join(chosen)))
            else:
                lines.append(tx("election.confirm_title_empty", title=name))
    elif pick is not None:
        lines.append(tx("election.confirm_pick", code=pick.code, name=pick.name))
    else:
        lines.append(tx("election.confirm_abstain"))
    lines += ["", tx("election.confirm_final")]
    return Html("\n".join(lines))


def _codes(view: BallotView) -> Mapping[int, str]:
    return {u.id: u.code for units in view.candidates.values() for u in units}


def cast_text(tx: Texts, cast: Cast, year: int) -> Html:
    """The receipt, without the choice."""
    title = election_title(tx, cast.election, year)
    return tx("election.cast_done", code=cast.unit.code, title=title, receipt=cast.receipt)


def head_candidates(view: BallotView) -> list[Unit]:
    """The candidates of a head or deputy ballot, in their order."""
    return list(view.candidates.get(NO_TITLE, []))

"""How a vote reads in the group: its progress line, the result of the count, the receipts.

Only counts are ever shown: how many units voted (never which chose what), the votes or
approvals per candidate, and the receipt codes counted (sorted, so their order says nothing).
Results exist only for a closed vote; this module is given the count, never the ballots.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.constants import LIST_PAGE_MAX_CHARS
from bot.domain.ballots import ElectionKind, HeadTally, Outcome, Share
from bot.domain.bloc import Bloc, Unit
from bot.domain.commendation import CommendationTally, Standing, TitleResult
from bot.domain.elections import Election, Role, numbering
from bot.domain.year import Title
from bot.i18n import Html, Texts

#: The command that records a meeting's decision, per kind of vote.
_SET_COMMAND = {ElectionKind.HEAD: "head set", ElectionKind.DEPUTY: "deputy set"}


def share_phrase(tx: Texts, share: Share) -> str:
    """ "more than 1/2" or "at least 2/3", as the rule says."""
    key = "election.share_strict" if share.strict else "election.share_atleast"
    return tx(key, share=share.label)


def election_title(tx: Texts, election: Election, year: int) -> Html:
    """ "Bầu Khối trưởng năm 2027 (vòng 2, lần 2)": head and deputy are elected for the next
    year; a bình xét among tied units is named as such, and a vote held again says which it is
    (`numbering`)."""
    shown = year if election.kind is ElectionKind.COMMENDATION else year + 1
    revote = election.kind is ElectionKind.COMMENDATION and election.is_runoff
    title = tx(f"election.kind_{election.kind.value}{'_revote' if revote else ''}", year=shown)
    told = numbering(None if revote else election.round, election.repeat)
    if told is not None:
        title = Html(title + tx(f"election.{told[0]}", **told[1]))
    return title


def awaited_text(tx: Texts, *, bloc: Bloc, year: int, votes: Sequence[Election]) -> Html:
    """The open votes a unit has not cast, as its reminder names them: "Bầu Khối trưởng năm
    2027; Bình xét, suy tôn năm 2026". A vote with a deadline of its own (a runoff) says it;
    the others close at the year's, which the reminder gives."""
    named = [
        tx("election.awaited_due", title=title, when=tx.when(e.due_at, bloc.timezone))
        if e.due_at is not None
        else tx("election.awaited", title=title)
        for e in votes
        for title in [election_title(tx, e, year)]
    ]
    return Html(tx("remind.list_sep_long").join(named))


def progress_text(
    tx: Texts,
    bloc: Bloc,
    election: Election,
    year: int,
    turnout: tuple[int, int],
    deadline: datetime | None,
) -> Html:
    """The group's message for a running vote, edited in place at every ballot: while open,
    until when and how the delegates vote (the group is where they learn a vote opened)."""
    voted, roll = turnout
    lines = [
        tx("election.progress", title=election_title(tx, election, year), voted=voted, roll=roll)
    ]
    if not election.is_open:
        return Html("\n".join([*lines, tx("election.progress_closed")]))
    if deadline is not None:
        lines.append(tx("election.progress_deadline", when=tx.when(deadline, bloc.timezone)))
    lines.append(tx("election.progress_how"))
    return Html("\n".join(lines))


def _codes(units: Mapping[int, Unit], ids: Sequence[int]) -> str:
    return ", ".join(units[i].code if i in units else "?" for i in ids)


def codes_and(tx: Texts, units: Mapping[int, Unit], ids: Sequence[int]) -> str:
    """The units a sentence names together: "DLK và DNG", "DLK, DNG và GLI"."""
    if len(ids) < 2:
        return _codes(units, ids)
    return tx("election.codes_and", rest=_codes(units, ids[:-1]), last=_codes(units, ids[-1:]))


def _unit(units: Mapping[int, Unit], unit_id: int) -> dict[str, str]:
    unit = units.get(unit_id)
    return {"code": unit.code, "name": unit.name} if unit else {"code": "?", "name": ""}


def result_messages(
    tx: Texts,
    bloc: Bloc,
    election: Election,
    year: int,
    tally: HeadTally | CommendationTally,
    units: Mapping[int, Unit],
    titles: Mapping[int, Title],
    runoff_deadline: datetime | None = None,
    earlier: Mapping[int, Sequence[int]] | None = None,
    clash: Role | None = None,
) -> list[Html]:
    """The count of a closed vote, as posted in the group: one message, or several when a
    bình xét of many titles would not fit in one (each title stays whole). `earlier`: for a
    bình xét among tied units, what the rounds before proposed (the bloc's whole outcome);
    `clash`: the other role the unit elected already held (election_close._record_leader)."""
    rules = election.rules
    header = [
        tx("election.result_header", title=election_title(tx, election, year)),
        tx(
            "election.turnout",
            ballots=tally.ballots,
            roll=tally.roll,
            needed=rules.quorum.needed(tally.roll),
            share=share_phrase(tx, rules.quorum),
        ),
    ]
    if isinstance(tally, HeadTally):
        body = _head_lines(tx, bloc, election, year, tally, units, runoff_deadline, clash)
        return _pack([header, body])
    blocks = _commendation_blocks(tx, election, tally, units, titles, earlier or {})
    return _pack([header, *blocks])


def _pack(blocks: list[list[str]]) -> list[Html]:
    """Blocks of lines joined into as few messages as fit, a blank line between blocks."""
    messages: list[str] = []
    for block in blocks:
        text = "\n".join(block)
        if messages and len(messages[-1]) + 2 + len(text) <= LIST_PAGE_MAX_CHARS:
            messages[-1] += "\n\n" + text
        else:
            messages.append(text)
    return [Html(m) for m in messages]


def _head_lines(
    tx: Texts,
    bloc: Bloc,
    election: Election,
    year: int,
    tally: HeadTally,
    units: Mapping[int, Unit],
    runoff_deadline: datetime | None,
    clash: Role | None = None,
) -> list[str]:
    if tally.outcome is Outcome.VOID:  # sealed: no numbers per candidate (HeadTally.sealed)
        return _void_lines(tx, election, tally.roll)
    lines = [
        tx.plural("election.votes_line", c.votes, votes=c.votes, **_unit(units, c.unit_id))
        for c in tally.votes
    ]
    lines.append(tx.plural("election.abstentions", tally.abstentions, count=tally.abstentions))
    if tally.invalid:
        lines.append(tx("election.invalid", count=tally.invalid))
    if not election.rules.abstentions_valid or tally.invalid:
        # the majority's base is not every ballot received: say what it is, to check by hand
        key = "election.valid" if election.rules.abstentions_valid else "election.valid_no_unit"
        lines.append(tx(key, valid=tally.valid, ballots=tally.ballots))
    lines.append("")
    outcome = tally.outcome
    if outcome is Outcome.ELECTED and tally.winner is not None:
        top = tally.votes[0].votes
        role = tx(f"election.role_{election.kind.value}")
        params = _unit(units, tally.winner)
        # A deputy elected who is next year's head is not recorded (see _record_leader).
        key = "election.outcome_top_is_head" if clash is Role.HEAD else "election.outcome_elected"
        lines.append(tx(key, role=role, year=year + 1, votes=top, valid=tally.valid, **params))
        if clash is Role.DEPUTY:
            lines.append(tx("election.elected_left_deputy", code=params["code"], year=year + 1))
    elif outcome is Outcome.RUNOFF:
        deadline = tx.when(runoff_deadline, bloc.timezone) if runoff_deadline else "—"
        lines.append(
            tx(
                "election.outcome_runoff",
                share=share_phrase(tx, election.rules.majority),
                codes=codes_and(tx, units, tally.runoff),
                when=deadline,
            )
        )
    else:
        key = "election.outcome_tie" if outcome is Outcome.TIE else "election.outcome_undecided"
        command = _SET_COMMAND.get(election.kind, "head set")
        lines.append(tx(key, codes=codes_and(tx, units, tally.runoff), command=command))
    return lines


def _commendation_blocks(
    tx: Texts,
    election: Election,
    tally: CommendationTally,
    units: Mapping[int, Unit],
    titles: Mapping[int, Title],
    earlier: Mapping[int, Sequence[int]],
) -> list[list[str]]:
    if not tally.quorum_met:  # sealed: no approvals per unit (CommendationTally.sealed)
        return [_void_lines(tx, election, tally.roll)]
    blocks = [_title_lines(tx, result, units, titles) for result in tally.titles]
    summary = [tx("election.proposed_header")]
    summary.extend(
        _proposed_line(tx, result, units, titles, earlier.get(result.title_id, ()))
        for result in tally.titles
    )
    return [*blocks, summary]


def _void_lines(tx: Texts, election: Election, roll: int) -> list[str]:
    """No quorum: how many units had to take part, as a count ("3 of 4"), and the rule's share
    apart, so "3/4" is never read as the fraction the rule names; then what comes next (a void
    vote may be held again: `/election open` opens it, or offers the runoff again)."""
    quorum = election.rules.quorum
    void = tx(
        "election.outcome_void",
        needed=quorum.needed(roll),
        roll=roll,
        share=share_phrase(tx, quorum),
    )
    runoff = election.is_runoff and election.kind is not ElectionKind.COMMENDATION
    command = _SET_COMMAND.get(election.kind, "head set")
    again = tx(
        "election.void_again_runoff" if runoff else "election.void_again",
        kind=election.kind.value,
        command=command,
    )
    return [void, again]


def _proposed_line(
    tx: Texts,
    result: TitleResult,
    units: Mapping[int, Unit],
    titles: Mapping[int, Title],
    earlier: Sequence[int] = (),
) -> Html:
    """What the bloc proposes for a title. Units tied at the quota line did reach the votes
    needed: they are named as tied for the seats left, never as "not enough votes". A bình
    xét among tied units names the units the rounds before proposed too (`earlier`): its own
    winners fill only the seats that were left."""
    name = _title_name(titles, result.title_id)
    proposed = (*earlier, *(u for u in result.units(Standing.PROPOSED) if u not in earlier))
    tied = result.units(Standing.TIED)
    codes = Html(html.escape(_codes(units, proposed), quote=False))
    if earlier:
        codes = Html(codes + tx("election.proposed_earlier", codes=codes_and(tx, units, earlier)))
    if tied:
        key = "election.proposed_line_tied" if proposed else "election.proposed_tied"
        shown = codes_and(tx, units, tied)
        return tx(key, title=name, codes=codes, tied=shown, seats=result.tied_seats)
    if proposed:
        return tx("election.proposed_line", title=name, codes=codes)
    return tx("election.proposed_none", title=name)


def _title_name(titles: Mapping[int, Title], title_id: int) -> str:
    title = titles.get(title_id)
    return title.name if title else "?"


def _title_lines(
    tx: Texts, result: TitleResult, units: Mapping[int, Unit], titles: Mapping[int, Title]
) -> list[str]:
    # in the words of the minutes, the workbook and /summary
    line = tx(
        "documents.title_line",
        title=_title_name(titles, result.title_id),
        quota=result.quota,
        needed=result.needed,
    )
    lines = [tx("election.title_header", line=line)]
    if not result.rows:
        return [*lines, tx("election.title_no_candidates")]
    for row in result.rows:
        mark = tx(f"election.mark_{row.standing.value}")
        lines.append(
            tx.plural(
                "election.approval_line",
                row.approvals,
                rank=row.rank,
                approvals=row.approvals,
                mark=mark,
                **_unit(units, row.unit_id),
            )
        )
    tied = result.units(Standing.TIED)
    if tied:
        lines.append(
            tx("election.tie_note", codes=codes_and(tx, units, tied), seats=result.tied_seats)
        )
    return lines


def receipts_text(
    tx: Texts, election: Election, year: int, receipts: Sequence[str], *, void: bool = False
) -> Html:
    """The receipt codes, sorted: each unit finds its own, nobody learns a choice. A void vote
    (no quorum) is not counted: its codes are the ballots received."""
    title = election_title(tx, election, year)
    kind = "receipts_void" if void else "receipts"
    if not receipts:
        return tx(f"election.{kind}_none", title=title)
    header = tx(f"election.{kind}_header", count=len(receipts), title=title)
    return Html(header + "\n<code>" + "  ".join(sorted(receipts)) + "</code>")

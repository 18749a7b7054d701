"""A delegate's ballot in the private chat, and its buttons. Pure: text and keyboards.

A ballot in progress is never stored: a head/deputy pick is in the button pressed, and a bình
xét ballot is a mask over the vote's (title, unit) slots that every button carries as it would
be after the press. The confirmation's ✅ carries exactly what it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from telegram import InlineKeyboardMarkup

from bot.callback_data import Where, button
from bot.domain.ballot_codes import toggled
from bot.domain.ballots import ElectionKind
from bot.domain.bloc import Bloc, Unit
from bot.i18n import Html, Texts
from bot.usecases.ballots import BallotView, OpenBallot
from bot.usecases.elections import VoteOpened
from views.ballot_text import ballot_text, confirm_text, head_candidates, vote_list_text
from views.election_text import codes_and, election_title
from views.keyboards import CANCEL, Btn, confirm_row, grid, keyboard

KIND = "vote"
#: A candidate's code, with its title's number on a bình xét ballot, fits a button.
COLUMNS = 3


@button(KIND, "unit", Where.PRIVATE)
class VoteUnit:
    """The unit picked (a delegate of several units): its open votes."""

    unit_id: int


@button(KIND, "show", Where.PRIVATE)
class ShowBallot:
    unit_id: int
    election_id: int


@button(KIND, "pick", Where.PRIVATE)
class PickCandidate:
    """A head/deputy candidate picked (0: no one): the confirmation follows."""

    unit_id: int
    election_id: int
    choice: int


@button(KIND, "cast", Where.PRIVATE)
class CastPick:
    """✅ on the confirmation of a head/deputy ballot."""

    unit_id: int
    election_id: int
    choice: int


@button(KIND, "ap", Where.PRIVATE)
class Approve:
    """A bình xét ballot after one more (un)approval."""

    unit_id: int
    election_id: int
    mask: str


@button(KIND, "rev", Where.PRIVATE)
class ReviewApprovals:
    unit_id: int
    election_id: int
    mask: str


@button(KIND, "castap", Where.PRIVATE)
class CastApprovals:
    """✅ on the confirmation of a bình xét ballot."""

    unit_id: int
    election_id: int
    mask: str


@button(KIND, "no", Where.PRIVATE)
class LeaveBallot:
    """✖️: nothing is cast."""

    unit_id: int


def vote_notice(
    tx: Texts, opened: VoteOpened, units: Sequence[Unit], words: str, **more: str
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """A delegate of `units` (on the roll) is told, privately, that a vote opened (`words`: a
    first round's, a runoff's, or a runoff's reminder that it closes soon): which vote (a
    runoff: between which units), until when, and how to vote, with the 🗳 button of the
    ballot reminders (one per unit when they act for several); `more`: what else `words` say
    (a moved deadline: the one before)."""
    election, bloc = opened.election, opened.bloc
    candidates = {u.id: u for u in opened.candidates}
    deadline = opened.deadline
    text = tx(
        words if deadline is not None else f"{words}_no_deadline",
        title=election_title(tx, election, opened.year),
        codes=codes_and(tx, candidates, list(candidates)),
        when=tx.when(deadline, bloc.timezone) if deadline is not None else "",
        unit=", ".join(u.code for u in units),
        **more,
    )
    label = tx("remind.btn_election")
    rows = [
        [Btn(label if len(units) == 1 else f"{label} · {u.code}", VoteUnit(u.id))] for u in units
    ]
    return text, keyboard(rows)


def vote_list(
    tx: Texts, unit: Unit, ballots: list[OpenBallot]
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The unit's open votes; a button for each one it has not voted in."""
    rows = [
        [
            Btn(
                tx("election.btn_open_ballot", title=election_title(tx, b.election, b.year)),
                ShowBallot(unit.id, b.election.id),
            )
        ]
        for b in ballots
        if not b.voted
    ]
    return vote_list_text(tx, unit, ballots), keyboard(rows)


def ballot_screen(
    tx: Texts, bloc: Bloc, view: BallotView, year: int, deadline: datetime | None
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The ballot with its buttons: a candidate each, or a ☑️/⬜ per title and candidate."""
    text = ballot_text(tx, bloc, view, year, deadline)
    unit_id, eid = view.membership.unit.id, view.election.id
    if view.election.kind is not ElectionKind.COMMENDATION:
        picks = [
            Btn(u.code, PickCandidate(unit_id, eid, u.id))
            for u in head_candidates(view)
            if u.id != unit_id or view.election.rules.self_vote  # no button the rules refuse
        ]
        rows = grid(picks, COLUMNS)
        rows.append([Btn(tx("election.btn_abstain"), PickCandidate(unit_id, eid, 0))])
        rows.append([Btn(CANCEL + tx("election.btn_cancel"), LeaveBallot(unit_id))])
        return text, keyboard(rows)
    rows = []
    for number, title_id in enumerate(view.candidates, start=1):
        chosen = view.approvals.get(title_id, frozenset())
        buttons = []
        for u in view.choosable(title_id):  # no button for a choice the rules refuse
            mark = "☑️" if u.id in chosen else "⬜"
            after = view.mask_with(toggled(view.approvals, title_id, u.id))
            buttons.append(Btn(f"{mark} {number}·{u.code}", Approve(unit_id, eid, after)))
        rows += grid(buttons, COLUMNS)
    rows.append(
        [
            Btn(tx("election.btn_review"), ReviewApprovals(unit_id, eid, view.mask)),
            Btn(CANCEL + tx("election.btn_cancel"), LeaveBallot(unit_id)),
        ]
    )
    return text, keyboard(rows)


def confirm_screen(
    tx: Texts, view: BallotView, year: int, pick: Unit | None = None
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """What will be cast, with ✅ (cast), ⬅️ (back to the ballot) and ✖️."""
    unit_id, eid = view.membership.unit.id, view.election.id
    if view.election.kind is ElectionKind.COMMENDATION:
        commit: object = CastApprovals(unit_id, eid, view.mask)
        back: object = Approve(unit_id, eid, view.mask)
    else:
        commit = CastPick(unit_id, eid, pick.id if pick else 0)
        back = ShowBallot(unit_id, eid)
    rows = [
        confirm_row(
            tx("election.btn_cast"), commit, tx("election.btn_cancel"), LeaveBallot(unit_id)
        ),  # type: ignore[arg-type]
        [Btn(tx("election.btn_back"), back)],  # type: ignore[arg-type]
    ]
    return confirm_text(tx, view, year, pick), keyboard(rows)

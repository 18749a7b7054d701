"""The group's side of votes: opening (candidates to tick, quotas per title), closing, the
head or deputy decided in the meeting, /status during the election phase, and their buttons.
Pure: text and keyboards, no I/O.

The ticked candidates and the quotas travel in the buttons (a mask over the bloc's units, a
dot-separated quota per title): the ✅ carries exactly what the confirmation showed, and the
use case proposes it again against the state at the press.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.domain.ballot_codes import encode_quotas, encode_units
from bot.domain.ballots import RULE_CHOICES, ElectionKind
from bot.domain.bloc import Bloc, Unit
from bot.domain.elections import NO_TITLE, Election, Role
from bot.i18n import Html, Texts
from bot.usecases.elections import OpenProposal, RunningVote
from bot.usecases.leaders import LeaderBoard, LeaderEntry, LeaderProposal, VoteStatus
from views.election_text import election_title, share_phrase
from views.keyboards import Btn, confirm_row, grid, keyboard

KIND = "election"
LABEL_MAX = 28


@button(KIND, "pick")
class PickCandidates:
    """Tick or untick a candidate on the opening's confirmation (head, deputy)."""

    kind: ElectionKind
    mask: str


@button(KIND, "quota")
class SetQuotas:
    """Change a title's quota on the opening's confirmation (bình xét)."""

    quotas: str


@button(KIND, "open")
class OpenVote:
    """✅ on the opening: the kind, the year, and the ticked candidates or the quotas."""

    kind: ElectionKind
    year_id: int
    spec: str


@button(KIND, "close")
class CloseVote:
    election_id: int


@button(KIND, "tie")
class TieRunoff:
    """The round a vote that stands still waits for, offered: a bình xét's result with ties
    (vote again among the tied units), or a head or deputy runoff that ended void (hold it
    again). Pressed, it shows the round's confirmation (`open_screen`), and on it changes the
    hours to vote (`hours`; 0: the rule's)."""

    election_id: int
    hours: int = 0


@button(KIND, "round")
class OpenRound:
    """✅ on a round's confirmation: the vote it follows, the hours and the deadline shown."""

    election_id: int
    hours: int
    due: int


@button(KIND, "noround")
class KeepRound:
    """✖️ on a round's confirmation: nothing opens; how to offer it again is said."""

    kind: ElectionKind


@button(KIND, "lead")
class SetLeader:
    """✅ on `/head set` or `/deputy set`."""

    role: Role
    unit_id: int
    year: int


@button(KIND, "no")
class KeepVotes:
    """✖️ on any of the confirmations above: nothing changes."""


def _rules_line(tx: Texts, proposal: OpenProposal) -> Html:
    rules = proposal.rules
    roll = len(proposal.roll)
    # The quorum as a share and as a count of the roll ("at least 3 of 4"): "3/4" alone would
    # read as the fraction.
    quorum = {
        "quorum": share_phrase(tx, rules.quorum),
        "needed": rules.quorum.needed(roll),
        "roll": roll,
    }
    if proposal.kind is ElectionKind.COMMENDATION:
        key = "election.rules_self_yes" if rules.self_approval else "election.rules_self_no"
        return tx(
            "election.rules_commendation",
            **quorum,
            share=share_phrase(tx, rules.approval_share),
            base=tx(f"election.rules_base_{rules.approval_base}"),
            own=tx(key),
        )
    if proposal.follows is not None:  # a runoff: the most votes, a tie to the meeting
        return tx("election.rules_runoff", **quorum)
    return tx(
        "election.rules_head",
        **quorum,
        majority=share_phrase(tx, rules.majority),
        hours=rules.runoff_hours,
    )


def open_screen(tx: Texts, proposal: OpenProposal) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The opening's confirmation: candidates (ticked) or quotas, the roll, rules, deadline;
    for a round that follows a closed vote (`proposal.follows`), its candidates as they are
    and the hours to vote to choose."""
    bloc, year = proposal.bloc, proposal.year
    lines = [tx("election.open_header", title=_open_title(tx, proposal))]
    rows: list[list[Btn]] = []
    if proposal.follows is not None:
        lines += _round_lines(tx, proposal)
    elif proposal.kind is ElectionKind.COMMENDATION:
        lines.append(tx("election.open_quotas"))
        values = [proposal.quotas.get(t.id, 0) for t in proposal.titles]
        for index, t in enumerate(proposal.titles):
            units = proposal.registered.get(t.id, [])
            codes = ", ".join(u.code for u in units) or "—"
            lines.append(
                tx("election.open_quota_line", title=t.name, quota=values[index], codes=codes)
            )
            rows.append(_quota_row(t.name, values, index))
    else:
        picked = proposal.candidates.get(NO_TITLE, [])
        everyone = [u for u in proposal.roll if u != proposal.excluded]
        lines.append(tx("election.open_candidates", count=len(picked), total=len(everyone)))
        lines += _seat_lines(tx, proposal)
        rows += grid([_tick(proposal, everyone, picked, u) for u in everyone], 3)
    lines.append(tx("election.open_roll", count=len(proposal.roll)))
    if proposal.voiceless:
        codes = ", ".join(u.code for u in proposal.voiceless)
        lines.append(tx("election.open_voiceless", codes=codes))
        able, needed = proposal.able, proposal.rules.quorum.needed(len(proposal.roll))
        if able < needed:  # void before it opens, unless delegates join first
            lines.append(tx("election.open_out_of_reach", able=able, needed=needed))
    lines.append(_rules_line(tx, proposal))
    if proposal.deadline is not None:
        lines.append(tx("election.open_deadline", when=tx.when(proposal.deadline, bloc.timezone)))
    else:
        lines.append(tx("election.open_no_deadline"))
    if proposal.follows is not None:
        lines += _round_after(tx, proposal)
        rows += _round_rows(tx, proposal)
        return Html("\n".join(lines)), keyboard(rows)
    commit = OpenVote(proposal.kind, year.id, proposal.spec)
    rows.append(confirm_row(tx("election.btn_open"), commit, tx("election.btn_keep"), KeepVotes()))
    return Html("\n".join(lines)), keyboard(rows)


def _open_title(tx: Texts, proposal: OpenProposal) -> Html:
    shown = _shown_year(proposal)
    if proposal.follows is None:
        return tx(f"election.kind_{proposal.kind.value}", year=shown)
    if proposal.kind is ElectionKind.COMMENDATION:
        return tx("election.kind_commendation_revote", year=shown)
    return Html(tx(f"election.kind_{proposal.kind.value}", year=shown) + tx("election.round_again"))


def _round_lines(tx: Texts, proposal: OpenProposal) -> list[Html]:
    """A round's candidates, fixed by the vote it follows: per title the tied units and the
    seats left, or the head's or deputy's runoff units."""
    if proposal.kind is not ElectionKind.COMMENDATION:
        codes = ", ".join(u.code for u in proposal.candidates.get(NO_TITLE, []))
        return [tx("election.round_candidates", codes=codes)]
    lines = [tx("election.round_seats")]
    for t in proposal.titles:
        codes = ", ".join(u.code for u in proposal.candidates.get(t.id, []))
        seats = proposal.quotas.get(t.id, 0)
        lines.append(tx("election.round_seat_line", title=t.name, seats=seats, codes=codes))
    return lines


def _round_after(tx: Texts, proposal: OpenProposal) -> list[Html]:
    """How a round's deadline is set and changed, and the other way: the bloc's meeting."""
    alternative = (
        tx("election.round_meeting_commendation")
        if proposal.kind is ElectionKind.COMMENDATION
        else tx("election.round_meeting_leader", command=f"/{proposal.kind.value} set")
    )
    return [tx("election.round_deadline_how", hours=proposal.hours), alternative]


def _round_rows(tx: Texts, proposal: OpenProposal) -> list[list[Btn]]:
    """The hours to vote to choose (the one shown ticked), then ✅ / ✖️."""
    assert proposal.follows is not None and proposal.deadline is not None
    follows, chosen = proposal.follows, proposal.hours
    choices = [h for h in RULE_CHOICES["runoff_hours"] if isinstance(h, int)]
    hours = [
        Btn(
            ("☑️ " if h == chosen else "") + tx("election.btn_round_hours", hours=h),
            TieRunoff(follows, h),
        )
        for h in (choices if chosen in choices else [chosen, *choices])
    ]
    due = int(proposal.deadline.timestamp())
    commit = OpenRound(follows, chosen, due)
    keep = KeepRound(proposal.kind)
    return [hours, confirm_row(tx("election.btn_open"), commit, tx("election.btn_keep"), keep)]


def _seat_lines(tx: Texts, proposal: OpenProposal) -> list[Html]:
    """A head or deputy vote and next year's seats already recorded: the other role's unit is
    no candidate; the unit recorded in this role is replaced by the one the vote elects."""
    lines = []
    if proposal.excluded is not None:
        other = "head" if proposal.kind is ElectionKind.DEPUTY else "deputy"
        lines.append(tx(f"election.open_excluded_{other}", code=proposal.excluded.code))
    if proposal.replaces is not None:
        unit, source = proposal.replaces
        role = tx(f"election.role_{proposal.kind.value}")
        how = tx(f"election.leaders_by_{source.value}")
        shown = _shown_year(proposal)
        lines.append(tx("election.open_replaces", code=unit.code, role=role, year=shown, how=how))
    return lines


def _shown_year(proposal: OpenProposal) -> int:
    if proposal.kind is ElectionKind.COMMENDATION:
        return proposal.year.year
    return proposal.year.year + 1


def _tick(proposal: OpenProposal, everyone: list[Unit], picked: list[Unit], unit: Unit) -> Btn:
    chosen = unit in picked
    after = [u for u in everyone if (u in picked) != (u == unit)]
    mark = "☑️" if chosen else "⬜"
    mask = encode_units((u.id for u in proposal.roll), (u.id for u in after))
    return Btn(f"{mark} {unit.code}", PickCandidates(proposal.kind, mask))


def _quota_row(name: str, values: list[int], index: int) -> list[Btn]:
    def changed(delta: int) -> SetQuotas:
        new = list(values)
        new[index] = max(0, values[index] + delta)
        return SetQuotas(encode_quotas(new))

    label = name if len(name) <= LABEL_MAX else name[: LABEL_MAX - 1] + "…"
    return [
        Btn("➖", changed(-1)),
        Btn(f"{label}: {values[index]}", changed(0)),
        Btn("➕", changed(1)),
    ]


def close_screen(
    tx: Texts, bloc: Bloc, found: list[RunningVote]
) -> tuple[Html, InlineKeyboardMarkup]:
    """`/election close`: each open vote's turnout against its quorum (closed now without it,
    the vote is void, and the admin is told so), its deadline when set, and one ✅ per vote."""
    lines = [tx("election.close_confirm")]
    rows = []
    for vote in found:
        title = election_title(tx, vote.election, vote.year)
        counts = {"title": title, "voted": vote.voted, "roll": vote.roll, "needed": vote.needed}
        if vote.due is None:
            line = tx("election.close_vote", **counts)
        else:
            line = tx("election.close_vote_due", when=tx.when(vote.due, bloc.timezone), **counts)
        lines += ["", line]
        if not vote.quorum_met:
            lines.append(tx("election.close_vote_void"))
        rows.append(
            [Btn("✅ " + tx("election.btn_close", title=title), CloseVote(vote.election.id))]
        )
    rows.append([Btn("✖️ " + tx("election.btn_keep"), KeepVotes())])
    markup = keyboard(rows)
    assert markup is not None
    return Html("\n".join(lines)), markup


def tie_keyboard(
    tx: Texts, election_id: int, kind: ElectionKind = ElectionKind.COMMENDATION
) -> InlineKeyboardMarkup | None:
    """The offer of the round that follows `election_id`: a new bình xét among tied units, or
    (head, deputy) the runoff held again; pressed, its confirmation (`open_screen`)."""
    key = "btn_tie_runoff" if kind is ElectionKind.COMMENDATION else "btn_runoff_again"
    return keyboard([[Btn("🗳 " + tx(f"election.{key}"), TieRunoff(election_id))]])


def runoff_opened_text(tx: Texts, runoff: Election) -> Html:
    """A round's confirmation once ✅ is pressed: what opened (its progress message follows)."""
    if runoff.kind is ElectionKind.COMMENDATION:
        return tx("election.tie_runoff_opened")
    return tx("election.runoff_again_opened")


def _replaced_line(tx: Texts, proposal: LeaderProposal, role: str) -> Html:
    """Whom the record replaces; a unit elected by ballot is said so, with when the vote ended."""
    assert proposal.current is not None
    code = proposal.current.code
    if not proposal.replaces_vote:
        return tx("election.leader_replaces", code=code)
    assert proposal.seat is not None
    return tx(
        "election.leader_replaces_vote",
        code=code,
        role=role,
        year=proposal.year,
        date=tx.date(proposal.seat.set_at, proposal.bloc.timezone),
        new=proposal.unit.code,
    )


def leader_screen(tx: Texts, proposal: LeaderProposal) -> tuple[Html, InlineKeyboardMarkup]:
    """The confirmation of `/head set` or `/deputy set`: this year's unit says it will review
    the self-scores; next year's hints at how to record this year's."""
    role = tx(f"election.role_{proposal.role.value}")
    unit = proposal.unit
    this_year = proposal.for_this_year
    lines = [
        tx(
            "election.leader_confirm_current" if this_year else "election.leader_confirm",
            code=unit.code,
            name=unit.name,
            role=role,
            year=proposal.year,
        )
    ]
    if proposal.current is not None and proposal.current != unit:
        lines.append(_replaced_line(tx, proposal, role))
    if this_year:
        lines.append(tx("election.leader_current_note", code=unit.code))
    elif proposal.this_year is not None:
        command = f"/{proposal.role.value} set {unit.code} {proposal.this_year}"
        lines.append(
            tx("election.leader_current_hint", role=role, year=proposal.this_year, command=command)
        )
    commit = SetLeader(proposal.role, unit.id, proposal.year)
    markup = keyboard(
        [confirm_row(tx("election.btn_record"), commit, tx("election.btn_keep"), KeepVotes())]
    )
    assert markup is not None
    return Html("\n".join(lines)), markup


def leader_set_text(tx: Texts, entry: LeaderEntry) -> Html:
    """The confirmation once ✅ recorded a head or deputy."""
    role = tx(f"election.role_{entry.leader.role.value}")
    done = tx("election.leader_set", code=entry.unit.code, role=role, year=entry.leader.year)
    if not entry.this_year:
        return done
    return Html("\n".join([done, tx("election.leader_current_note", code=entry.unit.code)]))


def leaders_text(tx: Texts, board: LeaderBoard, role: Role) -> Html:
    """`/head` or `/deputy` alone: the head and deputy of the open and the next year, each
    with how it was chosen; to an admin, how to record one (`role`'s usage)."""
    lines = [tx("election.leaders_header")]
    for year, found in board.years:
        named = {r: _leader_named(tx, found.get(r)) for r in Role}
        lines.append(
            tx("election.leaders_year", year=year, head=named[Role.HEAD], deputy=named[Role.DEPUTY])
        )
    if board.admin:
        lines += ["", tx(f"election.{role.value}_set_usage")]
    return Html("\n".join(lines))


def _leader_named(tx: Texts, entry: LeaderEntry | None) -> Html:
    if entry is None:
        return tx("election.leaders_none")
    how = tx(f"election.leaders_by_{entry.leader.source.value}")
    return tx("election.leaders_unit", code=entry.unit.code, name=entry.unit.name, how=how)


def status_text(tx: Texts, timezone: str, year: int, votes: list[VoteStatus]) -> Html:
    """The election part of /status: each vote, who has voted (never what), who has not."""
    if not votes:
        return tx("election.status_none", year=year)
    lines = [tx("election.status_header", year=year)]
    for vote in votes:
        title = election_title(tx, vote.election, vote.year)
        total = len(vote.voted) + len(vote.pending)
        if not vote.election.is_open:
            state = tx("election.state_closed")
        elif vote.deadline is not None:
            state = tx("election.state_open", when=tx.when(vote.deadline, timezone))
        else:
            state = Html("")
        lines += [
            "",
            tx("election.status_vote", title=title, voted=len(vote.voted), roll=total, state=state),
        ]
        if vote.election.is_open:
            voted = ", ".join(u.code for u in vote.voted) or "—"
            pending = ", ".join(u.code for u in vote.pending) or "—"
            lines.append(tx("election.status_voted", codes=voted))
            lines.append(tx("election.status_pending", codes=pending))
    return Html("\n".join(lines))

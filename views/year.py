"""The year as people see it: /year, the confirmations of opening, closing (with what is still
pending), reopening and deadlines, /status's pointers, and their buttons. Pure: text and
keyboards, no I/O."""

from __future__ import annotations

from collections.abc import Collection

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.domain.errors import FieldError, Reason
from bot.domain.nudge_times import WeekendDeadline
from bot.i18n import Html, Texts
from bot.usecases import year as years
from bot.usecases.elections import RunningVote
from bot.usecases.year_close import CloseProposal
from bot.usecases.year_next import Opening
from handlers.file_errors import render_error
from views.documents import ties_text
from views.election_text import election_title
from views.keyboards import confirm_keyboard

KIND = "year"


@button(KIND, "open")
class OpenYear:
    """✅ on opening the year `year` (the number, checked again at the press)."""

    year: int


@button(KIND, "close")
class CloseYear:
    year_id: int


@button(KIND, "reopen")
class ReopenYear:
    year_id: int


@button(KIND, "dl")
class SetDeadline:
    """✅ on a deadline: the phase's end as a UTC timestamp, for the year it was shown for,
    and the phase's deadline when it was shown (`was`, 0: none): the press is refused once
    that changed, so an older confirmation never undoes a newer one."""

    year_id: int
    phase: Phase
    at: int
    was: int


@button(KIND, "no")
class KeepYear:
    """✖️ on any of the confirmations above: nothing changes."""


def confirm_keys(tx: Texts, commit: object, commit_key: str) -> InlineKeyboardMarkup:
    return confirm_keyboard(tx(commit_key), commit, tx("year.btn_cancel"), KeepYear())  # type: ignore[arg-type]


def render_year(tx: Texts, bloc: Bloc, view: years.YearView) -> Html:
    state = "year.state_open" if view.year.is_open else "year.state_closed"
    lines = [tx("year.header", year=view.year.year, state=tx(state))]
    if view.phase is not None:
        lines.append(tx("year.phase_now", phase=tx.phase(view.phase)))
    lines += ["", tx("year.deadlines_header")]
    for phase in Phase:
        due = view.deadlines.get(phase)
        text = tx.when(due, bloc.timezone) if due else tx("year.no_deadline")
        lines.append(tx("year.deadline_line", phase=tx.phase(phase), when=text))
    if view.scale is not None:
        lines += ["", tx("year.scale_line", name=view.scale.name, version=view.scale.version)]
    if view.year.is_open and len(view.deadlines) < len(Phase):
        lines += ["", tx("year.deadline_hint", **view.example)]
    if view.next is not None:
        lines += ["", tx("year.open_next", next=view.next)]
    return Html("\n".join(lines))


def render_open(tx: Texts, found: Opening) -> Html:
    """Opening's question; a year other than the usual one (already over, ahead…) is warned
    about, naming the usual year, since an opened year cannot be deleted."""
    text = tx("year.confirm_open", year=found.year)
    if found.note is None:
        return text
    note = tx(f"year.open_{found.note.value}", year=found.year, usual=found.usual, last=found.last)
    warning = tx("year.warning", text=Html(f"{note} {tx('year.open_for_good')}"))
    return Html("\n\n".join([text, warning]))


def deadline_text(tx: Texts, bloc: Bloc, proposal: years.DeadlineProposal, key: str) -> Html:
    lines = [
        tx(
            key,
            phase=tx.phase(proposal.phase),
            year=proposal.year.year,
            when=tx.when(proposal.due_at, bloc.timezone),
            timezone=tx.zone(bloc.timezone),
        )
    ]
    lines += [tx("year.warning", text=render_error(tx, w)) for w in _warnings(proposal)]
    if proposal.weekend is not None:
        lines.append(tx("year.warning", text=weekend_text(tx, bloc, proposal.weekend)))
    if proposal.locks is not None:
        lines.append(_locks_line(tx, proposal, stored=key == "year.deadline_set"))
    if proposal.told:
        lines.append(tx.plural("year.deadline_told", proposal.told, count=proposal.told))
    if proposal.votes_told:
        told = proposal.votes_told
        lines.append(tx.plural("year.deadline_votes_told", told, count=told))
    if proposal.closed_told:
        told = proposal.closed_told
        lines.append(tx.plural("year.deadline_closed_told", told, count=told))
    if proposal.posted:
        lines.append(tx("year.deadline_posted"))
    return Html("\n".join(lines))


def _warnings(proposal: years.DeadlineProposal) -> list[FieldError]:
    """The warnings to show: the 🔒 line already says this phase's deadline has passed, so its
    "⚠️ … đã qua" is left out ("đã qua" twice in a row)."""
    if proposal.locks is None:
        return list(proposal.warnings)
    own = {"phase": proposal.phase.value}
    return [
        w for w in proposal.warnings if not (w.reason == Reason.DEADLINE_PAST and w.params == own)
    ]


def _locks_line(tx: Texts, proposal: years.DeadlineProposal, *, stored: bool) -> Html:
    """A deadline already past ends the phase at once: who is locked out, said plainly."""
    tense = "locked" if stored else "locks"
    phase, action = tx.phase(proposal.phase), tx(f"remind.action_{proposal.phase.value}")
    if not proposal.locks:
        return tx(f"year.deadline_{tense}_none", phase=phase)
    codes = ", ".join(proposal.locks)
    count = len(proposal.locks)
    key = f"year.deadline_{tense}"
    return tx.plural(key, count, phase=phase, action=action, count=count, codes=codes)


def weekend_text(tx: Texts, bloc: Bloc, weekend: WeekendDeadline) -> Html:
    """ "Thời hạn rơi vào Chủ Nhật…; lần nhắc cuối là Thứ Năm, 28/01/2027 17:00." """
    day = tx(f"calendar.weekday_{weekend.weekday}")
    if weekend.last is None:
        return tx("year.weekend_no_nudge", day=day)
    return tx("year.weekend_last_nudge", day=day, when=tx.when(weekend.last, bloc.timezone))


def moved_params(tx: Texts, moved: years.DeadlineMoved) -> dict[str, Html]:
    """The refusal of a deadline's ✅ pressed after the deadline changed, in words: the phase
    and its deadline as it is now (`year.deadline_moved`)."""
    when = tx.when(moved.due_at, moved.timezone) if moved.due_at else tx("year.no_deadline")
    return {"phase": tx.phase(moved.phase), "when": when}


#: Units named in one pending line of the closing question before "… and N more".
UNITS_NAMED = 12


def render_close(tx: Texts, found: CloseProposal) -> Html:
    """Closing's question, with every phase not over and every unit that has not acted."""
    lines = [tx("year.confirm_close", year=found.year.year)]
    if found.pending:
        lines += ["", tx("year.close_pending")]
    for p in found.pending:
        if p.due is None:
            line = tx("year.close_pending_unset", phase=tx.phase(p.phase))
        else:
            key = "year.close_pending_over" if p.over else "year.close_pending_due"
            line = tx(key, phase=tx.phase(p.phase), when=tx.when(p.due, found.bloc.timezone))
        if p.units:
            codes = ", ".join(u.code for u in p.units[:UNITS_NAMED])
            more = len(p.units) - UNITS_NAMED
            codes += tx("year.close_more", count=more) if more > 0 else ""
            line += " " + tx("year.close_pending_units", count=len(p.units), codes=codes)
        lines.append(line)
    if found.ties:
        lines += ["", tx("year.close_ties", ties=ties_text(tx, found.ties), year=found.year.year)]
    lines += ["", tx("year.close_after", year=found.year.year)]
    return Html("\n".join(lines))


def render_votes_open(tx: Texts, bloc: Bloc, year: int, votes: list[RunningVote]) -> Html:
    """Closing refused: each open vote of the year with its turnout and deadline, and how to
    close it (its ballots are counted only at its close, so the year waits for it)."""
    lines = [tx("year.close_votes_open", year=year)]
    for vote in votes:
        title = election_title(tx, vote.election, year)
        counts = {"title": title, "voted": vote.voted, "roll": vote.roll}
        if vote.due is None:
            lines.append(tx("year.close_vote_unset", **counts))
        else:
            lines.append(tx("year.close_vote_due", when=tx.when(vote.due, bloc.timezone), **counts))
    return Html("\n".join([*lines, "", tx("year.close_votes_how")]))


def status_hints(tx: Texts, found: years.StatusView, parts: Collection[Phase]) -> list[str]:
    """ "Đăng ký thi đua: /status pledge" for each earlier phase that has its own part; a
    vote under way outside the election phase, and a round that units submitted ahead of the
    year's phase, with where to follow them; the year to open, when the bloc has none open."""
    year = f" {found.year.year}" if found.named or not found.year.is_open else ""
    lines = []
    for vote in found.votes:
        title = election_title(tx, vote, found.year.year)
        lines += ["", tx("year.status_vote_open", title=title, command=f"/status election{year}")]
    for ahead in found.ahead:
        phase = ahead.round.phase
        command = f"/status {phase.value}{year}"
        count, total = ahead.submitted, ahead.units
        lines += [
            "",
            tx(
                "year.status_ahead",
                round=tx.phase(phase),
                count=count,
                total=total,
                command=command,
            ),
        ]
    shown = [p for p in found.past if p in parts]
    if shown:
        lines += ["", tx("year.status_more")]
    for p in shown:
        # a closed year's part is read only (no 🔓): its own line, when the phase has one
        key = f"year.status_see_{p.value}" + ("" if found.year.is_open else "_closed")
        key = key if tx.catalog.has(tx.lang, key) else "year.status_see"
        lines.append(tx(key, phase=tx.phase(p), command=f"/status {p.value}{year}"))
    if found.next is not None:
        lines += ["", tx("year.open_next", next=found.next)]
    return lines


def status_over(tx: Texts, year: int, past: tuple[Phase, ...]) -> Html:
    """Every dated phase of the year is past: "every deadline" only when all were dated; else
    which are past and which were never set (QA qa9 #11)."""
    unset = [p for p in Phase if p not in past]
    if not unset:
        return tx("year.status_over", year=year)
    sep = tx("year.status_phase_sep")

    def named(phases: list[Phase]) -> Html:
        return Html(sep.join(f"<b>{tx.phase(p)}</b>" for p in phases))

    return tx("year.status_over_unset", year=year, past=named(list(past)), unset=named(unset))

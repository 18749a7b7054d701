"""The year as people see it: /year, the confirmations of opening, closing and deadlines,
and their buttons. Pure: text and keyboards, no I/O."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.domain.bloc import Bloc
from bot.domain.calendar import Phase
from bot.i18n import Html, Texts
from bot.usecases import year as years
from handlers.file_errors import render_error
from views.keyboards import confirm_keyboard

KIND = "year"


@button(KIND, "open")
class OpenYear:
    """✅ on opening the year `year` (the number, checked again at the press)."""

    year: int


@button(KIND, "close")
class CloseYear:
    year_id: int


@button(KIND, "dl")
class SetDeadline:
    """✅ on a deadline: the phase's end as a UTC timestamp, for the year it was shown for."""

    year_id: int
    phase: Phase
    at: int


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
        lines += ["", tx("year.deadline_hint")]
    return Html("\n".join(lines))


def deadline_text(tx: Texts, bloc: Bloc, proposal: years.DeadlineProposal, key: str) -> Html:
    lines = [
        tx(
            key,
            phase=tx.phase(proposal.phase),
            year=proposal.year.year,
            when=tx.when(proposal.due_at, bloc.timezone),
            timezone=bloc.timezone,
        )
    ]
    lines += [tx("year.warning", text=render_error(tx, w)) for w in proposal.warnings]
    return Html("\n".join(lines))

"""Assessments seen from the group and by admins: each unit's state in a round (the round's
part of `/status`) and one unit's assessment with its log. Pure: text and keyboards."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from telegram import InlineKeyboardMarkup

from bot.domain.assessment import LogAction, Score, Status
from bot.domain.bloc import Bloc
from bot.domain.scale import Scale
from bot.i18n import Html, Texts, telegram_length
from bot.usecases.assessment_admin import RoundView, UnitAssessment
from views.assess_buttons import AskReopen, RoundPage, SeeUnit
from views.assess_text import MESSAGE_ROOM, fit, join, state_line, total_line
from views.keyboards import Btn, grid, keyboard, pager_row, paginate

PER_PAGE = 15
_ICONS = {Status.NOT_STARTED: "⬜", Status.DRAFT: "✏️", Status.SUBMITTED: "✅", Status.CHANGED: "🔄"}


def render_round(
    tx: Texts, bloc: Bloc, view: RoundView, page: int, *, may_reopen: bool = False
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """Each unit's state in the round, with a 🔍 for each submitted one of the page; for an
    admin in private (`may_reopen`), a 🔓 for each unit locked out with nothing submitted (a
    submitted one is reopened from its 🔍); a closed year's list is only read (no 🔓)."""
    lines = [tx("assess.status_header", round=tx.phase(view.round.phase), year=view.year.year)]
    if view.deadline is not None:
        lines.append(tx("assess.deadline", when=tx.when(view.deadline, bloc.timezone)))
    lines += [tx("assess.status_count", count=len(view.submitted), total=len(view.units)), ""]
    shown = paginate(view.units, page, PER_PAGE)
    for unit in shown.items:
        state = view.states[unit.id]
        lines.append(
            f"{_ICONS[state.status]} <b>{unit.code}</b>: {state_line(tx, state, own=False)}"
        )
    if not view.units:
        lines.append(tx("assess.status_no_units"))
    done = {u.id for u in view.submitted}
    year_id = view.year.id
    see = [
        Btn(f"🔍 {u.code}", SeeUnit(u.id, view.round, year_id)) for u in shown.items if u.id in done
    ]
    late = [
        Btn(f"🔓 {u.code}", AskReopen(u.id, view.round))
        for u in shown.items
        if may_reopen and view.year.is_open and u.id not in done and view.states[u.id].locked
    ]
    rows = [*grid(see, 4), *grid(late, 4)]
    rows.append(pager_row(shown, lambda n: RoundPage(year_id, view.round, n)))
    return join(tx, lines), keyboard(rows)


def render_unit(
    tx: Texts, found: UnitAssessment, *, may_reopen: bool
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """A unit's assessment as submitted (what counts): every item, the total, a word when a
    newer draft is not submitted, its log; 🔓 when locked (in the open year: a closed year's
    assessments are only read)."""
    a, scale = found.assessment, found.scale
    lines = [
        tx(
            "assess.header",
            round=tx.phase(a.round.phase),
            year=found.year.year,
            code=found.unit.code,
            name=found.unit.name,
        ),
        state_line(tx, found.state, own=False),
        "",
        *item_lines(tx, scale, found.scores),
    ]
    shown = found.state.submitted_total if a.submitted else found.state.total
    lines += ["", total_line(tx, scale, shown or Decimal(0))]
    if found.state.status is Status.CHANGED:
        lines.append(tx("assess.newer_draft"))
    log = log_lines(tx, found, shown=a.submitted)
    lines = [*fit(lines, MESSAGE_ROOM - sum(telegram_length(x) + 1 for x in log)), *log]
    rows = []
    if may_reopen and found.year.is_open and found.state.locked:
        rows.append(
            [Btn(tx("assess.btn_reopen", code=found.unit.code), AskReopen(found.unit.id, a.round))]
        )
    return join(tx, lines), keyboard(rows)


def item_lines(tx: Texts, scale: Scale, scores: Mapping[str, Score]) -> list[str]:
    """Every item of the scale as the unit gave it: "1.2: 9,5/10 — its note" ("—" when not
    scored). The admin's 🔍 and the reviewers' screen of a unit (`views.review`) read it."""
    lines = []
    for item in scale.items():
        score = scores.get(item.criterion.code)
        value = tx.number(score.value) if score is not None and score.value is not None else "—"
        line = tx(
            "assess.review_item",
            code=item.criterion.code,
            value=value,
            max=tx.number(item.criterion.max),
        )
        if score is not None and score.note:
            line += " — " + tx("assess.note_inline", note=score.note)
        lines.append(line)
    return lines


def log_lines(tx: Texts, found: UnitAssessment, *, shown: bool) -> list[str]:
    """The last five log lines. Of several submissions, the first and the later ones are told
    apart, and the last is marked as the version shown (`shown`: the screen shows what was
    submitted), not two bare "submitted at" lines (qa-regress #10)."""
    submits = [i for i, e in enumerate(found.log) if e.action is LogAction.SUBMITTED]
    lines = []
    for i, e in list(enumerate(found.log))[-5:]:
        key = f"assess.log_{e.action.value}"
        if len(submits) > 1 and i in submits:
            key = "assess.log_submitted_first" if i == submits[0] else "assess.log_resubmitted"
        line = tx(key, when=tx.when(e.at, found.bloc.timezone), reason=e.reason or "")
        if len(submits) > 1 and shown and i == submits[-1]:
            line += tx("assess.log_shown")
        lines.append(line)
    return lines

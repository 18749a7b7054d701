"""The pieces every `/assess` screen shares: a unit's state line, the header, the navigation
row. Pure: text and keyboards, no I/O."""

from __future__ import annotations

from decimal import Decimal

from telegram import InlineKeyboardMarkup

from bot.domain.assessment import State, Status
from bot.domain.scale import Scale
from bot.i18n import Html, Texts, telegram_length
from bot.usecases.assessment import Session, Stage
from views.assess_buttons import Go
from views.fit import fit_lines
from views.keyboards import Btn

Markup = InlineKeyboardMarkup | None


#: What one message may hold, with room left for Telegram's 4096 and the entities.
MESSAGE_ROOM = 3800


def join(tx: Texts, lines: list[str]) -> Html:
    """A screen's lines as one message that fits (see views/fit.py)."""
    return fit_lines(tx, lines)


def fit(lines: list[str], room: int = MESSAGE_ROOM) -> list[str]:
    """The first lines that fit `room` characters as shown (tags not counted), then "…"."""
    kept: list[str] = []
    used = 0
    for line in lines:
        used += telegram_length(line) + 1
        if used > room:
            return [*kept, "…"]
        kept.append(line)
    return kept


def codes_text(codes: tuple[str, ...], room: int = 600) -> str:
    """Item codes as a list that stays short: "1.1, 1.2, … (+40)"."""
    text = ", ".join(codes)
    if len(text) <= room:
        return text
    shown = text[:room].rsplit(", ", 1)[0]
    return f"{shown}, … (+{len(codes) - shown.count(', ') - 1})"


def state_line(tx: Texts, state: State, *, own: bool) -> Html:
    """Where the unit stands; a draft's total only for its own delegates. Once submitted, the
    submitted total (the one that counts); changes made since are said to be unsent and not
    counted, with the draft's total for the unit's own delegates (once locked: not sent in
    time, so never counted)."""
    if state.status == Status.NOT_STARTED:
        text = tx("assess.state_not_started", required=state.required)
    elif state.status == Status.DRAFT:
        total = tx.number(state.total) if own else ""
        key = "assess.state_draft_own" if own else "assess.state_draft"
        text = tx(key, scored=state.scored, required=state.required, total=total)
    else:
        total = tx.number(state.submitted_total or Decimal(0))
        # once locked, the changes are no draft being edited any more: they were not sent
        ended = "_locked" if state.locked else ""
        if state.status == Status.SUBMITTED:
            text = tx("assess.state_submitted", total=total)
        elif own:
            draft = tx.number(state.total)
            text = tx(f"assess.state_changed_own{ended}", total=total, draft=draft)
        else:
            text = tx(f"assess.state_changed{ended}", total=total)
    marks = []
    if state.late:
        marks.append(tx("assess.mark_late"))
    if state.locked:
        marks.append(tx("assess.mark_locked"))
    elif state.reopened:
        marks.append(tx("assess.mark_reopened"))
    return Html(" · ".join([text, *marks]))


def total_line(tx: Texts, scale: Scale, total: Decimal) -> str:
    """ "Total: 85 (maximum 100, plus up to 5 bonus points)": the ceiling as /scale shows it."""
    shown, most, bonus = (tx.number(n) for n in (total, scale.max_total, scale.max_bonus))
    if scale.max_bonus:
        return tx("assess.review_total_bonus", total=shown, max=most, bonus=bonus)
    return tx("assess.review_total", total=shown, max=most)


def header(tx: Texts, s: Session) -> list[str]:
    bloc = s.membership.bloc
    lines = [
        tx(
            "assess.header",
            round=tx.phase(s.round.phase),
            year=s.year.year,
            code=s.unit.code,
            name=s.unit.name,
        )
    ]
    if s.deadline is not None:
        lines.append(tx("assess.deadline", when=tx.when(s.deadline, bloc.timezone)))
    lines.append(state_line(tx, s.state, own=True))
    return lines


def nav(tx: Texts, s: Session) -> list[Btn]:
    unit, round_ = s.unit.id, s.round
    return [
        Btn(tx("assess.btn_overview"), Go(unit, round_, Stage.OVERVIEW)),
        Btn(tx("assess.btn_review"), Go(unit, round_, Stage.REVIEW)),
    ]

"""The review's confirmations: what a ↩️, 🗑, ⛔ or "rank again" will do, with ✅/✖️, and the
line that says it was done. Pure: text and keyboards (see `bot.usecases.review_confirm`).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import Button, Where, button
from bot.domain.bloc import Unit
from bot.domain.review import ExtraKind, Round
from bot.i18n import Html, Texts
from bot.registry import Screen
from bot.usecases.review_confirm import Ask, Commit, Settled
from bot.usecases.review_flow import ReviewDraft, Step, UnitView
from views.keyboards import CANCEL, Btn, confirm_keyboard, keyboard
from views.review import KIND, OpenUnit, round_name, signed_points


@button(KIND, "keepok", Where.PRIVATE)
class ConfirmKeep:
    """✅ of ↩️: `value` is the reviewed score the confirmation named (a change refuses it)."""

    year_id: int
    round: Round
    unit_id: int
    code: str
    value: str


@button(KIND, "dropok", Where.PRIVATE)
class ConfirmDrop:
    year_id: int
    round: Round
    unit_id: int
    extra_id: int


@button(KIND, "inclok", Where.PRIVATE)
class ConfirmInclude:
    year_id: int
    round: Round
    unit_id: int


@button(KIND, "exclok", Where.PRIVATE)
class ConfirmExclude:
    """✅ of ⛔: the reason waits in a pending change (too long for the button)."""

    year_id: int
    round: Round
    unit_id: int
    change_id: int


@button(KIND, "back", Where.PRIVATE)
class KeepUnit:
    """✖️ on any of them: nothing stored, the unit's screen again (a kept reason forgotten)."""

    year_id: int
    round: Round
    unit_id: int
    change_id: int = 0


def _points(tx: Texts, ask: Ask) -> str:
    assert ask.extra is not None
    return signed_points(tx, ask.extra.kind, ask.extra.points)


def _what(tx: Texts, ask: Ask) -> tuple[Html, Button, Html]:
    """The confirmation's sentence, its ✅ action and the ✅'s label."""
    view, code = ask.view, ask.view.unit.code
    y, r, u = view.year.id, view.round, view.unit.id
    where = {"unit": code, "round": round_name(tx, r), "year": view.year.year}
    if ask.what is Commit.KEEP:
        line = ask.line
        assert line is not None and line.reviewed is not None
        own = tx.number(line.self_score) if line.self_score is not None else "—"
        reviewed = tx.number(line.reviewed.reviewed)
        text = tx("review.ask_keep", code=line.code, reviewed=reviewed, own=own, **where)
        label = tx("review.btn_keep_self_ok", code=line.code)
        return text, ConfirmKeep(y, r, u, line.code, ask.value), label
    if ask.what is Commit.DROP:
        extra = ask.extra
        assert extra is not None
        bonus = extra.kind is ExtraKind.BONUS
        kind = tx("review.kind_bonus" if bonus else "review.kind_deduction")
        who = view.people.get(extra.reviewer_id, str(extra.reviewer_id))
        points = _points(tx, ask)
        text = tx("review.ask_drop", kind=kind, points=points, reason=extra.reason, who=who,
                  **where)  # fmt: skip
        return text, ConfirmDrop(y, r, u, extra.id), tx("review.btn_drop_ok", points=points)
    if ask.what is Commit.INCLUDE:
        text = tx("review.ask_include", reason=ask.reason or "", **where)
        return text, ConfirmInclude(y, r, u), tx("review.btn_include_ok", code=code)
    text = tx("review.ask_exclude", reason=ask.reason or "", **where)
    return text, ConfirmExclude(y, r, u, ask.change_id), tx("review.btn_exclude_ok", code=code)


def render_ask(tx: Texts, ask: Ask) -> tuple[Html, InlineKeyboardMarkup]:
    """The confirmation: what the ✅ stores, the unit's total before and after, who is told
    (nobody, when the unit has no delegate)."""
    view = ask.view
    text, commit, label = _what(tx, ask)
    shown = [text]
    if ask.what in (Commit.KEEP, Commit.DROP):
        before, after = tx.number(view.sheet.total), tx.number(ask.after)
        shown.append(tx("review.ask_totals", before=before, after=after))
    footer = "review.ask_footer" if view.has_delegates else "review.ask_footer_nobody"
    shown.append(tx(footer, unit=view.unit.code))
    cancel = KeepUnit(view.year.id, view.round, view.unit.id, ask.change_id)
    markup = confirm_keyboard(label, commit, tx("review.btn_cancel"), cancel)
    return Html("\n".join(shown)), markup


def exclude_prompt(tx: Texts, view: UnitView) -> tuple[Html, InlineKeyboardMarkup | None]:
    """⛔ pressed: the reason is asked for, saying whether the unit will be told it; ✖️ leaves
    it, back to the unit's screen."""
    key = "review.exclude_prompt" if view.has_delegates else "review.exclude_prompt_nobody"
    cancel = KeepUnit(view.year.id, view.round, view.unit.id)
    return tx(key, code=view.unit.code), keyboard([[Btn(CANCEL + tx("review.btn_cancel"), cancel)]])


def way_back(tx: Texts, draft: ReviewDraft, unit: Unit, step: str) -> Screen:
    """A reviewer's review paused (/cancel, another flow opened over it, /start): what stands,
    and the button back to the unit's screen (its buttons, and its typed decisions again)."""
    key = "review.back_exclude" if step == Step.EXCLUDE else "review.back_lines"
    opened = OpenUnit(draft.year_id, draft.round, draft.unit_id)
    markup = keyboard([[Btn(tx("review.btn_open_unit", code=unit.code), opened)]])
    return Screen(tx(key, code=unit.code), markup)


def done_line(tx: Texts, done: Settled, told: bool) -> Html:
    """The first line of the unit's screen after a ✅: what was stored and whether the unit was
    told (a unit without delegates has nobody to tell)."""
    ask, code = done.asked, done.asked.view.unit.code
    if ask.what is Commit.KEEP:
        assert ask.line is not None
        said = tx("review.done_keep", code=ask.line.code, unit=code)
    elif ask.what is Commit.DROP:
        said = tx("review.done_drop", points=_points(tx, ask), unit=code)
    else:
        said = tx(f"review.done_{ask.what.value}", unit=code)
    return Html(f"{said} {tx('review.told' if told else 'review.told_nobody')}")


def unit_again(tx: Texts, unit: OpenUnit) -> InlineKeyboardMarkup | None:
    """Under a ✅ refused because the unit's review moved on: its screen as it is now."""
    return keyboard([[Btn(tx("review.btn_unit_again"), unit)]])

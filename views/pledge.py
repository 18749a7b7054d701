"""The pledge screens of a delegate (titles, commitments, review, read-only) and their
buttons. Pure: text and keyboards, no I/O."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import Where, button
from bot.constants import MESSAGE_MAX_CHARS
from bot.domain.pledge import COMMITMENTS_MAX_CHARS
from bot.i18n import Count, Texts, telegram_length
from bot.usecases.pledge import COMMITMENTS, REVIEW, TITLES, Session, Step
from views.fit import fit_lines
from views.keyboards import Btn, confirm_row, keyboard
from views.pledge_text import pledge_lines, registered_lines

KIND = "pledge"


@button(KIND, "unit", Where.PRIVATE)
class OpenPledge:
    """The unit picked (a delegate of several units): open its pledge."""

    unit_id: int


@button(KIND, "t", Where.PRIVATE)
class ToggleTitle:
    unit_id: int
    title_id: int


@button(KIND, "go", Where.PRIVATE)
class GoToStep:
    unit_id: int
    step: Step
    #: The commitment messages stored when the button was drawn (0: not counted). A press
    #: whose count is behind the draft's comes from a message older than the latest line's
    #: answer: its step is then shown as a new message, the newest in the chat.
    parts: int = 0


@button(KIND, "clear", Where.PRIVATE)
class ClearCommitments:
    """🗑 on the commitments: asks first (up to 3,000 characters would go at once)."""

    unit_id: int


@button(KIND, "clear_ok", Where.PRIVATE)
class ConfirmClear:
    unit_id: int


@button(KIND, "clear_no", Where.PRIVATE)
class KeepCommitments:
    unit_id: int


@button(KIND, "restart", Where.PRIVATE)
class AskRestart:
    """↩️ on a draft that differs from the unit's registered pledge: asks first (the draft
    goes)."""

    unit_id: int


@button(KIND, "restart_ok", Where.PRIVATE)
class ConfirmRestart:
    unit_id: int


@button(KIND, "ok", Where.PRIVATE)
class RegisterPledge:
    """✅ on the review: store exactly what it shows."""

    unit_id: int


@button(KIND, "no", Where.PRIVATE)
class LeavePledge:
    """✖️ on the review: nothing is registered; a first registration's draft is kept, the
    changes to a registered pledge are dropped."""

    unit_id: int


def _header(tx: Texts, s: Session) -> list[str]:
    lines = [tx("pledge.header", year=s.year.year, code=s.unit.code, name=s.unit.name)]
    if s.deadline is not None:
        lines.append(tx("pledge.deadline", when=tx.when(s.deadline, s.membership.bloc.timezone)))
    if s.registered is not None:
        key = "pledge.own_draft" if s.own_draft else "pledge.editing"
        lines.append(tx(key, when=tx.when(s.registered.updated_at, s.membership.bloc.timezone)))
    return [*lines, ""]


def commit_row(tx: Texts, s: Session) -> list[Btn]:
    unit, parts = s.unit.id, len(s.draft.parts)
    return [
        Btn(tx("pledge.btn_titles"), GoToStep(unit, TITLES, parts)),
        Btn(tx("pledge.btn_clear"), ClearCommitments(unit)),
        Btn(tx("pledge.btn_review"), GoToStep(unit, REVIEW, parts)),
    ]


def render(tx: Texts, s: Session) -> tuple[str, InlineKeyboardMarkup | None]:
    """The screen of the session's step (or the read-only pledge after the deadline); titles an
    admin removed since they were chosen are said on top."""
    if not s.editable:
        body = registered_lines(  # a title removed since stays in the registered pledge
            tx, s.membership.bloc, s.unit, s.year.year, s.registered, s.every, commitments=True
        )
        when_text = tx.when(s.deadline, s.membership.bloc.timezone) if s.deadline else ""
        key = "pledge.read_only" if s.registered else "pledge.read_only_unregistered"
        # the person's changes never sent with ✅ are gone with the deadline: said, not shown
        lost = [tx("pledge.unsent_locked")] if s.unsent else []
        return fit_lines(tx, [tx(key, when=when_text), *lost, "", *body]), None
    notice = [tx("pledge.titles_removed", names=", ".join(s.removed)), ""] if s.removed else []
    if s.replaced:
        notice += [tx("pledge.draft_replaced"), ""]
    return _step_screen(tx, s, notice)


def render_clear(tx: Texts, s: Session) -> tuple[str, InlineKeyboardMarkup | None]:
    """🗑's question: the commitments go only after ✅."""
    unit = s.unit.id
    row = confirm_row(
        tx("pledge.btn_clear_ok"),
        ConfirmClear(unit),
        tx("pledge.btn_keep_text"),
        KeepCommitments(unit),
    )
    size = len(s.draft.commitments)
    return tx.plural("pledge.confirm_clear", size, count=Count(size)), keyboard([row])


def render_restart(tx: Texts, s: Session) -> tuple[str, InlineKeyboardMarkup | None]:
    """↩️'s question: the person's draft goes only after ✅; keeping it returns to the step."""
    assert s.registered is not None
    when = tx.when(s.registered.updated_at, s.membership.bloc.timezone)
    row = confirm_row(
        tx("pledge.btn_restart_ok"),
        ConfirmRestart(s.unit.id),
        tx("pledge.btn_keep_draft"),
        GoToStep(s.unit.id, s.step),
    )
    return tx("pledge.confirm_restart", when=when), keyboard([row])


def _restart_row(tx: Texts, s: Session) -> list[list[Btn]]:
    """↩️ while the draft differs from the registered pledge."""
    return [[Btn(tx("pledge.btn_restart"), AskRestart(s.unit.id))]] if s.own_draft else []


def _commitments_lines(tx: Texts, s: Session, top: list[str]) -> list[str]:
    """Step 2 under `top`: with text already there (the registered pledge being edited, or what
    was sent so far), that text quoted as it is, to copy and change; a text too long to show
    whole (`fit_lines` shortens it) is said not to be copied, since its end would be lost."""
    text = s.draft.commitments
    count = Count(len(text))
    most = Count(COMMITMENTS_MAX_CHARS)
    if not text:
        return [*top, tx("pledge.step_commitments", count=count, max=most)]
    registered = s.registered is not None and s.registered.commitments == text
    quoted = [
        "",
        tx("pledge.current_registered" if registered else "pledge.current_draft"),
        tx("pledge.current_text", text=text),
    ]
    lines = [*top, tx("pledge.step_commitments_current", count=count, max=most), *quoted]
    if telegram_length("\n".join(lines)) <= MESSAGE_MAX_CHARS:
        return lines
    return [*top, tx("pledge.step_commitments_current_cut", count=count, max=most), *quoted]


def _step_screen(
    tx: Texts, s: Session, notice: list[str]
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The step's screen under `notice`, fitted as one message (a person's text shortened)."""
    unit = s.unit.id
    top = [*notice, *_header(tx, s)]
    if s.step == TITLES:
        chosen = set(s.draft.titles)
        rows = [
            [Btn(("☑️ " if t.id in chosen else "⬜ ") + t.name, ToggleTitle(unit, t.id))]
            for t in s.titles
        ]
        rows.append([Btn(tx("pledge.btn_next"), GoToStep(unit, COMMITMENTS))])
        rows += _restart_row(tx, s)
        return fit_lines(tx, [*top, tx("pledge.step_titles")]), keyboard(rows)
    if s.step == COMMITMENTS:
        rows = [commit_row(tx, s), *_restart_row(tx, s)]
        return fit_lines(tx, _commitments_lines(tx, s, top)), keyboard(rows)
    names = [t.name for t in s.chosen]
    body = pledge_lines(tx, s.unit, s.year.year, names, s.draft.commitments)
    rows = [
        confirm_row(
            tx("pledge.btn_register"),
            RegisterPledge(unit),
            tx("pledge.btn_cancel"),
            LeavePledge(unit),
        ),
        [
            Btn(tx("pledge.btn_titles"), GoToStep(unit, TITLES)),
            Btn(tx("pledge.btn_commitments"), GoToStep(unit, COMMITMENTS)),
        ],
    ]
    return fit_lines(tx, [*notice, tx("pledge.step_review"), "", *body]), keyboard(rows)

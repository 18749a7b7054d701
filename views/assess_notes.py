"""What `/assess` asks before taking a typed text as a criterion's note or evidence note: a bare
number typed right after scoring, at the note or the evidence step (the score meant to be
corrected?), digits that make no number ("7.5.1": a score mistyped?), or a line refused as a
score line (a note that starts with a criterion's code?); and, at the score step, a score cut
short ("7,": 7, or 7,5 meant?). Pure: text and keyboards, no I/O.

Nothing is saved until a button says which: the score goes through the ordinary score button
(`Value`, checked against the screen's revision), the note through `KeepHeld`.
"""

from __future__ import annotations

from decimal import Decimal

from bot.domain.assessment import score_for
from bot.domain.errors import InvalidValue
from bot.i18n import Html, Texts, plain_text
from bot.usecases.assessment import Session, Stage
from bot.usecases.assessment_wizard import held_tag
from handlers.file_errors import render_error
from views.assess_buttons import Go, KeepHeld, Value
from views.assess_text import Markup, join, nav
from views.keyboards import Btn, keyboard

#: How much of a held text a button's label quotes.
LABEL_CHARS = 24


def keep_row(tx: Texts, s: Session) -> list[Btn]:
    """The button that keeps the held text: as the note, or at the evidence step as an
    evidence note; none when nothing is held. A long text is quoted by its start."""
    held, item = s.position.pending, s.item
    if held is None or item is None:
        return []
    key = "assess.btn_keep_note" if s.position.stage == Stage.NOTE else "assess.btn_keep_evidence"
    quoted = held if len(held) <= LABEL_CHARS else held[: LABEL_CHARS - 1].rstrip() + "…"
    label = plain_text(tx(key, text=quoted))
    code = item.criterion.code
    return [Btn(label, KeepHeld(s.unit.id, s.round, code, held_tag(held)))]


def keep_hint(tx: Texts, s: Session) -> list[str]:
    """Under a paste refused at the note or evidence step: the line may have been the note."""
    if s.position.pending is None or s.item is None:
        return []
    key = "assess.held_note" if s.position.stage == Stage.NOTE else "assess.held_evidence"
    return [tx(key, code=s.item.criterion.code)]


def render_number_note(tx: Texts, s: Session) -> tuple[Html, Markup]:
    """A bare number typed at the note or evidence step: correct the score to it, or keep it as
    the note (the evidence note at the evidence step).

    A number the criterion cannot take is not offered as a score; the reason is said instead.
    Nor is the score it already has: the question is then only whether to keep it as the note.
    """
    item, typed = s.item, s.position.pending
    assert item is not None and typed is not None
    c = item.criterion
    score = s.scores.get(c.code)
    current = tx.number(score.value) if score is not None and score.value is not None else "—"
    stage = s.position.stage
    asked = "assess.number_note" if stage == Stage.NOTE else "assess.number_evidence"
    rows: list[list[Btn]] = []
    try:
        value = score_for(c, typed)
    except InvalidValue as refused:
        text = tx(
            f"{asked}_invalid",
            code=c.code,
            typed=typed,
            current=current,
            reason=render_error(tx, refused.error.model_copy(update={"item": None})),
        )
    else:
        shown = tx.number(value)
        same = score is not None and score.value == value  # a fix to it would change nothing
        key = f"{asked}_same" if same else asked
        text = tx(key, code=c.code, typed=typed, current=current, value=shown)
        if not same:
            fix = plain_text(tx("assess.btn_fix_score", code=c.code, value=shown))
            wire = format(value, "f")
            rows.append([Btn(fix, Value(s.unit.id, s.round, c.code, wire, s.position.seen))])
    rows.append(keep_row(tx, s))
    rows.append([Btn(tx("assess.btn_back_to_item"), Go(s.unit.id, s.round, stage, c.code))])
    rows.append(nav(tx, s))
    return join(tx, [text]), keyboard(rows)


def render_cut_decimal(tx: Texts, s: Session, typed: str, whole: Decimal) -> tuple[Html, Markup]:
    """ "7," typed at a criterion's score step: 7, or were its decimals cut off (7,5)? Each
    reading the criterion can take is a score button; nothing is stored before a press."""
    item = s.item
    assert item is not None
    c = item.criterion
    half = whole + Decimal("0.5")
    text = tx(
        "assess.cut_decimal",
        code=c.code,
        typed=typed.strip(),
        whole=tx.number(whole),
        example=tx.number(half),
    )
    buttons = []
    for value in (whole, half):
        try:
            checked = score_for(c, str(value))
        except InvalidValue:
            continue  # 7,5 on a criterion scored in whole points, 8,5 past a maximum of 8
        label = plain_text(tx("assess.btn_score_value", code=c.code, value=tx.number(checked)))
        wire = format(checked, "f")
        buttons.append(Btn(label, Value(s.unit.id, s.round, c.code, wire, s.position.seen)))
    back = Go(s.unit.id, s.round, Stage.SCORE, c.code)
    rows = [buttons, [Btn(tx("assess.btn_back_to_item"), back)]]
    return join(tx, [text]), keyboard(rows)

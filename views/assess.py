"""The screens of `/assess` for a unit's delegates: the overview, one criterion at its stage
(score, note, evidence), the confirmation before ✅. Pure: text and keyboards, no I/O.

Numbers go through `tx.number` (decimal comma in Vietnamese), instants through `tx.when`.
"""

from __future__ import annotations

from decimal import Decimal

from bot.domain.assessment import has_evidence
from bot.domain.scale import Criterion, ItemKind
from bot.domain.scores import common_values
from bot.i18n import Html, Texts
from bot.usecases.assessment import Early, Session, Stage
from views.assess_buttons import (
    ClearEvidence,
    Close,
    Go,
    Next,
    RoundPage,
    Submit,
    Template,
    Value,
)
from views.assess_review import closed_line, render_review
from views.assess_text import Markup, header, join, nav
from views.keyboards import Btn, confirm_row, grid, keyboard
from views.review import SeeResult
from views.scale import step_text


def render_overview(tx: Texts, s: Session) -> tuple[Html, Markup]:
    """Where the unit stands and the three ways to score; an admin also gets every unit's list."""
    unit, round_ = s.unit.id, s.round
    lines = [*header(tx, s)]
    if s.review is not None:  # the reviewers decided something: the total that counts now
        key = "assess.reviewed_excluded" if s.review.excluded_reason else "assess.reviewed"
        final, own = tx.number(s.review.total), tx.number(s.review.self_total)
        lines.append(tx(key, final=final, own=own))
    if s.early is not None:  # the year's phase is still an earlier one, as /status shows
        lines.append(_early_line(tx, s.early, s.membership.bloc.timezone))
    if s.also is not None:  # reopened after its deadline: the year's round is elsewhere
        lines.append(
            tx("assess.also_round", round=tx.phase(s.also.phase), command=f"assess {s.also.value}")
        )
    lines.append("")
    every_unit = [Btn(tx("assess.btn_all_units"), RoundPage(s.year.id, round_, 0))]
    reviewed = [] if s.review is None else [
        Btn(tx("assess.btn_reviewed"), SeeResult(s.year.id, round_, unit))
    ]  # fmt: skip
    if not s.editable:
        unsent = s.state.submitted_total is None  # "to submit late", not "to change"
        locked = tx("assess.locked_view_unsent" if unsent else "assess.locked_view")
        lines.append(closed_line(tx, s) if s.review_closed else locked)
        rows = [[Btn(tx("assess.btn_review"), Go(unit, round_, Stage.REVIEW))], reviewed]
        return join(tx, lines), keyboard([*rows, every_unit if s.admin else []])
    if s.review_closed:  # the draft may change, but cannot be sent: said before any work
        lines += [closed_line(tx, s), ""]
    lines.append(tx("assess.ways"))
    rows = [
        [Btn(tx("assess.btn_wizard"), Go(unit, round_, Stage.SCORE))],
        [Btn(tx("assess.btn_template"), Template(unit, round_))],
        [Btn(tx("assess.btn_review"), Go(unit, round_, Stage.REVIEW))],
        reviewed,
        every_unit if s.admin else [],
        [Btn(tx("assess.btn_close"), Close(unit, round_))],
    ]
    return join(tx, lines), keyboard(rows)


def _early_line(tx: Texts, early: Early, timezone: str) -> Html:
    """ "ℹ️ The year is still in its Pledge phase (until …)": the round is scored early."""
    phase = tx.phase(early.phase)
    if early.due is None:
        return tx("assess.early", phase=phase)
    return tx("assess.early_until", phase=phase, when=tx.when(early.due, timezone))


def _item_lines(tx: Texts, s: Session, kind: ItemKind, c: Criterion) -> list[str]:
    codes = [i.criterion.code for i in s.scale.items() if i.kind == kind]  # 1.1 is 1/17
    lines = [
        tx(
            f"assess.item_{kind.value}",
            code=c.code,
            position=codes.index(c.code) + 1,
            count=len(codes),
        ),
        tx("assess.item_title", title=c.title),
        tx("assess.item_max", max=tx.number(c.max), step=step_text(tx, c.step)),
    ]
    if c.evidence:
        lines.append(tx("assess.item_needs_evidence"))
    if c.guidance:
        lines.append(tx("assess.item_guidance", text=c.guidance))
    score = s.scores.get(c.code)
    if score is not None and score.value is not None:
        lines.append(tx("assess.item_current", value=tx.number(score.value)))
    if score is not None and score.note:
        lines.append(tx("assess.item_note", note=score.note))
    if score is not None and score.evidence:
        names = ", ".join(e.name for e in score.evidence)
        lines.append(tx("assess.item_evidence", count=len(score.evidence), names=names))
    if c.code in s.previous:
        lines.append(tx("assess.item_previous", value=tx.number(s.previous[c.code])))
    return lines


def _value_buttons(tx: Texts, s: Session, c: Criterion) -> list[list[Btn]]:
    values = common_values(c)
    before = s.previous.get(c.code)
    if before is not None and before not in values:
        values = sorted({*values, before})
    seen = s.position.seen
    buttons = [
        Btn(
            tx.number(v) + (" ↺" if v == before else ""),
            Value(s.unit.id, s.round, c.code, _wire(v), seen),
        )
        for v in values
    ]
    return grid(buttons, 4)


def _wire(value: Decimal) -> str:
    return format(value, "f")


def _note_prompt(s: Session, c: Criterion) -> str:
    """The note step's ask: required (a note, a file or a photo) where the scale asks for
    evidence and the score still needs it (a score of 0 needs no proof), else optional."""
    score = s.scores.get(c.code)
    if c.evidence and score is not None and (score.value or 0) > 0 and not has_evidence(score):
        return "assess.ask_note_evidence"
    return "assess.ask_note"


def render_item(tx: Texts, s: Session) -> tuple[Html, Markup]:
    """A criterion at the wizard's stage: its score, its note or its evidence."""
    item = s.item
    if item is None:
        return render_overview(tx, s)
    c, unit, round_ = item.criterion, s.unit.id, s.round
    lines = [*_item_lines(tx, s, item.kind, c), ""]
    rows: list[list[Btn]] = []
    if s.position.stage == Stage.SCORE:
        lines.append(tx("assess.ask_score", example=tx.number(c.max - c.step)))
        rows += _value_buttons(tx, s, c)
        rows.append([Btn(tx("assess.btn_skip"), Next(unit, round_, c.code))])
    elif s.position.stage == Stage.NOTE:
        prompt = _note_prompt(s, c)
        lines.append(tx(prompt))
        # evidence still required: the button leads to the evidence step, it skips no proof
        on = "btn_to_evidence" if prompt == "assess.ask_note_evidence" else "btn_no_note"
        rows.append([Btn(tx(f"assess.{on}"), Next(unit, round_, c.code))])
        rows.append([Btn(tx("assess.btn_rescore"), Go(unit, round_, Stage.SCORE, c.code))])
    else:
        # come from the review's 📎: done leads back there, not on to the next criterion
        done = "btn_evidence_back" if s.position.back == Stage.REVIEW else "btn_evidence_done"
        lines.append(tx("assess.ask_evidence", button=tx(f"assess.{done}")))  # the one shown
        row = [Btn(tx(f"assess.{done}"), Next(unit, round_, c.code))]
        score = s.scores.get(c.code)
        if score is not None and score.evidence:
            row.append(
                Btn(
                    tx("assess.btn_clear_evidence"),
                    ClearEvidence(unit, round_, c.code, s.position.seen),
                )
            )
        rows.append(row)
    lines.append(tx("assess.paste_hint"))
    rows.append(nav(tx, s))
    return join(tx, lines), keyboard(rows)


def render_confirm(tx: Texts, s: Session) -> tuple[Html, Markup]:
    """The one confirmation before ✅: what will be submitted, with its exact total."""
    text = tx(
        "assess.confirm",
        code=s.unit.code,
        round=tx.phase(s.round.phase),
        year=s.year.year,
        total=tx.number(s.totals.total),
        scored=s.state.scored,
        required=s.state.required,
    )
    row = confirm_row(
        tx("assess.btn_submit"),
        Submit(s.unit.id, s.round, s.position.seen),
        tx("assess.btn_not_yet"),
        Go(s.unit.id, s.round, Stage.REVIEW),
    )
    return text, keyboard([row])


def render(tx: Texts, s: Session, page: int = 0) -> tuple[Html, Markup]:
    """The screen of the session's stage; first, when the action it answers saved a note,
    a line that says so (a note typed where a score was meant is noticed at once)."""
    text, markup = _render_stage(tx, s, page)
    if s.saved_note is not None:
        text = Html(tx("assess.note_saved", code=s.saved_note) + "\n\n" + text)
    return text, markup


def _render_stage(tx: Texts, s: Session, page: int) -> tuple[Html, Markup]:
    stage = s.position.stage
    if stage in (Stage.SCORE, Stage.NOTE, Stage.EVIDENCE):
        return render_item(tx, s)
    if stage == Stage.REVIEW:
        return render_review(tx, s, page)
    if stage == Stage.CONFIRM and not s.review_closed:  # closed since: the review says why
        return render_confirm(tx, s)
    if stage == Stage.CONFIRM:
        return render_review(tx, s, page)
    return render_overview(tx, s)

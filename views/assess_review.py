"""The review of a self-assessment by section, the answer to a paste or a template, and the
template's words. Pure: text and keyboards, no I/O."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple

from bot.domain.assessment import Score
from bot.domain.errors import Reason
from bot.domain.scale import Criterion, ItemKind, Scale
from bot.formats.assessment_xlsx import Labels
from bot.i18n import Html, Texts, plain_text, telegram_length
from bot.usecases.assessment import Session, Stage
from bot.usecases.assessment_input import Received, Unrouted
from handlers.file_errors import render_sentence
from views.assess_buttons import AddEvidence, Go
from views.assess_notes import keep_hint, keep_row
from views.assess_text import (
    Markup,
    codes_text,
    fit,
    header,
    join,
    nav,
    state_line,
    total_line,
)
from views.keyboards import Btn, grid, keyboard, pager_row, paginate_sized

#: Room for the review's items on one page, and how many errors a paste report lists.
REVIEW_ROOM = 2400
LISTED_ERRORS = 20
#: A paste's answer: room for the list of what was stored, and for the refusals.
STORED_ROOM, ERRORS_ROOM = 1200, 2200
#: At most this many "📎 add evidence to <code>" buttons under the review (the first ones).
EVIDENCE_BUTTONS = 6
COLUMNS = ("code", "title_col", "max", "step", "evidence", "guidance", "score", "note")


#: The marks a reviewed item can carry, in the order they are shown, with their legend's key.
MARKS = (("📎", "evidence"), ("📝", "note"))


class Block(NamedTuple):
    """One section of the review as shown, and the marks its items carry (for the legend)."""

    lines: list[str]
    marks: frozenset[str]


def _marks(score: Score | None) -> list[str]:
    if score is None:
        return []
    has = {"📎": bool(score.evidence), "📝": bool(score.note)}
    return [mark for mark, _ in MARKS if has[mark]]


def _section_blocks(tx: Texts, s: Session) -> list[Block]:
    """The review's blocks: one per section with its subtotal, then bonus and deductions."""
    sums = s.totals
    blocks = []
    for section in s.scale.sections:
        head = tx(
            "assess.review_section",
            code=section.code,
            title=section.title,
            sum=tx.number(sums.sections.get(section.code, Decimal(0))),
            max=tx.number(section.max_total),
        )
        blocks.append(_block(tx, s, head, section.criteria))
    for kind, items, total in (
        (ItemKind.BONUS, s.scale.bonus, sums.bonus),
        (ItemKind.DEDUCTION, s.scale.deductions, sums.deductions),
    ):
        if items:
            head = tx(f"assess.review_{kind.value}", sum=tx.number(total))
            blocks.append(_block(tx, s, head, items))
    return blocks


def _block(tx: Texts, s: Session, head: str, items: Sequence[Criterion]) -> Block:
    lines, marks = [head], set[str]()
    for c in items:
        score = s.scores.get(c.code)
        value = score.value if score is not None else None
        shown = tx.number(value) if value is not None else "—"
        item = tx("assess.review_item", code=c.code, value=shown, max=tx.number(c.max))
        found = _marks(score)
        marks.update(found)
        lines.append(" ".join([item, *found]))
    return Block(lines, frozenset(marks))


def legend(tx: Texts, marks: Collection[str]) -> list[str]:
    """One line that says what the marks shown on a screen mean; none when none is shown."""
    parts = [tx(f"assess.review_legend_{key}") for mark, key in MARKS if mark in marks]
    return [" · ".join(parts)] if parts else []


def review_lines(tx: Texts, scale: Scale, s: Session) -> list[str]:
    """The closing lines of a review: the exact total and what is missing. The ceiling is the
    scale's maximum, as /scale and /summary show it, with the bonus named apart."""
    lines = [total_line(tx, scale, s.totals.total)]
    gaps = s.missing
    if gaps.criteria:
        lines.append(tx("assess.review_missing", codes=codes_text(gaps.criteria)))
    if gaps.evidence:
        lines.append(tx("assess.review_no_evidence", codes=codes_text(gaps.evidence)))
    return lines


def closed_line(tx: Texts, s: Session) -> str:
    """Why the unit cannot submit: the round's review is closed (its results are final); the
    draft is kept, and whom to ask. Locked as well: only to be read."""
    key = "assess.locked_review_closed" if s.state.locked else "assess.review_closed_view"
    return tx(key, round=tx.phase(s.round.phase), year=s.year.year)


def render_review(tx: Texts, s: Session, page: int) -> tuple[Html, Markup]:
    blocks = _section_blocks(tx, s)
    sizes = [sum(telegram_length(line) + 1 for line in block.lines) for block in blocks]
    shown = paginate_sized(blocks, page, sizes, REVIEW_ROOM, len(blocks))
    lines = [*header(tx, s), ""]
    for block in shown.items:
        lines += [*block.lines, ""]
    lines += review_lines(tx, s.scale, s)
    lines += legend(tx, frozenset().union(*(block.marks for block in shown.items)))
    unit, round_ = s.unit.id, s.round
    rows = [pager_row(shown, lambda n: Go(unit, round_, Stage.REVIEW, "-", n))]
    if s.editable:
        if s.missing.criteria:
            rows.append(
                [
                    Btn(
                        tx("assess.btn_fill_missing"),
                        Go(unit, round_, Stage.SCORE, s.missing.criteria[0]),
                    )
                ]
            )
        # a submission is refused while these lack evidence: a way to each, not just the alert
        lacking = s.missing.evidence[:EVIDENCE_BUTTONS]
        add = [
            Btn(tx("assess.btn_add_evidence", code=c), AddEvidence(unit, round_, c))
            for c in lacking
        ]
        rows += grid(add, 2)
        if not s.review_closed:
            rows.append([Btn(tx("assess.btn_to_submit"), Go(unit, round_, Stage.CONFIRM))])
    if s.review_closed:
        lines += ["", closed_line(tx, s)]
    rows.append([Btn(tx("assess.btn_overview"), Go(unit, round_, Stage.OVERVIEW))])
    return join(tx, lines), keyboard(rows)


def received_line(tx: Texts, r: Received, *, nothing: str = "assess.received_nothing") -> Html:
    """The count of what a paste or template did, naming only the parts that are not zero
    (`nothing`: the line when there is nothing at all to count)."""
    counts = (
        ("stored", len(r.stored)),
        ("unchanged", r.unchanged),
        ("refused", len(r.errors)),
    )
    # "received: 1 line not taken" read as a contradiction; but lines already so are named,
    # or "1.1 5\n1.1 6" (1.1 already 5) read as if line 1 was lost too
    if r.errors and not r.stored and not r.unchanged:
        return tx.plural("assess.received_refused", len(r.errors), count=len(r.errors))
    parts = tx.counts("assess.received_part", counts)
    if not parts:
        return tx(nothing)
    return tx("assess.received", parts=Html(", ".join(parts)))


def set_aside_opening(r: Received) -> tuple[Received, bool]:
    """A paste that opens with prose (a greeting, a title, a copied header row) before its
    score lines: that first line is set aside, not counted among the lines refused ("1 dòng
    chưa nhận" read as if a score had been lost)."""
    opening = [e for e in r.errors if e.reason == Reason.NOT_A_LINE and e.line == 1]
    if not opening or not (r.stored or r.unchanged):
        return r, False
    return replace(r, errors=tuple(e for e in r.errors if e not in opening)), True


def render_received(tx: Texts, r: Received, lead: Html | None = None) -> tuple[Html, Markup]:
    """One answer for a whole paste or template: stored, unchanged, each refusal placed.
    `lead`: what the file was taken as (a template sent with no /assess open); then an empty
    template says so, not "received" a second time."""
    r, opening = set_aside_opening(r)
    if lead is None:
        lines = [received_line(tx, r)]
    else:
        lines = [lead, "", received_line(tx, r, nothing="assess.template_empty")]
    if r.stored:
        shown = ", ".join(f"{line.code} = {tx.number(line.value)}" for line in r.stored)
        if len(shown) > STORED_ROOM:
            shown = shown[:STORED_ROOM].rsplit(", ", 1)[0] + ", …"
        lines.append(tx("assess.received_stored", items=shown))
    if opening:
        lines.append(tx("assess.received_opening"))
    listed = fit([f"• {render_sentence(tx, e)}" for e in r.errors[:LISTED_ERRORS]], ERRORS_ROOM)
    refusals = [line for line in listed if line != "…"]
    lines += refusals
    if len(r.errors) > len(refusals):
        lines.append(tx("fileerrors.more", count=len(r.errors) - len(refusals)))
    lines.append(state_line(tx, r.session.state, own=True))
    s = r.session
    lines += keep_hint(tx, s)
    rows = [nav(tx, s)]
    if s.position.stage in (Stage.SCORE, Stage.NOTE, Stage.EVIDENCE):
        rows.insert(
            0,
            [
                Btn(
                    tx("assess.btn_back_to_item"),
                    Go(s.unit.id, s.round, s.position.stage, s.position.code or "-"),
                )
            ],
        )
    rows.insert(0, keep_row(tx, s))
    return join(tx, lines), keyboard(rows)


def render_unrouted(
    tx: Texts, found: Unrouted, received: Received | None = None
) -> tuple[Html, Markup | None]:
    """A template sent with no /assess open: taken into the sender's own unit's open round
    (`received`), saying so first; else whose it is and why nothing was stored (the advice to
    fetch one's own template only to someone who acts for a unit)."""
    params = {"code": found.unit_code, "round": tx.phase(found.round.phase)}
    if received is not None:
        opened = tx("assess.template_opened", command=found.round.value, **params)
        return render_received(tx, received, lead=opened)
    if found.year is not None:
        years = {"year": found.year, "open": found.open_year}
        return tx("assess.template_other_year", **years, **params), None
    if found.session is not None:
        unsent = found.session.state.submitted_total is None
        key = "assess.template_locked_unsent" if unsent else "assess.template_locked"
        return tx(key, **params), None
    lines = [tx("assess.template_not_yours", **params)]
    if found.delegate:
        lines.append(tx("assess.template_get_own"))
    return Html(" ".join(lines)), None


def template_labels(tx: Texts, s: Session) -> Labels:
    """The template's words: plain text (a workbook is not HTML)."""

    def t(key: str, **params: object) -> str:
        return plain_text(tx(f"assess.{key}", **params))

    return Labels(
        title=t(
            "xlsx_title",
            round=tx.phase(s.round.phase),
            year=s.year.year,
            code=s.unit.code,
            version=s.stored.version,
        ),
        columns=[t(f"xlsx_{c}") for c in COLUMNS],
        bonus=t("xlsx_bonus"),
        deductions=t("xlsx_deductions"),
        evidence_yes=t("xlsx_evidence_yes"),
        keep_row=t("xlsx_keep_row"),
        sheet=t("xlsx_sheet"),
    )

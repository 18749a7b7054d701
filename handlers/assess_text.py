"""What `/assess` shows, as pure functions of a session: text and keyboard, no I/O.

Numbers go through `tx.number` (decimal comma in Vietnamese), instants through `tx.when`.
The review is paginated by whole sections so a long scale never passes Telegram's limit.
"""

from __future__ import annotations

from decimal import Decimal

from telegram import InlineKeyboardMarkup

from bot.domain.assessment import Score, State, Status
from bot.domain.scale import Criterion, ItemKind, Scale
from bot.domain.scores import common_values
from bot.formats.assessment_xlsx import Labels
from bot.i18n import Html, Texts, plain_text
from bot.usecases.assessment import Session, Stage
from bot.usecases.assessment_input import Received
from handlers.assess_buttons import ClearEvidence, Close, Go, Next, Submit, Template, Value
from handlers.file_errors import render_error
from handlers.keyboards import Btn, confirm_row, grid, keyboard, pager_row, paginate_sized

Markup = InlineKeyboardMarkup | None
#: Room for the review's items on one page, and how many errors a paste report lists.
REVIEW_ROOM = 3000
LISTED_ERRORS = 20
COLUMNS = ("code", "title_col", "max", "step", "evidence", "guidance", "score", "note")


def join(lines: list[str]) -> Html:
    return Html("\n".join(lines))


def state_line(tx: Texts, state: State, *, own: bool) -> Html:
    """Where the unit stands; a draft's total only for its own delegates."""
    if state.status == Status.NOT_STARTED:
        text = tx("assess.state_not_started", required=state.required)
    elif state.status == Status.DRAFT:
        total = tx.number(state.total) if own else ""
        key = "assess.state_draft_own" if own else "assess.state_draft"
        text = tx(key, scored=state.scored, required=state.required, total=total)
    else:
        total = tx.number(state.submitted_total or Decimal(0))
        key = "assess.state_changed" if state.status == Status.CHANGED else "assess.state_submitted"
        text = tx(key, total=total)
    marks = []
    if state.late:
        marks.append(tx("assess.mark_late"))
    if state.locked:
        marks.append(tx("assess.mark_locked"))
    elif state.reopened:
        marks.append(tx("assess.mark_reopened"))
    return Html(" · ".join([text, *marks]))


def _header(tx: Texts, s: Session) -> list[str]:
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


def _nav(tx: Texts, s: Session) -> list[Btn]:
    unit, round_ = s.unit.id, s.round
    return [
        Btn(tx("assess.btn_overview"), Go(unit, round_, Stage.OVERVIEW)),
        Btn(tx("assess.btn_review"), Go(unit, round_, Stage.REVIEW)),
    ]


def render_overview(tx: Texts, s: Session) -> tuple[Html, Markup]:
    unit, round_ = s.unit.id, s.round
    lines = [*_header(tx, s), ""]
    if not s.editable:
        lines.append(tx("assess.locked_view"))
        rows = [[Btn(tx("assess.btn_review"), Go(unit, round_, Stage.REVIEW))]]
        return join(lines), keyboard(rows)
    lines.append(tx("assess.ways"))
    rows = [
        [Btn(tx("assess.btn_wizard"), Go(unit, round_, Stage.SCORE))],
        [Btn(tx("assess.btn_template"), Template(unit, round_))],
        [Btn(tx("assess.btn_review"), Go(unit, round_, Stage.REVIEW))],
        [Btn(tx("assess.btn_close"), Close(unit, round_))],
    ]
    return join(lines), keyboard(rows)


def _item_lines(tx: Texts, s: Session, kind: ItemKind, c: Criterion) -> list[str]:
    codes = [i.criterion.code for i in s.scale.items()]
    lines = [
        tx(
            f"assess.item_{kind.value}",
            code=c.code,
            position=codes.index(c.code) + 1,
            count=len(codes),
        ),
        tx("assess.item_title", title=c.title),
        tx("assess.item_max", max=tx.number(c.max), step=tx.number(c.step)),
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
        lines.append(tx("assess.ask_note"))
        rows.append([Btn(tx("assess.btn_no_note"), Next(unit, round_, c.code))])
        rows.append([Btn(tx("assess.btn_rescore"), Go(unit, round_, Stage.SCORE, c.code))])
    else:
        lines.append(tx("assess.ask_evidence"))
        row = [Btn(tx("assess.btn_evidence_done"), Next(unit, round_, c.code))]
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
    rows.append(_nav(tx, s))
    return join(lines), keyboard(rows)


def _marks(tx: Texts, c: Criterion, score: Score | None) -> str:
    if score is None:
        return ""
    marks = "📎" if score.evidence else ""
    return marks + ("📝" if score.note else "")


def _section_blocks(tx: Texts, s: Session) -> list[list[str]]:
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
        blocks.append([head, *(_review_item(tx, s, c) for c in section.criteria)])
    for kind, items, total in (
        (ItemKind.BONUS, s.scale.bonus, sums.bonus),
        (ItemKind.DEDUCTION, s.scale.deductions, sums.deductions),
    ):
        if items:
            head = tx(f"assess.review_{kind.value}", sum=tx.number(total))
            blocks.append([head, *(_review_item(tx, s, c) for c in items)])
    return blocks


def _review_item(tx: Texts, s: Session, c: Criterion) -> str:
    score = s.scores.get(c.code)
    value = score.value if score is not None else None
    shown = tx.number(value) if value is not None else "—"
    return tx("assess.review_item", code=c.code, value=shown, max=tx.number(c.max)) + _marks(
        tx, c, score
    )


def review_lines(tx: Texts, scale: Scale, s: Session) -> list[str]:
    """The closing lines of a review: the exact total and what is missing."""
    ceiling = scale.max_total + scale.max_bonus
    lines = [tx("assess.review_total", total=tx.number(s.totals.total), max=tx.number(ceiling))]
    gaps = s.missing
    if gaps.criteria:
        lines.append(tx("assess.review_missing", codes=", ".join(gaps.criteria)))
    if gaps.evidence:
        lines.append(tx("assess.review_no_evidence", codes=", ".join(gaps.evidence)))
    return lines


def render_review(tx: Texts, s: Session, page: int) -> tuple[Html, Markup]:
    blocks = _section_blocks(tx, s)
    sizes = [sum(len(line) + 1 for line in block) for block in blocks]
    shown = paginate_sized(blocks, page, sizes, REVIEW_ROOM, len(blocks))
    lines = [*_header(tx, s), ""]
    for block in shown.items:
        lines += [*block, ""]
    lines += review_lines(tx, s.scale, s)
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
        rows.append([Btn(tx("assess.btn_to_submit"), Go(unit, round_, Stage.CONFIRM))])
    rows.append([Btn(tx("assess.btn_overview"), Go(unit, round_, Stage.OVERVIEW))])
    return join(lines), keyboard(rows)


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


def render_received(tx: Texts, r: Received) -> tuple[Html, Markup]:
    """One answer for a whole paste or template: stored, unchanged, each refusal placed."""
    lines = [
        tx("assess.received", stored=len(r.stored), unchanged=r.unchanged, refused=len(r.errors))
    ]
    if r.stored:
        shown = ", ".join(f"{line.code} = {tx.number(line.value)}" for line in r.stored)
        lines.append(tx("assess.received_stored", items=shown))
    lines += [f"• {render_error(tx, e)}" for e in r.errors[:LISTED_ERRORS]]
    if len(r.errors) > LISTED_ERRORS:
        lines.append(tx("fileerrors.more", count=len(r.errors) - LISTED_ERRORS))
    lines.append(state_line(tx, r.session.state, own=True))
    s = r.session
    rows = [_nav(tx, s)]
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
    return join(lines), keyboard(rows)


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
    )


def render(tx: Texts, s: Session, page: int = 0) -> tuple[Html, Markup]:
    """The screen of the session's stage."""
    stage = s.position.stage
    if stage in (Stage.SCORE, Stage.NOTE, Stage.EVIDENCE):
        return render_item(tx, s)
    if stage == Stage.REVIEW:
        return render_review(tx, s, page)
    if stage == Stage.CONFIRM:
        return render_confirm(tx, s)
    return render_overview(tx, s)

"""The scale as people see it: the overview, a part's criteria page by page, a proposal's
summary, and the buttons of those screens. Pure: text and keyboards, no I/O."""

from __future__ import annotations

from decimal import Decimal

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.domain.scale import Criterion, Scale
from bot.errors import NotFound
from bot.i18n import Html, Texts, plain_length
from bot.usecases import scale as scales
from views.keyboards import (
    Btn,
    Page,
    grid,
    keyboard,
    page_starts,
    pager_row,
    paginate_sized,
)

KIND = "scale"


PER_PAGE = 8


SECTIONS_PER_PAGE = 20


#: Characters of criteria (or of section lines) a page holds: the longest header and footer
#: still fit Telegram's 4096 (a criterion's title is up to 500, its guidance up to 1000).
PAGE_ROOM = 2800


#: Section lines a proposed scale lists before "… and N more sections".
PROPOSAL_ROOM = 2000
#: The parts of a scale a button names besides its sections (their index).
BONUS, DEDUCTIONS = "b", "d"


@button(KIND, "top")
class ScaleOverview:
    """The sections of scale version `scale_id`, a page of them."""

    scale_id: int
    page: int = 0


@button(KIND, "part")
class ScalePart:
    """One part's criteria: a section's index, or `b` (bonus) / `d` (deductions)."""

    scale_id: int
    part: str
    page: int = 0


@button(KIND, "ok")
class ReplaceScale:
    change_id: int


@button(KIND, "no")
class KeepScale:
    change_id: int


def _size(lines: list[str]) -> int:
    return sum(plain_length(line) + 1 for line in lines)


def _criteria(tx: Texts, count: int) -> Html:
    """ "6 criteria", "1 criterion": the count before its noun, as a section or total says it."""
    return tx.plural("scale.criteria", count, count=count)


def _section_lines(tx: Texts, scale: Scale) -> list[str]:
    return [
        tx.plural(
            "scale.section_line",
            s.max_total,
            code=s.code,
            title=s.title,
            total=tx.number(s.max_total),
            criteria=_criteria(tx, len(s.criteria)),
        )
        for s in scale.sections
    ]


def _totals(tx: Texts, scale: Scale) -> list[str]:
    lines = []
    if scale.bonus:
        lines.append(
            tx.plural("scale.bonus_line", scale.max_bonus, total=tx.number(scale.max_bonus))
        )
    if scale.deductions:
        lines.append(
            tx.plural(
                "scale.deductions_line", scale.max_deduction, total=tx.number(scale.max_deduction)
            )
        )
    criteria = _criteria(tx, sum(len(s.criteria) for s in scale.sections))
    total = scale.max_total
    lines.append(tx.plural("scale.total_line", total, total=tx.number(total), criteria=criteria))
    return lines


def summary(tx: Texts, scale: Scale) -> list[str]:
    """The sections (as many as fit a message, then how many more) and the totals."""
    sections = _section_lines(tx, scale)
    shown = page_starts([_size([line]) for line in sections], PROPOSAL_ROOM, len(sections) or 1)
    cut = shown[1] if len(shown) > 1 else len(sections)
    lines = sections[:cut]
    if cut < len(sections):
        more = len(sections) - cut
        lines.append(tx.plural("scale.more_sections", more, count=more))
    return [*lines, *_totals(tx, scale)]


def _overview_page(sizes: list[int], page: int) -> Page[int]:
    return paginate_sized(range(len(sizes)), page, sizes, PAGE_ROOM, SECTIONS_PER_PAGE)


def render_overview(
    tx: Texts, cur: scales.Current, page: int = 0
) -> tuple[Html, InlineKeyboardMarkup]:
    """The sections with their totals (a page of them when there are many), a button each."""
    stored, scale = cur.stored, cur.scale
    source = tx("scale.source_sample") if stored.source == scales.SAMPLE_SOURCE else stored.source
    head = tx(
        "scale.header", name=scale.name, year=cur.year.year, version=stored.version, source=source
    )
    sections = _section_lines(tx, scale)  # built and measured once: a scale may have hundreds
    shown = _overview_page([_size([line]) for line in sections], page)
    lines = [head, "", *(sections[i] for i in shown.items), *_totals(tx, scale)]
    lines += ["", tx("scale.hint")]
    buttons = [Btn(scale.sections[i].code, ScalePart(stored.id, str(i))) for i in shown.items]
    if scale.bonus:
        buttons.append(Btn(tx("scale.btn_bonus"), ScalePart(stored.id, BONUS)))
    if scale.deductions:
        buttons.append(Btn(tx("scale.btn_deductions"), ScalePart(stored.id, DEDUCTIONS)))
    rows = grid(buttons, 4)
    rows.append(pager_row(shown, lambda n: ScaleOverview(stored.id, n)))
    markup = keyboard(rows)
    assert markup is not None
    return Html("\n".join(lines)), markup


def _part(tx: Texts, scale: Scale, part: str) -> tuple[str, list[Criterion]]:
    if part == BONUS:
        return tx.plural(
            "scale.bonus_header", scale.max_bonus, total=tx.number(scale.max_bonus)
        ), scale.bonus
    if part == DEDUCTIONS:
        return tx.plural(
            "scale.deductions_header", scale.max_deduction, total=tx.number(scale.max_deduction)
        ), scale.deductions
    if not part.isdigit() or int(part) >= len(scale.sections):
        raise NotFound("core.stale_button")
    s = scale.sections[int(part)]
    total = tx.number(s.max_total)
    header = tx.plural("scale.part_header", s.max_total, code=s.code, title=s.title, total=total)
    return header, s.criteria


def step_text(tx: Texts, step: Decimal) -> str:
    """How a criterion is scored: "chấm lẻ đến 0,5", but "chấm điểm nguyên" for a step of 1
    ("lẻ" says parts of a point, which a step of 1 or more has none of)."""
    if step == 1:
        return tx("scale.step_whole")
    key = "scale.step_multiple" if step == step.to_integral_value() else "scale.step_fraction"
    return tx(key, step=tx.number(step))


def _criterion_lines(tx: Texts, c: Criterion) -> list[str]:
    key = "scale.criterion_evidence" if c.evidence else "scale.criterion_line"
    lines = [tx(key, code=c.code, title=c.title, max=tx.number(c.max), step=step_text(tx, c.step))]
    if c.guidance:
        lines.append(tx("scale.guidance", text=c.guidance))
    return lines


def render_part(
    tx: Texts, cur: scales.Current, part: str, page: int
) -> tuple[Html, InlineKeyboardMarkup]:
    """One section's criteria (or the bonus, the deductions), a page at a time."""
    header, items = _part(tx, cur.scale, part)
    blocks = [_criterion_lines(tx, c) for c in items]
    shown = paginate_sized(blocks, page, [_size(b) for b in blocks], PAGE_ROOM, PER_PAGE)
    lines = [header, ""]
    for block in shown.items:
        lines += block
    rows = [pager_row(shown, lambda n: ScalePart(cur.stored.id, part, n))]
    back = _page_of(tx, cur.scale, int(part)) if part.isdigit() else 0
    rows.append([Btn(tx("scale.btn_back"), ScaleOverview(cur.stored.id, back))])
    markup = keyboard(rows)
    assert markup is not None
    return Html("\n".join(lines)), markup


def _page_of(tx: Texts, scale: Scale, section: int) -> int:
    """The overview page that lists a section (where ⬅️ goes back to)."""
    starts = page_starts(
        [_size([line]) for line in _section_lines(tx, scale)], PAGE_ROOM, SECTIONS_PER_PAGE
    )
    return sum(1 for start in starts if start <= section) - 1

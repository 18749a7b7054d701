"""The per-round sheets of the workbook: the score table and the list of review decisions.

The score table has the criteria as rows (with their maximum) and two columns per unit, the
self-score and the score after review side by side; a reviewed cell is shaded. Section subtotals,
bonus, deductions, the reviewers' extra points and the total follow the scale's order. The review
sheet lists each decision with its reason, who made it and when, and the unit's answers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from bot.domain.review import ExtraKind, Line, Sheet
from bot.formats.report import RoundReport, YearReport
from bot.formats.xlsx_writing import REVIEWED_FILL, SCORE_FORMAT, SheetWriter, Value, table

if TYPE_CHECKING:
    from bot.formats.export_xlsx import Labels

FIRST_UNIT_COL = 4


def _sum_self(lines: list[Line]) -> Decimal:
    return sum((line.self_score or Decimal(0) for line in lines), Decimal(0))


class _Grid:
    """Writes one row of the score table: the item's columns, then each unit's pair."""

    def __init__(self, writer: SheetWriter, report: YearReport, part: RoundReport) -> None:
        self.writer = writer
        self.units = report.units
        self.sheets: dict[int, Sheet | None] = {}
        for unit in report.units:
            sheet = part.sheets.get(unit.unit_id)
            self.sheets[unit.unit_id] = sheet if sheet is not None and sheet.submitted else None

    def row(
        self,
        r: int,
        head: tuple[str, str, Decimal | None],
        pair: object,
        *,
        bold: bool = False,
    ) -> None:
        code, title, top = head
        self.writer.put(r, 1, code, bold=bold)
        self.writer.put(r, 2, title, bold=bold)
        fmt = SCORE_FORMAT  # every number as typed: 10, 9,5
        self.writer.put(r, 3, top, fmt=fmt, bold=bold)
        for k, unit in enumerate(self.units):
            sheet = self.sheets[unit.unit_id]
            if sheet is None:
                continue
            own, final, reviewed = pair(sheet)  # type: ignore[operator]
            col = FIRST_UNIT_COL + 2 * k
            self.writer.put(r, col, own, fmt=fmt, bold=bold)
            cell = self.writer.put(r, col + 1, final, fmt=fmt, bold=bold)
            if reviewed:
                cell.fill = REVIEWED_FILL


def private(report: YearReport, tx: Labels, text: str | None) -> str | None:
    """A reason or an answer: the unit's and the reviewers' to read, so a copy for the group
    says it was left out (the log's details are such reasons too)."""
    return tx("left_out") if text and report.group_copy else text


def _line_of(sheet: Sheet, code: str) -> Line:
    return next(line for line in sheet.lines if line.code == code)


def write_scores(writer: SheetWriter, report: YearReport, part: RoundReport, tx: Labels) -> None:
    grid = _Grid(writer, report, part)
    writer.header(1, [tx("col_code"), tx("col_item"), tx("col_max")])
    writer.header(2, ["", "", ""])
    for k, unit in enumerate(report.units):
        col = FIRST_UNIT_COL + 2 * k
        sheet = part.sheets.get(unit.unit_id)
        note = ""
        if sheet is None or not sheet.submitted:
            note = f" ({tx('not_submitted')})"
        elif sheet.excluded_reason is not None:
            note = f" ({tx('excluded')})"
        writer.header(1, [unit.code + note, ""], first_col=col)
        writer.ws.merge_cells(start_row=1, start_column=col, end_row=1, end_column=col + 1)
        writer.header(2, [tx("col_self"), tx("col_final")], first_col=col)
    r = 3
    scale = part.scale
    groups = [(s.code, s.title, s.max_total, [c.code for c in s.criteria]) for s in scale.sections]
    if scale.bonus:
        groups.append(("", tx("items_bonus"), scale.max_bonus, [c.code for c in scale.bonus]))
    if scale.deductions:
        codes = [c.code for c in scale.deductions]
        groups.append(("", tx("items_deductions"), scale.max_deduction, codes))
    for code, title, top, codes in groups:

        def subtotal(sheet: Sheet, codes: list[str] = codes) -> tuple[Decimal, Decimal, bool]:
            lines = [_line_of(sheet, c) for c in codes]
            final = sum((line.final for line in lines), Decimal(0))
            return _sum_self(lines), final, any(line.reviewed for line in lines)

        grid.row(r, (code, title, top), subtotal, bold=True)
        r += 1
        for item_code in codes:
            item = scale.find(item_code)
            assert item is not None
            criterion = item.criterion

            def score(sheet: Sheet, c: str = item_code) -> tuple[Value, Value, bool]:
                line = _line_of(sheet, c)
                given = line.self_score is not None or line.reviewed is not None
                return line.self_score, line.final if given else None, line.reviewed is not None

            grid.row(r, (criterion.code, criterion.title, criterion.max), score)
            r += 1
    extras = [
        ("row_extra_bonus", lambda s: (None, s.extra_bonus, bool(s.extra_bonus))),
        ("row_extra_deductions", lambda s: (None, s.extra_deductions, bool(s.extra_deductions))),
        ("row_total", lambda s: (s.self_total, s.total, s.total != s.self_total)),
    ]
    for key, pair in extras:
        grid.row(r, ("", tx(key), None), pair, bold=key == "row_total")
        r += 1
    writer.finish(header_rows=2, frozen_cols=3)


def write_review(writer: SheetWriter, report: YearReport, part: RoundReport, tx: Labels) -> None:
    """Every review decision of the round, unit by unit, under a line saying how the round's
    review stands."""
    headers = [
        tx(key)
        for key in (
            "col_code", "col_unit", "col_kind", "col_item", "col_self_score", "col_reviewed",
            "col_reason", "col_reviewer", "col_at", "col_self_at_review",
        )
    ]  # fmt: skip
    rows: list[list[Value]] = []
    for unit in report.units:
        sheet = part.sheets.get(unit.unit_id)
        if sheet is None:
            continue
        who = (unit.code, unit.name)
        for line in sheet.adjusted:
            adj = line.reviewed
            assert adj is not None
            # the unit submitted another self-score since: the one decided against, as flagged
            judged = adj.self_score if line.self_moved else None
            rows.append([*who, tx("kind_adjust"), line.code, line.self_score, adj.reviewed,
                         private(report, tx, adj.reason), report.person(adj.reviewer_id), adj.at,
                         judged])  # fmt: skip
        for extra in sheet.extras:
            kind = tx("kind_bonus" if extra.kind is ExtraKind.BONUS else "kind_deduction")
            rows.append([*who, kind, None, None, extra.points, private(report, tx, extra.reason),
                         report.person(extra.reviewer_id), extra.at])  # fmt: skip
        for answer in part.answers.get(unit.unit_id, ()):
            rows.append([*who, tx("kind_answer"), None, None, None,
                         private(report, tx, answer.text), report.person(answer.by),
                         answer.at])  # fmt: skip
        if sheet.excluded_reason is not None:
            by = report.person(sheet.excluded_by) if sheet.excluded_by is not None else None
            rows.append([*who, tx("kind_excluded"), None, None, None,
                         private(report, tx, sheet.excluded_reason), by,
                         sheet.excluded_at])  # fmt: skip
    state = tx(f"review_{report.review_state(part.round)}")  # above the table, not in it
    fmt = SCORE_FORMAT
    formats = [None, None, None, None, fmt, fmt, None, None, None, fmt]
    table(writer, headers, rows, formats, note=state)

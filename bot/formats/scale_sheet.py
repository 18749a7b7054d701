"""The scale as a workbook: reading a sheet (every error placed by row and column), writing the
XLSX template (an instructions sheet, then the scale in the admin's language).

The layout (the template is the same): a row `Tên thang điểm | <scale name>` (or `name | …`),
then a header row with the columns of `scale_words` (`score` and `note` are for a unit to fill
in and are ignored here), then one row per section, criterion, bonus or deduction. A criterion
belongs to the section named in its section cell, or else to the nearest section row above it.
Cells that mean nothing for a row's kind (a section's max, a bonus's section) are ignored; a
column that is not part of the template is refused, like an unknown YAML field, since both would
otherwise be silently dropped. The scale is read from the first sheet that has a header row, so
the instructions sheet in front of it is skipped.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from bot.domain.errors import FieldError, FieldName, FileRejected, Reason, error, reject
from bot.domain.scale import Criterion, Scale, scale_issues
from bot.formats.reading import check_upload
from bot.formats.scale_places import placed
from bot.formats.scale_words import (
    COLUMNS,
    KINDS,
    NAME,
    REQUIRED_COLUMNS,
    TEMPLATE_COLUMNS,
    column_of,
    fold,
    header,
    is_name_label,
    kind_of,
    kind_word,
    sheet_titles,
)
from bot.formats.xlsx import Rows, put, read_xlsx_sheets

_LIST_OF_KIND = {"bonus": "bonus", "deduction": "deductions"}
_WIDTHS = {"kind": 12, "section": 9, "code": 9, "title": 70, "max": 8, "step": 8}
_WIDTHS |= {"evidence": 11, "guidance": 45, "score": 9, "note": 40}

Places = dict[tuple[str | int, ...], int]


def load_scale_xlsx(data: bytes) -> Scale:
    """A scale from the first sheet with a header row; errors carry their row and column."""
    check_upload(data)
    raw, rows_of, labels, errors = _sheet_to_raw(_scale_sheet(read_xlsx_sheets(data)))
    scale, issues = scale_issues(raw)
    for issue in issues:
        loc = issue.loc
        row = next((rows_of[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in rows_of), None)
        errors.append(placed(raw, issue, labels, row=row))
    if errors:
        raise FileRejected(errors)
    assert scale is not None
    return scale


def has_scale_header(rows: Rows) -> bool:
    """Whether a sheet has the template's header row (with its `kind` column)."""
    return _header_at(rows) is not None


def _header_at(rows: Rows) -> int | None:
    """Where the header row is among the first rows of a sheet (None: not a scale sheet)."""
    found = (k for k, (_, cells) in enumerate(rows[:10]) if "kind" in map(column_of, cells))
    return next(found, None)


def _scale_sheet(sheets: list[Rows]) -> Rows:
    """The first sheet with a header row (the template's instructions sheet comes first)."""
    with_header = (rows for rows in sheets if _header_at(rows) is not None)
    return next(with_header, next((rows for rows in sheets if rows), []))


def _columns(header_row: int, cells: list[Any]) -> tuple[dict[str, int], dict[str, str]]:
    """Where each column is and its header as written; unknown or missing ones refused."""
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    errors: list[FieldError] = []
    for index, cell in enumerate(cells):
        column = column_of(cell)
        if column is not None and column not in columns:
            columns[column], labels[column] = index, str(cell).strip()[:40]
        elif column is None and fold(cell):
            errors.append(error(Reason.UNKNOWN_COLUMN, column=str(cell)[:40]).at(row=header_row))
    vietnamese = any(fold(labels[c]) != c for c in columns)
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            word = header(column, "vi" if vietnamese else "en")
            errors.append(error(Reason.MISSING_COLUMN, column=word).at(row=header_row))
    if errors:
        raise FileRejected(errors)
    return columns, labels


def _sheet_to_raw(rows: Rows) -> tuple[dict[str, Any], Places, dict[str, str], list[FieldError]]:
    """The sheet as scale data, the row of each part of it, the headers, the sheet's errors."""
    at = _header_at(rows)
    if at is None:
        raise reject(Reason.NO_SCALE_HEADER)
    raw: dict[str, Any] = {"sections": []}
    rows_of: Places = {}
    errors: list[FieldError] = []
    name_label = ""
    for number, cells in rows[:at]:
        filled = [c for c in cells if c is not None]
        if filled and is_name_label(filled[0]):
            name_label, rows_of[("name",)] = str(filled[0]).strip()[:40], number
            if len(filled) > 1:
                raw["name"] = filled[1]
    columns, labels = _columns(*rows[at])
    if name_label:
        labels[NAME] = name_label
    sections: list[dict[str, Any]] = raw["sections"]
    section_at: dict[str | None, int] = {}
    current: int | None = None
    pending: list[tuple[int, Any, int | None, dict[str, Any]]] = []
    for number, cells in rows[at + 1 :]:
        values = {
            c: cells[i] for c, i in columns.items() if i < len(cells) and cells[i] is not None
        }
        kind = kind_of(values.get("kind"))
        entry = {k: v for k, v in values.items() if k in COLUMNS[2:]}
        if kind == "section":
            current = len(sections)
            section_at.setdefault(_key(entry.get("code")), current)
            rows_of[("sections", current)] = number
            sections.append({k: v for k, v in entry.items() if k in ("code", "title")})
            sections[-1]["criteria"] = []
        elif kind == "criterion":
            pending.append((number, values.get("section"), current, entry))
        elif kind in _LIST_OF_KIND:
            items = raw.setdefault(_LIST_OF_KIND[kind], [])
            rows_of[(_LIST_OF_KIND[kind], len(items))] = number
            items.append(entry)
        elif "kind" in values:
            errors.append(error(Reason.BAD_KIND, value=str(values["kind"])[:40]).at(row=number))
        elif any(k in COLUMNS for k in values):
            errors.append(error(Reason.MISSING).at(row=number, field=labels["kind"]))
    for number, ref, current, entry in pending:
        target = current if ref is None else section_at.get(_key(ref))
        if target is None:
            why = (
                error(Reason.ORPHAN_CRITERION)
                if ref is None
                else error(Reason.UNKNOWN_SECTION, value=str(ref)[:40])
            )
            column = labels.get("section")  # no such column: named in the reader's words
            named = None if column else FieldName.SCALE_SECTION
            errors.append(why.at(row=number, field=column, named=named))
            continue
        criteria = sections[target]["criteria"]
        rows_of[("sections", target, "criteria", len(criteria))] = number
        criteria.append(entry)
    return raw, rows_of, labels, errors


def _key(value: Any) -> str | None:
    return str(value).strip().casefold() if value is not None else None


# --- writing ------------------------------------------------------------------------------


def _item_cells(kind: str, item: Criterion, section: str | None = None) -> dict[str, Any]:
    return {
        "kind": kind,
        "section": section,
        "code": item.code,
        "title": item.title,
        "max": item.max,
        "step": item.step,
        "evidence": "x" if item.evidence else None,
        "guidance": item.guidance,
    }


def scale_to_xlsx(scale: Scale, lang: str = "en", instructions: Sequence[str] = ()) -> bytes:
    """The scale as the XLSX template: `load_scale_xlsx` reads it back to an equal scale.

    Headers and kinds in `lang`; `instructions` (lines of plain text) make a first sheet. Units
    fill the score and note columns; the name row and the header stay frozen.
    """
    # openpyxl (with numpy and PIL, ~25 MiB resident) is imported only when a file is made.
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book, wrap = Workbook(), _wrap()
    help_title, scale_title = sheet_titles(lang)
    if instructions:
        _instructions(book.active, help_title, instructions)
        sheet = book.create_sheet(scale_title)
    else:
        sheet = book.active
        sheet.title = scale_title
    bold = Font(bold=True)
    put(sheet, 1, 1, header(NAME, lang)).font = bold
    put(sheet, 1, 2, scale.name).font = Font(bold=True, size=13)
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = put(sheet, 2, index, header(column, lang))
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = wrap
        sheet.column_dimensions[cell.column_letter].width = _WIDTHS[column]
    lines: list[dict[str, Any]] = []
    for section in scale.sections:
        lines.append({"kind": "section", "code": section.code, "title": section.title})
        lines += [_item_cells("criterion", c, section.code) for c in section.criteria]
    lines += [_item_cells("bonus", c) for c in scale.bonus]
    lines += [_item_cells("deduction", c) for c in scale.deductions]
    for row, line in enumerate(lines, start=3):
        for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
            value = line.get(column)
            cell = put(sheet, row, index, kind_word(value, lang) if column == "kind" else value)
            cell.alignment = wrap
            if column in ("section", "code"):
                cell.number_format = "@"
            if line["kind"] == "section":
                cell.font = bold
    words = ",".join(kind_word(kind, lang) for kind in KINDS)
    kinds = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
    kinds.add(f"A3:A{len(lines) + 202}")
    sheet.add_data_validation(kinds)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _instructions(sheet: Any, title: str, lines: Sequence[str]) -> None:
    """The first sheet: how to fill the template, one paragraph per row."""
    from openpyxl.styles import Font

    wrap = _wrap()
    sheet.title = title
    sheet.column_dimensions["A"].width = 110
    for row, line in enumerate(lines, start=1):
        cell = put(sheet, row, 1, line)
        cell.alignment = wrap
        if row == 1:
            cell.font = Font(bold=True, size=13)


def _wrap() -> Any:
    """Text that wraps and sits at the top of its cell."""
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")

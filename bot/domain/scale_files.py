"""Scale files: reading YAML and XLSX (every error placed), writing the YAML and XLSX template.

Why a module of its own: the scale rules (`scale.py`) see plain nested data; this module turns
bytes into that data while remembering where each value came from (a YAML node's line, a sheet
row), then places each issue found by the rules. The low-level readers it shares with the
roster (`check_upload`, `read_yaml`, `yaml_line`, `read_xlsx_rows`) are in `file_reading`.

The XLSX layout (the template is the same): a row `name | <scale name>`, then a header row with
the columns of `COLUMNS` (`score` and `note` are there for a unit to fill in and are ignored
here), then one row per section, criterion, bonus or deduction. A criterion belongs to the
section named in its `section` cell, or else to the nearest `section` row above it. Cells that
mean nothing for a row's kind (a section's `max`, a bonus's `section`) are ignored; a column
outside `TEMPLATE_COLUMNS` is refused, like an unknown YAML field, since both would otherwise be
silently dropped.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import PurePath
from typing import Any

import yaml

from bot.domain.errors import FieldError, FileRejected, Issue, Reason, error
from bot.domain.file_reading import (
    check_upload,
    header_name,
    read_xlsx_rows,
    read_yaml,
    reject,
    yaml_line,
)
from bot.domain.scale import DEFAULT_STEP, Criterion, Scale, plain, scale_issues

COLUMNS = ("kind", "section", "code", "title", "max", "step", "evidence", "guidance")
TEMPLATE_COLUMNS = (*COLUMNS, "score", "note")
REQUIRED_COLUMNS = ("kind", "code", "title", "max")
KINDS = ("section", "criterion", "bonus", "deduction")
_LIST_OF_KIND = {"bonus": "bonus", "deduction": "deductions"}
_WIDTHS = {"kind": 11, "section": 9, "code": 9, "title": 70, "max": 7, "step": 7}
_WIDTHS |= {"evidence": 9, "guidance": 45, "score": 8, "note": 40}
SCALE_TYPES = ".yaml, .yml, .xlsx"


# --- scales -------------------------------------------------------------------------------


def load_scale(filename: str, data: bytes) -> Scale:
    """A scale from an uploaded file, by its extension (.yaml, .yml or .xlsx)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_scale_yaml(data)
    if suffix == ".xlsx":
        return load_scale_xlsx(data)
    raise reject(Reason.UNSUPPORTED_TYPE, allowed=SCALE_TYPES)


def load_scale_yaml(data: bytes) -> Scale:
    """A scale from YAML (the shape of the bundled sample); errors carry their YAML line."""
    check_upload(data)
    raw, root = read_yaml(data)
    if raw is None:
        raise reject(Reason.EMPTY_FILE)
    scale, issues = scale_issues(raw)
    if issues:
        raise FileRejected(_placed(raw, i, line=yaml_line(root, i.loc)) for i in issues)
    assert scale is not None
    return scale


def load_scale_xlsx(data: bytes) -> Scale:
    """A scale from the first sheet of a workbook; errors carry their row and column."""
    check_upload(data)
    raw, rows_of, errors = _sheet_to_raw(read_xlsx_rows(data))
    scale, issues = scale_issues(raw)
    for issue in issues:
        loc = issue.loc
        row = next((rows_of[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in rows_of), None)
        errors.append(_placed(raw, issue, row=row, columns=True))
    if errors:
        raise FileRejected(errors)
    assert scale is not None
    return scale


def _entry(container: Any, key: str, index: str | int) -> Any:
    entries = container.get(key) if isinstance(container, dict) else None
    if isinstance(entries, list) and isinstance(index, int) and index < len(entries):
        return entries[index]
    return None


def _code_of(entry: Any) -> str | None:
    code = entry.get("code") if isinstance(entry, dict) else None
    if isinstance(code, bool) or not isinstance(code, str | int | Decimal):
        return None
    return str(code).strip()[:20] or None


def _placed(raw: Any, issue: Issue, columns: bool = False, **where: int | None) -> FieldError:
    """The issue as a FieldError naming its section, item and field (or sheet column)."""
    loc, section, item = issue.loc, None, None
    if len(loc) >= 2 and loc[0] == "sections":
        entry = _entry(raw, "sections", loc[1])
        section = _code_of(entry)
        if len(loc) >= 4 and loc[2] == "criteria":
            item = _code_of(_entry(entry, "criteria", loc[3]))
    elif len(loc) >= 2 and loc[0] in ("bonus", "deductions"):
        item = _code_of(_entry(raw, str(loc[0]), loc[1]))
    field = next((p for p in reversed(loc) if isinstance(p, str)), None)
    if columns and field not in (*COLUMNS, "name"):
        field = None
    return FieldError(
        reason=issue.reason, params=issue.params, section=section, item=item, field=field, **where
    )


def _key(value: Any) -> str | None:
    return str(value).strip().casefold() if value is not None else None


def _sheet_to_raw(
    rows: list[tuple[int, list[Any]]],
) -> tuple[dict[str, Any], dict[tuple[str | int, ...], int], list[FieldError]]:
    """The sheet as scale data, the row of each part of it, and the sheet's own errors."""
    at = next(
        (k for k, (_, cells) in enumerate(rows[:10]) if "kind" in map(header_name, cells)), None
    )
    if at is None:
        raise reject(Reason.MISSING_COLUMN, column="kind")
    raw: dict[str, Any] = {"sections": []}
    rows_of: dict[tuple[str | int, ...], int] = {}
    errors: list[FieldError] = []
    for number, cells in rows[:at]:
        filled = [c for c in cells if c is not None]
        if len(filled) > 1 and header_name(filled[0]) == "name":
            raw["name"], rows_of[("name",)] = filled[1], number
    header_row, header = rows[at]
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = header_name(cell)
        if name in TEMPLATE_COLUMNS:
            columns.setdefault(name, index)
        elif name:
            errors.append(error(Reason.UNKNOWN_COLUMN, column=str(cell)[:40]).at(row=header_row))
    if missing := [c for c in REQUIRED_COLUMNS if c not in columns]:
        errors += [error(Reason.MISSING_COLUMN, column=c).at(row=header_row) for c in missing]
        raise FileRejected(errors)
    sections: list[dict[str, Any]] = raw["sections"]
    section_at: dict[str | None, int] = {}
    current: int | None = None
    pending: list[tuple[int, Any, int | None, dict[str, Any]]] = []
    for number, cells in rows[at + 1 :]:
        values = {
            c: cells[i] for c, i in columns.items() if i < len(cells) and cells[i] is not None
        }
        kind = header_name(values.get("kind"))
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
        elif kind:
            errors.append(error(Reason.BAD_KIND, value=str(values["kind"])[:40]).at(row=number))
        elif any(k in COLUMNS for k in values):
            errors.append(error(Reason.MISSING).at(row=number, field="kind"))
    for number, ref, current, entry in pending:
        target = current if ref is None else section_at.get(_key(ref))
        if target is None:
            why = (
                error(Reason.ORPHAN_CRITERION)
                if ref is None
                else error(Reason.UNKNOWN_SECTION, value=str(ref)[:40])
            )
            errors.append(why.at(row=number, field="section"))
            continue
        criteria = sections[target]["criteria"]
        rows_of[("sections", target, "criteria", len(criteria))] = number
        criteria.append(entry)
    return raw, rows_of, errors


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


def scale_to_xlsx(scale: Scale) -> bytes:
    """The scale as the XLSX template: `load_scale_xlsx` reads it back to an equal scale.

    Units fill the `score` and `note` columns; the name row and the header stay frozen.
    """
    # openpyxl (with numpy and PIL) is imported only when a file is made: ~25 MiB resident.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "scale"
    bold = Font(bold=True)
    _put(sheet, 1, 1, "name").font = bold
    _put(sheet, 1, 2, scale.name).font = Font(bold=True, size=13)
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = _put(sheet, 2, index, column)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = _WIDTHS[column]
    lines: list[dict[str, Any]] = []
    for section in scale.sections:
        lines.append({"kind": "section", "code": section.code, "title": section.title})
        lines += [_item_cells("criterion", c, section.code) for c in section.criteria]
    lines += [_item_cells("bonus", c) for c in scale.bonus]
    lines += [_item_cells("deduction", c) for c in scale.deductions]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, line in enumerate(lines, start=3):
        for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
            cell = _put(sheet, row, index, line.get(column))
            cell.alignment = wrap
            if column in ("section", "code"):
                cell.number_format = "@"
            if line["kind"] == "section":
                cell.font = bold
    kinds = DataValidation(type="list", formula1=f'"{",".join(KINDS)}"', allow_blank=True)
    kinds.add(f"A3:A{len(lines) + 202}")
    sheet.add_data_validation(kinds)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write a cell; text stays text even when it starts with "=" (never a formula)."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key, like the bundled sample."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


class _Quoted(str):
    __slots__ = ()


_Dumper.add_representer(
    _Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"')
)
_Dumper.add_representer(
    Decimal,
    lambda d, v: d.represent_scalar(
        "tag:yaml.org,2002:" + ("int" if v == v.to_integral_value() else "float"), plain(v)
    ),
)


def _yaml_item(item: Criterion) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": _Quoted(item.code),
        "title": _Quoted(item.title),
        "max": item.max,
    }
    if item.step != DEFAULT_STEP:
        out["step"] = item.step
    if item.evidence:
        out["evidence"] = True
    if item.guidance:
        out["guidance"] = _Quoted(item.guidance)
    return out


def scale_to_yaml(scale: Scale) -> str:
    """The scale as YAML in the sample's shape; `load_scale_yaml` reads it back equal."""
    doc: dict[str, Any] = {"name": _Quoted(scale.name), "sections": []}
    for s in scale.sections:
        criteria = [_yaml_item(c) for c in s.criteria]
        doc["sections"].append(
            {"code": _Quoted(s.code), "title": _Quoted(s.title), "criteria": criteria}
        )
    if scale.bonus:
        doc["bonus"] = [_yaml_item(c) for c in scale.bonus]
    if scale.deductions:
        doc["deductions"] = [_yaml_item(c) for c in scale.deductions]
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)

"""Scale files: reading YAML and XLSX (every error placed), writing the YAML and XLSX template.

Why a module of its own: the scale rules (`scale.py`) see plain nested data; this module turns
bytes into that data while remembering where each value came from (a YAML node's line, a sheet
row), then places each issue found by the rules. The low-level readers (`check_upload`,
`read_yaml`, `yaml_line`, `read_xlsx_rows`) are shared with the roster.

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
import warnings
import zipfile
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from bot.domain.errors import FieldError, FileRejected, Issue, Reason, error
from bot.domain.scale import DEFAULT_STEP, Criterion, Scale, plain, scale_issues

MAX_FILE_BYTES = 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_SHEET_ROWS = 5000
COLUMNS = ("kind", "section", "code", "title", "max", "step", "evidence", "guidance")
TEMPLATE_COLUMNS = (*COLUMNS, "score", "note")
REQUIRED_COLUMNS = ("kind", "code", "title", "max")
KINDS = ("section", "criterion", "bonus", "deduction")
_LIST_OF_KIND = {"bonus": "bonus", "deduction": "deductions"}
_WIDTHS = {"kind": 11, "section": 9, "code": 9, "title": 70, "max": 7, "step": 7}
_WIDTHS |= {"evidence": 9, "guidance": 45, "score": 8, "note": 40}
SCALE_TYPES = ".yaml, .yml, .xlsx"


def reject(reason: Reason, /, **params: object) -> FileRejected:
    """A FileRejected with one unplaced error (the file as a whole is wrong)."""
    return FileRejected([error(reason, **params)])


def check_upload(data: bytes) -> None:
    """Refuse a file that is too large or empty, before reading any of it."""
    if len(data) > MAX_FILE_BYTES:
        raise reject(Reason.TOO_LARGE, max_mb=MAX_FILE_BYTES // (1024 * 1024))
    if not data.strip():
        raise reject(Reason.EMPTY_FILE)


def decode_text(data: bytes) -> str:
    """UTF-8 text, with or without a byte-order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise reject(Reason.NOT_UTF8) from exc


# --- YAML ---------------------------------------------------------------------------------


#: libyaml when PyYAML has it (its wheels do): many times faster on a 1 MB file, and it refuses
#: deep nesting itself; the pure-Python parser is the fallback.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Parser):  # type: ignore[misc, valid-type]
    """A safe loader that reads floats as exact Decimals (see `_construct_decimal`)."""


def _construct_decimal(loader: Any, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf, .nan, 1:30.5: let the rules refuse or accept them
        return Decimal(repr(loader.construct_yaml_float(node)))


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _yaml_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def read_yaml(data: bytes) -> tuple[Any, yaml.Node | None]:
    """The data of one YAML document and its node tree (for `yaml_line`).

    Refused: malformed YAML (with its line), anchors and aliases (a few lines could expand to
    millions of items) and a key given twice in one mapping (YAML would silently keep the last).
    """
    loader = _Loader(decode_text(data))
    try:
        node = loader.get_single_node()
        if problems := _shape_problems(node):
            raise FileRejected(problems)
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as exc:
        raise FileRejected([error(Reason.NOT_YAML).at(line=_yaml_line(exc))]) from exc
    except RecursionError as exc:  # [[[[… deeper than Python's stack (pure-Python parser)
        raise reject(Reason.NOT_YAML) from exc
    finally:
        loader.dispose()


def _shape_problems(root: yaml.Node | None, limit: int = 100) -> list[FieldError]:
    """Aliased nodes (reached twice, reported once) and repeated keys; iterative, bounded."""
    found: list[FieldError] = []
    seen: set[int] = set()
    aliased: set[int] = set()
    stack = [root] if root is not None else []
    while stack and len(found) < limit:
        node = stack.pop()
        if id(node) in seen:
            if id(node) not in aliased:
                aliased.add(id(node))
                found.append(error(Reason.YAML_ALIAS).at(line=node.start_mark.line + 1))
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                stack.append(value)
                if not isinstance(key, yaml.ScalarNode):
                    continue
                if key.value in keys:
                    dup = error(Reason.DUPLICATE_KEY, key=key.value[:40])
                    found.append(dup.at(line=key.start_mark.line + 1))
                    if len(found) >= limit:
                        break
                keys.add(key.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return found


def yaml_line(root: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the value at `loc` (or of the nearest thing that exists).

    A nested block (a list, a mapping) is placed at its key's line; a missing key at the line of
    the mapping that lacks it.
    """
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next((kv for kv in node.value if kv[0].value == part), None)
            if pair is None:
                break
            key, node = pair
            collection = isinstance(node, yaml.MappingNode | yaml.SequenceNode)
            line = (key if collection else node).start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


# --- XLSX ---------------------------------------------------------------------------------


def read_xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    """The non-empty rows of the first sheet, as (1-based row number, cell values).

    Text cells are stripped and blank ones become None. A workbook that would unpack to more
    than `MAX_UNZIPPED_BYTES` is refused before openpyxl reads it.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise reject(Reason.NOT_XLSX) from exc
    if unpacked > MAX_UNZIPPED_BYTES:
        raise reject(Reason.TOO_LARGE, max_mb=MAX_FILE_BYTES // (1024 * 1024))
    rows: list[tuple[int, list[Any]]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    cells = [_cell(v) for v in values]
                    if any(v is not None for v in cells):
                        rows.append((number, cells))
                    if len(rows) > MAX_SHEET_ROWS:
                        raise reject(Reason.TOO_MANY_ROWS, max=MAX_SHEET_ROWS)
            finally:
                book.close()
    except FileRejected:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise reject(Reason.NOT_XLSX) from exc
    if not rows:
        raise reject(Reason.EMPTY_FILE)
    return rows


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def header_name(value: Any) -> str:
    return str(value).strip().lower() if value is not None else ""


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

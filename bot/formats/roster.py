"""Roster files: YAML, CSV and XLSX turned into rows for the rules of `bot.domain.roster`.

Formats: YAML (a mapping with a `units:` list and an optional `bloc:` name, like the sample; or a
bare list), CSV (a header row with `code` and `name`; comma, semicolon or tab; UTF-8 with or
without BOM) and XLSX (the first sheet with a roster header, which may follow a few title rows).
Other columns and keys (a row number "STT", an address…) are tolerated and ignored: registers
kept in spreadsheets have them, and since `code` and `name` are both required a misspelt header
is still caught (as `not_roster`). Headers may also be written in Vietnamese (`mã`, `tên`…);
a row's error names its column as the header spells it.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import PurePath
from typing import Any

from bot.domain.errors import FieldError, FieldName, FileRejected, Reason, error, reject
from bot.domain.roster import ABSENT, RosterEntry, RosterFile, RosterRow, checked_rows
from bot.domain.text import has_visible, visible_text
from bot.formats.reading import (
    MAX_FILE_BYTES,
    check_upload,
    decode_text,
    header_name,
    read_yaml,
    yaml_line,
)
from bot.formats.xlsx import Rows, read_xlsx_sheets

ROSTER_TYPES = ".yaml, .yml, .csv, .xlsx"
_HEADERS = {
    "code": {"code", "mã", "ma", "mã đơn vị", "ma don vi", "ký hiệu", "ky hieu"},
    "name": {"name", "tên", "ten", "tên đơn vị", "ten don vi", "đơn vị", "don vi"},
}


def load_roster(filename: str, data: bytes) -> list[RosterRow]:
    """The rows of a roster file; FileRejected with every error when anything is wrong."""
    return read_roster(filename, data).rows


def read_roster(filename: str, data: bytes) -> RosterFile:
    """The roster file with its optional bloc name (YAML only)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xls":
        raise reject(Reason.XLS_FILE)
    if suffix not in (".yaml", ".yml", ".csv", ".xlsx"):
        raise reject(Reason.UNSUPPORTED_TYPE, allowed=ROSTER_TYPES)
    check_upload(data)
    bloc: str | None = None
    errors: list[FieldError] = []
    if suffix == ".csv":
        entries = _table_entries(csv_rows(decode_text(data)))
    elif suffix == ".xlsx":
        entries = _sheet_entries(read_xlsx_sheets(data))
    else:
        bloc, entries = _yaml_entries(data, errors)
    return RosterFile(bloc=bloc, rows=checked_rows(entries, errors))


def _yaml_entries(data: bytes, errors: list[FieldError]) -> tuple[str | None, list[RosterEntry]]:
    raw, root = read_yaml(data)
    bloc, base = None, ()
    if isinstance(raw, dict) and "units" in raw:
        units, base = raw["units"] or [], ("units",)
        if isinstance(raw.get("bloc"), str) and has_visible(raw["bloc"]):
            bloc = " ".join(visible_text(raw["bloc"]).split())
    elif isinstance(raw, list):
        units = raw
    else:
        raise reject(Reason.NOT_ROSTER)
    if not isinstance(units, list):
        unplaced = error(Reason.NOT_A_LIST).at(field="units", named=FieldName.ROSTER_UNITS)
        raise FileRejected([unplaced.at(line=yaml_line(root, base))])
    entries = []
    for index, unit in enumerate(units):
        loc = (*base, index)
        if not isinstance(unit, dict):
            errors.append(error(Reason.NOT_A_MAPPING).at(line=yaml_line(root, loc)))
            continue
        entries.append(
            RosterEntry(
                unit.get("code", ABSENT),
                unit.get("name", ABSENT),
                {"line": yaml_line(root, (*loc, "code"))},
                {"line": yaml_line(root, (*loc, "name"))},
            )
        )
    return bloc, entries


def _spelling(cell: Any) -> str:
    """A header cell as the file spells it (case kept), without a BOM or extra spaces."""
    return " ".join(unicodedata.normalize("NFC", str(cell).lstrip("\ufeff")).split())


def _columns(header: list[Any]) -> dict[str, int] | None:
    """Where the code and name columns are, or None when this is not a roster header."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        for field, names in _HEADERS.items():
            if _spelling(header_name(cell)) in names:
                found.setdefault(field, index)
    return found if len(found) == len(_HEADERS) else None


def has_roster_header(rows: Rows) -> bool:
    """Whether a table has a roster header (a code and a name column) among its first rows."""
    return any(_columns(cells) for _, cells in rows[:10])


def _sheet_entries(sheets: list[Rows]) -> list[RosterEntry]:
    """The entries of the first sheet with a roster header (an instructions sheet may precede)."""
    for rows in sheets:
        if has_roster_header(rows):
            return _table_entries(rows, search=10)
    raise reject(Reason.NOT_ROSTER)


def _table_entries(rows: Rows, search: int = 1) -> list[RosterEntry]:
    """Entries of a table whose header is among its first `search` non-empty rows."""
    found = ((k, _columns(cells)) for k, (_, cells) in enumerate(rows[:search]))
    at, columns = next(((k, c) for k, c in found if c is not None), (0, None))
    if columns is None:
        raise reject(Reason.NOT_ROSTER)
    header = rows[at][1]
    code_field, name_field = (_spelling(header[columns[f]]) for f in _HEADERS)
    entries = []
    for number, cells in rows[at + 1 :]:
        code, name = (cells[columns[f]] if columns[f] < len(cells) else None for f in _HEADERS)
        if code is None and name is None:
            continue  # a row that only fills other columns (a subtotal, a note)
        where = {"row": number}
        entries.append(RosterEntry(code, name, where, where, code_field, name_field))
    return entries


def csv_rows(text: str) -> Rows:
    """A CSV's rows; an unclosed quote (which would swallow every line after it) is refused."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    # A field may be as large as the file: the name rules then say what is wrong with it.
    csv.field_size_limit(max(csv.field_size_limit(), 2 * MAX_FILE_BYTES))
    strict = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for _ in strict:
            start = strict.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise FileRejected([error(Reason.UNCLOSED_QUOTE).at(row=start)]) from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: Rows = []
    try:
        for cells in reader:
            stripped = [c.strip() or None for c in cells]
            if any(stripped):
                rows.append((reader.line_num, stripped))
    except csv.Error as exc:
        raise reject(Reason.NOT_ROSTER) from exc
    return rows

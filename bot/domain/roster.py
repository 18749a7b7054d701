"""Roster files (the bloc's list of units) and the plan of what importing one would change.

Why all or nothing: a roster adds or renames many units at once, so a file with any bad row is
refused whole, listing every bad row with its place (row, or line for YAML) and field; the admin
fixes the file and sends it again, and the import is then a plan shown for confirmation.

Formats: YAML (a mapping with a `units:` list and an optional `bloc:` name, like the sample; or a
bare list), CSV (a header row with `code` and `name`; comma, semicolon or tab; UTF-8 with or
without BOM) and XLSX (the first sheet; the header row may follow a few title rows). Other
columns and keys (a row number "STT", an address…) are tolerated and ignored: registers kept
in spreadsheets have them, and since `code` and `name` are both required a misspelt header is
still caught (as `not_roster`). Headers may also be written in Vietnamese (`mã`, `tên`…).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from pathlib import PurePath
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from bot.domain.errors import FieldError, FileRejected, InvalidValue, Reason, error
from bot.domain.file_reading import (
    check_upload,
    decode_text,
    header_name,
    read_xlsx_rows,
    read_yaml,
    reject,
    yaml_line,
)
from bot.domain.units import check_unit_name, normalize_code

MAX_ROWS = 500
ROSTER_TYPES = ".yaml, .yml, .csv, .xlsx"
_HEADERS = {
    "code": {"code", "mã", "ma", "mã đơn vị", "ma don vi", "ký hiệu", "ky hieu"},
    "name": {"name", "tên", "ten", "tên đơn vị", "ten don vi", "đơn vị", "don vi"},
}
_ABSENT = object()


class RosterRow(BaseModel):
    """One unit of a roster, its code and name already normalised."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str


class RosterFile(BaseModel):
    """A roster file's rows and, when the file names it, the bloc."""

    model_config = ConfigDict(frozen=True)

    bloc: str | None = None
    rows: list[RosterRow]


class RosterPlan(BaseModel):
    """What an import would do; units of the bloc missing from the file are kept (`absent`)."""

    model_config = ConfigDict(frozen=True)

    added: list[RosterRow] = []
    renamed: list[tuple[str, str, str]] = []  # (code, old name, new name)
    unchanged: list[str] = []
    absent: list[str] = []

    @property
    def changes(self) -> bool:
        return bool(self.added or self.renamed)


class _Entry(NamedTuple):
    """One row as read: raw values and where each came from (row=… or line=…)."""

    code: Any
    name: Any
    code_at: dict[str, int | None]
    name_at: dict[str, int | None]


def load_roster(filename: str, data: bytes) -> list[RosterRow]:
    """The rows of a roster file; FileRejected with every error when anything is wrong."""
    return read_roster(filename, data).rows


def read_roster(filename: str, data: bytes) -> RosterFile:
    """The roster file with its optional bloc name (YAML only)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv", ".xlsx"):
        raise reject(Reason.UNSUPPORTED_TYPE, allowed=ROSTER_TYPES)
    check_upload(data)
    bloc: str | None = None
    errors: list[FieldError] = []
    if suffix == ".csv":
        entries = _csv_entries(decode_text(data))
    elif suffix == ".xlsx":
        entries = _table_entries(read_xlsx_rows(data), search=10)
    else:
        bloc, entries = _yaml_entries(data, errors)
    return RosterFile(bloc=bloc, rows=_checked(entries, errors))


def _checked(entries: list[_Entry], errors: list[FieldError]) -> list[RosterRow]:
    """Every entry checked; FileRejected with all errors (`errors` holds the reader's own)."""
    if len(entries) > MAX_ROWS:
        raise reject(Reason.TOO_MANY_ROWS, max=MAX_ROWS)
    rows: list[RosterRow] = []
    seen: set[str] = set()
    for entry in entries:
        code = _value(entry.code, normalize_code, "code", entry.code_at, errors)
        if code is not None and code in seen:
            errors.append(error(Reason.DUPLICATE_CODE, code=code).at(field="code", **entry.code_at))
            code = None
        elif code is not None:
            seen.add(code)
        name = _value(entry.name, check_unit_name, "name", entry.name_at, errors)
        if code is not None and name is not None:
            rows.append(RosterRow(code=code, name=name))
    if errors:
        raise FileRejected(errors)
    if not rows:
        raise reject(Reason.EMPTY_FILE)
    return rows


def _value(
    raw: Any,
    check: Callable[[str], str],
    field: str,
    at: dict[str, int | None],
    errors: list[FieldError],
) -> str | None:
    """`raw` through `check`, or None with the reason appended to `errors`."""
    if raw is _ABSENT or raw is None or raw == "":
        reason = Reason.MISSING if field == "code" or raw is _ABSENT else Reason.EMPTY_NAME
        errors.append(error(reason).at(field=field, **at))
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        errors.append(error(Reason.NOT_TEXT).at(field=field, **at))
        return None
    try:
        return check(str(raw))
    except InvalidValue as exc:
        errors.append(exc.error.at(field=field, **at))
        return None


def _yaml_entries(data: bytes, errors: list[FieldError]) -> tuple[str | None, list[_Entry]]:
    raw, root = read_yaml(data)
    bloc, base = None, ()
    if isinstance(raw, dict) and "units" in raw:
        units, base = raw["units"] or [], ("units",)
        if isinstance(raw.get("bloc"), str) and raw["bloc"].strip():
            bloc = " ".join(raw["bloc"].split())
    elif isinstance(raw, list):
        units = raw
    else:
        raise reject(Reason.NOT_ROSTER)
    if not isinstance(units, list):
        raise FileRejected([error(Reason.NOT_A_LIST).at(field="units", line=yaml_line(root, base))])
    entries = []
    for index, unit in enumerate(units):
        loc = (*base, index)
        if not isinstance(unit, dict):
            errors.append(error(Reason.NOT_A_MAPPING).at(line=yaml_line(root, loc)))
            continue
        entries.append(
            _Entry(
                unit.get("code", _ABSENT),
                unit.get("name", _ABSENT),
                {"line": yaml_line(root, (*loc, "code"))},
                {"line": yaml_line(root, (*loc, "name"))},
            )
        )
    return bloc, entries


def _columns(header: list[Any]) -> dict[str, int] | None:
    """Where the code and name columns are, or None when this is not a roster header."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        for field, names in _HEADERS.items():
            if unicodedata.normalize("NFC", header_name(cell).lstrip("\ufeff")) in names:
                found.setdefault(field, index)
    return found if len(found) == len(_HEADERS) else None


def _table_entries(rows: list[tuple[int, list[Any]]], search: int = 1) -> list[_Entry]:
    """Entries of a table whose header is among its first `search` non-empty rows."""
    found = ((k, _columns(cells)) for k, (_, cells) in enumerate(rows[:search]))
    at, columns = next(((k, c) for k, c in found if c is not None), (0, None))
    if columns is None:
        raise reject(Reason.NOT_ROSTER)
    entries = []
    for number, cells in rows[at + 1 :]:
        code, name = (cells[columns[f]] if columns[f] < len(cells) else None for f in _HEADERS)
        if code is None and name is None:
            continue  # a row that only fills other columns (a subtotal, a note)
        where = {"row": number}
        entries.append(_Entry(code, name, where, where))
    return entries


def _csv_entries(text: str) -> list[_Entry]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            stripped = [c.strip() or None for c in cells]
            if any(stripped):
                rows.append((reader.line_num, stripped))
    except csv.Error as exc:
        raise reject(Reason.NOT_ROSTER) from exc
    return _table_entries(rows)


def plan_roster_import(existing: dict[str, str], rows: list[RosterRow]) -> RosterPlan:
    """What importing `rows` into a bloc with `existing` units (code -> name) would change.

    Importing the same file twice plans nothing the second time: every row is `unchanged`.
    """
    added, renamed, unchanged = [], [], []
    for row in rows:
        old = existing.get(row.code)
        if old is None:
            added.append(row)
        elif old != row.name:
            renamed.append((row.code, old, row.name))
        else:
            unchanged.append(row.code)
    listed = {row.code for row in rows}
    absent = sorted(code for code in existing if code not in listed)
    return RosterPlan(added=added, renamed=renamed, unchanged=unchanged, absent=absent)


def apply_roster_plan(existing: dict[str, str], plan: RosterPlan) -> dict[str, str]:
    """The units after the import (what storage will hold): added and renamed, none removed."""
    result = dict(existing)
    result.update({row.code: row.name for row in plan.added})
    result.update({code: new for code, _, new in plan.renamed})
    return result

"""The bloc's list of units (a roster): its rows checked, and the plan of what importing changes.

Why all or nothing: a roster adds or renames many units at once, so a file with any bad row is
refused whole, listing every bad row with its place (row, or line for YAML) and field; the admin
fixes the file and sends it again, and the import is then a plan shown for confirmation.
Reading the files (YAML, CSV, XLSX) is `bot.formats.roster`; it hands the rules here the raw
values of each row with where they came from (`RosterEntry`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from bot.domain.errors import (
    FieldError,
    FieldName,
    FileRejected,
    InvalidValue,
    Reason,
    error,
    reject,
)
from bot.domain.units import check_unit_name, normalize_code

MAX_ROWS = 500
#: A value a row does not have at all (a YAML unit without `name:`), unlike an empty one.
ABSENT: Any = object()


class RosterRow(BaseModel):
    """One unit of a roster, its code and name already normalised."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    code: str
    name: str


class RosterFile(BaseModel):
    """A roster file's rows and, when the file names it, the bloc."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    bloc: str | None = None
    rows: list[RosterRow]


class RosterPlan(BaseModel):
    """What an import would do; units of the bloc missing from the file are kept (`absent`)."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    added: list[RosterRow] = []
    renamed: list[tuple[str, str, str]] = []  # (code, old name, new name)
    unchanged: list[str] = []
    absent: list[str] = []

    @property
    def changes(self) -> bool:
        return bool(self.added or self.renamed)


class RosterEntry(NamedTuple):
    """One row as read: raw values and where each came from (row=… or line=…), and the names
    of their columns as the file spells them (a header "Mã đơn vị" is named so in an error);
    without a header (YAML keys) an error names the field in the reader's language."""

    code: Any
    name: Any
    code_at: dict[str, int | None]
    name_at: dict[str, int | None]
    code_field: str | None = None
    name_field: str | None = None

    def code_place(self) -> dict[str, Any]:
        return _place(self.code_field, "code", FieldName.ROSTER_CODE, self.code_at)

    def name_place(self) -> dict[str, Any]:
        return _place(self.name_field, "name", FieldName.ROSTER_NAME, self.name_at)


def _place(
    spelt: str | None, key: str, named: FieldName, at: dict[str, int | None]
) -> dict[str, Any]:
    """Where a value is: its column as spelt, or else the format's key, named to the reader."""
    return {"field": spelt, **at} if spelt else {"field": key, "named": named, **at}


def checked_rows(entries: list[RosterEntry], errors: list[FieldError]) -> list[RosterRow]:
    """Every entry checked; FileRejected with all errors (`errors` holds the reader's own)."""
    if len(entries) > MAX_ROWS:
        raise reject(Reason.TOO_MANY_ROWS, max=MAX_ROWS)
    rows: list[RosterRow] = []
    seen: set[str] = set()
    for entry in entries:
        code = _value(entry.code, normalize_code, Reason.MISSING, entry.code_place(), errors)
        if code is not None and code in seen:
            errors.append(error(Reason.DUPLICATE_CODE, code=code).at(**entry.code_place()))
            code = None
        elif code is not None:
            seen.add(code)
        name = _value(entry.name, check_unit_name, Reason.EMPTY_NAME, entry.name_place(), errors)
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
    empty: Reason,
    at: dict[str, Any],
    errors: list[FieldError],
) -> str | None:
    """`raw` through `check`, or None with the reason appended to `errors` (`empty`: the reason
    for a blank value; `at`: where the value is, with its field)."""
    if raw is ABSENT or raw is None or raw == "":
        reason = Reason.MISSING if raw is ABSENT else empty
        errors.append(error(reason).at(**at))
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        errors.append(error(Reason.NOT_TEXT).at(**at))
        return None
    try:
        return check(str(raw))
    except InvalidValue as exc:
        errors.append(exc.error.at(**at))
        return None


def plan_roster_import(existing: dict[str, str], rows: list[RosterRow]) -> RosterPlan:
    """What importing `rows` into a bloc with `existing` units (code -> name) would change.

    Importing the same file twice plans nothing the second time: every row is `unchanged`.
    """
    added, renamed, unchanged = [], [], []
    for row in rows:
        old = existing.get(row.code)
        if old is None:
            added.append(row)
        elif unicodedata.normalize("NFC", old) != row.name:  # one stored before names were NFC
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

"""Where a scale rule's issue is, in the words of the file: section, criterion, field.

Shared by the YAML and the XLSX readers: the rules (`bot.domain.scale`) report a path inside
the nested data; the reader adds the line or row, and this names the section and item codes
found on that path and the field (or, in a sheet, the column as its header is written).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from bot.domain.errors import FieldError, FieldName, Issue, Reason

#: The format's own fields (keys of the YAML, columns of the sheet), named to the reader.
_NAMED = {
    "sections": FieldName.SCALE_SECTIONS,
    "criteria": FieldName.SCALE_CRITERIA,
    "bonus": FieldName.SCALE_BONUS,
    "deductions": FieldName.SCALE_DEDUCTIONS,
    "code": FieldName.SCALE_CODE,
    "title": FieldName.SCALE_TITLE,
    "max": FieldName.SCALE_MAX,
    "step": FieldName.SCALE_STEP,
    "evidence": FieldName.SCALE_EVIDENCE,
    "guidance": FieldName.SCALE_GUIDANCE,
}


def _named(loc: tuple[str | int, ...], field: str | None, reason: str) -> FieldName | None:
    """The format's field at the end of `loc`; None for a key the file made up (said as it
    is written) and for no field."""
    if field is None or reason == Reason.UNKNOWN_FIELD:
        return None
    if field == "name":
        return FieldName.SCALE_NAME if len(loc) == 1 else None
    return _NAMED.get(field)


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


def placed(
    raw: Any, issue: Issue, columns: Mapping[str, str] | None = None, **where: int | None
) -> FieldError:
    """The issue as a FieldError naming its section, item and field: a field of the format is
    `named` too (the reader sees the template's header in his language, not the key), a key the
    file made up is said as written; in a sheet (`columns`: field -> its header as written) the
    column, or none when the field is not a column (the name row: its label as written, or
    named when the sheet has none)."""
    loc, section, item = issue.loc, None, None
    if len(loc) >= 2 and loc[0] == "sections":
        entry = _entry(raw, "sections", loc[1])
        section = _code_of(entry)
        if len(loc) >= 4 and loc[2] == "criteria":
            item = _code_of(_entry(entry, "criteria", loc[3]))
    elif len(loc) >= 2 and loc[0] in ("bonus", "deductions"):
        item = _code_of(_entry(raw, str(loc[0]), loc[1]))
    field = next((p for p in reversed(loc) if isinstance(p, str)), None)
    named = _named(loc, field, issue.reason)
    if columns is not None:  # a column as its header is written; the name row by its label
        field = columns.get(field) if field is not None else None
        named = named if field is None and named == FieldName.SCALE_NAME else None
    return FieldError(
        reason=issue.reason,
        params=issue.params,
        section=section,
        item=item,
        field=field,
        named=named,
        **where,
    )

"""Where a scale rule's issue is, in the words of the file: section, criterion, field.

Shared by the YAML and the XLSX readers: the rules (`bot.domain.scale`) report a path inside
the nested data; the reader adds the line or row, and this names the section and item codes
found on that path and the field (or, in a sheet, the column as its header is written).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from bot.domain.errors import FieldError, Issue


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
    """The issue as a FieldError naming its section, item and field; in a sheet (`columns`:
    field -> its header as written) the column, or none when the field is not a column."""
    loc, section, item = issue.loc, None, None
    if len(loc) >= 2 and loc[0] == "sections":
        entry = _entry(raw, "sections", loc[1])
        section = _code_of(entry)
        if len(loc) >= 4 and loc[2] == "criteria":
            item = _code_of(_entry(entry, "criteria", loc[3]))
    elif len(loc) >= 2 and loc[0] in ("bonus", "deductions"):
        item = _code_of(_entry(raw, str(loc[0]), loc[1]))
    field = next((p for p in reversed(loc) if isinstance(p, str)), None)
    if columns is not None:
        field = columns.get(field) if field is not None else None
    return FieldError(
        reason=issue.reason, params=issue.params, section=section, item=item, field=field, **where
    )

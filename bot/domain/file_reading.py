"""Reading uploaded files: size checks, UTF-8 text, YAML with lines, the rows of a workbook.

Shared by the scale files (`scale_files`) and the roster (`roster`). Every refusal is a
`FileRejected` with a reason code; YAML errors carry their line, so a rule broken deep inside a
file can be placed with `yaml_line`.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from bot.domain.errors import FieldError, FileRejected, Reason, error

MAX_FILE_BYTES = 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_SHEET_ROWS = 5000


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
    from openpyxl import load_workbook  # heavy (numpy, PIL): only when a file is read

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

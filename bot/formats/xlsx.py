"""Workbooks in and out: the rows of each sheet of an upload (within caps), text-safe cells.

Why the caps come before openpyxl: a 23 KB workbook can hold 3,000,000 empty shared strings or
a million empty rows, and openpyxl would load them all (seconds of CPU, up to a gigabyte). What
a roster or a scale can need is small, so the archive is measured first (its unpacked size, the
number of its parts, shared strings, rows and columns) by streaming through it, and a file over
any cap is refused saying which. The parse itself then runs bounded (`max_row`, `max_col`), and
in a worker process with time and memory limits (`formats.worker`).

Writing: `put` writes text as text, so a name that starts with `=`, `+`, `-` or `@` is never
taken as a formula by a spreadsheet; every workbook the bot writes goes through it.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from typing import Any

from bot.domain.errors import FileRejected, Reason, reject

#: What the parts of a workbook may unpack to, together (a 500-unit roster is well under 1 MB).
MAX_UNZIPPED_BYTES = 8 * 1024 * 1024
#: Parts of the archive (sheets, styles, relations…); real workbooks have a few dozen.
MAX_PARTS = 200
#: Distinct texts of the workbook (shared strings).
MAX_SHARED_STRINGS = 50_000
#: Rows of one sheet (empty ones included) and columns read.
MAX_SHEET_ROWS = 5000
MAX_COLUMNS = 100
#: Sheets read (a template has an instructions sheet and a data sheet).
MAX_SHEETS = 10

Rows = list[tuple[int, list[Any]]]

# Linear-time patterns (no unbounded attribute scans): a part is up to 8 MB of hostile bytes.
# Writers put `r` first (Excel, LibreOffice, openpyxl); a row or cell that puts it later is
# still counted, and the bounded parse drops whatever lies beyond the caps.
_STRING = re.compile(rb"<(?:\w+:)?si[\s/>]")
_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\s+r=\"(\d+)\"")
_CELL_COLUMN = re.compile(rb"<(?:\w+:)?c\s+r=\"([A-Za-z]+)\d")


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + char - 64
    return number


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int, int]:
    """Shared strings, the highest row (by number or by count) and column found in one part.

    Read whole: the parts together are already known to unpack to at most MAX_UNZIPPED_BYTES
    (zipfile never returns more than a part's stated size).
    """
    text = archive.read(info)
    strings = sum(1 for _ in _STRING.finditer(text))
    rows = sum(1 for _ in _ROW.finditer(text))
    row_max = max((int(m.group(1)) for m in _ROW_NUMBER.finditer(text)), default=0)
    columns = 0
    for m in _CELL_COLUMN.finditer(text):
        columns = max(columns, _column_number(m.group(1)))
    return strings, max(rows, row_max), columns


def check_workbook(data: bytes) -> None:
    """Refuse a workbook over any cap (see the module docstring), before openpyxl opens it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise reject(Reason.XLSX_TOO_MANY_PARTS, max=MAX_PARTS)
            if sum(info.file_size for info in parts) > MAX_UNZIPPED_BYTES:
                raise reject(Reason.UNZIPS_TOO_LARGE, max_mb=MAX_UNZIPPED_BYTES // (1024 * 1024))
            strings = 0
            for info in parts:
                found, rows, columns = _scan_part(archive, info)
                strings += found
                if rows > MAX_SHEET_ROWS:
                    raise reject(Reason.TOO_MANY_ROWS, max=MAX_SHEET_ROWS)
                if columns > MAX_COLUMNS:
                    raise reject(Reason.TOO_MANY_COLUMNS, max=MAX_COLUMNS)
            if strings > MAX_SHARED_STRINGS:
                raise reject(Reason.TOO_MANY_STRINGS, max=MAX_SHARED_STRINGS)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        EOFError,
        zlib.error,
    ) as exc:
        raise reject(Reason.NOT_XLSX) from exc


def read_xlsx_sheets(data: bytes) -> list[Rows]:
    """The non-empty rows of each sheet (the first `MAX_SHEETS`), as (row number, values).

    Text cells are stripped and blank ones become None. Refused: a workbook over a cap, a broken
    one, one with no data at all.
    """
    check_workbook(data)
    from openpyxl import load_workbook  # heavy (numpy, PIL): imported where a file is read

    sheets: list[Rows] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for sheet in book.worksheets[:MAX_SHEETS]:
                    sheets.append(_sheet_rows(sheet))
            finally:
                book.close()
    except FileRejected:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise reject(Reason.NOT_XLSX) from exc
    if not any(sheets):
        raise reject(Reason.EMPTY_FILE)
    return sheets


def read_xlsx_rows(data: bytes) -> Rows:
    """The non-empty rows of the first sheet that has any."""
    return next(rows for rows in read_xlsx_sheets(data) if rows)


def _sheet_rows(sheet: Any) -> Rows:
    """Bounded whatever the sheet's stated dimensions say (they may lie)."""
    rows: Rows = []
    values = sheet.iter_rows(max_row=MAX_SHEET_ROWS, max_col=MAX_COLUMNS, values_only=True)
    for number, cells in enumerate(values, start=1):
        stripped = [_cell(v) for v in cells]
        if any(v is not None for v in stripped):
            while stripped and stripped[-1] is None:
                stripped.pop()
            rows.append((number, stripped))
    return rows


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write a cell; text stays text even when it starts with `=` `+` `-` `@` (never a formula)."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell

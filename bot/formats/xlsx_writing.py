"""How every sheet of the exported workbook is written: safe cells, tables, widths, print, bytes.

Why apart from the sheets' content: the rules that make a workbook fit to paste into an official
report are the same for every sheet (numbers as numbers, dates as dates, text that can never run
as a formula, frozen headers, fitted widths, landscape A4) and the bytes must be the same for
the same data, so they live in one place.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from bot.formats.xlsx import put

DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
MIN_WIDTH = 6
MAX_WIDTH = 60
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REVIEWED_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")
#: Text starting so would run as a formula (or be read as one) in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@")
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

Value = str | int | Decimal | datetime | date | None


#: Scores and points: as typed, 10 as "10" and 9.5 as "9,5" (in a Vietnamese Excel). A fixed
#: number of decimals ("0.0") showed 10 as "10,0", and "0.##" leaves "10," in Excel; the values
#: are written exactly (from Decimal), so General never shows a rounding artefact.
SCORE_FORMAT = "General"


class SheetWriter:
    """Writes cells into one worksheet in the bloc's time zone; remembers the widest text."""

    def __init__(self, ws: Worksheet, zone: ZoneInfo) -> None:
        self.ws = ws
        self.zone = zone
        self.widths: dict[int, int] = {}

    def put(
        self, row: int, col: int, value: Value, *, fmt: str | None = None, bold: bool = False
    ) -> Cell:
        """One cell through the shared text-safe `put`: numbers as numbers, dates in the bloc's
        zone, text as text (never a formula, with a quote prefix where it would look like one)."""
        shown = 0
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            shown = max((len(line) for line in value.splitlines()), default=0)
        elif isinstance(value, datetime):
            value = value.astimezone(self.zone).replace(tzinfo=None)
            fmt, shown = fmt or DATE_TIME_FORMAT, len(DATE_TIME_FORMAT)
        elif isinstance(value, date):
            fmt, shown = fmt or DATE_FORMAT, len(DATE_FORMAT)
        elif value is not None:
            shown = len(str(value)) + 2
        cell = put(self.ws, row, col, value)
        if isinstance(value, str):
            cell.quotePrefix = value.startswith(FORMULA_STARTS)
            if "\n" in value or len(value) > MAX_WIDTH:
                cell.alignment = WRAP
        if fmt is not None and value is not None:
            cell.number_format = fmt
        if bold:
            cell.font = BOLD
        self.widths[col] = max(self.widths.get(col, 0), shown)
        return cell

    def note(self, row: int, text: str) -> Cell:
        """A line about the whole sheet, in bold, over the empty cells to its right (not
        counted in the first column's width)."""
        cell = put(self.ws, row, 1, ILLEGAL_CHARACTERS_RE.sub("", text))
        cell.font = BOLD
        return cell

    def header(self, row: int, labels: Sequence[str], *, first_col: int = 1) -> None:
        for offset, label in enumerate(labels):
            cell = self.put(row, first_col + offset, label, bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")

    def finish(self, *, header_rows: int = 1, frozen_cols: int = 0) -> None:
        """Freeze the header (and the first columns), fit widths, set up landscape A4 print."""
        ws = self.ws
        ws.freeze_panes = ws.cell(row=header_rows + 1, column=frozen_cols + 1).coordinate
        for col, width in sorted(self.widths.items()):
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = min(max(width + 1, MIN_WIDTH), MAX_WIDTH)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"1:{header_rows}"


def table(
    writer: SheetWriter,
    headers: Sequence[str],
    rows: Sequence[Sequence[Value]],
    formats: Sequence[str | None] = (),
    *,
    note: str | None = None,
) -> None:
    """A one-header-row table: the common shape of the list sheets.

    `note`, a line about the whole sheet (how the review stands), goes above the table with a
    blank row between, and the table gets its filter: sorting or filtering never takes the
    note for a row of data.
    """
    top = 1
    if note is not None:
        writer.note(1, note)
        top = 3
    writer.header(top, headers)
    for r, values in enumerate(rows, start=top + 1):
        for c, value in enumerate(values, start=1):
            fmt = formats[c - 1] if c - 1 < len(formats) else None
            writer.put(r, c, value, fmt=fmt)
    writer.finish(header_rows=top)
    if note is not None:
        last = get_column_letter(len(headers))
        writer.ws.auto_filter.ref = f"A{top}:{last}{top + max(len(rows), 1)}"


def workbook_bytes(wb: Workbook, stamp: datetime) -> bytes:
    """The workbook as bytes that depend only on its content.

    openpyxl stamps the save time into the document properties and the zip entries; both are
    replaced by `stamp` (the data's own time) and a fixed zip time, so re-exporting the same data
    gives the same file.
    """
    raw = io.BytesIO()
    wb.save(raw)
    wb.properties.created = wb.properties.modified = stamp.replace(tzinfo=None)
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = core if info.filename == "docProps/core.xml" else source.read(info)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()

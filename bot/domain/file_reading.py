"""Old import path of the file readers, now in `bot.formats` (kept while branches still use it).

Remove once nothing imports `bot.domain.file_reading` (the assessment and results branches did
when `bot.formats` was created). New code imports `bot.formats.reading` and `bot.formats.xlsx`,
and parses uploads through `bot.formats.worker.parse`.
"""

from __future__ import annotations

from bot.domain.errors import reject
from bot.formats.reading import (
    MAX_FILE_BYTES,
    check_upload,
    decode_text,
    header_name,
    read_yaml,
    yaml_line,
)
from bot.formats.xlsx import MAX_SHEET_ROWS, MAX_UNZIPPED_BYTES, read_xlsx_rows

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_SHEET_ROWS",
    "MAX_UNZIPPED_BYTES",
    "check_upload",
    "decode_text",
    "header_name",
    "read_xlsx_rows",
    "read_yaml",
    "reject",
    "yaml_line",
]

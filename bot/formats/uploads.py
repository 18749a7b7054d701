"""A bloc's file read for the caption it came with, a file meant for the other caption told apart.

Why: a roster sent with the caption `/scale` was refused with the scale's errors ("field bloc
is not a field of a scale file", "name missing"), and a scale sent with `/addunit` with "no list
of units found": true, but the admin is not told the file is fine, only sent with the wrong
command. When a reader refuses a file, its shape is looked at (the top-level keys of a YAML
mapping, the header row of a sheet or CSV; no row is checked): a file shaped like the other kind,
and not like its own, is refused with `scale_file` or `roster_file`, which name the caption to use.
Both run in the worker process (`formats.worker`) like the readers they wrap.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import PurePath
from typing import TypeVar

from bot.domain.errors import FileRejected, Reason, reject
from bot.domain.roster import RosterRow
from bot.domain.scale import Scale
from bot.formats.reading import check_upload, decode_text, read_yaml
from bot.formats.roster import csv_rows, has_roster_header, load_roster
from bot.formats.scale import load_scale
from bot.formats.scale_sheet import has_scale_header
from bot.formats.xlsx import read_xlsx_sheets

T = TypeVar("T")


class Shape(StrEnum):
    ROSTER = "roster"
    SCALE = "scale"


#: What a refused file shaped like the other kind says, by the kind its caption asked for.
_OTHER_KIND = {Shape.ROSTER: Reason.SCALE_FILE, Shape.SCALE: Reason.ROSTER_FILE}


def roster_upload(filename: str, data: bytes) -> list[RosterRow]:
    """The rows of a file sent with `/addunit`; a scale file is refused as such."""
    return _read(load_roster, Shape.ROSTER, filename, data)


def scale_upload(filename: str, data: bytes) -> Scale:
    """The scale of a file sent with `/scale`; a roster file is refused as such."""
    return _read(load_scale, Shape.SCALE, filename, data)


def _read(load: Callable[[str, bytes], T], asked: Shape, filename: str, data: bytes) -> T:
    try:
        return load(filename, data)
    except FileRejected:
        if shape_of(filename, data) not in (None, asked):
            raise reject(_OTHER_KIND[asked]) from None
        raise


def shape_of(filename: str, data: bytes) -> Shape | None:
    """Which kind of file this is shaped like: a YAML mapping with `units:` and no `sections:`
    (or the other way round), a CSV with a roster header, a workbook with one header and not
    the other; None when it is neither, both, or cannot be read."""
    suffix = PurePath(filename).suffix.lower()
    try:
        check_upload(data)  # a file refused for its size is not read again
        if suffix in (".yaml", ".yml"):
            raw, _ = read_yaml(data)
            keys = set(raw) if isinstance(raw, dict) else set()
            roster, scale = "units" in keys, "sections" in keys
        elif suffix == ".csv":
            roster, scale = has_roster_header(csv_rows(decode_text(data))), False
        elif suffix == ".xlsx":
            sheets = read_xlsx_sheets(data)
            roster = any(has_roster_header(rows) for rows in sheets)
            scale = any(has_scale_header(rows) for rows in sheets)
        else:
            return None
    except FileRejected:
        return None
    if roster == scale:
        return None
    return Shape.ROSTER if roster else Shape.SCALE

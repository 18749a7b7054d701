"""Issue 17.2: a small workbook that would make openpyxl load millions of things is refused
before it is parsed, quickly, saying which limit it broke; the parse itself stays bounded."""

from __future__ import annotations

import time

import pytest

from bot.domain.errors import Reason
from bot.formats import xlsx as caps
from bot.formats.roster import load_roster
from bot.formats.scale_sheet import load_scale_xlsx
from tests.domain.helpers import only, rejected
from tests.formats.hostile import ROSTER, cells, xlsx


def refused_quickly(data: bytes, reason: Reason) -> dict[str, str]:
    """Refused without doing the work: measured in this process's CPU time, which other
    processes on a busy or parallel test machine do not lengthen."""
    started = time.process_time()
    err = only(rejected(load_roster, "units.xlsx", data))
    assert time.process_time() - started < 2
    assert err.reason == reason
    return err.params


def test_three_million_empty_shared_strings_in_23_kb() -> None:
    data = xlsx(shared=b"<si/>" * 3_000_000)
    assert len(data) < 30_000
    assert refused_quickly(data, Reason.UNZIPS_TOO_LARGE) == {"max_mb": "8"}


def test_too_many_shared_strings_within_the_size_cap() -> None:
    data = xlsx(shared=b"<si><t/></si>" * (caps.MAX_SHARED_STRINGS + 1))
    assert refused_quickly(data, Reason.TOO_MANY_STRINGS) == {"max": "50000"}


def test_a_million_empty_rows() -> None:
    data = xlsx(ROSTER + b"<row/>" * 1_000_000)
    assert len(data) < 1024 * 1024
    assert refused_quickly(data, Reason.TOO_MANY_ROWS) == {"max": "5000"}


def test_a_row_numbered_far_down_the_sheet() -> None:
    data = xlsx(ROSTER + cells(["CC", "far"], first=1_000_000))
    assert refused_quickly(data, Reason.TOO_MANY_ROWS) == {"max": "5000"}


def test_a_cell_in_the_last_column() -> None:
    far = b'<row r="4"><c r="XFD4" t="inlineStr"><is><t>x</t></is></c></row>'
    assert refused_quickly(xlsx(ROSTER + far), Reason.TOO_MANY_COLUMNS) == {"max": "100"}


def test_a_lying_dimension_is_read_within_bounds() -> None:
    started = time.monotonic()
    rows = load_roster("units.xlsx", xlsx(dimension="A1:XFD1048576"))
    assert time.monotonic() - started < 2
    assert [r.code for r in rows] == ["AA", "BB"]


def test_too_many_parts() -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for n in range(caps.MAX_PARTS):
            target.writestr(f"xl/media/x{n}.bin", b"")
    assert refused_quickly(out.getvalue(), Reason.XLSX_TOO_MANY_PARTS) == {"max": "200"}


@pytest.mark.parametrize("data", [b"PK\x03\x04junk", xlsx()[:-30]])
def test_broken_archives_are_not_workbooks(data: bytes) -> None:
    assert only(rejected(load_scale_xlsx, data)).reason == Reason.NOT_XLSX

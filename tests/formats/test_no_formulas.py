"""Issue 17 (smaller): text that starts with `=`, `+`, `-` or `@` is written as text, never as a
formula, in every spreadsheet the bot writes (one test per writer, and a guard for new ones)."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.domain.scale import Criterion, Scale, Section
from bot.formats.scale_sheet import load_scale_xlsx, scale_to_xlsx

ROOT = Path(__file__).resolve().parents[2]
RISKY = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", '=HYPERLINK("http://x","y")']


def _no_formula_anywhere(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def _risky_scale() -> Scale:
    criteria = [
        Criterion(code=f"1.{n}", title=text, max=Decimal(1), guidance=text)
        for n, text in enumerate(RISKY, start=1)
    ]
    return Scale(
        name="=cmd|' /C calc'!A0",
        sections=[Section(code="I", title="@SUM(1)", criteria=criteria)],
        bonus=[Criterion(code="B1", title="+1", max=Decimal(1))],
        deductions=[Criterion(code="D1", title="-1", max=Decimal(1))],
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_scale_template_writes_risky_text_as_text(lang: str) -> None:
    scale = _risky_scale()
    data = scale_to_xlsx(scale, lang, ["=not a formula", "+nor this"])
    _no_formula_anywhere(data)
    book = load_workbook(io.BytesIO(data))
    texts = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    risky = [c for c in texts if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert len(risky) >= 2 * len(RISKY) + 5
    assert all(c.data_type == "s" for c in risky)
    assert load_scale_xlsx(data) == scale


def test_every_workbook_writer_goes_through_put() -> None:
    """A module that builds a workbook writes its values with a `put` that keeps text as text
    (`bot.formats.xlsx.put`), never with `sheet.append` or `cell(…, value=…)`."""
    writers = [
        path
        for folder in ("bot", "handlers")
        for path in (ROOT / folder).rglob("*.py")
        if "Workbook(" in path.read_text(encoding="utf-8")
    ]
    assert writers, "no workbook writer found"
    for path in writers:
        text = path.read_text(encoding="utf-8")
        # values go through put(); `.cell(row, column)` for styling is fine, `value=` is not
        assert not re.search(r"\b(sheet|ws|worksheet)\.append\(|\.cell\([^)]*value\s*=", text), path

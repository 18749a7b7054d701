"""Scale workbooks: reading with rows and columns in errors, the template, round-trips."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from openpyxl import load_workbook

from bot.domain.errors import FieldName, Reason
from bot.domain.scale import Criterion, Scale, Section
from bot.formats.scale import load_scale, load_scale_yaml
from bot.formats.scale_sheet import load_scale_xlsx, scale_to_xlsx
from bot.formats.scale_words import TEMPLATE_COLUMNS
from bot.formats.xlsx import MAX_SHEET_ROWS
from tests.conftest import examples
from tests.domain.helpers import only, rejected, sample_scale_bytes, scales, workbook

HEADER = ["kind", "section", "code", "title", "max", "step", "evidence", "guidance"]


def _sheet(*rows: list[Any], name: str = "Thang điểm thử") -> bytes:
    return workbook([["name", name], HEADER, *rows])


GOOD_ROWS: list[list[Any]] = [
    ["section", None, "I", "Mục một"],
    ["criterion", "I", "1.1", "Tiêu chí một", 10],
    ["criterion", None, "1.2", "Tiêu chí hai", 8.5, 0.25, "x", "Ghi rõ số liệu"],
    ["bonus", None, "T1", "Sáng kiến", 3, None, True],
    ["deduction", None, "D1", "Chậm báo cáo", 2, 1],
]

_VI_ROWS: list[list[Any]] = [
    ["Loại", "Mục", "Mã", "Nội dung", "Điểm tối đa"],
    ["mục", None, "I", "Mục một"],
    ["tiêu chí", "I", "1.1", "Tiêu chí một", 10],
]


@pytest.fixture(scope="module")
def sample() -> Scale:
    return load_scale_yaml(sample_scale_bytes())


def test_a_good_sheet_loads() -> None:
    scale = load_scale_xlsx(_sheet(*GOOD_ROWS))
    assert scale.name == "Thang điểm thử"
    (section,) = scale.sections
    assert [c.code for c in section.criteria] == ["1.1", "1.2"]
    c12 = section.criteria[1]
    assert (c12.max, c12.step, c12.evidence, c12.guidance) == (
        Decimal("8.5"),
        Decimal("0.25"),
        True,
        "Ghi rõ số liệu",
    )
    assert scale.bonus[0].evidence is True and scale.deductions[0].step == 1
    assert scale.max_total == Decimal("18.5")


def test_header_is_case_insensitive_and_blank_rows_are_skipped() -> None:
    rows = [["Name", "S"], [h.upper() for h in HEADER], [], GOOD_ROWS[0], [], GOOD_ROWS[1]]
    assert load_scale_xlsx(workbook(rows)).max_total == 10


def test_a_criterion_may_name_a_section_further_down() -> None:
    rows = [
        ["criterion", "II", "2.1", "Thuộc mục hai", 4],
        ["section", None, "I", "Mục một"],
        ["criterion", None, "1.1", "Thuộc mục một", 6],
        ["section", None, "II", "Mục hai"],
    ]
    scale = load_scale_xlsx(_sheet(*rows))
    assert [(s.code, [c.code for c in s.criteria]) for s in scale.sections] == [
        ("I", ["1.1"]),
        ("II", ["2.1"]),
    ]


def test_errors_carry_row_and_column() -> None:
    rows = [
        ["section", None, "I", "Mục một"],  # row 3
        ["criterion", "I", "1.1", "Tiêu chí", 0],  # row 4
        ["criterion", "I", "1.2", None, 5, 2],  # row 5
        ["criterion", "I", "1.1", "Trùng", "mười"],  # row 6
        ["bonus", None, "T1", "Thưởng", 3, None, "có lẽ"],  # row 7
    ]
    errors = rejected(load_scale_xlsx, _sheet(*rows))
    got = [(e.row, e.reason, e.section, e.item, e.field) for e in errors]
    assert got == [
        (4, Reason.NOT_POSITIVE, "I", "1.1", "max"),
        (5, Reason.MISSING, "I", "1.2", "title"),
        (5, Reason.STEP_NOT_DIVISOR, "I", "1.2", "step"),
        (6, Reason.DUPLICATE_CODE, "I", "1.1", "code"),
        (6, Reason.NOT_A_NUMBER, "I", "1.1", "max"),
        (7, Reason.NOT_BOOLEAN, None, "T1", "evidence"),
    ]
    assert all(e.line is None for e in errors)


def test_sheet_structure_errors() -> None:
    rows = [
        ["criterion", None, "0.1", "Trước mọi mục", 1],  # row 3
        ["section", None, "I", "Mục một"],  # row 4
        ["criterion", "IX", "1.1", "Mục không có", 1],  # row 5
        ["criteria", None, "1.2", "Sai loại", 1],  # row 6
        [None, None, "1.3", "Thiếu loại", 1],  # row 7
        ["section", None, "II", "Mục rỗng"],  # row 8
    ]
    errors = rejected(load_scale_xlsx, _sheet(*rows))
    got = [(e.row, e.reason, e.field, e.params) for e in errors]
    assert got == [
        (3, Reason.ORPHAN_CRITERION, "section", {}),
        (4, Reason.EMPTY_SECTION, None, {}),
        (5, Reason.UNKNOWN_SECTION, "section", {"value": "IX"}),
        (6, Reason.BAD_KIND, None, {"value": "criteria"}),
        (7, Reason.MISSING, "kind", {}),
        (8, Reason.EMPTY_SECTION, None, {}),
    ]


def test_header_errors() -> None:
    extra = workbook([["name", "S"], [*HEADER, "màu"], *GOOD_ROWS])
    err = only(rejected(load_scale_xlsx, extra))
    assert (err.reason, err.params, err.row) == (Reason.UNKNOWN_COLUMN, {"column": "màu"}, 2)
    no_max = workbook([["name", "S"], [h for h in HEADER if h != "max"]])
    err = only(rejected(load_scale_xlsx, no_max))
    assert (err.reason, err.params, err.row) == (Reason.MISSING_COLUMN, {"column": "max"}, 2)
    err = only(rejected(load_scale_xlsx, workbook([["code", "name"], ["A", "B"]])))
    assert (err.reason, err.params) == (Reason.NO_SCALE_HEADER, {})


def test_a_missing_name_or_no_rows() -> None:
    err = only(rejected(load_scale_xlsx, workbook([HEADER, *GOOD_ROWS])))
    assert (err.reason, err.field, err.named, err.row) == (
        Reason.MISSING,
        None,
        FieldName.SCALE_NAME,
        None,
    )
    label_only = only(rejected(load_scale_xlsx, workbook([["Tên thang điểm"], *_VI_ROWS])))
    assert (label_only.reason, label_only.field, label_only.row) == (
        Reason.MISSING,
        "Tên thang điểm",
        1,
    )
    err = only(rejected(load_scale_xlsx, _sheet()))
    assert err.reason == Reason.NO_SECTIONS


def test_not_a_workbook() -> None:
    assert only(rejected(load_scale_xlsx, b"PK\x03\x04 nonsense")).reason == Reason.NOT_XLSX
    assert only(rejected(load_scale_xlsx, b"name: x")).reason == Reason.NOT_XLSX
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert only(rejected(load_scale_xlsx, out.getvalue())).reason == Reason.NOT_XLSX


def test_a_zip_bomb_is_refused_before_reading() -> None:
    """Issue 17 (smaller): refused saying the limit is on what the workbook unpacks to."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"\0" * (60 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    err = only(rejected(load_scale_xlsx, data))
    assert (err.reason, err.params) == (Reason.UNZIPS_TOO_LARGE, {"max_mb": "8"})


def test_too_many_rows() -> None:
    rows = [["x"]] * (MAX_SHEET_ROWS + 1)
    err = only(rejected(load_scale_xlsx, workbook(rows)))
    assert (err.reason, err.params) == (Reason.TOO_MANY_ROWS, {"max": str(MAX_SHEET_ROWS)})


def test_load_scale_reads_xlsx() -> None:
    assert load_scale("Thang điểm.XLSX", _sheet(*GOOD_ROWS)).name == "Thang điểm thử"


def test_the_template(sample: Scale) -> None:
    data = scale_to_xlsx(sample)
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert len(book.worksheets) == 1
    assert [sheet.cell(1, c).value for c in (1, 2)] == ["name", sample.name]
    assert [c.value for c in sheet[2]] == list(TEMPLATE_COLUMNS)
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["D"].width >= 50  # titles are readable
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][:4] == ("section", None, "I", sample.sections[0].title)
    assert rows[1][:6] == ("criterion", "I", "1.1", sample.sections[0].criteria[0].title, 10, 0.5)
    assert rows[2][6] == "x"
    assert all(row[8] is None and row[9] is None for row in rows)  # score, note left empty
    assert [r[0] for r in rows].count("criterion") == 17
    assert rows[-1][:3] == ("deduction", None, "D2")
    assert sheet["C4"].number_format == "@"  # codes stay text when edited
    assert sheet.data_validations.dataValidation  # kind is a drop-down


def test_the_template_round_trips(sample: Scale) -> None:
    assert load_scale_xlsx(scale_to_xlsx(sample)) == sample


def test_text_that_looks_like_a_formula_or_number_stays_text() -> None:
    criterion = Criterion(code="1.10", title="=SUM(A1:A3)", max=2, guidance="0012")
    scale = Scale(name="=1+1", sections=[Section(code="01", title="+x", criteria=[criterion])])
    assert load_scale_xlsx(scale_to_xlsx(scale)) == scale


@settings(max_examples=examples(25), deadline=None)
@given(scales())
def test_xlsx_round_trip(scale: Scale) -> None:
    assert load_scale_xlsx(scale_to_xlsx(scale)) == scale


def test_an_empty_workbook() -> None:
    assert only(rejected(load_scale_xlsx, workbook([]))).reason == Reason.EMPTY_FILE

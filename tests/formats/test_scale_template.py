"""Issue 10 §2.11: the template speaks the admin's language (Vietnamese headers and kinds, or
English) behind a first sheet of instructions, and a sheet is read back in either language."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bot.domain.errors import Reason
from bot.formats.scale import load_scale_yaml
from bot.formats.scale_sheet import load_scale_xlsx, scale_to_xlsx
from tests.domain.helpers import only, rejected, sample_scale_bytes, workbook

SAMPLE = load_scale_yaml(sample_scale_bytes())
STEPS = ["How to fill it", "Column kind: …"]


def test_a_vietnamese_template_reads_back_equal() -> None:
    data = scale_to_xlsx(SAMPLE, "vi", ["Hướng dẫn điền mẫu", "Cột Loại: …"])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Hướng dẫn", "Thang điểm"]
    assert book["Hướng dẫn"]["A1"].value == "Hướng dẫn điền mẫu"
    sheet = book["Thang điểm"]
    assert [c.value for c in sheet[2]][:5] == ["Loại", "Mục", "Mã", "Nội dung", "Điểm tối đa"]
    assert sheet["A1"].value == "Tên thang điểm" and sheet["A3"].value == "mục"
    assert sheet["A4"].value == "tiêu chí"
    assert load_scale_xlsx(data) == SAMPLE


def test_an_english_template_reads_back_equal() -> None:
    data = scale_to_xlsx(SAMPLE, "en", STEPS)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Instructions", "Scale"]
    assert [c.value for c in book["Scale"][2]][:4] == ["kind", "section", "code", "title"]
    assert load_scale_xlsx(data) == SAMPLE


def test_headers_and_kinds_typed_without_accents_or_mixed_are_read() -> None:
    rows = [
        ["TEN THANG DIEM", "Thang điểm gõ không dấu"],
        ["loai", "Muc", "ma", "noi dung", "diem toi da", "step", "Minh chung"],
        ["Mục", None, "I", "Mục một"],
        ["tieu chi", None, "1.1", "Tiêu chí", 2, None, "x"],
        ["diem thuong", None, "T1", "Thưởng", 1],
        ["deduction", None, "D1", "Trừ", 1],
    ]
    scale = load_scale_xlsx(workbook(rows))
    assert scale.name == "Thang điểm gõ không dấu"
    assert scale.sections[0].criteria[0].evidence and scale.max_total == 2
    assert [c.code for c in scale.bonus] == ["T1"] and [c.code for c in scale.deductions] == ["D1"]


def test_a_vietnamese_sheet_names_its_own_columns_in_errors() -> None:
    rows = [
        ["Tên thang điểm", "S"],
        ["Loại", "Mã", "Nội dung", "Điểm tối đa"],
        ["mục", "I", "Mục"],
        ["tiêu chí", "1.1", "Tiêu chí", "mười"],
    ]
    err = only(rejected(load_scale_xlsx, workbook(rows)))
    assert (err.row, err.field, err.reason) == (4, "Điểm tối đa", Reason.NOT_A_NUMBER)
    no_max = only(rejected(load_scale_xlsx, workbook([["Loại", "Mã", "Nội dung"], ["mục", "I"]])))
    assert (no_max.reason, no_max.params) == (Reason.MISSING_COLUMN, {"column": "Điểm tối đa"})

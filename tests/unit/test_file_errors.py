"""A domain refusal rendered with its place, in both languages."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.domain.errors import DomainError, FieldName, FileRejected, Reason, error
from bot.formats.roster import read_roster
from bot.formats.scale import load_scale_yaml
from bot.formats.scale_sheet import load_scale_xlsx
from bot.formats.scale_words import NAME, TEMPLATE_COLUMNS, header
from bot.i18n import Catalog
from handlers.file_errors import MAX_LISTED, render_domain_error, render_error
from tests.domain.helpers import only, rejected, workbook

catalog = Catalog.load()
EN, VI = catalog.for_lang("en"), catalog.for_lang("vi")


def test_one_error_with_its_row_and_column() -> None:
    e = error(Reason.BAD_CODE, value="x<y").at(row=4, field="code")
    assert render_error(catalog.for_lang("en"), e) == (
        "Row 4, column <code>code</code>: the unit code <code>x&lt;y</code> is not valid:"
        " it needs 2 to 12 characters among A–Z, 0–9 and _"
    )
    vi = render_error(catalog.for_lang("vi"), e.at(row=None, line=7, field="name"))
    assert vi.startswith("Dòng 7, trường <code>name</code>: mã đơn vị")


def test_a_section_and_item_take_the_line_in_brackets() -> None:
    e = error(Reason.NOT_POSITIVE).at(section="II", item="2.3", line=41, field="max")
    assert render_error(catalog.for_lang("en"), e) == (
        "Section II, criterion 2.3 (line 41), field <code>max</code>: must be greater than 0"
    )


def test_a_refused_file_lists_its_errors_and_cuts_the_list() -> None:
    errors = [error(Reason.EMPTY_NAME).at(row=n, field="name") for n in range(2, 30)]
    text = render_domain_error(catalog.for_lang("en"), FileRejected(errors))
    lines = text.splitlines()
    assert lines[0].startswith("The file was not accepted because it has 28 errors; nothing")
    assert len(lines) == 1 + MAX_LISTED + 1 and lines[-1] == "… and 8 more"


def test_rendering_the_brief_example() -> None:
    err = error(Reason.NOT_POSITIVE).at(section="II", item="2.3", line=41, field="max")
    assert render_error(EN, err) == (
        "Section II, criterion 2.3 (line 41), field <code>max</code>: must be greater than 0"
    )
    assert render_error(VI, err) == (
        "Mục II, tiêu chí 2.3 (dòng 41), trường <code>max</code>: phải lớn hơn 0"
    )


def test_rendering_real_errors_in_both_languages() -> None:
    text = 'name: "S"\nsections:\n  - code: "I"\n    title: "<b>"\n    criteria: []\n'
    err = only(rejected(load_scale_yaml, text.encode()))
    assert render_error(EN, err) == "Section I (line 5), field <code>criteria</code>: " + (
        "a section needs at least one criterion"
    )
    row_err = error(Reason.NOT_A_NUMBER, value="<x>").at(row=7, field="max")
    assert render_error(VI, row_err) == (
        "Hàng 7, cột <code>max</code>: «&lt;x&gt;» không phải là một số"
    )
    assert render_error(EN, error(Reason.EMPTY_FILE)) == "The file has no data"
    assert render_error(VI, error(Reason.NOT_YAML).at(line=3)) == (
        "Dòng 3: nội dung không đúng cú pháp YAML"
    )


def test_a_template_row_changed_meanwhile_names_the_score_now_in_each_language() -> None:
    e = error(Reason.CHANGED_MEANWHILE, score="9.5").at(item="1.1", row=5)
    assert render_error(VI, e) == (
        "Tiêu chí 1.1 (hàng 5): điểm đã được cập nhật thành 9,5 sau khi Anh/Chị tải mẫu nên dòng"
        " này chưa được lưu; nếu vẫn muốn đổi, đề nghị gõ lại điểm của tiêu chí này hoặc tải"
        " mẫu mới"
    )
    assert render_error(EN, e).startswith(
        "Criterion 1.1 (row 5): the score was updated to 9.5 after you downloaded the template"
    )


def test_a_template_row_whose_score_was_cleared_meanwhile_says_so() -> None:
    """Not "điểm đã được cập nhật thành —" (QA assess, defect 12)."""
    e = error(Reason.CLEARED_MEANWHILE).at(item="1.1", row=5)
    assert render_error(VI, e).startswith(
        "Tiêu chí 1.1 (hàng 5): tiêu chí này hiện chưa có điểm (đã có thay đổi sau khi Anh/Chị"
        " tải mẫu) nên dòng này chưa được lưu"
    )
    assert render_error(EN, e).startswith(
        "Criterion 1.1 (row 5): this criterion has no score now (it was changed after you"
    )
    assert "—" not in render_error(VI, e) + render_error(EN, e)


def test_zero_review_points_say_what_must_be_greater_than_zero() -> None:
    """A review line `- 0 thử` was refused with "phải lớn hơn 0", not saying what must be."""
    from decimal import Decimal

    from bot.domain.review import check_extra_points

    found = check_extra_points(Decimal(0))
    assert found is not None
    err = found.at(line=1)
    assert render_error(VI, err).startswith("Dòng 1: số điểm thưởng hoặc điểm trừ phải lớn hơn 0")
    assert render_error(EN, err).startswith("Line 1: the bonus or deduction points must be greater")


def test_a_single_bad_value_reads_as_a_sentence() -> None:
    """A reason answered alone (/year 26, a time typed 25:00) ends with a full stop; the same
    reason inside a file's list of rows stays a fragment."""
    alone = DomainError([error(Reason.BAD_YEAR, value="26")])
    assert render_domain_error(EN, alone) == (
        "The year “26” is not valid; type 4 digits, from 2000 to 2100."
    )
    assert render_domain_error(VI, alone).endswith("từ 2000 đến 2100.")
    assert render_error(EN, alone.errors[0]).endswith("2100")
    asked = DomainError([error(Reason.EMPTY_FILE)])
    assert not render_domain_error(EN, asked).endswith("..")


def test_counts_of_characters_and_rows_group_thousands() -> None:
    """A note's limit of 1000 characters reads "1.000 ký tự" (a score's max stays as typed)."""
    note = error(Reason.TOO_LONG, max=1000).at(field="note")
    assert render_error(VI, note).endswith("dài quá 1.000 ký tự")
    assert render_error(EN, note).endswith("is longer than 1,000 characters")
    name = error(Reason.NAME_TOO_LONG, length=250, max=200).at(row=4, field="name")
    assert render_error(VI, name).endswith("tên dài 250 ký tự, quá mức 200; đề nghị rút gọn")
    score = error(Reason.OUT_OF_RANGE, max="1000").at(line=2)
    assert "1000" in render_error(VI, score)


_BAD_SCALE = (
    'name: ""\nsections:\n  - code: "I"\n    title: ""\n    criteria:\n      - code: "1.1"\n'
    '        title: "x"\n        max: 0\n        step: 3\n        evidence: maybe\n'
    "        guidance: 5\n  - code: I\n    title: t\n    criteria: []\nbonus:\n"
    '  - code: "b"\n    title: "t"\n    max: -1\ndeductions: 3\n'
)
#: The format's own words: none may reach a Vietnamese reader (a key the file made up may).
_CODES = re.compile(
    r"\b(name|sections|criteria|bonus|deductions|kind|section|code|title|max|step|evidence"
    r"|guidance|units)\b"
)


def rejected_file(load: Callable[..., Any], *args: Any) -> FileRejected:
    return FileRejected(rejected(load, *args))


def _vi_lines(exc: DomainError) -> list[str]:
    return render_domain_error(VI, exc).splitlines()[1:]


def test_a_scale_file_names_its_fields_by_the_templates_headers() -> None:
    """Not "trường max" to a Vietnamese reader (QA wording): the header the template uses."""
    exc = rejected_file(load_scale_yaml, _BAD_SCALE.encode())
    lines = _vi_lines(exc)
    assert "• Dòng 1, trường «Tên thang điểm»: không được để trống" in lines
    assert "• Mục I, tiêu chí 1.1 (dòng 8), trường «Điểm tối đa»: phải lớn hơn 0" in lines
    assert any("trường «Tài liệu minh chứng»: «maybe»" in line for line in lines)
    assert any("trường «Danh sách tiêu chí»: mục cần" in line for line in lines)
    assert "• Mục I (dòng 12), trường «Mã»: mã <code>I</code> bị trùng" in " ".join(lines)
    assert not [line for line in lines if _CODES.search(re.sub("<[^>]+>", "", line))]
    en = render_domain_error(EN, exc)
    assert "Section I, criterion 1.1 (line 8), field <code>max</code>: must be" in en


def test_a_key_the_file_made_up_is_quoted_as_written() -> None:
    text = _BAD_SCALE.replace("        guidance: 5\n", "        bloc: 5\n")
    lines = _vi_lines(rejected_file(load_scale_yaml, text.encode()))
    assert any("trường <code>bloc</code>: không dùng trong tệp thang điểm" in x for x in lines)


def test_a_roster_file_names_its_fields_by_the_templates_headers() -> None:
    text = b"units:\n  - code: x\n  - name: y\n    code: ''\n  - code: x\n    name: z\n"
    lines = _vi_lines(rejected_file(read_roster, "r.yaml", text))
    assert lines[:3] == [
        "• Dòng 2, trường «Mã đơn vị»: mã đơn vị <code>x</code> không hợp lệ: cần từ 2 đến"
        " 12 ký tự gồm chữ cái A–Z, chữ số 0–9 hoặc dấu _",
        "• Dòng 2, trường «Tên đơn vị»: chưa có giá trị (bắt buộc)",
        "• Dòng 4, trường «Mã đơn vị»: chưa có giá trị (bắt buộc)",
    ]
    [units] = _vi_lines(rejected_file(read_roster, "r.yaml", b"units: 3\n"))
    assert units == "• Dòng 1, trường «Danh sách đơn vị»: phải là một danh sách"
    en = render_domain_error(EN, rejected_file(read_roster, "r.yaml", b"units: 3\n"))
    assert "Line 1, field <code>units</code>: must be a list" in en
    csv = "Mã đơn vị,Tên đơn vị\nx,Sở\n".encode()
    [row] = _vi_lines(rejected_file(read_roster, "r.csv", csv))
    assert row.startswith("• Hàng 2, cột <code>Mã đơn vị</code>: mã đơn vị <code>x</code>")


def test_a_scale_sheet_without_a_header_or_a_name_says_so_in_the_readers_words() -> None:
    no_header = rejected_file(load_scale_xlsx, workbook([["a", "b"], ["c", "d"]]))
    assert _vi_lines(no_header) == [
        "• Không tìm thấy dòng tiêu đề của thang điểm: trang tính cần có các cột «Loại», «Mã»,"
        " «Nội dung», «Điểm tối đa» như trong mẫu (gõ <code>/scale template</code> để nhận"
        " mẫu)"
    ]
    rows = [
        ["Loại", "Mã", "Nội dung", "Điểm tối đa"],
        ["mục", "I", "Một"],
        ["tiêu chí", "1", "x", 1],
    ]
    assert _vi_lines(rejected_file(load_scale_xlsx, workbook(rows))) == [
        "• Trường «Tên thang điểm»: chưa có giá trị (bắt buộc)"
    ]
    orphan = [["Tên thang điểm", "S"], rows[0], ["tiêu chí", "1", "x", 1], ["mục", "I", "Một"]]
    line = _vi_lines(rejected_file(load_scale_xlsx, workbook(orphan)))[0]
    assert line == (
        "• Hàng 3, cột «Mục»: tiêu chí cần nằm dưới một dòng «mục» hoặc ghi mã mục ở cột «Mục»"
    )


def test_every_named_field_is_the_templates_header_in_vietnamese() -> None:
    for name in FieldName:
        kind, column = name.value.split("_", 1)
        if kind == "scale" and (column in TEMPLATE_COLUMNS or column == NAME):
            assert VI(f"fileerrors.field_{name.value}") == header(column, "vi"), name
            assert EN(f"fileerrors.field_{name.value}") == header(column, "en"), name

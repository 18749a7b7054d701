"""A domain refusal rendered with its place, in both languages."""

from __future__ import annotations

from bot.domain.errors import DomainError, FileRejected, Reason, error
from bot.formats.scale import load_scale_yaml
from bot.i18n import Catalog
from handlers.file_errors import MAX_LISTED, render_domain_error, render_error
from tests.domain.helpers import only, rejected

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
        "Hàng 7, cột <code>max</code>: <code>&lt;x&gt;</code> không phải là một số"
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
        "The year <code>26</code> is not valid; type 4 digits, from 2000 to 2100."
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

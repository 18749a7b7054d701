"""The self-assessment template: written from the scale, read back row by row, refused whole
when it is not the template, is of an older scale version, or of another unit or round."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from bot.domain.assessment import Score
from bot.domain.errors import Reason
from bot.domain.scale import Scale
from bot.domain.template_rows import Prefilled
from bot.formats.assessment_xlsx import (
    CODE,
    HEADER_ROW,
    MARKER,
    NOTE,
    PREFILLED,
    SCORE,
    Labels,
    Version,
    read_template,
    write_template,
)
from bot.formats.reading import MAX_FILE_BYTES
from bot.formats.scale import load_scale_yaml
from bot.formats.scale_sheet import scale_to_xlsx
from tests.conftest import examples
from tests.domain.helpers import only, rejected, sample_scale_bytes, scales

LABELS = Labels(
    title="Tự chấm điểm — DLK — Sơ kết 6 tháng 2026",
    columns=("Mã", "Tiêu chí", "Tối đa", "Bước", "Minh chứng", "Hướng dẫn", "Điểm", "Ghi chú"),
    bonus="Điểm thưởng",
    deductions="Điểm trừ",
    evidence_yes="cần",
    keep_row="Xin giữ nguyên dòng này",
    sheet="Tự chấm điểm",
)
VERSION = Version(year_id=3, scale_id=12, number=2, unit_id=7, unit_code="DLK", round="midyear")


@pytest.fixture(scope="module")
def sample() -> Scale:
    return load_scale_yaml(sample_scale_bytes())


def _fill(data: bytes, values: dict[str, tuple[Any, Any]], extra: list[list[Any]] = ()) -> bytes:
    """The template with `code -> (score, note)` typed in, and rows appended at the end."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        code = row[CODE].value
        if code in values:
            row[SCORE].value, row[NOTE].value = values[code]
    for cells in extra:
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_lists_every_item_with_its_marker(sample: Scale) -> None:
    data = write_template(sample, VERSION, LABELS)
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]][:4] == [MARKER, 3, 12, 2]
    assert sheet.cell(row=2, column=1).value == LABELS.title
    assert [c.value for c in sheet[HEADER_ROW]] == list(LABELS.columns)
    codes = [r[CODE].value for r in sheet.iter_rows(min_row=HEADER_ROW + 1) if r[CODE].value]
    sections = [s.code for s in sample.sections]
    assert codes == sections[:1] + [c.code for c in sample.sections[0].criteria] + codes[7:]
    assert {i.criterion.code for i in sample.items()} <= set(codes)
    assert read_template(data, sample, VERSION).taken == ()


def test_the_marker_row_is_hidden_and_an_older_visible_one_still_reads(sample: Scale) -> None:
    """The machine codes are kept but not shown (QA qa8 #10); a template sent out before,
    with the marker row on screen and the sheet named "assessment", reads the same."""
    data = write_template(sample, VERSION, LABELS)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.title == "Tự chấm điểm" and sheet.row_dimensions[1].hidden
    assert not sheet.row_dimensions[2].hidden and not sheet.row_dimensions[HEADER_ROW].hidden
    book = load_workbook(io.BytesIO(_fill(data, {"1.1": ("9,5", None)})))
    old = book.worksheets[0]
    old.title, old.row_dimensions[1].hidden = "assessment", False
    out = io.BytesIO()
    book.save(out)
    assert [
        (t.code, str(t.value)) for t in read_template(out.getvalue(), sample, VERSION).taken
    ] == [("1.1", "9.5")]


def test_a_filled_template_is_read_row_by_row(sample: Scale) -> None:
    filled = _fill(
        write_template(sample, VERSION, LABELS),
        {
            "1.1": (9.5, "Đạt 100% kế hoạch"),
            "1.2": ("8,5", None),
            "1.3": (9, None),  # above 8
            "1.4": (6.25, None),  # not in step
            "1.5": ("tám", None),
            "T1": (2, "@ghi chú"),
            "I": (5, None),  # a section has no score
        },
        extra=[["9.9", None, None, None, None, None, 3], ["1.1", None, None, None, None, None, 1]],
    )
    result = read_template(filled, sample, VERSION)
    assert [(t.code, str(t.value), t.note) for t in result.taken] == [
        ("1.1", "9.5", "Đạt 100% kế hoạch"),
        ("1.2", "8.5", None),
        ("T1", "2", "@ghi chú"),
    ]
    reasons = [(e.reason, e.item) for e in result.errors]
    assert reasons == [
        (Reason.UNKNOWN_ITEM, None),
        (Reason.OUT_OF_RANGE, "1.3"),
        (Reason.NOT_IN_STEP, "1.4"),
        (Reason.NOT_A_NUMBER, "1.5"),
        (Reason.UNKNOWN_ITEM, None),
        (Reason.REPEATED_ITEM, None),
    ]
    assert all(e.row and e.row > HEADER_ROW for e in result.errors)
    assert result.empty == len(sample.items()) - 6


def test_the_template_keeps_what_it_was_prefilled_with_in_a_hidden_sheet(sample: Scale) -> None:
    scores = {
        "1.1": Score(code="1.1", value=Decimal("8.5")),
        "1.2": Score(code="1.2", value=Decimal(9), note="=Đạt kế hoạch"),
    }
    data = write_template(sample, VERSION, LABELS, scores)
    book = load_workbook(io.BytesIO(data))
    shown, hidden = book.worksheets
    assert book.active is shown and shown.sheet_state == "visible"
    assert hidden.sheet_state == "hidden" and hidden.cell(row=1, column=1).value == PREFILLED
    assert [c.value for c in shown[HEADER_ROW]] == list(LABELS.columns)  # visible: as before
    filled = _fill(data, {"1.1": (8.5, None), "1.2": (10, "=Đạt kế hoạch")})
    result = read_template(filled, sample, VERSION)
    assert result.prefilled == {
        "1.1": Prefilled(value=Decimal("8.5")),
        "1.2": Prefilled(value=Decimal(9), note="=Đạt kế hoạch"),
    }
    assert [(t.code, t.value) for t in result.taken] == [("1.1", 8.5), ("1.2", 10)]
    assert read_template(write_template(sample, VERSION, LABELS), sample, VERSION).prefilled == {}


def test_a_template_without_the_hidden_sheet_is_read_as_before(sample: Scale) -> None:
    scores = {"1.1": Score(code="1.1", value=Decimal("8.5"))}
    book = load_workbook(io.BytesIO(write_template(sample, VERSION, LABELS, scores)))
    book.remove(book.worksheets[1])
    out = io.BytesIO()
    book.save(out)
    result = read_template(out.getvalue(), sample, VERSION)
    assert result.prefilled is None
    assert [(t.code, t.value) for t in result.taken] == [("1.1", 8.5)]


def test_a_hidden_row_that_does_not_read_leaves_its_criterion_empty(sample: Scale) -> None:
    scores = {c: Score(code=c, value=Decimal(5)) for c in ("1.1", "1.2")}
    book = load_workbook(io.BytesIO(write_template(sample, VERSION, LABELS, scores)))
    hidden = book.worksheets[1]
    hidden.cell(row=2, column=2).value = "năm"
    hidden.move_range("A3:C3", cols=0, rows=2)  # sheets may move first: found by its marker
    book.move_sheet(hidden, offset=-1)
    out = io.BytesIO()
    book.save(out)
    assert read_template(out.getvalue(), sample, VERSION).prefilled == {
        "1.2": Prefilled(value=Decimal(5))
    }


def test_text_that_looks_like_a_formula_stays_text(sample: Scale) -> None:
    scores = {"1.1": Score(code="1.1", value=Decimal(9), note='=HYPERLINK("x")')}
    labels = Labels(**{**LABELS.__dict__, "title": "+cmd", "keep_row": "@x"})
    data = write_template(sample, VERSION, labels, scores)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.cell(row=2, column=1).data_type == "s"
    notes = [r[NOTE] for r in sheet.iter_rows(min_row=HEADER_ROW + 1) if r[CODE].value == "1.1"]
    assert notes[0].data_type == "s" and notes[0].value == '=HYPERLINK("x")'
    taken = read_template(data, sample, VERSION).taken
    assert [(t.code, t.value, t.note) for t in taken] == [("1.1", 9, '=HYPERLINK("x")')]


def test_an_older_version_or_another_file_is_refused_whole(sample: Scale) -> None:
    data = write_template(sample, VERSION, LABELS)
    newer = replace(VERSION, scale_id=15, number=3)
    err = only(rejected(read_template, data, sample, newer))
    assert (err.reason, err.params) == (Reason.OLD_TEMPLATE, {"version": "2", "current": "3"})
    other_year = replace(VERSION, year_id=4)
    assert only(rejected(read_template, data, sample, other_year)).reason == Reason.NOT_TEMPLATE
    scale_sheet = scale_to_xlsx(sample)
    assert only(rejected(read_template, scale_sheet, sample, VERSION)).reason == (
        Reason.NOT_TEMPLATE
    )
    assert only(rejected(read_template, b"PK\x03\x04 junk", sample, VERSION)).reason == (
        Reason.NOT_XLSX
    )
    big = b"x" * (MAX_FILE_BYTES + 1)
    assert only(rejected(read_template, big, sample, VERSION)).reason == Reason.TOO_LARGE


def test_another_unit_s_or_round_s_template_is_refused_naming_whose_it_is(sample: Scale) -> None:
    """QA assess defect 3: DLK's mid-year template sent into DNG's, or into the year-end."""
    data = write_template(sample, VERSION, LABELS)
    dng = replace(VERSION, unit_id=8, unit_code="DNG", choosable=frozenset({VERSION.unit_id}))
    err = only(rejected(read_template, data, sample, dng))
    assert (err.reason, err.params) == (
        Reason.OTHER_UNIT_TEMPLATE,
        {"unit": "DLK", "current": "DNG"},
    )
    yearend = replace(VERSION, round="yearend", open_rounds=frozenset({"midyear"}))
    err = only(rejected(read_template, data, sample, yearend))
    assert (err.reason, err.params) == (
        Reason.OTHER_ROUND_TEMPLATE,
        {"round": "midyear", "current_round": "yearend", "command": "midyear"},
    )
    # qa-regress #9: no advice to choose a unit one does not act for, or a locked round
    err = only(rejected(read_template, data, sample, replace(dng, choosable=frozenset())))
    assert err.reason == Reason.NOT_OWN_TEMPLATE
    err = only(rejected(read_template, data, sample, replace(yearend, open_rounds=frozenset())))
    assert (err.reason, err.params) == (
        Reason.LOCKED_ROUND_TEMPLATE,
        {"round": "midyear", "current_round": "yearend"},
    )


def test_a_template_made_before_the_unit_was_written_in_it_is_refused(sample: Scale) -> None:
    """The marker of old: year, scale id, version, then the keep-row words."""
    book = load_workbook(io.BytesIO(write_template(sample, VERSION, LABELS)))
    sheet = book.active
    for column in range(5, 9):
        sheet.cell(row=1, column=column).value = None
    sheet.cell(row=1, column=5).value = LABELS.keep_row
    out = io.BytesIO()
    book.save(out)
    err = only(rejected(read_template, out.getvalue(), sample, VERSION))
    assert err.reason == Reason.UNMARKED_TEMPLATE


@settings(max_examples=examples(25), deadline=None)
@given(scales(), st.data())
def test_round_trip_of_any_scale(scale: Scale, data: st.DataObject) -> None:
    scores: dict[str, Score] = {}
    for item in scale.items():
        c = item.criterion
        if data.draw(st.booleans()):
            value = c.step * data.draw(st.integers(0, int(c.max / c.step)))
            scores[c.code] = Score(
                code=c.code, value=value, note=data.draw(st.none() | st.just("ok"))
            )
    result = read_template(write_template(scale, VERSION, LABELS, scores), scale, VERSION)
    assert result.errors == ()
    assert {t.code: (t.value, t.note) for t in result.taken} == {
        c: (s.value, s.note) for c, s in scores.items()
    }
    assert result.empty == len(scale.items()) - len(scores)
    assert result.prefilled == {c: Prefilled(value=s.value, note=s.note) for c, s in scores.items()}

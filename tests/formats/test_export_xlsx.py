"""The workbook: every number equals the report's, headers by language, safe text, same bytes."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.review import Round
from bot.formats.export_xlsx import build_workbook
from bot.formats.report import Tally, VoteResult, YearReport
from bot.i18n import Catalog
from tests.formats.reports import report_of


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def exact(value: object) -> Decimal | None:
    """A number read back from the sheet as the exact decimal it was written as."""
    return None if value is None else Decimal(str(value))


def open_book(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data))


def score_columns(ws: Worksheet) -> dict[str, int]:
    """Unit code -> its self column (the reviewed one is next to it)."""
    found = {}
    for cell in ws[1][3:]:
        if isinstance(cell.value, str):
            found[cell.value.split(" ")[0]] = cell.column
    return found


def test_scores_sheets_hold_every_number_of_the_report(catalog: Catalog) -> None:
    report = report_of(6, 14)
    wb = open_book(build_workbook(report, catalog, "vi"))
    for part in report.rounds:
        ws = wb[catalog.t("vi", f"export.sheet_scores_{part.round.value}")]
        assert ws.freeze_panes == "D3"
        rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value}
        total_row = ws.max_row
        assert ws.cell(total_row, 2).value == "Tổng điểm"
        columns = score_columns(ws)
        assert set(columns) == {u.code for u in report.units}
        for unit in report.units:
            col = columns[unit.code]
            sheet = part.sheets.get(unit.unit_id)
            if sheet is None:
                assert "chưa nộp" in ws.cell(1, col).value
                assert all(ws.cell(r, col).value is None for r in range(3, total_row + 1))
                continue
            for line in sheet.lines:
                r = rows[line.code]
                assert exact(ws.cell(r, col).value) == line.self_score
                assert exact(ws.cell(r, col + 1).value) == line.final
                assert (ws.cell(r, col + 1).fill.fgColor.rgb == "00FFF2CC") == bool(line.reviewed)
            for code, subtotal in sheet.sections.items():
                assert exact(ws.cell(rows[code], col + 1).value) == subtotal
            assert exact(ws.cell(total_row, col).value) == sheet.self_total
            assert exact(ws.cell(total_row, col + 1).value) == sheet.total
            assert exact(ws.cell(total_row - 1, col + 1).value) == sheet.extra_deductions
        assert ws.page_setup.orientation == "landscape"


def shown(cell: Cell, lang: str = "vi") -> str:
    """A number cell as Excel shows it: General writes the number as it is, a fixed format
    ("0.0", "0.00") pads the decimals; the decimal comma in Vietnamese."""
    value = Decimal(str(cell.value))
    fmt = cell.number_format
    if fmt == "General":
        text = format(value.normalize(), "f")
    else:
        assert fmt.startswith("0"), f"a format this test does not read: {fmt}"
        decimals = len(fmt.partition(".")[2])
        text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "vi" else text


def test_scores_read_as_typed_never_with_padded_decimals(catalog: Catalog) -> None:
    """A maximum of 10 and a score of 10 read "10", not "10,0"; 9,5 reads "9,5" (QA qa8 #10),
    in every sheet with numbers."""
    report = report_of(6, 14)
    for lang in ("vi", "en"):
        wb = open_book(build_workbook(report, catalog, lang))
        numbers = [
            cell
            for ws in wb.worksheets
            for row in ws.iter_rows()
            for cell in row
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
        ]
        assert numbers and all(cell.number_format == "General" for cell in numbers)
        ws = wb[catalog.t(lang, "export.sheet_scores_midyear")]
        rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value}
        assert ws.cell(rows["1.1"], 3).value == 10 and shown(ws.cell(rows["1.1"], 3), lang) == "10"
        assert shown(ws.cell(rows["1.2"], 3), lang) == "5"
        halves = [c for c in numbers if c.value == 9.5]
        assert halves and {shown(c, lang) for c in halves} == {"9,5" if lang == "vi" else "9.5"}


def test_the_vietnamese_workbook_names_each_round_as_design_does(catalog: Catalog) -> None:
    """DESIGN's words: "Sơ kết 6 tháng" and "Tổng kết năm", in the sheet names, the headers
    and the notes alike, never "cả năm" or a bare "6 tháng" (QA docs, defect 6)."""
    wb = open_book(build_workbook(report_of(6, 4), catalog, "vi"))
    assert {"Thẩm định sơ kết 6 tháng", "Thẩm định tổng kết năm"} <= set(wb.sheetnames)
    texts = list(wb.sheetnames)
    for ws in wb.worksheets:
        texts += [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    ranking = [c.value for c in wb["Xếp hạng"][1]]
    assert "Hạng sơ kết 6 tháng" in ranking and "Hạng tổng kết năm" in ranking
    for text in texts:
        assert "cả năm" not in text.lower(), text
        assert "6 tháng" not in text.lower().replace("sơ kết 6 tháng", ""), text


def test_ranking_sheet_shows_ties_exclusions_and_missing_units(catalog: Catalog) -> None:
    report = report_of(6, 4)
    wb = open_book(build_workbook(report, catalog, "vi"))
    ws = wb["Xếp hạng"]
    assert ws.freeze_panes == "A2"
    table = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    mid = report.round(Round.MIDYEAR)
    end = report.round(Round.YEAREND)
    assert mid is not None and end is not None
    for ranked in end.ranking.rows:
        row = table[ranked.unit.code]
        assert row[5] == ranked.rank
        assert (exact(row[6]), exact(row[7])) == (ranked.self_total, ranked.total)
    tied = [r for r in mid.ranking.rows if r.tied]
    assert len(tied) == 2 and {table[r.unit.code][2] for r in tied} == {tied[0].rank}
    # two rounds: each note names the rounds it holds for
    both = "(sơ kết 6 tháng, tổng kết năm)"
    assert table["U03"][-1] == f"Không xếp hạng: Vi phạm an toàn lao động {both}"
    assert table["U06"][-1] == "Chưa nộp bản tự chấm điểm (sơ kết 6 tháng, tổng kết năm)"
    assert table["U05"][-1] == (
        "Đồng hạng (sơ kết 6 tháng); Chưa nộp bản tự chấm điểm (tổng kết năm)"
    )
    for ranked in tied:  # a mid-year tie is noted too, not only the year-end's
        assert "Đồng hạng (sơ kết 6 tháng" in table[ranked.unit.code][-1]
    assert list(table)[: len(end.ranking.rows)] == [r.unit.code for r in end.ranking.rows]


def test_english_headers_dates_and_formula_like_text(catalog: Catalog) -> None:
    report = report_of(3, 4, yearend=False)
    wb = open_book(build_workbook(report, catalog, "en"))
    assert wb.sheetnames[:4] == ["Units", "Pledges", "Scores mid-year", "Review mid-year"]
    pledges = wb["Pledges"]
    assert pledges["A1"].value == "Code"
    assert pledges["D2"].value == "+ Hoàn thành 100% kế hoạch"
    assert pledges["D2"].data_type == "s" and pledges["D2"].quotePrefix
    assert isinstance(pledges["E2"].value, datetime) and pledges["E2"].number_format == "dd/mm/yyyy"
    review = wb["Review mid-year"]
    reason = review["G4"]
    assert reason.value == "=Thiếu biên bản" and reason.data_type == "s"
    when = review["I4"].value
    assert when == datetime(2027, 6, 20, 10, 30)  # 03:30 UTC shown in Asia/Ho_Chi_Minh
    log = wb["Log"]
    assert [c.value for c in log[1]][:5] == ["Time", "By", "Unit", "Round", "Action"]
    assert log["E2"].value == "Pledge registered"
    assert [c.value for c in log[3]][3:] == ["mid-year", "Reviewed score set", "1.1", 10, 0.5,
                                             "Thiếu biên bản"]  # fmt: skip


TURNOUT = "Đã bỏ phiếu 3/4 đơn vị, 3 phiếu được kiểm"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_review_state_is_a_line_above_the_table_not_a_row_of_it(
    catalog: Catalog, lang: str
) -> None:
    """The review sheet says how the review stands above its table, a blank row between, and
    its filter covers the decisions only: sorting it never moves the state among them (QA qa8
    #10: "Đã kết thúc thẩm định" was a bare last row of the table)."""
    report = report_of(3, 4, yearend=False).model_copy(update={"closed_reviews": (Round.MIDYEAR,)})
    ws = open_book(build_workbook(report, catalog, lang))[
        catalog.t(lang, "export.sheet_review_midyear")
    ]
    state = catalog.t(lang, "export.review_closed")
    assert ws["A1"].value == state and ws["A1"].font.b
    assert all(c.value is None for c in ws[2])
    assert ws["A3"].value == catalog.t(lang, "export.col_code") and ws.freeze_panes == "A4"
    data = list(ws.iter_rows(min_row=4, values_only=True))
    assert data and all(row[0] and row[1] for row in data)  # each row a unit's decision
    assert not any(state in str(v) for row in data for v in row if v)
    assert ws.auto_filter.ref == f"A3:J{3 + len(data)}"
    assert ws.column_dimensions["A"].width < 20  # the line is not counted in the code's width


def test_votes_sheet_has_tallies_only_and_says_when_there_are_none(catalog: Catalog) -> None:
    report = report_of(4, 4)
    ws = open_book(build_workbook(report, catalog, "vi"))["Bầu và bình xét"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows == [
        ("Bầu Khối trưởng", "U01", 3, "Được bầu"),
        ("Bầu Khối trưởng", "U02", 2, None),
        ("Bầu Khối trưởng", "Không chọn đơn vị nào", 0, None),
        (
            "Bầu Khối trưởng",
            "Đã bỏ phiếu 3/4 đơn vị, 3 phiếu được kiểm",
            None,
            None,
        ),
    ]
    empty = report.model_copy(update={"votes": ()})
    ws = open_book(build_workbook(empty, catalog, "vi"))["Bầu và bình xét"]
    assert ws["A2"].value == "Chưa có cuộc bỏ phiếu nào kết thúc."


def test_votes_held_again_void_and_tied_read_apart_in_english(catalog: Catalog) -> None:
    """A void deputy vote held again (attempts 1 and 2), an invalid ballot, and a bình xét tie
    then its new bình xét: each vote named apart, the void one received and not counted."""
    votes = (
        VoteResult(kind="deputy", attempt=1, eligible=4, cast=1, receipts=1, void=True),
        VoteResult(kind="deputy", attempt=2, eligible=4, cast=4, receipts=4, abstentions=1,
                   invalid=1, tallies=(Tally(candidate="U01", votes=2, chosen=True),)),
        VoteResult(kind="commendation", title="Flag", eligible=4, cast=4, receipts=4,
                   revoted=True, tallies=(Tally(candidate="U02", votes=3, tied=True),)),
        VoteResult(kind="commendation", title="Flag", runoff=True, eligible=4, cast=4,
                   receipts=4, tallies=(Tally(candidate="U02", votes=3, chosen=True),)),
    )  # fmt: skip
    report = report_of(4, 4).model_copy(update={"votes": votes})
    ws = open_book(build_workbook(report, catalog, "en"))["Elections, commendation votes"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows == [
        ("Election of the deputy (attempt 1)",
         "1/4 units voted; ballots received: 1, not counted", None,
         "No result (too few units took part; ballots not counted)"),
        ("Election of the deputy (attempt 2)", "U01", 2, "Elected"),
        ("Election of the deputy (attempt 2)", "No unit chosen", 1, None),
        ("Election of the deputy (attempt 2)", "Invalid ballots", 1, None),
        ("Election of the deputy (attempt 2)", "4/4 units voted; ballots counted: 4",
         None, None),
        # one ballot a unit for all the bình xét's titles: its turnout once, for the whole
        ("Commendation vote", "4/4 units voted; ballots counted: 4", None, None),
        ("Commendation vote: Flag", "U02", 3, "Tied at the quota line — voted on again"),
        ("New commendation vote among the tied", "4/4 units voted; ballots counted: 4",
         None, None),
        ("New commendation vote among the tied: Flag", "U02", 3, "Proposed"),
    ]  # fmt: skip


def test_same_data_gives_the_same_bytes(catalog: Catalog) -> None:
    report = report_of(5, 12)
    assert build_workbook(report, catalog, "vi") == build_workbook(report, catalog, "vi")
    copy = YearReport.model_validate(report.model_dump())
    assert build_workbook(copy, catalog, "vi") == build_workbook(report, catalog, "vi")


def test_widths_fit_and_stay_bounded(catalog: Catalog) -> None:
    wb = open_book(build_workbook(report_of(3, 4), catalog, "vi"))
    ws = wb["Đơn vị"]
    name_width = ws.column_dimensions["C"].width
    assert len("Ban Quản lý các KCN tỉnh Đồng Tháp số 1") < name_width <= 60
    assert 6 <= ws.column_dimensions["A"].width < 10


def test_a_year_without_any_assessment_says_so(catalog: Catalog) -> None:
    report = report_of(3, 4).model_copy(update={"rounds": ()})
    wb = open_book(build_workbook(report, catalog, "vi"))
    assert "Điểm sơ kết 6 tháng" not in wb.sheetnames
    assert wb["Xếp hạng"]["A2"].value == "Chưa có đơn vị nào nộp bản tự chấm điểm."


@pytest.mark.parametrize(("lang", "sheet", "word"), [("vi", "Xếp hạng", "Đồng hạng"),
                                                      ("en", "Ranking", "Tied")])  # fmt: skip
def test_tied_ranks_say_so_in_the_note_as_the_documents_do(
    catalog: Catalog, lang: str, sheet: str, word: str
) -> None:
    report = report_of(6, 4, yearend=False)
    [mid] = report.rounds
    ws = open_book(build_workbook(report, catalog, lang))[sheet]
    table = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    tied = {r.unit.code for r in mid.ranking.rows if r.tied}
    assert tied == {"U04", "U05"}
    for ranked in mid.ranking.rows:
        assert (table[ranked.unit.code][-1] == word) is (ranked.unit.code in tied)

"""Roster files in YAML, CSV and XLSX, their errors, and the import plan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.errors import FieldError, Reason
from bot.domain.roster import (
    MAX_ROWS,
    RosterPlan,
    RosterRow,
    apply_roster_plan,
    plan_roster_import,
)
from bot.formats.roster import load_roster, read_roster
from tests.conftest import examples
from tests.domain.helpers import (
    SHARED_DATA,
    line_of,
    only,
    rejected,
    sample_roster_bytes,
    workbook,
)

TWO = [
    RosterRow(code="DLK", name="Ban Quản lý các Khu công nghiệp tỉnh Đắk Lắk"),
    RosterRow(code="GLA", name="Ban Quản lý Khu kinh tế tỉnh Gia Lai"),
]


def _places(errors: list[FieldError]) -> list[tuple[object, ...]]:
    return [(e.row or e.line, e.field, e.reason) for e in errors]


def test_the_sample_roster() -> None:
    roster = read_roster("roster-sample.yaml", sample_roster_bytes())
    assert roster.bloc is not None and roster.bloc.startswith("Khối thi đua Ban Quản lý")
    assert len(roster.rows) == 11
    assert roster.rows[0] == RosterRow(code="BDI", name="Ban Quản lý Khu kinh tế tỉnh Bình Định")
    assert len({r.code for r in roster.rows}) == 11


def test_the_sample_is_a_copy_of_the_shared_one() -> None:
    shared = SHARED_DATA / "roster-tay-nguyen-duyen-hai.yaml"
    if not shared.exists():
        pytest.skip("../shared is not beside the checkout")
    assert sample_roster_bytes() == shared.read_bytes()


def test_yaml_bare_list_and_normalisation() -> None:
    text = "- code: dlk\n  name: ' Ban Quản lý các Khu công nghiệp   tỉnh Đắk Lắk'\n"
    text += "- {code: GLA, name: Ban Quản lý Khu kinh tế tỉnh Gia Lai, phone: '0269'}\n"
    assert load_roster("units.yml", text.encode()) == TWO


def test_yaml_errors_carry_lines() -> None:
    text = (
        "units:\n"
        "  - code: A\n"
        "    name: Một ký tự\n"
        "  - code: OK1\n"
        "  - code: OK1\n"
        "    name: ''\n"
        "  - just a string\n"
        "  - code: [X]\n"
        "    name: Tên\n"
    )
    errors = rejected(load_roster, "r.yaml", text.encode())
    assert _places(errors) == [
        (2, "code", Reason.BAD_CODE),
        (line_of(text, "code: OK1"), "name", Reason.MISSING),
        (line_of(text, "code: OK1", 1), "code", Reason.DUPLICATE_CODE),
        (line_of(text, "name: ''"), "name", Reason.EMPTY_NAME),
        (line_of(text, "just a string"), None, Reason.NOT_A_MAPPING),
        (line_of(text, "[X]"), "code", Reason.NOT_TEXT),
    ]
    assert errors[0].params == {"value": "A"}
    assert errors[2].params == {"code": "OK1"}


def test_yaml_that_is_not_a_roster() -> None:
    assert only(rejected(load_roster, "r.yaml", b"name: x\n")).reason == Reason.NOT_ROSTER
    assert only(rejected(load_roster, "r.yaml", b"just text\n")).reason == Reason.NOT_ROSTER
    err = only(rejected(load_roster, "r.yaml", b"bloc: B\nunits: DLK\n"))
    assert (err.reason, err.field, err.line) == (Reason.NOT_A_LIST, "units", 2)
    assert only(rejected(load_roster, "r.yaml", b"units: []\n")).reason == Reason.EMPTY_FILE
    assert only(rejected(load_roster, "r.yaml", b"units: [a\n")).reason == Reason.NOT_YAML


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_csv_with_any_delimiter_and_bom(delimiter: str, bom: bytes) -> None:
    lines = [
        f"code{delimiter}name",
        f"DLK{delimiter}Ban Quản lý các Khu công nghiệp tỉnh Đắk Lắk",
        f'gla{delimiter}"Ban Quản lý Khu kinh tế tỉnh Gia Lai"',
    ]
    data = bom + "\r\n".join(lines).encode()
    assert load_roster("units.CSV", data) == TWO


def test_csv_with_quotes_extra_columns_and_vietnamese_headers() -> None:
    text = (
        "STT,Mã,Tên đơn vị,Địa chỉ\n"
        '1,DLK,"Ban Quản lý các Khu công nghiệp tỉnh Đắk Lắk","Buôn Ma Thuột, Đắk Lắk"\n'
        "\n"
        "2,GLA,Ban Quản lý Khu kinh tế tỉnh Gia Lai,Pleiku\n"
    )
    assert load_roster("units.csv", text.encode()) == TWO


def test_csv_errors_carry_rows() -> None:
    text = "code;name\nDLK;Đắk Lắk\n;Không mã\nĐNG;Đà Nẵng\ndlk;Trùng\nKTM\n"
    errors = rejected(load_roster, "units.csv", text.encode())
    assert _places(errors) == [
        (3, "code", Reason.MISSING),
        (4, "code", Reason.BAD_CODE),
        (5, "code", Reason.DUPLICATE_CODE),
        (6, "name", Reason.EMPTY_NAME),
    ]


def test_csv_file_level_errors() -> None:
    assert only(rejected(load_roster, "u.csv", b"ma,ten don\nA,B\n")).reason == Reason.NOT_ROSTER
    assert only(rejected(load_roster, "u.csv", b"code,name\n")).reason == Reason.EMPTY_FILE
    assert only(rejected(load_roster, "u.csv", b"\n\n")).reason == Reason.EMPTY_FILE
    latin1 = "code,name\nDLK,Đắk Lắk\n".encode("cp1258", errors="replace")
    latin1 += b"\xff"
    assert only(rejected(load_roster, "u.csv", latin1)).reason == Reason.NOT_UTF8
    big = b"code,name\n" + b"A" * (1024 * 1024)
    err = only(rejected(load_roster, "u.csv", big))
    assert (err.reason, err.params) == (Reason.TOO_LARGE, {"max_mb": "1"})
    rows = "".join(f"U{n:03d},Đơn vị {n}\n" for n in range(MAX_ROWS + 1))
    err = only(rejected(load_roster, "u.csv", f"code,name\n{rows}".encode()))
    assert (err.reason, err.params) == (Reason.TOO_MANY_ROWS, {"max": str(MAX_ROWS)})


def test_unsupported_types() -> None:
    err = only(rejected(load_roster, "units.docx", b"whatever"))
    assert (err.reason, err.params) == (
        Reason.UNSUPPORTED_TYPE,
        {"allowed": ".yaml, .yml, .csv, .xlsx"},
    )
    assert only(rejected(load_roster, "units", b"code,name")).reason == Reason.UNSUPPORTED_TYPE


def test_an_old_excel_file_is_asked_to_be_saved_as_xlsx() -> None:
    """Issue 10 §2.10: `.xls` is refused saying to save it as `.xlsx`."""
    assert only(rejected(load_roster, "units.XLS", b"\xd0\xcf\x11\xe0")).reason == Reason.XLS_FILE


def test_xlsx_with_a_title_row_and_numbers() -> None:
    data = workbook(
        [
            ["Danh sách đơn vị thành viên"],
            [],
            ["STT", "Code", "Name"],
            [1, "dlk", "Ban Quản lý các Khu công nghiệp tỉnh Đắk Lắk"],
            [2, "GLA", "Ban Quản lý Khu kinh tế tỉnh Gia Lai"],
            [3, 123, 456],
        ]
    )
    assert load_roster("u.xlsx", data) == [*TWO, RosterRow(code="123", name="456")]


def test_xlsx_errors_carry_rows() -> None:
    data = workbook(
        [
            ["code", "name"],
            ["DLK", "Đắk Lắk"],
            ["DLK", None],
            [None, "Không mã"],
            [True, "Boolean"],
        ],
        first_row=2,
    )
    errors = rejected(load_roster, "u.xlsx", data)
    assert _places(errors) == [
        (4, "code", Reason.DUPLICATE_CODE),
        (4, "name", Reason.EMPTY_NAME),
        (5, "code", Reason.MISSING),
        (6, "code", Reason.NOT_TEXT),
    ]


def test_xlsx_not_a_roster() -> None:
    data = workbook([["a", "b"], ["DLK", "Đắk Lắk"]])
    assert only(rejected(load_roster, "u.xlsx", data)).reason == Reason.NOT_ROSTER
    assert only(rejected(load_roster, "u.xlsx", b"code,name")).reason == Reason.NOT_XLSX


def test_plan_adds_renames_and_keeps() -> None:
    existing = {"DLK": "Ban Quản lý các KCN Đắk Lắk", "KTM": "Ban Quản lý KKT tỉnh Kon Tum"}
    plan = plan_roster_import(existing, TWO)
    assert plan == RosterPlan(
        added=[TWO[1]],
        renamed=[("DLK", "Ban Quản lý các KCN Đắk Lắk", TWO[0].name)],
        unchanged=[],
        absent=["KTM"],
    )
    assert plan.changes


def test_a_second_import_of_the_same_file_changes_nothing() -> None:
    rows = load_roster("roster-sample.yaml", sample_roster_bytes())
    first = plan_roster_import({}, rows)
    assert len(first.added) == 11 and not first.renamed and not first.unchanged
    after = apply_roster_plan({}, first)
    second = plan_roster_import(after, rows)
    assert second == RosterPlan(unchanged=[r.code for r in rows])
    assert not second.changes
    assert apply_roster_plan(after, second) == after


roster_rows = st.lists(
    st.builds(
        RosterRow,
        code=st.from_regex(r"[A-Z0-9_]{2,6}", fullmatch=True),
        name=st.sampled_from(["Một", "Hai", "Ban Quản lý", "Ba"]),
    ),
    unique_by=lambda r: r.code,
    max_size=12,
)


@settings(max_examples=examples(100))
@given(st.dictionaries(st.from_regex(r"[A-Z]{2,3}", fullmatch=True), st.just("Cũ")), roster_rows)
def test_plan_is_idempotent(existing: dict[str, str], rows: list[RosterRow]) -> None:
    plan = plan_roster_import(existing, rows)
    assert len(plan.added) + len(plan.renamed) + len(plan.unchanged) == len(rows)
    after = apply_roster_plan(existing, plan)
    assert set(existing) <= set(after)
    again = plan_roster_import(after, rows)
    assert not again.added and not again.renamed
    assert again.unchanged == [r.code for r in rows]


def test_a_csv_field_over_128_kb_is_reported_on_its_row() -> None:
    """Issue 17 (smaller): was "no list of units found" (the csv module's field limit)."""
    data = ("code,name\nAA,Unit A\nBB," + "x" * 200_000 + "\n").encode()
    err = only(rejected(load_roster, "units.csv", data))
    assert (err.reason, err.row, err.field) == (Reason.NAME_TOO_LONG, 3, "name")


def test_a_csv_with_an_unclosed_quote_is_refused_with_its_row() -> None:
    """Issue 17 (smaller): `AA,"abc` swallowed the next line into one unit."""
    data = b'code,name\nAA,"abc\nBB,def\n'
    err = only(rejected(load_roster, "units.csv", data))
    assert (err.reason, err.row) == (Reason.UNCLOSED_QUOTE, 2)
    quoted = b'code,name\nAA,"Ban ""A"", tinh X"\nBB,"two\nlines"\n'
    assert [r.name for r in load_roster("units.csv", quoted)] == ['Ban "A", tinh X', "two lines"]


def test_errors_name_the_columns_as_the_file_spells_them() -> None:
    text = "STT;Mã đơn vị;Tên đơn vị\n1;DLK;Đắk Lắk\n2;;Không mã\n3;GLA;\n"
    errors = rejected(load_roster, "units.csv", text.encode())
    assert _places(errors) == [
        (3, "Mã đơn vị", Reason.MISSING),
        (4, "Tên đơn vị", Reason.EMPTY_NAME),
    ]
    data = workbook([["\ufeffMã", " Tên "], ["x", "Sai mã"]])
    assert [e.field for e in rejected(load_roster, "u.xlsx", data)] == ["Mã"]

"""A file sent with the other kind's caption is told apart by its shape, and only then."""

from __future__ import annotations

import pytest

from bot.domain.errors import Reason
from bot.formats.scale_sheet import scale_to_xlsx
from bot.formats.uploads import Shape, roster_upload, scale_upload, shape_of
from bot.usecases.scale import sample_scale
from tests.domain.helpers import only, rejected, sample_roster_bytes, sample_scale_bytes, workbook

ROSTER_SHEET = workbook([["Danh sách"], ["STT", "Mã", "Tên đơn vị"], [1, "DLK", "Đắk Lắk"]])


@pytest.mark.parametrize(
    ("name", "data", "shape"),
    [
        ("r.yaml", sample_roster_bytes(), Shape.ROSTER),
        ("r.csv", b"code;name\nDLK;Dak Lak\n", Shape.ROSTER),
        ("r.xlsx", ROSTER_SHEET, Shape.ROSTER),
        ("s.yml", sample_scale_bytes(), Shape.SCALE),
        ("s.xlsx", scale_to_xlsx(sample_scale(), "vi", ["Hướng dẫn"]), Shape.SCALE),
        ("s.xlsx", scale_to_xlsx(sample_scale(), "en"), Shape.SCALE),
        # neither, or both: no guess
        ("x.yaml", b"units: []\nsections: []\n", None),
        ("x.yaml", b"- code: DLK\n", None),
        ("x.yaml", b"not: [valid", None),
        ("x.csv", b"a,b\n1,2\n", None),
        ("x.png", b"\x89PNG", None),
        ("x.yaml", b"", None),
    ],
)
def test_the_shape_of_a_file(name: str, data: bytes, shape: Shape | None) -> None:
    assert shape_of(name, data) is shape


def test_each_kind_sent_as_the_other_names_its_caption() -> None:
    assert only(rejected(scale_upload, "r.yaml", sample_roster_bytes())).reason == (
        Reason.ROSTER_FILE
    )
    assert only(rejected(scale_upload, "r.csv", b"ma,ten\nDLK,Dak Lak\n")).reason == (
        Reason.ROSTER_FILE
    )
    assert only(rejected(roster_upload, "s.yaml", sample_scale_bytes())).reason == (
        Reason.SCALE_FILE
    )


def test_a_file_of_its_own_kind_keeps_its_own_errors() -> None:
    bad_roster = b"units:\n  - code: D\n    name: Dak Lak\n"
    assert only(rejected(roster_upload, "r.yaml", bad_roster)).reason == Reason.BAD_CODE
    bad_scale = b'name: "S"\nsections:\n  - code: "I"\n    title: "T"\n    criteria: []\n'
    assert only(rejected(scale_upload, "s.yaml", bad_scale)).reason == Reason.EMPTY_SECTION
    assert len(roster_upload("r.yaml", sample_roster_bytes())) > 1

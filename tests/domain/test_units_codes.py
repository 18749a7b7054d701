"""Unit codes and names as an admin types them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.errors import InvalidValue, Reason
from bot.domain.units import check_unit_name, normalize_code
from tests.conftest import examples


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("dlk", "DLK"),
        (" Dng ", "DNG"),
        ("BQL_KKT_01", "BQL_KKT_01"),
        ("ab", "AB"),
        ("A" * 12, "A" * 12),
    ],
)
def test_normalize_code(text: str, code: str) -> None:
    assert normalize_code(text) == code


@pytest.mark.parametrize(
    "text", ["", "A", "A" * 13, "ĐNG", "D-N", "D N", "ß", "ﬀ", "DL.K", "١٢٣", "ＤＬＫ"]
)
def test_bad_codes(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        normalize_code(text)
    assert caught.value.error.reason == Reason.BAD_CODE
    assert caught.value.error.params == {"value": text.strip()}


@settings(max_examples=examples(100))
@given(st.from_regex(r"[A-Za-z0-9_]{2,12}", fullmatch=True))
def test_valid_codes_are_idempotent(text: str) -> None:
    code = normalize_code(text)
    assert code == text.upper() and normalize_code(code) == code


def test_unit_names_are_tidied() -> None:
    assert check_unit_name("  Ban Quản lý\n  các KCN\ttỉnh Đắk Lắk ") == (
        "Ban Quản lý các KCN tỉnh Đắk Lắk"
    )
    assert check_unit_name("x" * 200) == "x" * 200


@pytest.mark.parametrize(
    ("text", "reason", "params"),
    [
        ("", Reason.EMPTY_NAME, {}),
        (" \n\t ", Reason.EMPTY_NAME, {}),
        ("x" * 201, Reason.NAME_TOO_LONG, {"length": "201", "max": "200"}),
        ("Ban\x00Quản lý", Reason.BAD_CHARACTERS, {}),
    ],
)
def test_bad_unit_names(text: str, reason: Reason, params: dict[str, str]) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_unit_name(text)
    assert (caught.value.error.reason, caught.value.error.params) == (reason, params)

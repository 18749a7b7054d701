"""Callback data: typed actions, short, versioned, and nothing forged gets through."""

from __future__ import annotations

from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.callback_data import INT_MAX, Button, button, decode, encode, table_of


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@button("unit", "pick")
class Pick:
    unit_id: int
    code: str


@button("unit", "paint")
class Paint:
    unit_id: int
    colour: Colour
    page: int = 0


@button("unit", "none")
class Nothing:
    pass


TABLE = table_of(Pick, Paint, Nothing)


def test_round_trip() -> None:
    data = encode(Pick(12, "DLK"))
    assert data == "v1:unit:pick:12:DLK"
    assert decode(data, TABLE) == Pick(12, "DLK")
    assert decode(encode(Paint(3, Colour.BLUE, 2)), TABLE) == Paint(3, Colour.BLUE, 2)
    assert decode("v1:unit:paint:3:red", TABLE) == Paint(3, Colour.RED, 0)
    assert decode("v1:unit:none", TABLE) == Nothing()


def test_bad_values_are_refused_when_encoding() -> None:
    with pytest.raises(ValueError):
        encode(Pick(1, "x" * 60))
    with pytest.raises(ValueError):
        encode(Pick(1, "a:b"))
    with pytest.raises(ValueError):
        encode(Pick(1, "Đắk"))
    with pytest.raises(ValueError):
        encode(Pick(-1, "A"))
    with pytest.raises(ValueError):
        encode(Pick(INT_MAX + 1, "A"))


def test_a_button_declared_twice_is_a_start_up_error() -> None:
    with pytest.raises(ValueError):
        table_of(Pick, Pick)


@pytest.mark.parametrize(
    "data",
    [
        "",
        None,
        "v0:unit:pick:1:A",
        "v1:unit",
        "v1::pick",
        "v1:unit:pick",
        "v1:unit:pick:1",
        "v1:unit:pick:1:A:extra",
        "v1:unit:pick:a b:A",
        "v1:unit:pick:--5:A",
        "v1:unit:pick:-1:A",
        "v1:unit:pick:+1:A",
        "v1:unit:pick:01:A",
        "v1:unit:pick:1.5:A",
        "v1:unit:pick:9999999999999999999:A",
        "v1:unit:pick:9223372036854775808:A",
        "v1:unit:pick:١٢:A",
        "v1:unit:pick:1:",
        "v1:unit:paint:1:green",
        "v1:unit:zap:1",
        "v1:other:pick:1:A",
        "x" * 65,
    ],
)
def test_forged_malformed_or_old_data_is_out_of_date(data: str | None) -> None:
    assert decode(data, TABLE) is None


def test_the_largest_sqlite_integer_still_decodes() -> None:
    assert decode(f"v1:unit:pick:{INT_MAX}:A", TABLE) == Pick(INT_MAX, "A")


@given(st.text(max_size=80))
def test_decode_never_raises_and_round_trips(data: str) -> None:
    pressed = decode(data, TABLE)
    if pressed is not None:
        assert isinstance(pressed, Button)
        assert decode(encode(pressed), TABLE) == pressed

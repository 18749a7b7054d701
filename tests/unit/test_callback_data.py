"""Callback data: short, versioned, and nothing forged gets through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.callback_data import build, parse


def test_round_trip() -> None:
    data = build("unit", "pick", 12, "DLK")
    assert data == "v1:unit:pick:12:DLK"
    parsed = parse(data)
    assert parsed is not None
    assert (parsed.kind, parsed.action, parsed.args) == ("unit", "pick", ("12", "DLK"))
    assert parsed.int_arg(0) == 12 and parsed.int_arg(1) is None and parsed.arg(5) is None


def test_too_long_or_bad_parts_are_refused_when_building() -> None:
    with pytest.raises(ValueError):
        build("unit", "pick", "x" * 60)
    with pytest.raises(ValueError):
        build("unit", "pick", "a:b")
    with pytest.raises(ValueError):
        build("unit", "pick", "Đắk")


@pytest.mark.parametrize(
    "data", ["", "v0:unit:pick", "v1:unit", "v1::pick", "v1:unit:pick:a b", "x" * 65, None]
)
def test_forged_data_is_rejected(data: str | None) -> None:
    assert parse(data) is None


@given(st.text(max_size=80))
def test_parse_never_raises(data: str) -> None:
    parsed = parse(data)
    if parsed is not None:
        assert build(parsed.kind, parsed.action, *parsed.args) == data

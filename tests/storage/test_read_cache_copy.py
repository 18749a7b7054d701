"""The read cache's copy: equal to what was cached, sharing nothing a caller could change."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from storage.read_cache import _copy


class Inner(BaseModel):
    tags: list[str]
    score: Decimal


class Outer(BaseModel):
    name: str
    at: datetime
    data: dict[str, object]
    inner: Inner
    items: list[Inner]
    note: str | None = None


def _sample() -> Outer:
    inner = Inner(tags=["a"], score=Decimal("87.5"))
    return Outer(
        name="x",
        at=datetime(2026, 1, 2, tzinfo=UTC),
        data={"titles": [1, 2], "nested": {"k": ["v"]}},
        inner=inner,
        items=[inner.model_copy(deep=True)],
    )


def test_copy_equals_a_deep_copy_and_keeps_the_fields_set() -> None:
    original = _sample()
    clone = _copy(original)
    assert clone == copy.deepcopy(original)
    assert clone.model_fields_set == original.model_fields_set
    assert clone.model_dump(exclude_unset=True) == original.model_dump(exclude_unset=True)


def test_changing_the_copy_changes_nothing_cached() -> None:
    original = _sample()
    cached = [original, {"k": [original]}]
    clone = _copy(cached)
    clone[0].data["titles"].append(3)
    clone[0].data["nested"]["k"].append("w")
    clone[0].inner.tags.append("b")
    clone[0].items[0].tags.clear()
    clone[0].name = "changed"
    clone[1]["k"][0].items.append(original.inner)
    assert cached[0] == _sample()
    assert cached[1]["k"][0] == _sample()


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    codes: tuple[str, ...]
    body: dict[str, list[int]] | None = None


def test_a_frozen_model_of_immutable_values_is_shared_and_one_holding_a_dict_is_copied() -> None:
    plain = Frozen(name="Năm 2026", codes=("DLK", "GLA"))
    assert _copy(plain) is plain and _copy([plain])[0] is plain
    holding = Frozen(name="Thang điểm", codes=(), body={"I": [1, 2]})
    clone = _copy(holding)
    assert clone == holding and clone is not holding
    clone.body["I"].append(3)  # type: ignore[index]
    assert holding.body == {"I": [1, 2]}

"""Structured errors: their invariants and pydantic's errors as reasons (rendering: tests/unit)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.domain.errors import (
    FieldError,
    FileRejected,
    InvalidValue,
    Reason,
    error,
    issues_from_validation,
)
from bot.domain.scale import Scale


def test_params_must_match_the_reason() -> None:
    assert error(Reason.TOO_BIG, max=1000).params == {"max": "1000"}
    with pytest.raises(ValidationError):
        FieldError(reason=Reason.TOO_BIG)
    with pytest.raises(ValidationError):
        FieldError(reason=Reason.EMPTY, params={"extra": "x"})
    # codes outside Reason are not checked (another namespace may use FieldError)
    assert FieldError(reason="custom", params={"a": "b"}).reason == "custom"


def test_errors_are_frozen_values() -> None:
    err = error(Reason.NOT_POSITIVE).at(section="II", item="2.3", line=41, field="max")
    assert err == FieldError(reason="not_positive", section="II", item="2.3", line=41, field="max")
    assert type(err.reason) is str
    with pytest.raises(ValidationError):
        err.line = 2  # type: ignore[misc]


def test_file_rejected_carries_every_error_in_file_order() -> None:
    errors = [
        error(Reason.EMPTY).at(row=9),
        error(Reason.EMPTY_FILE),
        error(Reason.EMPTY).at(row=3),
    ]
    exc = FileRejected(errors)
    assert [e.row for e in exc.errors] == [None, 3, 9]
    assert "empty_file" in str(exc)


def test_invalid_value_is_a_value_error_with_one_error() -> None:
    exc = InvalidValue(error(Reason.BAD_YEAR, value="1999"))
    assert isinstance(exc, ValueError)
    assert exc.error.reason == Reason.BAD_YEAR and exc.errors == [exc.error]


def test_pydantic_errors_become_reasons() -> None:
    raw = {"name": 5.5, "sections": "x", "colour": 1, "bonus": [{"code": "T1", "title": []}]}
    with pytest.raises(ValidationError) as caught:
        Scale.model_validate(raw)
    issues = {i.loc: (i.reason, i.params) for i in issues_from_validation(caught.value)}
    assert issues == {
        ("sections",): (Reason.NOT_A_LIST, {}),
        ("colour",): (Reason.UNKNOWN_FIELD, {}),
        ("bonus", 0, "title"): (Reason.NOT_TEXT, {}),
        ("bonus", 0, "max"): (Reason.MISSING, {}),
    }  # a number as the name is read as its text


def test_unforeseen_pydantic_errors_are_invalid() -> None:
    from pydantic import BaseModel

    class Strict(BaseModel):
        when: int

    with pytest.raises(ValidationError) as caught:
        Strict.model_validate({"when": "soon"})
    assert issues_from_validation(caught.value)[0].reason == Reason.INVALID

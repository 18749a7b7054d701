"""A bloc's name as an admin types it with /setup: tidied, bounded, made of words."""

from __future__ import annotations

import pytest

from bot.constants import BLOC_NAME_MAX_CHARS
from bot.domain.bloc_name import NameProblem, clean_bloc_name, name_problem


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("  Khối   thi đua\nTây Nguyên ", "Khối thi đua Tây Nguyên"),
        ("Khối\u200b Tây\u202e Nguyên", "Khối Tây Nguyên"),
        ("Kho\u0302\u0301i", "Khối"),  # combining marks composed (NFC)
    ],
)
def test_the_name_is_tidied(typed: str, clean: str) -> None:
    assert clean_bloc_name(typed) == clean


@pytest.mark.parametrize(
    "name",
    ["Khối thi đua Tây Nguyên", "🏆 Khối 5", "K", "Central Highlands bloc", "经济区"],
)
def test_names_with_a_letter_pass(name: str) -> None:
    assert name_problem(clean_bloc_name(name)) is None


@pytest.mark.parametrize("name", ["🏆🏆🏆", "2027", "!!! ...", "🏆 - 🏆", "👨‍👩‍👧 ①②"])
def test_names_without_a_letter_are_refused(name: str) -> None:
    assert name_problem(clean_bloc_name(name)) is NameProblem.NO_LETTER


def test_empty_and_long_names() -> None:
    assert name_problem(clean_bloc_name(" \u200b ")) is NameProblem.EMPTY
    assert name_problem("K" * BLOC_NAME_MAX_CHARS) is None
    assert name_problem("K" * (BLOC_NAME_MAX_CHARS + 1)) is NameProblem.TOO_LONG

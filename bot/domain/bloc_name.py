"""A bloc's name as an admin types it with `/setup`.

Why: the name heads every private reminder, the welcome of a new delegate, `/leave` and the
year-end documents, so it is kept tidy (one line, single spaces, nothing invisible or
direction-changing: `bot.domain.text`), bounded, and made of words. A name with no letter at
all ("🏆🏆🏆", "2027", "...") names nothing in an official paper; it is refused with an example,
as an emoji unit code is (QA qa-vi-first #2).
"""

from __future__ import annotations

from enum import Enum

from bot.constants import BLOC_NAME_MAX_CHARS
from bot.domain.text import visible_text


class NameProblem(Enum):
    """Why a typed name cannot be the bloc's."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_LETTER = "no_letter"


def clean_bloc_name(text: str) -> str:
    """The name as typed, on one line with single spaces, without invisible characters."""
    return " ".join(visible_text(text).split())


def name_problem(name: str) -> NameProblem | None:
    """What is wrong with a cleaned name, if anything (a letter of any script will do)."""
    if not name:
        return NameProblem.EMPTY
    if len(name) > BLOC_NAME_MAX_CHARS:
        return NameProblem.TOO_LONG
    if not any(char.isalpha() for char in name):
        return NameProblem.NO_LETTER
    return None

"""A unit's code and name, as typed by an admin or read from a roster file.

Why: the code is how people name a unit in commands (`/invite DLK`) and how buttons and rosters
refer to it, so it is short, upper-case ASCII and the same whoever typed it; the name is shown
in lists, so it is tidy (one space between words) and bounded.
"""

from __future__ import annotations

import re
import unicodedata

from bot.domain.errors import InvalidValue, Reason, clip, error
from bot.domain.text import has_visible, visible_text

CODE_RE = re.compile(r"[A-Z0-9_]{2,12}")
MAX_NAME = 200


def normalize_code(text: str) -> str:
    """The unit code in canonical form: stripped and upper-cased; 2–12 of A–Z, 0–9 and _.

    Non-ASCII input is refused before upper-casing ("ß" would otherwise become "SS").
    """
    code = text.strip()
    if not code.isascii() or not CODE_RE.fullmatch(code.upper()):
        raise InvalidValue(error(Reason.BAD_CODE, value=clip(code)))
    return code.upper()


def check_unit_name(text: str) -> str:
    """The unit name tidied: stripped, inner whitespace (newlines too) collapsed to one space,
    invisible and direction-changing characters removed (`bot.domain.text`)."""
    name = " ".join(visible_text(text).split())
    if not has_visible(name):
        raise InvalidValue(error(Reason.EMPTY_NAME))
    if len(name) > MAX_NAME:
        raise InvalidValue(error(Reason.NAME_TOO_LONG, length=len(name), max=MAX_NAME))
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in name):
        raise InvalidValue(error(Reason.BAD_CHARACTERS))
    return name

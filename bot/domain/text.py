"""Text people type or send, made safe to show to others: no invisible or direction tricks.

Why: a unit name made only of zero-width characters looks empty in every list, and a
right-to-left override (U+202E) inside a name or a commitment flips how the rest of the line
reads ("…ABC" shown as "CBA…"), which can make one unit pass for another. Format characters
(Unicode category Cf: bidi controls, zero-width spaces, word joiners, byte-order marks, soft
hyphens, tag characters) and the few letters that render as blanks are removed; the zero-width
joiners that build emoji and some scripts are kept between two visible characters.

The text is also composed (Unicode NFC). Vietnamese keyboards can type the same letter two
ways: "ệ" as one character, or as "e" with two combining marks (Unikey's "Unicode tổ hợp",
some Windows fonts' encodings). They look identical, but a name typed one way is not equal to
the same name typed the other: a roster sent again from another computer would list every unit
as renamed, and a title could be added twice.
"""

from __future__ import annotations

import unicodedata

_JOINERS = frozenset("\u200c\u200d")
#: Not format characters, but drawn as nothing: Hangul fillers, the braille blank.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or char in _BLANK_LETTERS


def _shown(char: str) -> bool:
    return not char.isspace() and not _invisible(char)


def visible_text(text: str) -> str:
    """`text` without invisible and direction-changing characters (whitespace kept as is),
    composed (NFC)."""
    kept: list[str] = []
    for index, char in enumerate(text):
        if char in _JOINERS:
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if before and after and _shown(before) and (_shown(after) or after in _JOINERS):
                kept.append(char)
        elif not _invisible(char):
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def has_visible(text: str) -> bool:
    """Whether anything of `text` would be seen (not only spaces and invisible characters)."""
    return any(_shown(char) for char in text)

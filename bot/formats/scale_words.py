"""The words of the XLSX scale template, in Vietnamese and English, read back in either.

Why in the format and not in the catalogs: they are part of the file format. A template is
written in the admin's language (Vietnamese headers "Loại", "Mã", "Điểm tối đa"…, or the English
codes `kind`, `code`, `max`…), and a sheet is read whatever the language it was written in, or
the bot's language now; words are compared without case, accents or extra spaces, so "Diem toi
da" typed on a keyboard without Vietnamese input still matches.
"""

from __future__ import annotations

import unicodedata
from typing import Any

COLUMNS = ("kind", "section", "code", "title", "max", "step", "evidence", "guidance")
#: The template's columns: `score` and `note` are for a unit to fill in, ignored when reading.
TEMPLATE_COLUMNS = (*COLUMNS, "score", "note")
REQUIRED_COLUMNS = ("kind", "code", "title", "max")
KINDS = ("section", "criterion", "bonus", "deduction")
NAME = "name"

#: Each column's header per language (the first is written; any is read).
_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "vi": {
        "kind": ("Loại",),
        "section": ("Mục",),
        "code": ("Mã", "Mã số"),
        "title": ("Nội dung", "Tên"),
        "max": ("Điểm tối đa",),
        "step": ("Chấm lẻ đến", "Bước điểm"),
        "evidence": ("Tài liệu minh chứng", "Minh chứng"),
        "guidance": ("Hướng dẫn", "Hướng dẫn chấm"),
        "score": ("Điểm tự chấm",),
        "note": ("Ghi chú",),
        NAME: ("Tên thang điểm",),
    },
    "en": {column: (column,) for column in (*TEMPLATE_COLUMNS, NAME)},
}
_KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "vi": {
        "section": ("mục",),
        "criterion": ("tiêu chí",),
        "bonus": ("điểm thưởng", "thưởng"),
        "deduction": ("điểm trừ", "trừ"),
    },
    "en": {kind: (kind,) for kind in KINDS},
}
_SHEET_TITLES = {"vi": ("Hướng dẫn", "Thang điểm"), "en": ("Instructions", "Scale")}


def fold(value: Any) -> str:
    """A cell as it is compared: no case, no accents (đ is d), single spaces; "" when blank."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFD", str(value).replace("\ufeff", ""))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.replace("đ", "d").replace("Đ", "D").casefold().split())


def _index(table: dict[str, dict[str, tuple[str, ...]]]) -> dict[str, str]:
    return {fold(word): key for words in table.values() for key, ws in words.items() for word in ws}


_HEADER_OF = _index(_HEADERS)
_KIND_OF = _index(_KINDS)


def column_of(cell: Any) -> str | None:
    """The column (`kind`, `max`…) a header cell names in any language, or None."""
    found = _HEADER_OF.get(fold(cell))
    return found if found != NAME else None


def is_name_label(cell: Any) -> bool:
    return _HEADER_OF.get(fold(cell)) == NAME


def kind_of(cell: Any) -> str | None:
    """The kind (`section`, `criterion`…) a kind cell names in any language, or None."""
    return _KIND_OF.get(fold(cell))


def language(lang: str) -> str:
    return lang if lang in _HEADERS else "en"


def header(column: str, lang: str) -> str:
    """The header written for `column` (or the name row's label) in `lang`."""
    return _HEADERS[language(lang)][column][0]


def kind_word(kind: str, lang: str) -> str:
    return _KINDS[language(lang)][kind][0]


def sheet_titles(lang: str) -> tuple[str, str]:
    """(instructions sheet, scale sheet) titles."""
    return _SHEET_TITLES[language(lang)]

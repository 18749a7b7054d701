"""The Vietnamese catalog speaks the bloc's own words (docs/GLOSSARY.md).

What a user types (commands, phase words, column names) may appear inside `<code>`; prose may
not use English codes, the words the glossary says to avoid, or a decimal point.
"""

from __future__ import annotations

import re

import pytest

from bot.domain.calendar import Phase
from bot.i18n import Catalog

catalog = Catalog.load()
VI = catalog.texts["vi"]

#: Codes of the code base that must never show in Vietnamese prose.
CODES = [p.value for p in Phase] + ["bonus", "deduction", "criterion", "section", "sandbox"]
#: Params holding a code that the renderer turns into a name: never shown as code.
NAMED_PARAMS = ("phase", "earlier", "later")
#: (wrong word, the glossary's word): the words a secretary tripped on.
AVOID = [
    (r"\bbạn\b", "Anh/Chị"),
    (r"\bđại diện\b", "cán bộ đầu mối"),
    (r"\bhạn chót\b", "thời hạn"),
    (r"\bđiểm cộng\b", "điểm thưởng"),
    (r"\bcộng\b(?!\s+hòa)", "điểm thưởng"),  # "Cộng hòa" is the national title
    (r"\bbầu cử\b", "bầu Khối trưởng, Khối phó"),
    (r"\bhộp cát\b", "chế độ chạy thử ngoại tuyến"),
    (r"\bthêm hoặc bớt\b", "thêm hoặc gỡ"),
    (r"\(bước\b|\bbước điểm\b", "chấm lẻ đến"),
]


def _prose(text: str) -> str:
    """What a reader reads as sentences: no <code> spans, tags, commands or placeholders."""
    text = re.sub(r"<code>.*?</code>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"/\w+", " ", text)  # a command such as /pledge is typed, not read
    text = re.sub(r"#\d+(\.\d+)?", " ", text)  # so is a sandbox press (#12.2)
    return re.sub(r"\{[^}]+\}", " ", text)


#: Plain-text catalog entries (no <code>) that name what the user types: the column names a
#: workbook accepts.
TYPED_WORDS = frozenset({"scale.template_instructions"})


def test_no_english_code_in_vietnamese_prose() -> None:
    found = {
        key: sorted(set(re.findall(r"[A-Za-z_]+", _prose(text))) & set(CODES))
        for key, text in VI.items()
        if key not in TYPED_WORDS
    }
    assert {key: codes for key, codes in found.items() if codes} == {}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_phase_params_are_names_not_code(lang: str) -> None:
    for key, text in catalog.texts[lang].items():
        for name in NAMED_PARAMS:
            assert f"<code>{{{name}}}</code>" not in text, (lang, key)


@pytest.mark.parametrize(("wrong", "right"), AVOID)
def test_words_the_glossary_replaces(wrong: str, right: str) -> None:
    found = [k for k, text in VI.items() if re.search(wrong, _prose(text), re.I)]
    assert found == [], f"use «{right}» in {found}"


def test_no_decimal_point_in_vietnamese_numbers() -> None:
    found = [k for k, text in VI.items() if re.search(r"\d\.\d", _prose(text))]
    assert found == []


def test_weekdays_are_capitalised_alike() -> None:
    names = [VI[f"calendar.weekday_{n}"] for n in range(7)]
    assert all(w == " ".join(p[:1].upper() + p[1:] for p in w.split()) for w in names), names


def test_bloc_admin_is_lower_case_mid_sentence() -> None:
    """Mid-sentence, the bloc admin is "quản trị Khối"; a capital Q only where a sentence starts."""
    mid = re.compile(r"[^\s.!?:>🔓⚠️📋]\s*Quản trị Khối|[,;(]\s*Quản trị Khối")
    found = [k for k, text in VI.items() if mid.search(text)]
    assert found == []


#: English placeholders for a date or a time; Vietnamese text writes ngày/tháng/năm, giờ:phút.
ENGLISH_PLACEHOLDERS = re.compile(r"dd/mm|yyyy|\bHH:MM\b|\bhh:mm\b", re.IGNORECASE)


def test_no_english_date_placeholder_in_vietnamese_text() -> None:
    """QA: "/deadline election dd/mm/yyyy" in a Vietnamese reply (also inside <code>)."""
    found = {key: text for key, text in VI.items() if ENGLISH_PLACEHOLDERS.search(text)}
    assert found == {}

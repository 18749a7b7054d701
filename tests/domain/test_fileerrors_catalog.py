"""The domain's catalogs: both languages alike, and a text for every reason code."""

from __future__ import annotations

import ast
import re
import string

import pytest

from bot.domain.calendar import Phase
from bot.domain.errors import FIELD_KEYS, LOCATION_KEYS, REASON_PARAMS, Reason
from tests.domain.helpers import ROOT, load_catalog

NAMESPACES = ("fileerrors", "calendar")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_both_languages_have_the_same_keys_and_placeholders(namespace: str) -> None:
    vi, en = load_catalog("vi", namespace), load_catalog("en", namespace)
    assert sorted(vi) == sorted(en)
    for key in vi:
        assert isinstance(vi[key], str) and isinstance(en[key], str), key
        assert _placeholders(vi[key]) == _placeholders(en[key]), key


def test_every_reason_has_a_text_with_exactly_its_params() -> None:
    for lang in ("vi", "en"):
        texts = load_catalog(lang, "fileerrors")
        assert set(texts) == {str(r) for r in Reason} | LOCATION_KEYS | FIELD_KEYS, lang
        for reason in Reason:
            assert _placeholders(texts[reason]) == REASON_PARAMS[reason], (lang, reason)


def test_calendar_names_every_weekday_and_phase() -> None:
    expected = {f"weekday_{n}" for n in range(7)} | {f"phase_{p.value}" for p in Phase}
    expected |= {"zone_vietnam", "zone_other"}
    expected |= {f"duration_{unit}" for unit in ("days", "hours", "minutes")}
    for lang in ("vi", "en"):
        assert set(load_catalog(lang, "calendar")) == expected


@pytest.mark.parametrize("namespace", NAMESPACES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_texts_are_telegram_html(namespace: str, lang: str) -> None:
    for key, text in load_catalog(lang, namespace).items():
        without_tags = re.sub(r"</?(b|i|code)>", "", text)
        assert "<" not in without_tags and ">" not in without_tags, key
        assert text.count("<code>") == text.count("</code>"), key
        assert text == text.strip() or key == "loc_join", key


def test_vietnamese_is_written_with_diacritics() -> None:
    accented = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")
    for namespace in NAMESPACES:
        for key, text in load_catalog("vi", namespace).items():
            words = re.sub(r"<[^>]+>|\{[^}]+\}", "", text)
            if len(re.findall(r"[A-Za-z]{2,}", words)) >= 2:
                assert accented.search(words.lower()), key


def test_domain_code_names_reasons_only_through_the_enum() -> None:
    """A reason typed as a bare string would escape the catalog check above."""
    for path in sorted((ROOT / "bot" / "domain").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "reason":
                assert not isinstance(node.value, ast.Constant), (path.name, node.lineno)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("error", "_fail"):
                first = node.args[0] if node.args else None
                assert not isinstance(first, ast.Constant), (path.name, node.lineno)

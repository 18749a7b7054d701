"""Every text exists in Vietnamese and English, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.i18n import Catalog, placeholders, resolve_language
from bot.menus import COMMANDS, Scope, commands_for

ROOT = Path(__file__).resolve().parents[2]

catalog = Catalog.load()


def test_both_languages_have_the_same_keys() -> None:
    vi, en = catalog.keys("vi"), catalog.keys("en")
    assert vi, "the catalog is empty"
    assert sorted(vi - en) == [], "keys missing in English"
    assert sorted(en - vi) == [], "keys missing in Vietnamese"


def test_placeholders_match() -> None:
    for key in catalog.keys("vi"):
        vi = placeholders(catalog.texts["vi"][key])
        en = placeholders(catalog.texts["en"][key])
        assert vi == en, f"{key}: vi {sorted(vi)} != en {sorted(en)}"


def test_vietnamese_has_diacritics() -> None:
    """A Vietnamese text without a single accented letter was most likely left unaccented."""
    accented = re.compile(
        r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I
    )
    for key, text in catalog.texts["vi"].items():
        words = re.sub(r"<[^>]+>|\{[^}]+\}|/\w+", "", text)
        if len(re.findall(r"[A-Za-z]{2,}", words)) >= 3:
            assert accented.search(words), f"vi text of {key} has no diacritics: {text!r}"


def test_params_are_escaped_but_html_fragments_are_not() -> None:
    text = catalog.t("en", "core.welcome", name="<b>Lan & Co</b>")
    assert "&lt;b&gt;Lan &amp; Co&lt;/b&gt;" in text


def test_every_menu_command_has_a_description_in_both_languages() -> None:
    for command in COMMANDS:
        for lang in ("vi", "en"):
            assert catalog.has(lang, f"menu.{command.name}"), (lang, command.name)
    for scope in Scope:
        for lang in ("vi", "en"):
            pairs = commands_for(scope, catalog, lang)
            assert pairs
            for name, description in pairs:
                assert re.fullmatch(r"[a-z0-9_]{1,32}", name)
                assert 1 <= len(description) <= 256


def test_language_resolution_order() -> None:
    assert resolve_language("en", "vi", "vi") == "en"
    assert resolve_language(None, "en-US", "vi") == "en"
    assert resolve_language(None, "fr", "vi") == "vi"
    assert resolve_language(None, None, "en") == "en"
    assert resolve_language("de", "vi", "en") == "vi"


def test_english_names_the_binh_xet_as_the_glossary_does() -> None:
    """docs/GLOSSARY.md: "commendation vote (bình xét)"; the Vietnamese word is only ever the
    gloss in brackets after the English, never the English text's own word (QA docs #4)."""
    for key, text in catalog.texts["en"].items():
        bare = re.sub(r"\((?:the commendation vote, )?bình xét\)", "", text)
        assert "bình xét" not in bare.lower(), f"{key}: {text!r}"


def _duplicate_keys(node: yaml.Node) -> list[str]:
    """Keys written twice in one mapping, at any depth, as "key (lines a and b)"."""
    found: list[str] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if key.value in seen:
                found.append(f"{key.value} (lines {seen[key.value]} and {line})")
            seen.setdefault(key.value, line)
            found += _duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += _duplicate_keys(item)
    return found


@pytest.mark.parametrize(
    "path",
    sorted(ROOT.glob("bot/**/*.yaml")) + sorted(ROOT.glob("bot/**/*.yml")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_catalog_file_writes_a_key_twice(path: Path) -> None:
    """YAML keeps the last of two equal keys without a word: a text fixed in one copy of the key
    is silently lost (menu.yaml had summary, review and export twice)."""
    node = yaml.compose(path.read_text(encoding="utf-8"))
    assert node is not None and _duplicate_keys(node) == [], path


def test_the_duplicate_key_check_sees_a_duplicate() -> None:
    node = yaml.compose("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n")
    assert node is not None
    assert _duplicate_keys(node) == ["c (lines 3 and 4)", "a (lines 1 and 5)"]

"""The catalogs read by libyaml's loader are exactly what the pure-Python safe loader reads."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from bot.i18n import _SAFE_LOADER, LanguageTexts


def test_the_fast_loader_reads_every_catalog_as_the_safe_loader_does() -> None:
    files = [
        entry
        for lang in resources.files("bot.locales").iterdir()
        if lang.is_dir() and not lang.name.startswith("_")
        for entry in lang.iterdir()
        if entry.name.endswith(".yaml")
    ]
    assert len(files) >= 40
    for entry in files:
        text = entry.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=_SAFE_LOADER) == yaml.safe_load(text), entry.name


def test_a_language_reads_a_namespace_when_one_of_its_texts_is_first_asked() -> None:
    texts = LanguageTexts("en")
    assert texts["core.stale_button"] == _file("en", "core")["stale_button"]
    assert "core.stale_button" in texts and "core.no_such_text" not in texts
    assert texts.get("election.no_such_text") is None
    with pytest.raises(KeyError):
        texts["nowhere.stale_button"]  # no such file: a missing text, as any other


def test_every_text_of_a_language_is_there_when_all_are_asked() -> None:
    texts = LanguageTexts("vi")
    expected = {
        f"{entry.name.removesuffix('.yaml')}.{key}": str(value)
        for entry in resources.files("bot.locales").joinpath("vi").iterdir()
        if entry.name.endswith(".yaml")
        for key, value in _file("vi", entry.name.removesuffix(".yaml")).items()
    }
    assert dict(texts) == expected and len(texts) == len(expected)


def _file(lang: str, namespace: str) -> dict[str, object]:
    entry = resources.files("bot.locales").joinpath(lang, f"{namespace}.yaml")
    return yaml.safe_load(entry.read_text(encoding="utf-8"))

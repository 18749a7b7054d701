"""The catalogs read by libyaml's loader are exactly what the pure-Python safe loader reads."""

from __future__ import annotations

from importlib import resources

import yaml

from bot.i18n import _SAFE_LOADER


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

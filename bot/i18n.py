"""Message catalogs: every user-facing text, in Vietnamese (the default) and English.

`bot/locales/<lang>/<namespace>.yaml` holds flat `key: text` pairs addressed as
`<namespace>.<key>`. Texts are Telegram HTML with `{placeholders}`; values given to `t()` are
HTML-escaped unless wrapped in `Html` (a fragment already rendered from the catalog).
"""

from __future__ import annotations

import html
import re
import string
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from bot.constants import LANGUAGES


class Html(str):
    """A string that is already safe Telegram HTML (built from catalog texts)."""

    __slots__ = ()


def _escape(value: Any) -> str:
    if isinstance(value, Html):
        return str(value)
    return html.escape(str(value), quote=False)


class Catalog:
    """All texts of all languages, loaded once."""

    def __init__(self, texts: dict[str, dict[str, str]]) -> None:
        self.texts = texts

    @classmethod
    def load(cls) -> Catalog:
        return _load_catalog()

    def has(self, lang: str, key: str) -> bool:
        return key in self.texts.get(lang, {})

    def t(self, lang: str, key: str, /, **params: Any) -> Html:
        """The text of `key` in `lang`, with escaped params; raises KeyError when it is missing."""
        template = self.texts[lang][key]
        if not params:
            return Html(template)
        return Html(template.format_map({k: _escape(v) for k, v in params.items()}))

    def keys(self, lang: str) -> set[str]:
        return set(self.texts.get(lang, {}))

    def for_lang(self, lang: str) -> Texts:
        return Texts(self, lang)


class Texts:
    """The catalog bound to one language: `tx("core.welcome", name=…)`."""

    def __init__(self, catalog: Catalog, lang: str) -> None:
        self.catalog = catalog
        self.lang = lang

    def __call__(self, key: str, /, **params: Any) -> Html:
        return self.catalog.t(self.lang, key, **params)


def plain_text(text: str) -> str:
    """What a reader sees of Telegram HTML (tags dropped, entities decoded): alerts, terminals."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def format_number(value: Decimal | int | str, lang: str) -> str:
    """A number as a reader of `lang` writes it: 87,5 and 1.250,5 in Vietnamese, 87.5 and
    1,250.5 in English; exact (a Decimal is never rounded), trailing zeros dropped.

    Text that is not a number (a code the user typed, say) comes back unchanged.
    """
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign, digits = ("-" if number < 0 else ""), f"{abs(number):f}"
    whole, _, fraction = digits.partition(".")
    groups = f"{int(whole):,}"
    thousands, point = (".", ",") if lang == "vi" else (",", ".")
    text = groups.replace(",", thousands) + (point + fraction if fraction else "")
    return sign + text


def placeholders(template: str) -> set[str]:
    """The `{names}` a template uses (for the parity test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@lru_cache(maxsize=1)
def _load_catalog() -> Catalog:
    texts: dict[str, dict[str, str]] = {}
    root = resources.files("bot.locales")
    for lang in LANGUAGES:
        merged: dict[str, str] = {}
        for entry in sorted(root.joinpath(lang).iterdir(), key=lambda e: e.name):
            if not entry.name.endswith(".yaml"):
                continue
            namespace = entry.name.removesuffix(".yaml")
            data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            if not isinstance(data, dict):
                raise ValueError(f"{lang}/{entry.name}: expected a mapping of key: text")
            for key, value in data.items():
                merged[f"{namespace}.{key}"] = str(value)
        texts[lang] = merged
    return Catalog(texts)


def resolve_language(chosen: str | None, telegram_code: str | None, default: str) -> str:
    """The user's /lang choice, else Telegram's language when it is vi or en, else the default."""
    if chosen in LANGUAGES:
        return chosen
    if telegram_code:
        base = telegram_code.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return default

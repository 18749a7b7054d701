"""Message catalogs: every user-facing text, in Vietnamese (the default) and English.

`bot/locales/<lang>/<namespace>.yaml` holds flat `key: text` pairs addressed as
`<namespace>.<key>`. Texts are Telegram HTML with `{placeholders}`; values given to `t()` are
HTML-escaped unless wrapped in `Html` (a fragment already rendered from the catalog).
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.constants import LANGUAGES
from bot.domain.calendar import Phase, format_local, weekday


class Html(str):
    """A string that is already safe Telegram HTML (built from catalog texts)."""

    __slots__ = ()


class Count(int):
    """A count people read (characters, rows): a param given as `Count(6122)` is written the
    reader's way by `format_count` ("6.122" in Vietnamese, "6,122" in English), wherever the
    text is rendered (a use case raising `BadInput` does not know the language)."""

    __slots__ = ()


def _escape(value: Any, lang: str) -> str:
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, Count):
        return format_count(value, lang)
    return html.escape(str(value), quote=False)


class Catalog:
    """All texts of all languages (each read from its files when first needed)."""

    def __init__(self, texts: Mapping[str, Mapping[str, str]]) -> None:
        self.texts = texts

    @classmethod
    def load(cls) -> Catalog:
        return _load_catalog()

    def has(self, lang: str, key: str) -> bool:
        return lang in self.texts and key in self.texts[lang]

    def t(self, lang: str, key: str, /, **params: Any) -> Html:
        """The text of `key` in `lang`, with escaped params; raises KeyError when it is missing."""
        template = self.texts[lang][key]
        if not params:
            return Html(template)
        return Html(template.format_map({k: _escape(v, lang) for k, v in params.items()}))

    def keys(self, lang: str) -> set[str]:
        return set(self.texts[lang]) if lang in self.texts else set()

    def for_lang(self, lang: str) -> Texts:
        return Texts(self, lang)


class Texts:
    """The catalog bound to one language: `tx("core.welcome", name=…)`, and the one way every
    feature shows numbers, dates, durations and phases in that language."""

    def __init__(self, catalog: Catalog, lang: str) -> None:
        self.catalog = catalog
        self.lang = lang

    def __call__(self, key: str, /, **params: Any) -> Html:
        return self.catalog.t(self.lang, key, **params)

    def plural(self, key: str, count: Decimal | int, /, **params: Any) -> Html:
        """`key_one` when `count` is 1, else `key`: "1 vote" but "2 votes", "0 votes". Every
        counted key has both forms in every language (Vietnamese, without plurals, says the
        same in each); a count placeholder before a plural noun without its `_one` form fails
        `tests/unit/test_plurals.py`."""
        return self(f"{key}_one" if count == 1 else key, **params)

    def number(self, value: Decimal | int | str) -> str:
        """Exact, never rounded: 8.5 in English, 8,5 in Vietnamese (decimal comma)."""
        return format_number(value, self.lang)

    def signed(self, value: Decimal) -> str:
        """A change: +1,5, −1 (the minus sign, not a hyphen), 0."""
        return format_signed(value, self.lang)

    def date(self, moment: datetime, timezone: str) -> str:
        """dd/mm/yyyy HH:MM of a stored UTC instant in the bloc's zone."""
        return format_local(moment, ZoneInfo(timezone))

    def when(self, moment: datetime, timezone: str) -> Html:
        """A stored UTC instant with its weekday in the bloc's zone: "Thứ Bảy, 31/01/2026 17:00"."""
        tz = ZoneInfo(timezone)
        day = self(f"calendar.weekday_{weekday(moment, tz)}")
        return self("year.when", weekday=day, date=format_local(moment, tz))

    def counts(self, prefix: str, counts: Iterable[tuple[str, int]]) -> list[Html]:
        """`prefix_<part>` with its count, for each count that is not zero, in order: a summary
        names what happened ("lưu 17 tiêu chí"), not what did not ("0 dòng chưa nhận"). A part
        with a `_one` form is counted as `plural` does ("1 criterion stored"); one without
        needs none ("12 h", "Unchanged: 1")."""
        return [self._counted(f"{prefix}_{part}", n) for part, n in counts if n]

    def _counted(self, key: str, count: int) -> Html:
        if self.catalog.has(self.lang, f"{key}_one"):
            return self.plural(key, count, count=count)
        return self(key, count=count)

    def duration(self, delta: timedelta) -> str:
        """ "2 ngày 3 giờ", "45 phút": the two largest parts, never less than a minute."""
        minutes = max(1, int(delta.total_seconds() // 60))
        parts = [
            ("days", minutes // 1440),
            ("hours", minutes // 60 % 24),
            ("minutes", minutes % 60),
        ]
        return " ".join(self.counts("calendar.duration", parts)[:2])

    def phase(self, phase: Phase) -> Html:
        return self(f"calendar.phase_{phase.value}")

    def zone(self, timezone: str) -> Html:
        """ "giờ Việt Nam (GMT+7)" for Vietnam's zone; "giờ <zone id>" for any other."""
        key = _NAMED_ZONES.get(timezone)
        return self(key) if key else self("calendar.zone_other", zone=timezone)


#: Zones with a name people use instead of the zone id.
_NAMED_ZONES = {"Asia/Ho_Chi_Minh": "calendar.zone_vietnam", "Asia/Saigon": "calendar.zone_vietnam"}


def plain_text(text: str) -> str:
    """What a reader sees of Telegram HTML (tags dropped, entities decoded): alerts, terminals."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


_TAG = re.compile(r"<[^>]+>")


def telegram_length(text: str) -> int:
    """The length Telegram limits (4096 for a message): UTF-16 code units of what the reader
    sees, tags dropped and entities decoded. The emulator counts the same way."""
    return len(plain_text(text).encode("utf-16-le")) // 2


def plain_length(text: str) -> int:
    """`len(plain_text(text))` for the catalog's own HTML, fast (pages of hundreds of lines are
    measured at every press): tags dropped, and the only entities escaping makes counted as the
    one character each stands for."""
    bare = _TAG.sub("", text)
    excess = 4 * bare.count("&amp;") + 3 * (bare.count("&lt;") + bare.count("&gt;"))
    return len(bare) - excess - 5 * bare.count("&quot;")


def format_number(value: Decimal | int | str, lang: str) -> str:
    """A number as a reader of `lang` writes it: 87,5 in Vietnamese, 87.5 in English; exact
    (a Decimal is never rounded), trailing zeros dropped, no thousands separator (a year or a
    count of characters reads as typed).

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
    text = f"{number:f}"
    return text.replace(".", ",") if lang == "vi" else text


def format_count(value: int, lang: str) -> str:
    """A whole count as a reader of `lang` writes it: 6.122 in Vietnamese (the point groups
    thousands, the comma is the decimal mark), 6,122 in English; under 1000 as it is."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "vi" else text


def format_signed(value: Decimal, lang: str) -> str:
    """A change as a reader writes it: +1,5, −1 with the minus sign (not a hyphen), or 0."""
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + format_number(abs(value), lang)


def placeholders(template: str) -> set[str]:
    """The `{names}` a template uses (for the parity test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


#: libyaml's safe loader where PyYAML was built with it (the same documents, about ten times
#: faster than the pure-Python one: most of the bot's start-up was reading its catalogs).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LanguageTexts(Mapping[str, str]):
    """One language's texts, each namespace's file read the first time one of its keys is asked.

    Why lazily: most namespaces (documents, exports, file errors…) are used a few times a year,
    and a bot whose people all speak one language never needs the other; holding every text
    of both languages from start-up was about 0.7 MiB of the idle bot.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._texts: dict[str, str] = {}
        self._read: set[str] = set()

    def __getitem__(self, key: str) -> str:
        try:
            return self._texts[key]
        except KeyError:
            namespace = key.partition(".")[0]
            if namespace in self._read:
                raise
            self._read_namespace(namespace)
            return self._texts[key]

    def __iter__(self) -> Iterator[str]:
        for namespace in _namespaces(self.lang):
            if namespace not in self._read:
                self._read_namespace(namespace)
        return iter(self._texts)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def _read_namespace(self, namespace: str) -> None:
        """Read one file; marked read only once its texts are in (a worker thread reading
        the same namespace at the same moment then reads it again, never misses a key)."""
        if namespace in _namespaces(self.lang):
            entry = resources.files("bot.locales").joinpath(self.lang, f"{namespace}.yaml")
            data = yaml.load(entry.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
            if not isinstance(data, dict):
                raise ValueError(f"{self.lang}/{namespace}.yaml: expected a mapping of key: text")
            self._texts.update((f"{namespace}.{k}", str(v)) for k, v in data.items())
        self._read.add(namespace)


@lru_cache(maxsize=len(LANGUAGES))
def _namespaces(lang: str) -> frozenset[str]:
    """The namespaces of a language: the names of its catalog files."""
    folder = resources.files("bot.locales").joinpath(lang)
    return frozenset(
        e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml")
    )


@lru_cache(maxsize=1)
def _load_catalog() -> Catalog:
    return Catalog({lang: LanguageTexts(lang) for lang in LANGUAGES})


def resolve_language(chosen: str | None, telegram_code: str | None, default: str) -> str:
    """The user's /lang choice, else Telegram's language when it is vi or en, else the default."""
    if chosen in LANGUAGES:
        return chosen
    if telegram_code:
        base = telegram_code.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return default

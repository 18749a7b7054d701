"""Cutting Telegram HTML to a length without breaking a tag or an entity (no language here).

`views/fit.py` fits a screen with a translated mark; `fit_any` is the last guard every send and
edit passes (`handlers.reply`, the notifier), so a screen that failed to fit is cut, never
refused by Telegram. Lengths as Telegram counts them: UTF-16 code units of the visible text.
"""

from __future__ import annotations

import html
import re

from bot.constants import MESSAGE_MAX_CHARS
from bot.i18n import telegram_length

#: A tag, an entity, a character (a pair of UTF-16 surrogates counts two, as Telegram does).
_TOKEN = re.compile(r"<(/?)([a-zA-Z-]*)[^>]*>|&#?\w{1,10};|.", re.DOTALL)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clip_html(text: str, room: int) -> tuple[str, int]:
    """`text` cut to at most `room` visible UTF-16 units, open tags closed; and how many
    visible characters were left out (0 when it fit)."""
    used, cut, opened = 0, None, []
    for token in _TOKEN.finditer(text):
        if token.group(0)[0] == "<" and len(token.group(0)) > 1:
            if cut is None:
                if token.group(1):
                    if opened:
                        opened.pop()
                else:
                    opened.append(token.group(2).lower())
            continue
        seen = html.unescape(token.group(0))
        if cut is None and used + _units(seen) > room:
            cut = (token.start(), list(opened))
        if cut is None:
            used += _units(seen)
    if cut is None:
        return text, 0
    position, still_open = cut
    kept = text[:position].rstrip()
    closing = "".join(f"</{name}>" for name in reversed(still_open) if name)
    return kept + closing, telegram_length(text) - used


def fit_any(text: str, limit: int = MESSAGE_MAX_CHARS) -> str:
    """The last guard of every send and edit (no language at hand): a text a screen failed to
    fit is cut with "…" rather than refused by Telegram."""
    if telegram_length(text) <= limit:
        return text
    kept, _ = clip_html(text, limit - 2)
    return kept + "\n…"


def utf16_length(raw: str) -> int:
    """Telegram's length of a person's raw text (not HTML): its UTF-16 code units."""
    return _units(raw)


def clip_plain(raw: str, most: int) -> str:
    """A person's raw text cut to `most` UTF-16 code units, ending in "…" when cut."""
    if _units(raw) <= most:
        return raw
    kept, used = [], 1
    for char in raw:
        used += _units(char)
        if used > most:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"

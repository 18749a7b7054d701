"""/lang without a language it knows: the language in use, the ones offered, a button each.

The buttons are on private screens only: a language is the person's own, and a group's message
pressed by someone else would change nothing of theirs worth showing to the group.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import Where, button
from bot.constants import LANGUAGES
from bot.i18n import Html, Texts
from views.keyboards import Btn, keyboard


@button("lang", "set", Where.PRIVATE)
class ChooseLanguage:
    code: str


def render_choice(
    tx: Texts, current: str, *, buttons: bool
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """What /lang answers when no offered language was given: the person's `current` language
    named in `tx`'s (theirs in private, the bloc's in its group)."""
    lines = [tx("core.lang_current", name=tx(f"core.lang_word_{current}")), tx("core.lang_offered")]
    rows = [[Btn(tx(f"core.lang_name_{code}"), ChooseLanguage(code)) for code in LANGUAGES]]
    return Html("\n".join(lines)), keyboard(rows) if buttons else None

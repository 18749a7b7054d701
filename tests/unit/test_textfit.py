"""Cutting Telegram HTML to Telegram's length: tags closed, entities and emoji whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import Catalog, telegram_length
from bot.textfit import clip_html, fit_any
from views.fit import fit_lines


def test_a_cut_closes_the_open_tags_and_keeps_entities_whole() -> None:
    kept, dropped = clip_html("<b>ab &amp; <i>cd</i></b>", 4)
    assert kept == "<b>ab &amp;</b>" and dropped == 3


def test_an_emoji_counts_two_and_is_never_split() -> None:
    kept, dropped = clip_html("a😀😀", 4)
    assert kept == "a😀" and dropped == 2


@given(st.text(min_size=0, max_size=300), st.integers(min_value=1, max_value=200))
def test_a_cut_always_fits(text: str, room: int) -> None:
    from html import escape

    kept, _ = clip_html(f"<b>{escape(text)}</b>", room)
    assert telegram_length(kept) <= room


def test_fit_lines_shortens_the_longest_line_with_the_mark() -> None:
    tx = Catalog.load().for_lang("en")
    text = fit_lines(tx, ["head", "😀" * 3000, "tail"])
    assert telegram_length(text) <= 4096 and text.startswith("head\n") and text.endswith("tail")
    assert "characters left out" in text
    assert fit_any("x" * 5000).endswith("…") and telegram_length(fit_any("x" * 5000)) <= 4096

"""Entity parsing on its own: escaping round trips, UTF-16 offsets, Markdown variants."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram.helpers import escape_markdown

from bot.emulator.entities import EntityParseError, auto_entities, parse_formatted, parse_html
from bot.emulator.errors import ApiError
from bot.emulator.markdown import parse_markdown
from tests.conftest import examples

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=examples(150), deadline=None, database=None)
@given(texts)
def test_html_escape_round_trips(text: str) -> None:
    assert parse_html(html.escape(text)).text == text
    assert parse_html(f"<b>{html.escape(text)}</b>").text == text


@settings(max_examples=examples(150), deadline=None, database=None)
@given(texts)
def test_ptb_markdown_v2_escape_round_trips(text: str) -> None:
    assert parse_markdown(escape_markdown(text, version=2), v2=True).text == text


def test_offsets_are_utf16() -> None:
    parsed = parse_html("😀 <b>Điểm</b>")
    assert parsed.entities == [{"type": "bold", "offset": 3, "length": 4}]


def test_trimming_moves_entities() -> None:
    parsed = parse_formatted("  <i>x</i>  ", "HTML")
    assert (parsed.text, parsed.entities) == ("x", [{"type": "italic", "offset": 0, "length": 1}])


def test_markdown_v2_entities() -> None:
    parsed = parse_markdown(
        "*b* _i_ __u__ ~s~ ||sp|| `c` [l](https://x.y/\\)) ```py\nprint()\n```", v2=True
    )
    kinds = [(e["type"], e.get("url") or e.get("language")) for e in parsed.entities]
    assert kinds == [
        ("bold", None),
        ("italic", None),
        ("underline", None),
        ("strikethrough", None),
        ("spoiler", None),
        ("code", None),
        ("text_link", "https://x.y/)"),
        ("pre", "py"),
    ]
    assert parsed.text.startswith("b i u s sp c l print()")
    with pytest.raises(EntityParseError, match="Can't find end of Bold entity"):
        parse_markdown("*open", v2=True)


def test_legacy_markdown_is_lenient() -> None:
    parsed = parse_markdown("*bold* 1.5 (ok) _it_", v2=False)
    assert parsed.text == "bold 1.5 (ok) it"
    assert [e["type"] for e in parsed.entities] == ["bold", "italic"]


def test_unknown_parse_mode() -> None:
    with pytest.raises(ApiError, match="unsupported parse_mode"):
        parse_formatted("x", "BBCode")


def test_auto_entities() -> None:
    text = "/start@bloc_assistant_bot go to https://t.me/x #thi_dua @lan_nguyen"
    kinds = [
        (e["type"], text[e["offset"] : e["offset"] + e["length"]]) for e in auto_entities(text)
    ]
    assert kinds == [
        ("bot_command", "/start@bloc_assistant_bot"),
        ("url", "https://t.me/x"),
        ("hashtag", "#thi_dua"),
        ("mention", "@lan_nguyen"),
    ]

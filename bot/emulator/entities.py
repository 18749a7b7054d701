"""Formatted text: parse_mode parsing, entity offsets, automatic entities.

Telegram turns ``text`` + ``parse_mode`` into plain text plus ``MessageEntity`` objects, and
enforces its limits on the plain text. The emulator must do the same, or a bot could pass tests
with HTML that Telegram rejects ("can't parse entities") or with a message whose markup hides a
4096-character overflow. Offsets are in UTF-16 code units, as in the real API.

The HTML parser is deliberately a little stricter than Telegram's: a bare ``&`` that does not
start an entity is rejected (Telegram would show it literally), so bots are pushed to escape
user-supplied text with ``html.escape`` everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import bad_request

ALLOWED_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_TAG_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTR_RE = re.compile(r"""([a-zA-Z_][\w-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_AUTO_PATTERNS = (
    ("bot_command", re.compile(r"(?<![\w/@])/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?")),
    ("mention", re.compile(r"(?<![\w@/])@[a-zA-Z0-9_]{3,32}")),
    ("url", re.compile(r"(?<![\w@])https?://[^\s<>\"']+")),
    ("hashtag", re.compile(r"(?<![\w#])#[^\W\d]\w*")),
)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: the unit of every entity offset and length."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class ParsedText:
    """Plain text plus its entities, as a Message carries them."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


class EntityParseError(Exception):
    """The reason after ``can't parse entities: ``."""


def parse_formatted(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None = None
) -> ParsedText:
    """Apply ``parse_mode`` (or explicit ``entities``) the way Telegram does, then trim."""
    mode = (parse_mode or "").lower()
    try:
        if mode == "html":
            parsed = parse_html(text)
        elif mode in ("markdownv2", "markdown"):
            from .markdown import parse_markdown

            parsed = parse_markdown(text, v2=mode == "markdownv2")
        elif mode:
            raise bad_request("unsupported parse_mode")
        else:
            parsed = ParsedText(text, _check_entities(text, entities or []))
    except EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    return _trim(parsed)


def _check_entities(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    total = utf16_len(text)
    for entity in entities:
        offset, length = entity.get("offset", -1), entity.get("length", 0)
        if offset < 0 or length <= 0 or offset + length > total:
            raise EntityParseError(f"entity offset {offset} length {length} is out of the text")
    return [dict(e) for e in entities]


def _trim(parsed: ParsedText) -> ParsedText:
    """Telegram strips leading and trailing whitespace; entities follow the text."""
    text = parsed.text
    stripped = text.strip()
    if stripped == text:
        return parsed
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    end = utf16_len(stripped)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - lead, 0)
        stop = min(entity["offset"] + entity["length"] - lead, end)
        if stop > start:
            entities.append({**entity, "offset": start, "length": stop - start})
    return ParsedText(stripped, entities)


def auto_entities(text: str, existing: list[dict[str, Any]] | None = None) -> list[dict]:
    """Entities Telegram detects by itself (commands, mentions, URLs, hashtags).

    Spans that overlap an explicit entity are skipped, so code blocks and links stay as sent.
    """
    existing = existing or []
    taken = [(e["offset"], e["offset"] + e["length"]) for e in existing]
    found = []
    for kind, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            start = utf16_len(text[: match.start()])
            stop = start + utf16_len(match.group(0))
            if any(start < b and a < stop for a, b in taken):
                continue
            taken.append((start, stop))
            found.append({"type": kind, "offset": start, "length": stop - start})
    return sorted(existing + found, key=lambda e: (e["offset"], -e["length"]))


# ---------------------------------------------------------------------------- HTML


@dataclass
class _Open:
    tag: str
    start: int  # UTF-16 offset in the output
    byte: int
    attrs: dict[str, str]


def parse_html(text: str) -> ParsedText:
    """Telegram's HTML subset: tags, attributes and the four named + numeric entities."""
    out: list[str] = []
    pos16 = 0
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "&":
            match = _ENTITY_RE.match(text, i)
            decoded = _decode_entity(match) if match else None
            if decoded is None:
                raise EntityParseError(
                    f'Character "&" at byte offset {_byte(text, i)} must be escaped as "&amp;"'
                )
            out.append(decoded)
            pos16 += utf16_len(decoded)
            i = match.end()
        elif char == "<":
            if text.startswith("</", i):
                i = _close_tag(text, i, stack, entities, pos16)
            else:
                i, opened = _open_tag(text, i, pos16)
                _attach_pre_language(opened, stack)
                stack.append(opened)
        else:
            j = i
            while j < n and text[j] not in "&<":
                j += 1
            chunk = text[i:j]
            out.append(chunk)
            pos16 += utf16_len(chunk)
            i = j
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), entities)


def _decode_entity(match: re.Match[str]) -> str | None:
    dec, hexa, name = match.groups()
    if name is not None:
        return _NAMED_ENTITIES.get(name)
    code = int(dec) if dec is not None else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _byte(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _open_tag(text: str, i: int, pos16: int) -> tuple[int, _Open]:
    name_match = _TAG_NAME_RE.match(text, i + 1)
    if not name_match:
        raise EntityParseError(f"Unexpected end of name token at byte offset {_byte(text, i)}")
    tag = name_match.group(0).lower()
    if tag not in ALLOWED_HTML_TAGS:
        raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {_byte(text, i)}')
    end = _find_tag_end(text, name_match.end())
    if end < 0:
        raise EntityParseError(f'Can\'t find end of tag "{tag}" at byte offset {_byte(text, i)}')
    raw_attrs = text[name_match.end() : end].strip()
    attrs = {}
    for attr_match in _ATTR_RE.finditer(raw_attrs):
        value = attr_match.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attrs[attr_match.group(1).lower()] = _unescape_attr(value)
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        raise EntityParseError('Tag "span" must have class "tg-spoiler"')
    if tag == "tg-emoji" and "emoji-id" not in attrs:
        raise EntityParseError('Tag "tg-emoji" must have attribute "emoji-id"')
    return end + 1, _Open(tag, pos16, _byte(text, i), attrs)


def _find_tag_end(text: str, i: int) -> int:
    quote = None
    while i < len(text):
        char = text[i]
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == ">":
            return i
        elif char == "<":
            return -1
        i += 1
    return -1


def _unescape_attr(value: str) -> str:
    def repl(match: re.Match[str]) -> str:
        decoded = _decode_entity(match)
        return match.group(0) if decoded is None else decoded

    return _ENTITY_RE.sub(repl, value)


def _attach_pre_language(opened: _Open, stack: list[_Open]) -> None:
    """``<pre><code class="language-x">`` gives the pre entity a language."""
    cls = opened.attrs.get("class", "")
    if opened.tag == "code" and stack and stack[-1].tag == "pre" and cls.startswith("language-"):
        stack[-1].attrs["language"] = cls[len("language-") :]
        opened.attrs["inside_pre"] = "1"


def _close_tag(
    text: str, i: int, stack: list[_Open], entities: list[dict[str, Any]], pos16: int
) -> int:
    end = text.find(">", i)
    if end < 0:
        raise EntityParseError(f"Unclosed end tag at byte offset {_byte(text, i)}")
    tag = text[i + 2 : end].strip().lower()
    if not stack:
        raise EntityParseError(f"Unexpected end tag at byte offset {_byte(text, i)}")
    top = stack[-1]
    if top.tag != tag:
        raise EntityParseError(
            f"Unmatched end tag at byte offset {_byte(text, i)}, "
            f'expected "</{top.tag}>", found "</{tag}>"'
        )
    stack.pop()
    entity = _entity_for(top, pos16 - top.start)
    if entity is not None:
        entities.append(entity)
    return end + 1


def _entity_for(opened: _Open, length: int) -> dict[str, Any] | None:
    if length <= 0 or opened.attrs.get("inside_pre"):
        return None
    kind = ALLOWED_HTML_TAGS[opened.tag]
    entity: dict[str, Any] = {"type": kind, "offset": opened.start, "length": length}
    if kind == "text_link":
        href = opened.attrs.get("href")
        if not href:
            return None
        entity["url"] = href
    elif kind == "pre" and opened.attrs.get("language"):
        entity["language"] = opened.attrs["language"]
    elif kind == "blockquote" and "expandable" in opened.attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = opened.attrs["emoji-id"]
    return entity

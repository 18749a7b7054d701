"""MarkdownV2 and legacy Markdown parsing, close to Telegram's rules.

MarkdownV2 is where bots most often break in production: every one of
``_ * [ ] ( ) ~ ` > # + - = | { } . !`` must be escaped outside entities, and an unescaped ``.``
in a user's name makes the whole message fail. This parser enforces that rule and the
nesting rules, so such bugs show up in tests. Rarely used corners (``**>`` expandable quotes,
custom emoji links) are accepted loosely.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .entities import EntityParseError, ParsedText, utf16_len

_V2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_KIND = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
    "[": "text_link",
}
_TITLE = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
}


@dataclass
class _Open:
    marker: str
    start: int
    byte: int


class _Parser:
    def __init__(self, text: str, v2: bool):
        self.text, self.v2 = text, v2
        self.out: list[str] = []
        self.pos16 = 0
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []
        self.quote_start: int | None = None

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.pos16 += utf16_len(chunk)

    def byte(self, index: int) -> int:
        return len(self.text[:index].encode("utf-8"))

    def add(self, kind: str, start: int, **extra: Any) -> None:
        if self.pos16 > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.pos16 - start, **extra}
            )

    def run(self) -> ParsedText:
        text, i, line_start = self.text, 0, True
        while i < len(text):
            char = text[i]
            if char == "\\" and i + 1 < len(text) and self._escapable(text[i + 1]):
                self.emit(text[i + 1])
                i, line_start = i + 2, False
                continue
            if self.v2 and line_start and char == ">":
                if self.quote_start is None:
                    self.quote_start = self.pos16
                i, line_start = i + 1, False
                continue
            if char == "\n":
                if self.quote_start is not None and not text.startswith(">", i + 1):
                    self.add("blockquote", self.quote_start)
                    self.quote_start = None
                self.emit("\n")
                i, line_start = i + 1, True
                continue
            line_start = False
            i = self._special(i) if self._is_special(i) else self._literal(i)
        if self.quote_start is not None:
            self.add("blockquote", self.quote_start)
        if self.stack:
            top = self.stack[-1]
            if self.v2:
                kind = _TITLE[_KIND[top.marker]]
                raise EntityParseError(f"Can't find end of {kind} entity at byte offset {top.byte}")
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {top.byte}"
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText("".join(self.out), self.entities)

    def _escapable(self, char: str) -> bool:
        return 0 < ord(char) < 127 if self.v2 else char in "_*`["

    def _is_special(self, i: int) -> bool:
        char = self.text[i]
        if self.v2:
            return char in _V2_RESERVED
        return char in "_*`[" or (char == "]" and any(o.marker == "[" for o in self.stack))

    def _literal(self, i: int) -> int:
        self.emit(self.text[i])
        return i + 1

    def _special(self, i: int) -> int:
        text, char = self.text, self.text[i]
        if char == "`":
            return self._code(i)
        if char == "[":
            return self._push("[", i, 1)
        if char == "]":
            return self._close_link(i)
        marker = char
        if self.v2 and char == "_" and text.startswith("__", i):
            marker = "__"
        elif self.v2 and char == "|":
            if not text.startswith("||", i):
                raise self._reserved(i)
            marker = "||"
        elif self.v2 and char not in "*_~":
            raise self._reserved(i)
        if self.stack and self.stack[-1].marker == marker:
            opened = self.stack.pop()
            self.add(_KIND[marker], opened.start)
            return i + len(marker)
        if not self.v2 and self.stack:
            return self._literal(i)
        if any(o.marker == marker for o in self.stack):
            kind = _TITLE[_KIND[marker]]
            raise EntityParseError(f"Can't find end of {kind} entity at byte offset {self.byte(i)}")
        return self._push(marker, i, len(marker))

    def _reserved(self, i: int) -> EntityParseError:
        return EntityParseError(
            f"Character '{self.text[i]}' is reserved and must be escaped with the preceding '\\'"
        )

    def _push(self, marker: str, i: int, width: int) -> int:
        self.stack.append(_Open(marker, self.pos16, self.byte(i)))
        return i + width

    def _close_link(self, i: int) -> int:
        if not self.stack or self.stack[-1].marker != "[":
            raise self._reserved(i)
        opened = self.stack.pop()
        text = self.text
        if not text.startswith("(", i + 1):
            if self.v2:
                raise EntityParseError(f"Can't find end of a URL at byte offset {self.byte(i)}")
            return i + 1
        j, url = i + 2, []
        while j < len(text) and text[j] != ")":
            if text[j] == "\\" and j + 1 < len(text):
                j += 1
            url.append(text[j])
            j += 1
        if j >= len(text):
            raise EntityParseError(f"Can't find end of a URL at byte offset {self.byte(i)}")
        self.add("text_link", opened.start, url="".join(url))
        return j + 1

    def _code(self, i: int) -> int:
        text = self.text
        fence = "```" if text.startswith("```", i) else "`"
        j = i + len(fence)
        language = None
        if fence == "```":
            newline = text.find("\n", j)
            first = text[j:newline] if newline >= 0 else ""
            if newline >= 0 and first and not any(c.isspace() for c in first):
                language, j = first, newline + 1
            elif newline == j:
                j += 1
        start, chunk = self.pos16, []
        while j < len(text) and not text.startswith(fence, j):
            if self.v2 and text[j] == "\\" and j + 1 < len(text) and text[j + 1] in "`\\":
                j += 1
            chunk.append(text[j])
            j += 1
        if j >= len(text):
            if self.v2:
                kind = "Pre" if fence == "```" else "Code"
                raise EntityParseError(
                    f"Can't find end of {kind} entity at byte offset {self.byte(i)}"
                )
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {self.byte(i)}"
            )
        self.emit("".join(chunk))
        if fence == "```":
            extra = {"language": language} if language else {}
            self.add("pre", start, **extra)
        else:
            self.add("code", start)
        return j + len(fence)


def parse_markdown(text: str, *, v2: bool) -> ParsedText:
    """Parse ``text`` as MarkdownV2 (``v2=True``) or legacy Markdown."""
    return _Parser(text, v2).run()

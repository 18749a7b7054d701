"""The one codec for inline-button data: `v1:<kind>:<action>[:<arg>…]`, ASCII, ≤ 64 bytes.

Data coming back from Telegram is never trusted: `parse` returns None for anything that is
not exactly what `build` makes, and every handler re-checks rights and state after parsing.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.constants import CALLBACK_DATA_MAX_BYTES, CALLBACK_PART_RE, CALLBACK_VERSION


@dataclass(frozen=True)
class CallbackData:
    kind: str
    action: str
    args: tuple[str, ...] = ()

    def arg(self, index: int) -> str | None:
        return self.args[index] if index < len(self.args) else None

    def int_arg(self, index: int) -> int | None:
        """An argument as an int, or None when absent or not a number (a forged press)."""
        value = self.arg(index)
        if value is None or not value.lstrip("-").isdigit() or len(value) > 19:
            return None
        return int(value)


def build(kind: str, action: str, *args: object) -> str:
    """Encode; raises ValueError for a part with `:` or non-ASCII, or data over 64 bytes."""
    parts = [CALLBACK_VERSION, kind, action, *(str(a) for a in args)]
    for part in parts[1:]:
        if not CALLBACK_PART_RE.match(part):
            raise ValueError(f"callback part {part!r} is not [A-Za-z0-9_.-]")
    data = ":".join(parts)
    if len(data.encode("ascii")) > CALLBACK_DATA_MAX_BYTES:
        raise ValueError(f"callback data over {CALLBACK_DATA_MAX_BYTES} bytes: {data!r}")
    return data


def parse(data: str | None) -> CallbackData | None:
    """Decode what `build` made; None for anything else (old versions, forged strings)."""
    if not data or len(data.encode("utf-8", "replace")) > CALLBACK_DATA_MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) < 3 or parts[0] != CALLBACK_VERSION:
        return None
    if not all(part and CALLBACK_PART_RE.match(part) for part in parts[1:3]):
        return None
    if not all(CALLBACK_PART_RE.match(part) for part in parts[3:]):
        return None
    return CallbackData(kind=parts[1], action=parts[2], args=tuple(parts[3:]))


def pattern(kind: str) -> str:
    """The regex a feature's CallbackQueryHandler listens on."""
    return rf"^{CALLBACK_VERSION}:{kind}:"

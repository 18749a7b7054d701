"""The one codec for inline-button data: typed actions on the wire as `v1:<kind>:<name>[:<field>…]`.

A feature declares each button as a small frozen dataclass with named, typed fields
(`@button("pledges", "see")` on `class SeeUnitPledge: unit_id: int`). `encode` writes the
fields in declaration order; `decode` reads them back into the same class, or returns None for
anything that is not exactly what `encode` makes: another version, an unknown (kind, name), a
missing or extra field, a number with a sign, leading junk or more than SQLite can hold, an enum
value that does not exist. So a forged, old or over-long press is one case ("out of date") and
a handler never sees a half-parsed button. Data is ASCII, at most 64 bytes (Telegram's limit).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, ClassVar, TypeVar

from bot.constants import CALLBACK_DATA_MAX_BYTES, CALLBACK_PART_RE, CALLBACK_VERSION

#: The largest id SQLite stores in an INTEGER column (a bigger one would overflow a query).
INT_MAX = 2**63 - 1
_INT_MAX_DIGITS = len(str(INT_MAX))


class Where(StrEnum):
    """Where a command is answered, or where a button's message lives."""

    GROUP = "group"
    PRIVATE = "private"
    ANYWHERE = "anywhere"


@dataclass(frozen=True)
class _Field:
    name: str
    type: type
    required: bool


class Button:
    """Base of every typed button action; `@button(kind, name)` fills the class variables."""

    KIND: ClassVar[str]
    NAME: ClassVar[str]
    FIELDS: ClassVar[tuple[_Field, ...]]
    #: The chat the button's message is in; a press elsewhere is forged (out of date).
    WHERE: ClassVar[Where]


B = TypeVar("B", bound=Button)


def button(kind: str, name: str, where: Where = Where.GROUP) -> Callable[[type[B]], type[B]]:
    """Declare a button action: a frozen dataclass whose fields are int, str or an Enum, on
    messages in `where` (the group's by default)."""
    for part in (kind, name):
        if not part or not CALLBACK_PART_RE.match(part):
            raise ValueError(f"button kind/name {part!r} is not [A-Za-z0-9_.-]+")

    def declare(cls: type[B]) -> type[B]:
        made = dataclass(frozen=True)(cls)
        hints = typing.get_type_hints(made)
        fields = []
        for f in dataclasses.fields(made):
            kind_of = hints[f.name]
            if not (
                kind_of in (int, str) or (isinstance(kind_of, type) and issubclass(kind_of, Enum))
            ):
                raise TypeError(f"{cls.__name__}.{f.name}: only int, str or Enum fields")
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            fields.append(_Field(f.name, kind_of, required))
        made.KIND, made.NAME, made.FIELDS, made.WHERE = kind, name, tuple(fields), where
        return made

    return declare


def _part(value: object) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


def encode(action: Button) -> str:
    """The wire form; raises ValueError for a part that is not [A-Za-z0-9_.-], a negative or
    too big number, or data over 64 bytes (a bug in the caller, never user input)."""
    parts = [CALLBACK_VERSION, action.KIND, action.NAME]
    for f in action.FIELDS:
        value = getattr(action, f.name)
        if f.type is int and not 0 <= value <= INT_MAX:
            raise ValueError(f"{type(action).__name__}.{f.name}={value} is out of range")
        text = _part(value)
        if not CALLBACK_PART_RE.match(text):
            raise ValueError(f"callback part {text!r} is not [A-Za-z0-9_.-]")
        parts.append(text)
    data = ":".join(parts)
    if len(data.encode("ascii")) > CALLBACK_DATA_MAX_BYTES:
        raise ValueError(f"callback data over {CALLBACK_DATA_MAX_BYTES} bytes: {data!r}")
    return data


def _value(f: _Field, text: str) -> Any:
    """One field read back; raises ValueError for anything `encode` would not have written."""
    if f.type is int:
        if not text.isascii() or not text.isdigit() or len(text) > _INT_MAX_DIGITS:
            raise ValueError(text)
        number = int(text)
        if number > INT_MAX or str(number) != text:
            raise ValueError(text)
        return number
    if f.type is str:
        if not text:
            raise ValueError(text)
        return text
    return f.type(text)  # an Enum: ValueError for a value it does not have


def decode(data: str | None, table: Mapping[tuple[str, str], type[Button]]) -> Button | None:
    """The typed action `data` encodes, if `table` knows its (kind, name); else None."""
    if not data or len(data.encode("utf-8", "replace")) > CALLBACK_DATA_MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) < 3 or parts[0] != CALLBACK_VERSION:
        return None
    if not all(CALLBACK_PART_RE.match(part) for part in parts[1:]):
        return None
    cls = table.get((parts[1], parts[2]))
    if cls is None:
        return None
    values = parts[3:]
    required = sum(f.required for f in cls.FIELDS)
    if not required <= len(values) <= len(cls.FIELDS):
        return None
    try:
        kwargs = {f.name: _value(f, text) for f, text in zip(cls.FIELDS, values, strict=False)}
    except ValueError:
        return None
    return cls(**kwargs)


def table_of(*actions: type[Button]) -> dict[tuple[str, str], type[Button]]:
    """A decoding table; a (kind, name) declared twice is a bug caught at start-up."""
    table: dict[tuple[str, str], type[Button]] = {}
    for cls in actions:
        key = (cls.KIND, cls.NAME)
        if key in table:
            raise ValueError(f"button {key} declared twice")
        table[key] = cls
    return table

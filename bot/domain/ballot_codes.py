"""Receipt codes and the compact form of a ballot in progress, carried by its buttons.

Why receipts: after the close the bot publishes the receipt codes it counted, so every unit can
check its ballot is among them; a code is random (`secrets`), short enough to read aloud, and
says nothing about the choice or the unit.

Why the ballot in the buttons: a draft kept in the database next to the user who writes it
would link a person to a choice. Instead, each button of the bình xét screen carries the whole
ballot as it would be after the press (a bitmask over the election's candidate slots, in the
callback codec's 64-character alphabet), so nothing of an unfinished ballot is stored anywhere
but in the delegate's own chat; a restart loses nothing, as the message keeps its buttons.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence

from bot.domain.ballots import BallotRefused

#: No 0/O, 1/I/L: a code is read off a phone and compared by eye.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 8  # ~39 bits: a collision in one election is rare and retried

#: The callback codec's part alphabet ([A-Za-z0-9_-]): six bits a character.
_MASK_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_MASK_INDEX = {c: i for i, c in enumerate(_MASK_ALPHABET)}
#: A bình xét ballot has at most this many (title, candidate) slots; 32 characters of mask.
MAX_SLOTS = 192

#: One (title id, unit id) slot of a bình xét ballot, in the election's fixed order.
Slot = tuple[int, int]


def new_receipt() -> str:
    """A fresh receipt code, e.g. `K7MQ-9XTA`."""
    body = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return f"{body[:4]}-{body[4:]}"


def normalize_receipt(text: str) -> str | None:
    """A typed code in its canonical form (case and dashes forgiven), or None."""
    body = "".join(c for c in text.upper() if c.isalnum())
    if len(body) != RECEIPT_LENGTH or any(c not in RECEIPT_ALPHABET for c in body):
        return None
    return f"{body[:4]}-{body[4:]}"


def slots_of(candidates: Mapping[int, Sequence[int]]) -> list[Slot]:
    """The ballot's slots: each title's candidates in order, titles in order."""
    return [(title, unit) for title, units in candidates.items() for unit in units]


def encode_approvals(slots: Sequence[Slot], approvals: Mapping[int, Iterable[int]]) -> str:
    """The approvals as a mask over `slots` ("0" for none)."""
    if len(slots) > MAX_SLOTS:
        raise ValueError(f"a ballot has at most {MAX_SLOTS} slots")
    chosen = {(title, unit) for title, units in approvals.items() for unit in units}
    value = sum(1 << i for i, slot in enumerate(slots) if slot in chosen)
    digits = []
    while True:
        value, digit = divmod(value, 64)
        digits.append(_MASK_ALPHABET[digit])
        if value == 0:
            break
    return "".join(reversed(digits))


def decode_approvals(slots: Sequence[Slot], text: str) -> dict[int, frozenset[int]]:
    """The approvals a mask stands for; a forged mask (bad digit, unknown slot) is refused."""
    if not text or len(text) > (MAX_SLOTS + 5) // 6 or any(c not in _MASK_INDEX for c in text):
        raise BallotRefused("forged")
    value = 0
    for char in text:
        value = value * 64 + _MASK_INDEX[char]
    if value >> len(slots):
        raise BallotRefused("forged")
    found: dict[int, set[int]] = {}
    for index, (title, unit) in enumerate(slots):
        if value >> index & 1:
            found.setdefault(title, set()).add(unit)
    return {title: frozenset(units) for title, units in found.items()}


def toggled(
    approvals: Mapping[int, Iterable[int]], title_id: int, unit_id: int
) -> dict[int, frozenset[int]]:
    """The approvals with one (title, unit) switched on or off."""
    result = {title: frozenset(units) for title, units in approvals.items()}
    current = result.get(title_id, frozenset())
    result[title_id] = current - {unit_id} if unit_id in current else current | {unit_id}
    return result


def encode_units(unit_ids: Iterable[int], picked: Iterable[int]) -> str:
    """Ticked units (the candidates an admin keeps) as a mask over the bloc's units by id:
    a unit added later comes last and moves no one's bit."""
    slots = [(0, unit) for unit in sorted(unit_ids)]
    return encode_approvals(slots, {0: list(picked)})


def decode_units(unit_ids: Iterable[int], text: str) -> list[int]:
    """The units a mask ticks (in id order); a forged mask is refused."""
    slots = [(0, unit) for unit in sorted(unit_ids)]
    return sorted(decode_approvals(slots, text).get(0, ()))


def encode_quotas(values: Sequence[int]) -> str:
    """One quota a title, in the titles' order: `2.1.0`."""
    return ".".join(str(v) for v in values) or "0"


def decode_quotas(text: str, count: int) -> list[int]:
    """The quotas of `count` titles; anything else is refused as forged."""
    parts = text.split(".")
    if len(parts) != count or not all(p.isdigit() and len(p) <= 2 for p in parts):
        raise BallotRefused("forged")
    return [int(p) for p in parts]

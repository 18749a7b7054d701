"""The one keyboard builder, confirmation row and paginator every feature uses."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callback_data import Button, encode
from bot.i18n import Texts

T = TypeVar("T")

COMMIT = "✅ "
CANCEL = "✖️ "


@dataclass(frozen=True)
class Btn:
    """A button: its label and either a typed action (encoded by the one codec) or a URL."""

    text: str
    data: Button | None = None
    url: str | None = None


def keyboard(rows: Sequence[Sequence[Btn]]) -> InlineKeyboardMarkup | None:
    """The inline keyboard, or None when there is no button (Telegram refuses an empty one)."""
    if not any(rows):
        return None
    return InlineKeyboardMarkup(
        [
            [_button(b.text, b.url, None if b.url else encode(b.data)) for b in row]
            for row in rows
            if row
        ]  # type: ignore[arg-type]
    )


@functools.lru_cache(maxsize=4096)
def _button(text: str, url: str | None, callback_data: str | None) -> InlineKeyboardButton:
    """A button object, shared by every keyboard that shows the same one (PTB's objects are
    frozen; building them was a good part of rendering a screen of score or ballot buttons)."""
    if url:
        return InlineKeyboardButton(text, url=url)
    return InlineKeyboardButton(text, callback_data=callback_data)


def open_private(tx: Texts, bot_username: str | None) -> Btn:
    """The button that opens the person's private chat with the bot (from the group)."""
    return Btn(tx("core.open_private"), url=f"https://t.me/{bot_username}")


def confirm_row(
    commit_text: str,
    commit_data: Button,
    cancel_text: str,
    cancel_data: Button,
) -> list[Btn]:
    """✅ commit and ✖️ cancel side by side (the prefixes are added here)."""
    return [Btn(COMMIT + commit_text, commit_data), Btn(CANCEL + cancel_text, cancel_data)]


def confirm_keyboard(
    commit_text: str,
    commit_data: Button,
    cancel_text: str,
    cancel_data: Button,
) -> InlineKeyboardMarkup:
    """A keyboard of the one confirmation row."""
    markup = keyboard([confirm_row(commit_text, commit_data, cancel_text, cancel_data)])
    assert markup is not None
    return markup


def destination_keyboard(tx: Texts, here: Button, privately: Button) -> InlineKeyboardMarkup:
    """Where files asked for in the group go: 📎 to the group, or 🔒 privately to whoever
    presses (`/export`, `/documents`): a file for the admin's eyes never lands in the group."""
    markup = keyboard(
        [[Btn(tx("export.btn_here"), here), Btn(tx("export.btn_private"), privately)]]
    )
    assert markup is not None
    return markup


def grid(buttons: Sequence[Btn], columns: int) -> list[list[Btn]]:
    return [list(buttons[i : i + columns]) for i in range(0, len(buttons), columns)]


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    count: int

    @property
    def has_prev(self) -> bool:
        return self.number > 0

    @property
    def has_next(self) -> bool:
        return self.number + 1 < self.count


def paginate(items: Sequence[T], page: int, per_page: int) -> Page[T]:
    """Clamp `page` into range (a stale button may ask for a page that no longer exists)."""
    count = max(1, -(-len(items) // per_page))
    number = min(max(page, 0), count - 1)
    start = number * per_page
    return Page(items=list(items[start : start + per_page]), number=number, count=count)


def pager_row(page: Page[T], to_page: Callable[[int], Button]) -> list[Btn]:
    """◀️ n/N ▶️ buttons; `to_page(n)` is the action that shows page n."""
    if page.count <= 1:
        return []
    row = []
    if page.has_prev:
        row.append(Btn("◀️", to_page(page.number - 1)))
    row.append(Btn(f"{page.number + 1}/{page.count}", to_page(page.number)))
    if page.has_next:
        row.append(Btn("▶️", to_page(page.number + 1)))
    return row


def page_starts(sizes: Sequence[int], room: int, most: int) -> list[int]:
    """Where each page starts when a page holds at most `most` items and `room` characters
    (`sizes[i]` is item i's; an item bigger than `room` gets a page of its own)."""
    starts, used, count = [0], 0, 0
    for index, size in enumerate(sizes):
        if count and (count >= most or used + size > room):
            starts.append(index)
            used, count = 0, 0
        used += size
        count += 1
    return starts


def paginate_sized(
    items: Sequence[T], page: int, sizes: Sequence[int], room: int, most: int
) -> Page[T]:
    """`paginate` for items of very different lengths: a page also stays within `room`."""
    starts = page_starts(sizes, room, most)
    number = min(max(page, 0), len(starts) - 1)
    end = starts[number + 1] if number + 1 < len(starts) else len(items)
    return Page(items=list(items[starts[number] : end]), number=number, count=len(starts))

"""/titles as admins see it: the list, the confirmations, and their buttons. Pure: no I/O."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import Button, button
from bot.domain.year import Title
from bot.i18n import Html, Texts
from views.keyboards import Btn, confirm_keyboard, grid, keyboard

KIND = "titles"


@button(KIND, "rm")
class AskRemoveTitle:
    title_id: int


@button(KIND, "rm_ok")
class RemoveTitle:
    title_id: int


@button(KIND, "keep")
class KeepTitles:
    """✖️ on removing a title."""


@button(KIND, "ok")
class SaveTitleChange:
    """✅ on an added or renamed title (the pending change holds the name)."""

    change_id: int


@button(KIND, "no")
class DropTitleChange:
    change_id: int


def _lines(tx: Texts, found: list[Title]) -> list[str]:
    return [tx("titles.line", number=i, name=t.name) for i, t in enumerate(found, start=1)]


def render_list(tx: Texts, found: list[Title]) -> tuple[Html, InlineKeyboardMarkup | None]:
    """`/titles`: the list with a 🗑 per title; the button carries the title's id, so a press
    on this list after the numbers moved still removes the title it was shown beside."""
    lines = [tx("titles.header", count=len(found)), *_lines(tx, found), "", tx("titles.help")]
    buttons = [Btn(f"🗑 {i}", AskRemoveTitle(t.id)) for i, t in enumerate(found, start=1)]
    return Html("\n".join(lines)), keyboard(grid(buttons, 5))


def render_result(tx: Texts, note: str, found: list[Title]) -> Html:
    """After ✅: what was done and the list as it is now, said to be the new numbering, with
    no buttons (a result never offers actions; `/titles` gives a fresh list to act on)."""
    lines = [note, "", tx("titles.header_now", count=len(found)), *_lines(tx, found)]
    return Html("\n".join([*lines, "", tx("titles.more")]))


def confirm(tx: Texts, ok: Button, no: Button, *, remove: bool = False) -> InlineKeyboardMarkup:
    """✅ says what it does: «Xóa» for a removal, «Lưu» for an addition or a new name."""
    label = tx("titles.btn_remove") if remove else tx("titles.btn_save")
    return confirm_keyboard(label, ok, tx("titles.btn_cancel"), no)

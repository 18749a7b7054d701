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


def render_list(
    tx: Texts, found: list[Title], note: str = ""
) -> tuple[Html, InlineKeyboardMarkup | None]:
    lines = [note, ""] if note else []
    lines.append(tx("titles.header", count=len(found)))
    lines += [tx("titles.line", number=i, name=t.name) for i, t in enumerate(found, start=1)]
    lines += ["", tx("titles.help")]
    buttons = [Btn(f"🗑 {i}", AskRemoveTitle(t.id)) for i, t in enumerate(found, start=1)]
    return Html("\n".join(lines)), keyboard(grid(buttons, 5))


def confirm(tx: Texts, ok: Button, no: Button) -> InlineKeyboardMarkup:
    return confirm_keyboard(tx("titles.btn_save"), ok, tx("titles.btn_cancel"), no)

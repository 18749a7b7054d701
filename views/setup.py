"""/setup as an admin sees it: a bloc's settings, and a new name shown old → new with ✅ / ✖️.

Pure: no I/O.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.i18n import Texts
from bot.usecases.blocs import BlocSettings, Rename
from views.keyboards import confirm_keyboard

KIND = "setup"


@button(KIND, "ok")
class SaveBlocName:
    """✅: store the proposed name (the pending change holds it: too long for a button)."""

    change_id: int


@button(KIND, "no")
class DropBlocName:
    """✖️: the bloc keeps its name."""

    change_id: int


def render_settings(tx: Texts, found: BlocSettings) -> str:
    bloc = found.bloc
    return tx(
        "setup.settings",
        name=bloc.name,
        language=tx(f"setup.language_{bloc.language}"),
        timezone=tx.zone(bloc.timezone),
        units=found.units,
        delegates=found.delegates,
        admins=", ".join(p.display_name for p in found.admins),
        date=tx.date(bloc.created_at, bloc.timezone),
    )


def rename_confirmation(tx: Texts, proposed: Rename) -> tuple[str, InlineKeyboardMarkup]:
    text = tx("setup.confirm_rename", old=proposed.old, new=proposed.new)
    markup = confirm_keyboard(
        tx("setup.btn_rename"),
        SaveBlocName(proposed.change_id),
        tx("setup.btn_cancel"),
        DropBlocName(proposed.change_id),
    )
    return text, markup

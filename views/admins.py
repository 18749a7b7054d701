"""/admin add|remove as an admin sees it: who will be promoted or demoted, with ✅ / ✖️.

A mistyped @username would otherwise promote the wrong person at once; the confirmation names
the person (and their @username) before anything is stored. Pure: no I/O.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.domain.bloc import UserProfile
from bot.i18n import Texts
from views.keyboards import confirm_keyboard

KIND = "admins"


@button(KIND, "add")
class Promote:
    """✅ on `/admin add`: the person to put on the bot's list of bloc admins."""

    user_id: int


@button(KIND, "rm")
class Demote:
    """✅ on `/admin remove`: the person to take off the list."""

    user_id: int


@button(KIND, "no")
class KeepAdmins:
    """✖️: nothing changes."""

    user_id: int


def who(tx: Texts, person: UserProfile) -> str:
    """The person as the confirmation names them: the name, and the @username when known."""
    name = person.display_name
    if person.username and name != f"@{person.username}":
        return tx("admins.who_username", name=name, username=person.username)
    return name


def confirmation(
    tx: Texts, person: UserProfile, *, promote: bool
) -> tuple[str, InlineKeyboardMarkup]:
    if promote:
        text = tx("admins.confirm_add", who=who(tx, person))
        commit = tx("admins.btn_add"), Promote(person.id)
    else:
        text = tx("admins.confirm_remove", who=who(tx, person))
        commit = tx("admins.btn_remove"), Demote(person.id)
    return text, confirm_keyboard(*commit, tx("admins.btn_cancel"), KeepAdmins(person.id))

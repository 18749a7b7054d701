"""Which command a button belongs to, read from its callback data's kind (`v1:<kind>:…`), so
that "this button is out of date" can say what to type again: "Anh/Chị gõ lại /pledge."

The kind is read from the data as pressed, decoded or not: an old button of a flow since
changed (or forged) still names its flow. A kind missing here gets the general text.
"""

from __future__ import annotations

from bot.constants import CALLBACK_VERSION

#: A button's kind (`@button(KIND, …)`) → the command that shows such buttons again.
COMMANDS = {
    "admins": "admin",
    "assess": "assess",
    "docs": "documents",
    "election": "election",
    "export": "export",
    "invite": "invite",
    "join": "join",
    "lang": "lang",
    "leave": "leave",
    "pledge": "pledge",
    "pledges": "status",
    "remind": "remind",
    "review": "review",
    "roster": "addunit",
    "scale": "scale",
    "setup": "setup",
    "summary": "summary",
    "titles": "titles",
    "units": "units",
    "vote": "vote",
    "year": "year",
}


def command_of(data: str | None) -> str | None:
    """The command of the flow a pressed button's data belongs to, if its kind is known."""
    parts = (data or "").split(":")
    if len(parts) < 3 or parts[0] != CALLBACK_VERSION:
        return None
    return COMMANDS.get(parts[1])

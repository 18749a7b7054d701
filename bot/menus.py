"""Command menus and /help lists, from one table and one pure function per scope.

A feature that adds a command adds one `MenuCommand` here and its `menu.<name>` text in both
catalogs; Telegram's menus (setMyCommands per scope and language) and /help follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import Catalog


class Scope(StrEnum):
    PRIVATE = "private"  # private chats with the bot
    GROUP = "group"  # everyone in a bloc's group
    ADMIN = "admin"  # bloc admins, in the group (shown on top of GROUP)


@dataclass(frozen=True)
class MenuCommand:
    name: str
    scopes: frozenset[Scope]


def _cmd(name: str, *scopes: Scope) -> MenuCommand:
    return MenuCommand(name, frozenset(scopes))


#: Every command the bot answers, in menu order.
COMMANDS: tuple[MenuCommand, ...] = (
    # private chat: the delegate's work first, then the rest
    _cmd("start", Scope.PRIVATE),
    _cmd("pledge", Scope.PRIVATE),
    _cmd("assess", Scope.PRIVATE),
    _cmd("vote", Scope.PRIVATE),
    _cmd("me", Scope.PRIVATE),
    _cmd("help", Scope.PRIVATE, Scope.GROUP),
    _cmd("lang", Scope.PRIVATE, Scope.GROUP),
    _cmd("cancel", Scope.PRIVATE, Scope.GROUP),
    _cmd("leave", Scope.PRIVATE),
    # the group: everyone
    _cmd("status", Scope.GROUP),
    _cmd("year", Scope.GROUP),
    _cmd("scale", Scope.GROUP),
    _cmd("units", Scope.GROUP),
    _cmd("join", Scope.GROUP),
    _cmd("summary", Scope.GROUP),
    _cmd("review", Scope.GROUP, Scope.PRIVATE),  # in private: the unit's own review
    # the group: bloc admins
    _cmd("setup", Scope.ADMIN),
    _cmd("addunit", Scope.ADMIN),
    _cmd("unit", Scope.ADMIN),
    _cmd("invite", Scope.ADMIN),
    _cmd("admin", Scope.ADMIN),
    _cmd("deadline", Scope.ADMIN),
    _cmd("remind", Scope.ADMIN),
    _cmd("titles", Scope.ADMIN),
    _cmd("election", Scope.ADMIN),
    _cmd("head", Scope.ADMIN),
    _cmd("deputy", Scope.ADMIN),
    _cmd("export", Scope.ADMIN),
    _cmd("documents", Scope.ADMIN),
)


def commands_for(scope: Scope, catalog: Catalog, lang: str) -> list[tuple[str, str]]:
    """(command, description) pairs for one menu; ADMIN lists the group's plus the admins'."""
    wanted = {Scope.GROUP, Scope.ADMIN} if scope is Scope.ADMIN else {scope}
    return [(c.name, catalog.t(lang, f"menu.{c.name}")) for c in COMMANDS if c.scopes & wanted]


def admin_only_commands(catalog: Catalog, lang: str) -> list[tuple[str, str]]:
    """The commands only admins see (for the admin part of /help in the group)."""
    return [
        (c.name, catalog.t(lang, f"menu.{c.name}"))
        for c in COMMANDS
        if Scope.ADMIN in c.scopes and Scope.GROUP not in c.scopes
    ]

"""Command menus and /help lists, from one table and one pure function per scope.

A feature that adds a command adds one `MenuCommand` here and its `menu.<name>` text in both
catalogs; Telegram's menus (setMyCommands per scope and language) and /help follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import Catalog


class Scope(StrEnum):
    PRIVATE = "private"  # everyone, in a private chat with the bot
    DELEGATE = "delegate"  # a unit's delegates, in private (shown on top of PRIVATE)
    GROUP = "group"  # everyone in a bloc's group
    ADMIN = "admin"  # bloc admins, in the group (shown on top of GROUP)


#: A role's part and the place's part it comes on top of: /help adds the role's to whom has it.
ON_TOP_OF = {Scope.DELEGATE: Scope.PRIVATE, Scope.ADMIN: Scope.GROUP}
#: The parts each of Telegram's menus lists: the private chats' holds the delegates' too (a menu
#: cannot tell who is a delegate), the group admins' the group's too.
_MENU = {
    Scope.PRIVATE: {Scope.PRIVATE, Scope.DELEGATE},
    Scope.DELEGATE: {Scope.DELEGATE},
    Scope.GROUP: {Scope.GROUP},
    Scope.ADMIN: {Scope.GROUP, Scope.ADMIN},
}
#: The parts that are answered in a private chat.
IN_PRIVATE = frozenset({Scope.PRIVATE, Scope.DELEGATE})


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
    _cmd("pledge", Scope.DELEGATE),
    _cmd("assess", Scope.DELEGATE),
    _cmd("vote", Scope.DELEGATE),
    _cmd("me", Scope.PRIVATE),
    _cmd("help", Scope.PRIVATE, Scope.GROUP),
    _cmd("lang", Scope.PRIVATE, Scope.GROUP),
    _cmd("cancel", Scope.PRIVATE, Scope.GROUP),
    _cmd("leave", Scope.DELEGATE),
    # the group: everyone
    _cmd("status", Scope.GROUP),
    _cmd("year", Scope.GROUP),
    _cmd("scale", Scope.GROUP),
    _cmd("units", Scope.GROUP),
    _cmd("join", Scope.GROUP),
    _cmd("summary", Scope.GROUP),
    _cmd("review", Scope.GROUP, Scope.DELEGATE),  # in private: the unit's own review
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
    """(command, description) pairs of one of Telegram's menus (see `_MENU`)."""
    return _pairs(catalog, lang, lambda c: bool(c.scopes & _MENU[scope]))


def help_part(scope: Scope, catalog: Catalog, lang: str) -> list[tuple[str, str]]:
    """(command, description) pairs of one part of /help: a place's (PRIVATE, GROUP) lists what
    everyone there can do, a role's (DELEGATE, ADMIN) only what it adds on top of its place's."""
    below = ON_TOP_OF.get(scope)
    return _pairs(catalog, lang, lambda c: scope in c.scopes and below not in c.scopes)


def _pairs(
    catalog: Catalog, lang: str, wanted: Callable[[MenuCommand], bool]
) -> list[tuple[str, str]]:
    return [(c.name, catalog.t(lang, f"menu.{c.name}")) for c in COMMANDS if wanted(c)]

"""Typed errors that use cases raise; each carries the catalog key of what the user is told."""

from __future__ import annotations

from typing import Any


class UserFacingError(Exception):
    """A refusal or a bad input: changes nothing and answers with `key` from the catalog.

    Raised by use cases and rights checks; turned into a reply in one place (handlers.reply).
    """

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotAllowed(UserFacingError):
    """The caller lacks the right for this action."""


class BadInput(UserFacingError):
    """The input cannot be accepted as it is."""


class NotFound(UserFacingError):
    """What the caller refers to does not exist (any more)."""


class Conflict(UserFacingError):
    """The state has moved on: a second ballot, an old button, a closed phase."""


class VoteClosed(Conflict):
    """A ballot of a vote that has closed (no later round open): the refusal names the vote
    (`election`, of the emulation year `year`), which only the rendering can title."""

    def __init__(self, election: Any, year: int) -> None:
        super().__init__("election.closed", kind=election.kind.value)
        self.election = election
        self.year = year

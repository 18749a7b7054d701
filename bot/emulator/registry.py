"""The table of Bot API methods the emulator implements.

Each ``api_*`` module registers its handlers here with :func:`method`; the server looks the
canonical method name up in :data:`METHODS`. A method that is in the Bot API reference but not
in this table answers 501, so a bot feature that relies on an unsimulated method is noticed
instead of silently "working".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .emulator import BotApiEmulator

Handler = Callable[["BotApiEmulator", dict[str, Any]], Awaitable[Any]]

METHODS: dict[str, Handler] = {}


def method(*names: str) -> Callable[[Handler], Handler]:
    """Register ``func`` as the handler of the Bot API methods ``names``."""

    def register(func: Handler) -> Handler:
        for name in names:
            METHODS[name] = func
        return func

    return register


def load_all() -> dict[str, Handler]:
    """Import every ``api_*`` module so its handlers are registered; return the table."""
    from . import api_chats, api_core, api_files, api_messages  # noqa: F401

    return METHODS

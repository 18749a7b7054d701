"""The table of Bot API methods the emulator implements.

Each ``api_*`` module marks its handlers with :func:`method`; :func:`load_all` collects the
marked functions into a fresh table (no module-level table: two emulators in one process never
share one), where the server looks the canonical method name up. A method that is in the Bot
API reference but not in this table answers 501, so a bot feature that relies on an
unsimulated method is noticed instead of silently "working".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .emulator import BotApiEmulator

Handler = Callable[["BotApiEmulator", dict[str, Any]], Awaitable[Any]]

#: The attribute :func:`method` sets on a handler: the Bot API methods it implements.
_MARK = "bot_api_methods"


def method(*names: str) -> Callable[[Handler], Handler]:
    """Mark ``func`` as the handler of the Bot API methods ``names``."""

    def mark(func: Handler) -> Handler:
        setattr(func, _MARK, names)
        return func

    return mark


def load_all() -> dict[str, Handler]:
    """The table of every ``api_*`` module's marked handlers, by method name."""
    from . import api_chats, api_core, api_files, api_messages

    table: dict[str, Handler] = {}
    for module in (api_chats, api_core, api_files, api_messages):
        own = (v for v in vars(module).values() if getattr(v, "__module__", "") == module.__name__)
        for value in own:
            for name in getattr(value, _MARK, ()):
                if name in table:
                    raise ValueError(f"Bot API method {name} implemented twice")
                table[name] = value
    return table

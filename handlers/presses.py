"""The data of a pressed button, decoded; anything not built by this bot is a stale button."""

from __future__ import annotations

from telegram import Update

from bot import callback_data
from bot.callback_data import CallbackData
from bot.errors import NotFound


def pressed_data(update: Update) -> CallbackData:
    """The button's `v1:<kind>:<action>[:args]`; a forged or outdated one gets a polite no."""
    query = update.callback_query
    data = callback_data.parse(query.data if query is not None else None)
    if data is None:
        raise NotFound("core.stale_button")
    return data

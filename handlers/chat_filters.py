"""Filters every feature shares: which chats a command belongs to; edits are never commands."""

from __future__ import annotations

from telegram.ext import filters

#: New messages only: an edited message never re-runs a command or a flow step.
NEW = filters.UpdateType.MESSAGE
PRIVATE = filters.ChatType.PRIVATE & NEW
GROUP = filters.ChatType.GROUPS & NEW

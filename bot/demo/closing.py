"""The closing chapters of the demo's year: reminders, elections and bình xét, the score
review, /summary, /export and /documents (each played only when the bot has it)."""

from __future__ import annotations

from bot.demo.year import Act

CLOSING: list[Act] = []

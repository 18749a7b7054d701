"""Queue a message through the notifier on its own, after the change it reports committed.

For what a handler must still say when Telegram failed to show an action's outcome (see
`handlers.reply.show_stored`): the action is stored already, so the message needs no rights
check of its own; it goes to the chat the person pressed or wrote in.
"""

from __future__ import annotations

from bot.services import Services
from storage.outbox import Outgoing


async def queue_after(services: Services, message: Outgoing) -> None:
    """Queue `message` (sent once per key, retried on 5xx, a new message if it cannot edit)."""
    async with services.db.transaction():
        await services.notifier.enqueue(message)

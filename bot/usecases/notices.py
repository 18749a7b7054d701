"""Queue a message through the notifier: on its own, after the change it reports committed, or
`together` with that change.

For what a handler must still say when Telegram failed to show an action's outcome (see
`handlers.reply.show_stored`), and for the side notes of a stored action to other people (a
unit's delegates told of its review): the action is stored already (or is being stored in the
same transaction), so the message needs no rights check of its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.services import Services
from storage.outbox import Outgoing


@asynccontextmanager
async def together(services: Services) -> AsyncIterator[None]:
    """An action and the notes about it commit together, so a crash between the two can no
    longer store the one without the other (a unit never told of its review).

    The action's own transaction joins this one. An error inside rolls both back, so nothing
    inside may catch a refusal and carry on: keep the handler's answers outside.
    """
    async with services.db.transaction():
        yield


async def queue_after(services: Services, message: Outgoing) -> None:
    """Queue `message` (sent once per key, retried on 5xx, a new message if it cannot edit)."""
    await queue_all_after(services, [message])


async def queue_all_after(services: Services, messages: list[Outgoing]) -> None:
    """Queue `messages` together (the side notes of one stored action, e.g. to each delegate)."""
    async with services.db.transaction():
        await services.notifier.enqueue_all(messages)


async def reachable(services: Services, chat_ids: list[int]) -> int:
    """How many of these chats the bot can still write to (a 403 marked the others)."""
    unreachable = await services.notifier.unreachable_among(chat_ids)
    return sum(1 for chat in chat_ids if chat not in unreachable)

"""The safety net of an answer to a stored step (see handlers/delivery.py), on the use-case
side: a newer net replaces an older one; a net is cancelled once the direct answer went through;
a net still waiting when the person does anything else is dropped (after a restart it would
show, after their newer screens, the answer to a step they have moved on from).

Which chats have a net waiting is known in memory (`Notifier.nets`, filled at start-up from the
outbox), so the check on every update of a person costs no statement."""

from __future__ import annotations

from bot.notifier import ANSWER_NET, NET_DELAY
from bot.services import Services
from storage.outbox import Outgoing


async def queue_net(
    services: Services, key: str, chat_id: int, text: str, markup: str | None
) -> None:
    """Queue the net (right after the step is stored); an older net of the chat still
    waiting is dropped: the person has acted since, so its answer is out of date."""
    notifier = services.notifier
    if chat_id in notifier.nets:
        await notifier.outbox.drop_waiting(chat_id, ANSWER_NET)
    due = notifier.clock.now() + NET_DELAY
    await notifier.enqueue(Outgoing(key, chat_id, text, reply_markup=markup, not_before=due))
    notifier.nets.add(chat_id)


async def cancel_net(services: Services, key: str, chat_id: int) -> None:
    """The direct answer went through: the net is not needed."""
    await services.notifier.outbox.cancel(key)
    services.notifier.nets.discard(chat_id)


async def person_acted(services: Services, chat_id: int) -> None:
    """The person wrote or pressed something: a net of theirs still waiting is out of date."""
    notifier = services.notifier
    if chat_id in notifier.nets:
        notifier.nets.discard(chat_id)
        await notifier.outbox.drop_waiting(chat_id, ANSWER_NET)

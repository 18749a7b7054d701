"""The person acting in one update, and the roles they hold, asked lazily and remembered.

Built once per update (`BotContext.actor`) and handed to every use case, which decides its own
rights with `bot.rights`. Nothing here imports Telegram: what Telegram says of a person in a
group comes through `GroupStatus`, a function the Telegram side supplies (and tests can fake).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

#: Telegram's member statuses, as plain strings (the values of `telegram.ChatMember`).
ADMIN_STATUSES = frozenset({"administrator", "creator"})
MEMBER_STATUSES = ADMIN_STATUSES | {"member", "restricted"}

#: (chat id, user id) -> the user's status in that group per Telegram, None when not in it.
GroupStatus = Callable[[int, int], Awaitable[str | None]]
#: chat id -> the supergroup a basic group became (None: it did not).
MovedTo = Callable[[int], Awaitable[int | None]]
#: chat id -> the names of the group's administrators who are people (not bots, not anonymous);
#: empty when Telegram cannot tell.
GroupAdmins = Callable[[int], Awaitable[list[str]]]


@dataclass
class Actor:
    """Who acts (user id, name, Telegram language) and where (chat id; private or a group)."""

    user_id: int
    chat_id: int
    private: bool
    full_name: str = ""
    language_code: str | None = None
    group_status: GroupStatus | None = None
    moved_to: MovedTo | None = None
    group_admins: GroupAdmins | None = None
    #: Answers already obtained during this update (an actor lives for one update only).
    _statuses: dict[int, str | None] = field(default_factory=dict, repr=False)

    async def status_in(self, chat_id: int) -> str | None:
        """The person's status in a group; None when not in it (or nobody can tell)."""
        if chat_id not in self._statuses:
            lookup = self.group_status
            self._statuses[chat_id] = await lookup(chat_id, self.user_id) if lookup else None
        return self._statuses[chat_id]

    async def is_group_admin(self, chat_id: int) -> bool:
        return await self.status_in(chat_id) in ADMIN_STATUSES

    async def is_group_member(self, chat_id: int) -> bool:
        return await self.status_in(chat_id) in MEMBER_STATUSES

    async def admin_names(self, chat_id: int) -> list[str]:
        """Who administers the group, by name (asked only for a refusal: not remembered)."""
        return await self.group_admins(chat_id) if self.group_admins else []

"""Driver, part 1: people and chats (users, groups, channels, memberships, blocking).

Tests set the scene through these calls instead of fabricating updates, so what the bot receives
(``new_chat_members`` service messages, ``my_chat_member`` / ``chat_member`` updates, migration
messages) has the shape and order Telegram produces. All methods are synchronous and must run
on the emulator's event loop; updates they create wake a waiting ``getUpdates`` at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .entities import auto_entities
from .models import ChatRec, UserRec
from .world import ACTIVE, ADMINS

if TYPE_CHECKING:
    from .updates import UpdateQueue
    from .world import World


class ChatDriver:
    """Scene-setting half of the driver API (mixed into ``BotApiEmulator``)."""

    world: World
    updates: UpdateQueue

    # ------------------------------------------------------------------ users

    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        username: str | None = None,
        language_code: str | None = "vi",
        is_bot: bool = False,
        last_name: str | None = None,
    ) -> int:
        """Create a Telegram user (not yet talking to the bot). Returns ``user_id``."""
        if user_id <= 0:
            raise ValueError("user ids are positive")
        if user_id in self.world.users:
            raise ValueError(f"user {user_id} already exists")
        self.world.users[user_id] = UserRec(
            user_id, first_name, last_name, username, language_code, is_bot
        )
        return user_id

    def start_bot(self, user_id: int) -> None:
        """Mark the user as having opened the bot, without sending anything."""
        user = self.world.user(user_id)
        user.started, user.blocked = True, False
        self.world.private_chat(user_id)

    def block_bot(self, user_id: int) -> None:
        """The user blocks the bot: later sends get 403; the bot gets ``my_chat_member``."""
        user = self.world.user(user_id)
        if user.blocked:
            return
        user.blocked = True
        self._bot_member_update(self.world.private_chat(user_id), "member", "kicked", user_id)

    def open_private_chat(self, user: UserRec) -> ChatRec:
        """Writing to the bot starts it, and unblocks it if it was blocked."""
        chat = self.world.private_chat(user.id)
        user.started = True
        if user.blocked:
            user.blocked = False
            self._bot_member_update(chat, "kicked", "member", user.id)
        return chat

    # ------------------------------------------------------------------ groups

    def add_group(
        self,
        title: str,
        *,
        members: list[int],
        admins: list[int] | tuple[int, ...] = (),
        creator: int | None = None,
        chat_id: int | None = None,
        supergroup: bool = False,
        with_bot: bool = True,
    ) -> int:
        """Create a group (``with_bot``: the bot is already in it, no update is sent)."""
        if chat_id is None:
            chat_id = self.world.new_group_id(supergroup)
        elif chat_id >= 0 or (supergroup and not str(chat_id).startswith("-100")):
            raise ValueError("group ids are negative; supergroup ids start with -100")
        if chat_id in self.world.chats:
            raise ValueError(f"chat {chat_id} already exists")
        chat = ChatRec(chat_id, "supergroup" if supergroup else "group", title=title)
        chat.bot_status = "member" if with_bot else "left"
        for user_id in [*members, *admins, *([creator] if creator is not None else [])]:
            self._person(user_id)
            chat.members[user_id] = "member"
        for user_id in admins:
            chat.members[user_id] = "administrator"
        if creator is not None:
            chat.members[creator] = "creator"
        self.world.chats[chat_id] = chat
        return chat_id

    def add_topic(self, chat_id: int, name: str) -> int:
        """Turn topics on in a supergroup (a forum) and open one; returns its thread id."""
        chat = self._group(chat_id)
        if chat.type != "supergroup":
            raise ValueError("only supergroups have topics")
        if chat.topics is None:
            chat.topics = {}
        thread_id = chat.take_message_id()  # a topic's id is the id of its creation message
        chat.topics[thread_id] = name
        return thread_id

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """An administrator deletes a topic: the bot's sends to it are refused from then on
        ("message thread not found"); what was posted there stays in the record."""
        chat = self._group(chat_id)
        if chat.topics is None or chat.topics.pop(thread_id, None) is None:
            raise LookupError(f"no topic {thread_id} in chat {chat_id}")

    def add_bot_to_group(self, chat_id: int, by_user: int) -> None:
        """``by_user`` adds the bot: ``my_chat_member`` then a ``new_chat_members`` message."""
        chat = self._group(chat_id)
        actor = self.world.user(by_user)
        if chat.bot_status in ACTIVE:
            return
        self.change_bot_status(chat, "member", actor_id=actor.id)
        bot = self.world.bot.to_dict(with_language=False)
        fields = {"new_chat_members": [bot], "new_chat_member": bot, "new_chat_participant": bot}
        self._service_message(chat, actor, fields)

    def remove_bot_from_group(self, chat_id: int, by_user: int) -> None:
        """``by_user`` removes the bot: it gets ``my_chat_member`` (kicked) and nothing more."""
        chat = self._group(chat_id)
        self.change_bot_status(chat, "kicked", actor_id=self.world.user(by_user).id)

    def join_group(self, chat_id: int, user_id: int) -> None:
        """A user joins: ``new_chat_members`` message and (if allowed) ``chat_member``."""
        chat = self._group(chat_id)
        user = self._person(user_id)
        old = self.world.status(chat, user_id)
        if old in ACTIVE:
            return
        chat.members[user_id] = "member"
        person = user.to_dict()
        fields = {"new_chat_members": [person], "new_chat_member": person}
        fields["new_chat_participant"] = person
        self._service_message(chat, user, fields)
        self._member_update(chat, user_id, old, "member", user_id)

    def leave_group(self, chat_id: int, user_id: int) -> None:
        """A user leaves: ``left_chat_member`` message and (if allowed) ``chat_member``."""
        chat = self._group(chat_id)
        user = self._person(user_id)
        old = self.world.status(chat, user_id)
        if old not in ACTIVE:
            return
        chat.members[user_id] = "left"
        person = user.to_dict()
        fields = {"left_chat_member": person, "left_chat_participant": person}
        self._service_message(chat, user, fields)
        self._member_update(chat, user_id, old, "left", user_id)

    def set_admin(self, chat_id: int, user_id: int, is_admin: bool = True) -> None:
        """Promote or demote a member (or the bot, which then gets ``my_chat_member``)."""
        chat = self._group(chat_id)
        actor = self._senior_member(chat) or user_id
        new = "administrator" if is_admin else "member"
        if user_id == self.world.bot.id:
            if chat.bot_status != new:
                self.change_bot_status(chat, new, actor_id=actor)
            return
        old = self.world.status(chat, user_id)
        if old == "creator" or old == new:
            return
        self.world.user(user_id)
        chat.members[user_id] = new
        self._member_update(chat, user_id, old, new, actor)

    def migrate_to_supergroup(self, chat_id: int) -> int:
        """Upgrade a basic group; returns the new -100… id. The old id then answers 400."""
        old = self._group(chat_id)
        if old.type != "group":
            raise ValueError(f"chat {chat_id} is not a basic group")
        new = ChatRec(self.world.new_group_id(True), "supergroup", title=old.title)
        new.members, new.bot_status = dict(old.members), old.bot_status
        self.world.chats[new.id] = new
        actor = self.world.users.get(self._senior_member(old) or 0)
        self._service_message(old, actor, {"migrate_to_chat_id": new.id})
        old.migrated_to = new.id
        self._service_message(new, actor, {"migrate_from_chat_id": old.id})
        return new.id

    # ------------------------------------------------------------------ channels

    def add_channel(
        self, title: str, *, username: str | None = None, chat_id: int | None = None
    ) -> int:
        """Create a channel where the bot is an administrator."""
        chat_id = chat_id if chat_id is not None else self.world.new_group_id(True)
        chat = ChatRec(chat_id, "channel", title=title, username=username)
        chat.bot_status = "administrator"
        self.world.chats[chat_id] = chat
        return chat_id

    def channel_post(self, chat_id: int, text: str) -> dict:
        """A post in a channel, delivered as ``channel_post``."""
        chat = self.world.chat(chat_id)
        if chat.type != "channel":
            raise ValueError(f"chat {chat_id} is not a channel")
        fields: dict = {"text": text}
        entities = auto_entities(text)
        if entities:
            fields["entities"] = entities
        data = self.world.new_message(chat, None, fields)
        self.world.store(chat, data, from_bot=False)
        self.world.deliver_message(chat, data)
        return data

    # ------------------------------------------------------------------ helpers

    def change_bot_status(self, chat: ChatRec, status: str, *, actor_id: int) -> None:
        """Set the bot's status in ``chat`` and send the bot its ``my_chat_member`` update."""
        old = chat.bot_status
        chat.bot_status = status
        self._bot_member_update(chat, old, status, actor_id)

    def _bot_member_update(self, chat: ChatRec, old: str, new: str, actor_id: int) -> None:
        bot_id = self.world.bot.id
        self.updates.push("my_chat_member", self._member_payload(chat, bot_id, old, new, actor_id))

    def _member_update(self, chat: ChatRec, user_id: int, old: str, new: str, actor: int) -> None:
        """``chat_member`` reaches the bot only where it is an administrator (as on Telegram)."""
        if chat.bot_status in ADMINS:
            self.updates.push("chat_member", self._member_payload(chat, user_id, old, new, actor))

    def _member_payload(self, chat: ChatRec, user_id: int, old: str, new: str, actor: int) -> dict:
        return {
            "chat": self.world.chat_dict(chat),
            "from": self.world.user(actor).to_dict(),
            "date": self.world.now(),
            "old_chat_member": self.world.member_dict(chat, user_id, old),
            "new_chat_member": self.world.member_dict(chat, user_id, new),
        }

    def _service_message(self, chat: ChatRec, actor: UserRec | None, fields: dict) -> dict:
        data = self.world.new_message(chat, actor, fields)
        self.world.store(chat, data, from_bot=False)
        self.world.deliver_message(chat, data)
        return data

    def _person(self, user_id: int) -> UserRec:
        if user_id == self.world.bot.id:
            raise ValueError("the bot joins and leaves with add_bot_to_group/remove_bot_from_group")
        return self.world.user(user_id)

    @staticmethod
    def _senior_member(chat: ChatRec) -> int | None:
        """Who performs group-level changes: the creator, else an admin, else any member."""
        for rank in ("creator", "administrator", "member"):
            for user_id, status in chat.members.items():
                if status == rank:
                    return user_id
        return None

    def _group(self, chat_id: int) -> ChatRec:
        chat = self.world.chat(chat_id)
        if not chat.is_group:
            raise ValueError(f"chat {chat_id} is not a group")
        return chat

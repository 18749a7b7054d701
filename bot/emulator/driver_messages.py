"""Driver, part 2: what users say and press (texts, files, edits, inline buttons).

Every call builds the Message or CallbackQuery Telegram would deliver (entities for commands and
mentions, ``reply_to_message``, ``chat_instance``...), stores it in the chat's history and
enqueues it for ``getUpdates`` unless Telegram would not deliver it (privacy mode, bot not in the
group). ``press`` only presses buttons that really are on the bot's message, which is what makes
"stale button" and "forged button" tests meaningful; ``press_forged`` sends anything.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
from typing import TYPE_CHECKING, Any

from .entities import auto_entities, utf16_len
from .models import Button, ChatRec, MessageRec, UserRec
from .world import ACTIVE

if TYPE_CHECKING:
    from .updates import UpdateQueue
    from .world import World

_query_ids = itertools.count(1)


#: The user id Telegram shows for an anonymous group administrator.
ANONYMOUS_ADMIN_ID = 1087968824


class MessageDriver:
    """User-action half of the driver API (mixed into ``BotApiEmulator``)."""

    world: World
    updates: UpdateQueue
    open_private_chat: Any  # provided by ChatDriver

    # ------------------------------------------------------------------ messages

    def send_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        reply_to_message_id: int | None = None,
        mention: tuple[str, int] | None = None,
        thread: int | None = None,
    ) -> dict[str, Any]:
        """The user sends ``text``; returns the Message dict (commands get entities).

        ``mention=(name, user_id)`` marks ``name`` in the text as a ``text_mention`` of that user,
        as Telegram does when someone without a username is picked from the mention list.
        ``thread``: written in that topic of a forum (see ``add_topic``).
        """
        chat, user = self._speaker(chat_id, user_id)
        fields: dict[str, Any] = {"text": text}
        entities = auto_entities(text)
        if mention is not None:
            name, mentioned = mention
            start = text.index(name)
            entities = sorted(
                [
                    *entities,
                    {
                        "type": "text_mention",
                        "offset": utf16_len(text[:start]),
                        "length": utf16_len(name),
                        "user": self.world.user(mentioned).to_dict(),
                    },
                ],
                key=lambda e: e["offset"],
            )
        if entities:
            fields["entities"] = entities
        return self._post(chat, user, fields, reply_to_message_id, thread)

    def send_document(
        self,
        chat_id: int,
        user_id: int,
        filename: str,
        data: bytes,
        *,
        caption: str | None = None,
        mime_type: str | None = None,
        reply_to_message_id: int | None = None,
        thread: int | None = None,
    ) -> dict[str, Any]:
        """The user sends a file; it is stored and downloadable through ``getFile``."""
        chat, user = self._speaker(chat_id, user_id)
        record = self.world.store_file(data, filename, mime_type, "document")
        fields: dict[str, Any] = {"document": record.document_dict()}
        self._add_caption(fields, caption)
        return self._post(chat, user, fields, reply_to_message_id, thread)

    def send_photo(
        self, chat_id: int, user_id: int, data: bytes, *, caption: str | None = None
    ) -> dict[str, Any]:
        """The user sends a picture (PNG/JPEG/GIF bytes)."""
        chat, user = self._speaker(chat_id, user_id)
        record = self.world.store_file(data, None, "image/jpeg", "photo")
        fields: dict[str, Any] = {"photo": record.photo_sizes()}
        self._add_caption(fields, caption)
        return self._post(chat, user, fields, None)

    def send_sticker(self, chat_id: int, user_id: int, emoji: str = "👍") -> dict[str, Any]:
        """The user sends a sticker (a kind of message the bot does not read)."""
        chat, user = self._speaker(chat_id, user_id)
        sticker = {
            "file_id": f"sticker-{ord(emoji[0])}",
            "file_unique_id": f"s{ord(emoji[0])}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._post(chat, user, {"sticker": sticker}, None)

    def edit_user_message(self, chat_id: int, message_id: int, new_text: str) -> dict[str, Any]:
        """The user edits one of their text messages: an ``edited_message`` update."""
        chat = self.world.chat(chat_id)
        record = self.world.message(chat, message_id)
        if record is None or record.from_bot or "text" not in record.data:
            raise LookupError(f"no user text message {message_id} in chat {chat_id}")
        record.data["text"] = new_text
        record.data.pop("entities", None)
        entities = auto_entities(new_text)
        if entities:
            record.data["entities"] = entities
        record.data["edit_date"] = self.world.now()
        data = copy.deepcopy(record.data)
        self.world.deliver_message(chat, data, kind="edited_message")
        return data

    # ------------------------------------------------------------------ buttons

    def press(
        self,
        chat_id: int,
        user_id: int,
        *,
        message_id: int | None = None,
        text: str | None = None,
        data: str | None = None,
    ) -> str:
        """Press an inline button of a bot message; returns the callback query id.

        Without ``message_id`` the newest bot message with an inline keyboard is used. ``text``
        matches a button whose label contains it, ``data`` matches callback_data exactly;
        with neither, the message must have exactly one callback button.
        """
        chat = self.world.chat(chat_id)
        user = self.world.user(user_id)
        record = self._keyboard_message(chat, message_id)
        assert record.sent is not None
        button = _find_button(record.sent.buttons, text, data, record.data["message_id"])
        return self._callback(chat, user, record, button.callback_data or "")

    def press_forged(self, chat_id: int, user_id: int, message_id: int, data: str) -> str:
        """A callback query with arbitrary ``data`` on a bot message (a tampered client)."""
        chat = self.world.chat(chat_id)
        user = self.world.user(user_id)
        record = self.world.message(chat, message_id)
        if record is None or not record.from_bot:
            raise LookupError(f"no bot message {message_id} in chat {chat_id}")
        return self._callback(chat, user, record, data)

    # ------------------------------------------------------------------ helpers

    def send_as_anonymous_admin(self, chat_id: int, text: str) -> dict[str, Any]:
        """An anonymous group admin writes: Telegram sends it from @GroupAnonymousBot with the
        group itself as ``sender_chat``, so the bot cannot tell which admin it is."""
        chat = self.world.chat(chat_id)
        if ANONYMOUS_ADMIN_ID not in self.world.users:
            self.world.users[ANONYMOUS_ADMIN_ID] = UserRec(
                id=ANONYMOUS_ADMIN_ID,
                first_name="Group",
                username="GroupAnonymousBot",
                language_code=None,
                is_bot=True,
            )
        fields: dict[str, Any] = {"text": text, "sender_chat": self.world.chat_dict(chat)}
        entities = auto_entities(text)
        if entities:
            fields["entities"] = entities
        return self._post(chat, self.world.users[ANONYMOUS_ADMIN_ID], fields, None)

    def _speaker(self, chat_id: int, user_id: int) -> tuple[ChatRec, UserRec]:
        user = self.world.user(user_id)
        if chat_id > 0:
            if chat_id != user_id:
                raise AssertionError(f"a private chat's id is the user's id ({user_id})")
            return self.open_private_chat(user), user
        chat = self.world.chat(chat_id)
        if chat.migrated_to is not None:
            raise AssertionError(f"chat {chat_id} was migrated to {chat.migrated_to}")
        if chat.type == "channel":
            raise AssertionError("use channel_post() to post in a channel")
        if self.world.status(chat, user_id) not in ACTIVE:
            raise AssertionError(f"user {user_id} is not a member of chat {chat_id}")
        return chat, user

    def _add_caption(self, fields: dict[str, Any], caption: str | None) -> None:
        if caption:
            fields["caption"] = caption
            entities = auto_entities(caption)
            if entities:
                fields["caption_entities"] = entities

    def _post(
        self,
        chat: ChatRec,
        user: UserRec,
        fields: dict[str, Any],
        reply_to: int | None,
        thread: int | None = None,
    ) -> dict[str, Any]:
        if thread is not None:
            if chat.topics is None or thread not in chat.topics:
                raise LookupError(f"no topic {thread} in chat {chat.id}")
            fields.update(message_thread_id=thread, is_topic_message=True)
        if reply_to is not None:
            snapshot = self.world.reply_snapshot(chat, reply_to)
            if snapshot is None:
                raise LookupError(f"no message {reply_to} in chat {chat.id} to reply to")
            fields["reply_to_message"] = snapshot
        data = self.world.new_message(chat, user, fields)
        self.world.store(chat, data, from_bot=False)
        self.world.deliver_message(chat, copy.deepcopy(data))
        return data

    def _keyboard_message(self, chat: ChatRec, message_id: int | None) -> MessageRec:
        if message_id is not None:
            record = self.world.message(chat, message_id)
            if record is None or not record.from_bot or record.sent is None:
                raise LookupError(f"no bot message {message_id} in chat {chat.id}")
            if not record.sent.buttons:
                raise LookupError(f"bot message {message_id} has no inline keyboard")
            return record
        for record in reversed(list(chat.messages.values())):
            if record.from_bot and not record.deleted and record.sent and record.sent.buttons:
                return record
        raise LookupError(f"no bot message with an inline keyboard in chat {chat.id}")

    def _callback(self, chat: ChatRec, user: UserRec, record: MessageRec, data: str) -> str:
        query_id = str(4_000_000_000_000_000_000 + next(_query_ids))
        instance = int(hashlib.sha256(f"{self.world.bot.id}:{chat.id}".encode()).hexdigest(), 16)
        payload = {
            "id": query_id,
            "from": user.to_dict(),
            "message": copy.deepcopy(record.data),
            "chat_instance": str(instance % 10**19),
            "data": data,
        }
        self.world.queries[query_id] = {
            "answered": False,
            "chat_id": chat.id,
            "message_id": record.data["message_id"],
            "user_id": user.id,
            "data": data,
        }
        self.updates.push("callback_query", payload)
        return query_id


def _find_button(
    rows: list[list[Button]], text: str | None, data: str | None, message_id: int
) -> Button:
    buttons = [b for row in rows for b in row if b.callback_data is not None]
    matches = [
        b
        for b in buttons
        if (text is None or text in b.text) and (data is None or b.callback_data == data)
    ]
    labels = [f"{b.text!r}={b.callback_data!r}" for b in buttons]
    if not matches:
        raise LookupError(
            f"no button text={text!r} data={data!r} on message {message_id}: {labels}"
        )
    if text is None and data is None and len(matches) > 1:
        raise LookupError(
            f"message {message_id} has several buttons, pass text= or data=: {labels}"
        )
    return matches[0]

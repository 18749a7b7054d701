"""Records of the emulated world, and the read-back view of what the bot sent.

``SentMessage`` and ``Button`` are public: tests read the bot's output through them instead of
poking at raw JSON. The other records are the emulator's own state (users, chats, messages,
files) and know how to render themselves as Bot API objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Button:
    """One inline keyboard button as the bot sent it."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass
class SentMessage:
    """A message the bot sent, kept current: edits are applied, deletion is flagged.

    ``text`` is the plain text after entity parsing (the caption for media); ``html`` is the
    raw text or caption exactly as sent, whatever the ``parse_mode``.
    """

    message_id: int
    chat_id: int
    text: str
    html: str
    parse_mode: str | None
    buttons: list[list[Button]] = field(default_factory=list)
    document: tuple[str, bytes] | None = None
    photo: bytes | None = None
    caption: str | None = None
    edited: int = 0
    deleted: bool = False
    date: int = 0
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    reply_to_message_id: int | None = None
    #: The forum topic it was posted in (None: the General topic, or a chat without topics).
    thread_id: int | None = None

    def button_texts(self) -> list[str]:
        """All inline button labels, row by row."""
        return [b.text for row in self.buttons for b in row]

    def button(self, text: str) -> Button:
        """The first inline button whose label contains ``text``."""
        for row in self.buttons:
            for b in row:
                if text in b.text:
                    return b
        raise LookupError(f"no button containing {text!r} in {self.button_texts()}")


@dataclass
class UserRec:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False
    started: bool = False
    blocked: bool = False

    def to_dict(self, *, with_language: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if with_language and self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class MessageRec:
    """Any message in a chat (user's or bot's), as its current Message JSON."""

    data: dict[str, Any]
    from_bot: bool
    sent: SentMessage | None = None
    deleted: bool = False


@dataclass
class ChatRec:
    id: int
    type: str  # private | group | supergroup | channel
    title: str | None = None
    username: str | None = None
    members: dict[int, str] = field(default_factory=dict)  # user id -> ChatMember status
    bot_status: str = "member"
    migrated_to: int | None = None
    next_message_id: int = 1
    messages: dict[int, MessageRec] = field(default_factory=dict)
    menu_button: dict[str, Any] | None = None
    pinned: list[int] = field(default_factory=list)  # pinned message ids, oldest first
    #: A supergroup with topics (a forum): its topics by thread id (General is not one).
    topics: dict[int, str] | None = None

    def to_dict(self, user: UserRec | None = None) -> dict[str, Any]:
        """The ``Chat`` object carried in messages."""
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private" and user is not None:
            data.update(
                {k: v for k, v in user.to_dict().items() if k in ("first_name", "last_name")}
            )
            if user.username:
                data["username"] = user.username
        else:
            data["title"] = self.title or ""
            if self.username:
                data["username"] = self.username
            if self.topics is not None:
                data["is_forum"] = True
        return data

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")


@dataclass
class FileRec:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    filename: str | None
    mime_type: str | None
    kind: str  # document | photo
    width: int = 0
    height: int = 0

    def document_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.filename:
            data["file_name"] = self.filename
        if self.mime_type:
            data["mime_type"] = self.mime_type
        return data

    def photo_sizes(self) -> list[dict[str, Any]]:
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "file_size": len(self.data),
                "width": self.width,
                "height": self.height,
            }
        ]

    def file_dict(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }

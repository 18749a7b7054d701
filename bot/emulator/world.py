"""The emulated Telegram world: users, chats, memberships, messages, files.

Both sides work on this one state: the driver (tests acting as users) adds people and
messages, the Bot API methods read and change it on the bot's behalf. The permission rules
that decide Telegram's 403s ("bot was blocked", "can't initiate conversation", "not a member")
and the privacy-mode delivery rule live here so both sides agree on them.
"""

from __future__ import annotations

import hashlib
import mimetypes
import struct
import time
from typing import Any

from .errors import bad_request, chat_migrated, forbidden
from .models import ChatRec, FileRec, MessageRec, UserRec
from .updates import UpdateQueue

ACTIVE = ("creator", "administrator", "member", "restricted")
ADMINS = ("creator", "administrator")
_SERVICE_KEYS = (
    "new_chat_members",
    "left_chat_member",
    "new_chat_title",
    "group_chat_created",
    "supergroup_chat_created",
    "migrate_to_chat_id",
    "migrate_from_chat_id",
    "pinned_message",
)
_CHANNEL_KINDS = {"message": "channel_post", "edited_message": "edited_channel_post"}


class World:
    """State shared by the driver and the Bot API methods."""

    def __init__(self, bot: UserRec, *, privacy_mode: bool, updates: UpdateQueue):
        self.bot = bot
        self.privacy_mode = privacy_mode
        self.updates = updates
        self.users: dict[int, UserRec] = {bot.id: bot}
        self.chats: dict[int, ChatRec] = {}
        self.files: dict[str, FileRec] = {}
        self.files_by_path: dict[str, FileRec] = {}
        self.admin_rights: list[str] = []  # the can_* fields of ChatMemberAdministrator
        self.queries: dict[str, dict[str, Any]] = {}  # callback query id -> origin, answered
        self.answers: list[dict[str, Any]] = []  # answerCallbackQuery calls, in order
        #: Presses the bot answered a second time (Telegram refuses those): a bot bug.
        self.answered_twice: list[str] = []
        self._group_seq = 4_000_000_000
        self._super_seq = 1_000_000_000_000
        self._file_seq = 0
        self._box_seq = 0

    @staticmethod
    def now() -> int:
        return int(time.time())

    # ------------------------------------------------------------------ lookups

    def user(self, user_id: int) -> UserRec:
        try:
            return self.users[user_id]
        except KeyError:
            raise LookupError(f"unknown user {user_id}; call emu.add_user() first") from None

    def chat(self, chat_id: int) -> ChatRec:
        """A chat for the driver side (LookupError if unknown); private chats are implicit."""
        if chat_id in self.chats:
            return self.chats[chat_id]
        if chat_id > 0 and chat_id in self.users:
            return self.private_chat(chat_id)
        raise LookupError(f"unknown chat {chat_id}")

    def private_chat(self, user_id: int) -> ChatRec:
        chat = self.chats.get(user_id)
        if chat is None:
            chat = self.chats[user_id] = ChatRec(user_id, "private")
        return chat

    def resolve(self, chat_id: int | str) -> ChatRec:
        """A chat for the bot side: 400 "chat not found" as Telegram answers."""
        if isinstance(chat_id, str):
            name = chat_id.lstrip("@").lower()
            for chat in self.chats.values():
                if chat.username and chat.username.lower() == name:
                    return chat
            raise bad_request("chat not found")
        if chat_id in self.chats:
            return self.chats[chat_id]
        if chat_id > 0 and chat_id in self.users and chat_id != self.bot.id:
            return self.private_chat(chat_id)
        raise bad_request("chat not found")

    def chat_dict(self, chat: ChatRec) -> dict[str, Any]:
        return chat.to_dict(self.users.get(chat.id) if chat.type == "private" else None)

    def new_group_id(self, supergroup: bool) -> int:
        if supergroup:
            self._super_seq += 1
            return -self._super_seq
        self._group_seq += 1
        return -self._group_seq

    # ------------------------------------------------------------------ membership

    def status(self, chat: ChatRec, user_id: int) -> str:
        if user_id == self.bot.id:
            return chat.bot_status if chat.type != "private" else "member"
        if chat.type == "private":
            return "member" if user_id == chat.id else "left"
        return chat.members.get(user_id, "left")

    def member_dict(self, chat: ChatRec, user_id: int, status: str | None = None) -> dict:
        """A ``ChatMember`` object with every field the API marks as required."""
        status = status or self.status(chat, user_id)
        user = self.user(user_id).to_dict(with_language=False)
        data: dict[str, Any] = {"status": status, "user": user}
        if status == "creator":
            data["is_anonymous"] = False
        elif status == "administrator":
            data.update({right: True for right in self.admin_rights})
            data.update({"can_be_edited": user_id == self.bot.id, "is_anonymous": False})
        elif status == "kicked":
            data["until_date"] = 0
        return data

    def check_can_send(self, chat: ChatRec) -> None:
        """Raise the 400/403 Telegram gives when the bot may not post in ``chat``."""
        if chat.migrated_to is not None:
            raise chat_migrated(chat.migrated_to)
        if chat.type == "private":
            user = self.users[chat.id]
            if user.is_bot:
                raise forbidden("bot can't send messages to bots")
            if user.blocked:
                raise forbidden("bot was blocked by the user")
            if not user.started:
                raise forbidden("bot can't initiate conversation with a user")
            return
        kind = "group" if chat.type == "group" else chat.type
        if chat.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {kind} chat")
        if chat.bot_status not in ACTIVE:
            raise forbidden(f"bot is not a member of the {kind} chat")
        if chat.type == "channel" and chat.bot_status not in ADMINS:
            raise bad_request("need administrator rights in the channel chat")

    def check_can_read(self, chat: ChatRec) -> None:
        """getChat & co.: Telegram hides chats the bot has no access to."""
        if chat.migrated_to is not None:
            raise chat_migrated(chat.migrated_to)
        if chat.type == "private":
            user = self.users.get(chat.id)
            if user is None or not (user.started or chat.messages):
                raise bad_request("chat not found")
        elif chat.bot_status not in ACTIVE:
            raise forbidden(f"bot is not a member of the {chat.type} chat")

    # ------------------------------------------------------------------ messages

    def new_message(
        self, chat: ChatRec, sender: UserRec | None, fields: dict[str, Any]
    ) -> dict[str, Any]:
        """A Message dict with the next id of ``chat``; not stored yet."""
        data: dict[str, Any] = {"message_id": self._next_message_id(chat)}
        if sender is not None:
            data["from"] = sender.to_dict()
        elif chat.type == "channel":
            data["sender_chat"] = self.chat_dict(chat)
        data.update({"chat": self.chat_dict(chat), "date": self.now()})
        data.update(fields)
        return data

    def _next_message_id(self, chat: ChatRec) -> int:
        """Private chats and basic groups share the bot's message box, as on Telegram, so
        their ids never repeat across those chats; supergroups and channels count their own."""
        if chat.type in ("private", "group"):
            self._box_seq += 1
            return self._box_seq
        return chat.take_message_id()

    def store(
        self, chat: ChatRec, data: dict[str, Any], *, from_bot: bool, sent=None
    ) -> MessageRec:
        record = MessageRec(data, from_bot, sent)
        chat.messages[data["message_id"]] = record
        return record

    def message(self, chat: ChatRec, message_id: int) -> MessageRec | None:
        record = chat.messages.get(message_id)
        return None if record is None or record.deleted else record

    def reply_snapshot(self, chat: ChatRec, message_id: int) -> dict[str, Any] | None:
        """The replied-to message as embedded in a reply (without its own reply)."""
        record = self.message(chat, message_id)
        if record is None:
            return None
        return {k: v for k, v in record.data.items() if k != "reply_to_message"}

    def deliver_message(self, chat: ChatRec, data: dict[str, Any], kind: str = "message") -> None:
        """Push a user-side message as an update if the bot would receive it."""
        if chat.type == "channel":
            if chat.bot_status in ACTIVE:
                self.updates.push(_CHANNEL_KINDS[kind], data)
            return
        if chat.type != "private" and not self.bot_sees(chat, data):
            return
        self.updates.push(kind, data)

    def bot_sees(self, chat: ChatRec, data: dict[str, Any]) -> bool:
        """Group delivery, including Telegram's privacy-mode rule."""
        if chat.bot_status not in ACTIVE:
            return False
        if not self.privacy_mode or chat.bot_status in ADMINS:
            return True
        if any(key in data for key in _SERVICE_KEYS):
            return True
        reply = data.get("reply_to_message") or {}
        if reply.get("from", {}).get("id") == self.bot.id:
            return True
        text = data.get("text") or data.get("caption") or ""
        entities = data.get("entities") or data.get("caption_entities") or []
        for entity in entities:
            if entity["type"] == "bot_command" and entity["offset"] == 0:
                command = text[: entity["length"]]
                target = command.partition("@")[2]
                return not target or target.lower() == (self.bot.username or "").lower()
        return False

    # ------------------------------------------------------------------ files

    def store_file(
        self, data: bytes, filename: str | None, mime_type: str | None, kind: str
    ) -> FileRec:
        self._file_seq += 1
        seq = self._file_seq
        digest = hashlib.sha256(f"{self.bot.id}:{seq}".encode()).hexdigest()
        prefix = "AgACAgIAAxkBAAI" if kind == "photo" else "BQACAgIAAxkBAAI"
        if mime_type in (None, "application/octet-stream") and filename:
            mime_type = mimetypes.guess_type(filename)[0] or mime_type
        ext = (filename or "").rpartition(".")[2] if filename and "." in filename else "bin"
        if kind == "photo":
            ext = "jpg"
        folder = "photos" if kind == "photo" else "documents"
        record = FileRec(
            file_id=f"{prefix}{digest[:40]}",
            file_unique_id=f"AgAD{digest[40:52]}",
            file_path=f"{folder}/file_{seq}.{ext}",
            data=data,
            filename=filename,
            mime_type=mime_type,
            kind=kind,
        )
        if kind == "photo":
            record.width, record.height = image_size(data) or (0, 0)
        self.files[record.file_id] = record
        self.files_by_path[record.file_path] = record
        return record


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, WEBP or JPEG image; None if it is not one."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return (1, 1)
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker, size = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return (width, height)
            i += 2 + size
        return (1, 1)
    return None

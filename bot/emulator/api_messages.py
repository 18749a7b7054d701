"""Text messages and their life cycle: send, edit, delete, callback answers, chat actions.

These are the methods every conversation flow uses, so their error cases follow Telegram
closely: an edit that changes nothing is refused, an edit without ``reply_markup`` drops the
keyboard, a callback query can be answered once, deleting someone else's message in a group
needs admin rights.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from .api_common import (
    caption_text,
    editable_message,
    inline_markup,
    message_text,
    not_modified,
    post_bot_message,
    set_markup,
    text_content,
)
from .errors import bad_request, not_implemented
from .registry import method
from .world import ADMINS

if TYPE_CHECKING:
    from .emulator import BotApiEmulator

MAX_ANSWER_TEXT = 200
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}


@method("sendMessage")
async def send_message(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    chat = emu.world.resolve(p["chat_id"])
    emu.world.check_can_send(chat)
    parsed = message_text(p)
    content = text_content(parsed)
    if p.get("link_preview_options"):
        content["link_preview_options"] = p["link_preview_options"]
    sent = {"text": parsed.text, "html": p["text"], "entities": parsed.entities}
    return post_bot_message(emu, chat, p, content, sent)


@method("editMessageText")
async def edit_message_text(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    if p.get("rich_message") is not None:
        raise not_implemented("editMessageText with rich_message")
    if p.get("text") is None:
        raise bad_request("text is required")
    _, record = editable_message(emu, p)
    sent = record.sent
    assert sent is not None
    if "text" not in record.data:
        raise bad_request("there is no text in the message to edit")
    parsed = message_text(p)
    buttons, markup = inline_markup(p.get("reply_markup"))
    same_text = parsed.text == record.data["text"]
    same_entities = parsed.entities == record.data.get("entities", [])
    if same_text and same_entities and markup == record.data.get("reply_markup"):
        raise not_modified()
    emu.flood_check(emu.world.chats[sent.chat_id])
    record.data.update(text_content(parsed))
    if not parsed.entities:
        record.data.pop("entities", None)
    set_markup(record, buttons, markup)
    record.data["edit_date"] = int(time.time())
    sent.text, sent.html, sent.parse_mode = parsed.text, p["text"], p.get("parse_mode")
    sent.entities = parsed.entities
    sent.edited += 1
    return record.data


@method("editMessageCaption")
async def edit_message_caption(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    _, record = editable_message(emu, p)
    sent = record.sent
    assert sent is not None
    if "text" in record.data:
        raise bad_request("there is no caption in the message to edit")
    parsed = caption_text(p)
    buttons, markup = inline_markup(p.get("reply_markup"))
    new_caption = parsed.text if parsed else None
    new_entities = parsed.entities if parsed else []
    same = new_caption == record.data.get("caption") and new_entities == record.data.get(
        "caption_entities", []
    )
    if same and markup == record.data.get("reply_markup"):
        raise not_modified()
    emu.flood_check(emu.world.chats[sent.chat_id])
    for key in ("caption", "caption_entities"):
        record.data.pop(key, None)
    if parsed:
        record.data.update(text_content(parsed, "caption"))
    set_markup(record, buttons, markup)
    record.data["edit_date"] = int(time.time())
    sent.caption = new_caption
    sent.text, sent.html = new_caption or "", p.get("caption") or ""
    sent.parse_mode, sent.entities = p.get("parse_mode"), new_entities
    sent.edited += 1
    return record.data


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    _, record = editable_message(emu, p)
    sent = record.sent
    assert sent is not None
    buttons, markup = inline_markup(p.get("reply_markup"))
    if markup == record.data.get("reply_markup"):
        raise not_modified()
    emu.flood_check(emu.world.chats[sent.chat_id])
    set_markup(record, buttons, markup)
    record.data["edit_date"] = int(time.time())
    sent.edited += 1
    return record.data


def _delete(emu: BotApiEmulator, chat_id: int | str, message_id: int) -> bool:
    chat = emu.world.resolve(chat_id)
    record = emu.world.message(chat, message_id)
    if record is None:
        return False
    if not record.from_bot and chat.type != "private" and chat.bot_status not in ADMINS:
        raise bad_request("message can't be deleted")
    record.deleted = True
    if record.sent is not None:
        record.sent.deleted = True
    return True


@method("deleteMessage")
async def delete_message(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    if not _delete(emu, p["chat_id"], p["message_id"]):
        raise bad_request("message to delete not found")
    return True


@method("deleteMessages")
async def delete_messages(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    ids = p["message_ids"]
    if not 1 <= len(ids) <= 100:
        raise bad_request("too many messages to delete" if ids else "message_ids is empty")
    for message_id in ids:
        _delete(emu, p["chat_id"], message_id)
    return True


@method("answerCallbackQuery")
async def answer_callback_query(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    query = emu.world.queries.get(p["callback_query_id"])
    if query is not None and query["answered"]:
        emu.world.answered_twice.append(p["callback_query_id"])
    if query is None or query["answered"]:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = p.get("text")
    if text is not None and len(text) > MAX_ANSWER_TEXT:
        raise bad_request("MESSAGE_TOO_LONG")
    query["answered"] = True
    answer = {
        "callback_query_id": p["callback_query_id"],
        "text": text,
        "show_alert": bool(p.get("show_alert", False)),
        "url": p.get("url"),
        "cache_time": p.get("cache_time"),
    }
    emu.world.answers.append(answer)
    return True


@method("sendChatAction")
async def send_chat_action(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    chat = emu.world.resolve(p["chat_id"])
    emu.world.check_can_send(chat)
    if p["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True

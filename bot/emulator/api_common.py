"""Pieces shared by the sending and editing methods: text limits, keyboards, replies.

Telegram applies the same rules whether a text is sent or edited, and whether a keyboard rides
on a text or on a document; keeping them here means every method enforces them identically.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .entities import ParsedText, auto_entities, parse_formatted, utf16_len
from .errors import ApiError, bad_request, not_implemented
from .models import Button, ChatRec, MessageRec, SentMessage

if TYPE_CHECKING:
    from .emulator import BotApiEmulator

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
_URL_RE = re.compile(r"^(?:https?|tg)://\S+$", re.IGNORECASE)
_BUTTON_ACTIONS = {"text", "style", "icon_custom_emoji_id"}


def message_text(params: dict[str, Any]) -> ParsedText:
    """The message text after entity parsing, with Telegram's 1-4096 limit (UTF-16 code units,
    as Telegram counts: an emoji outside the BMP counts two)."""
    parsed = parse_formatted(params["text"], params.get("parse_mode"), params.get("entities"))
    if not parsed.text:
        raise bad_request("message text is empty")
    if utf16_len(parsed.text) > MAX_TEXT:
        raise bad_request("message is too long")
    return ParsedText(parsed.text, auto_entities(parsed.text, parsed.entities))


def caption_text(params: dict[str, Any]) -> ParsedText | None:
    """The caption after entity parsing (None when absent or empty), at most 1024 characters."""
    caption = params.get("caption")
    if caption is None:
        return None
    parsed = parse_formatted(caption, params.get("parse_mode"), params.get("caption_entities"))
    if utf16_len(parsed.text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    if not parsed.text:
        return None
    return ParsedText(parsed.text, auto_entities(parsed.text, parsed.entities))


def inline_markup(markup: dict[str, Any] | None) -> tuple[list[list[Button]], dict | None]:
    """Check an inline keyboard; return its buttons and the markup a Message echoes.

    Reply keyboards, keyboard removal and force-reply are accepted but, as on Telegram, are
    not part of the returned Message.
    """
    if not markup or "inline_keyboard" not in markup:
        return [], None
    rows: list[list[Button]] = []
    for row in markup["inline_keyboard"]:
        buttons = []
        for button in row:
            buttons.append(_check_button(button))
        if buttons:
            rows.append(buttons)
    if not rows:
        return [], None
    return rows, markup


def _check_button(button: dict[str, Any]) -> Button:
    data = button.get("callback_data")
    if data is not None and not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not _URL_RE.match(url):
        raise bad_request("BUTTON_URL_INVALID")
    if not button.get("text"):
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    if not set(button) - _BUTTON_ACTIONS:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    return Button(button["text"], data, url)


def reply_target(emu: BotApiEmulator, chat: ChatRec, params: dict[str, Any]) -> dict | None:
    """The message being replied to, or None; 400 if it does not exist (unless allowed)."""
    reply = params.get("reply_parameters")
    if not reply:
        return None
    target = chat if reply.get("chat_id") is None else emu.world.resolve(reply["chat_id"])
    snapshot = emu.world.reply_snapshot(target, reply["message_id"])
    if snapshot is None and not reply.get("allow_sending_without_reply"):
        raise bad_request("message to be replied not found")
    return snapshot


def post_bot_message(
    emu: BotApiEmulator,
    chat: ChatRec,
    params: dict[str, Any],
    content: dict[str, Any],
    sent_fields: dict[str, Any],
) -> dict[str, Any]:
    """Build, store and return a message the bot sends (the checks are already done)."""
    buttons, markup = inline_markup(params.get("reply_markup"))
    reply = reply_target(emu, chat, params)
    thread = params.get("message_thread_id")
    if thread is not None and (chat.topics is None or int(thread) not in chat.topics):
        raise bad_request("message thread not found")
    emu.flood_check(chat)
    fields = dict(content)
    if thread is not None:
        fields.update(message_thread_id=int(thread), is_topic_message=True)
    if markup:
        fields["reply_markup"] = markup
    if reply:
        fields["reply_to_message"] = reply
    data = emu.world.new_message(chat, emu.world.bot, fields)
    sent = SentMessage(
        message_id=data["message_id"],
        chat_id=chat.id,
        parse_mode=params.get("parse_mode"),
        buttons=buttons,
        date=data["date"],
        reply_markup=params.get("reply_markup"),
        reply_to_message_id=reply["message_id"] if reply else None,
        thread_id=int(thread) if thread is not None else None,
        **sent_fields,
    )
    emu.world.store(chat, data, from_bot=True, sent=sent)
    return data


def text_content(parsed: ParsedText, key: str = "text") -> dict[str, Any]:
    """``text``/``entities`` (or ``caption``/``caption_entities``) fields of a Message."""
    content: dict[str, Any] = {key: parsed.text}
    if parsed.entities:
        content["entities" if key == "text" else "caption_entities"] = parsed.entities
    return content


def editable_message(emu: BotApiEmulator, params: dict[str, Any]) -> tuple[ChatRec, MessageRec]:
    """The bot message an edit method targets, with Telegram's errors when it can't be."""
    if params.get("inline_message_id"):
        raise not_implemented("inline_message_id (inline mode messages)")
    for key in ("chat_id", "message_id"):
        if params.get(key) is None:
            raise bad_request(f"{key} is required")
    chat = emu.world.resolve(params["chat_id"])
    emu.world.check_can_send(chat)
    record = emu.world.message(chat, params["message_id"])
    if record is None:
        raise bad_request("message to edit not found")
    if not record.from_bot or record.sent is None:
        raise bad_request("message can't be edited")
    return chat, record


def not_modified() -> ApiError:
    return bad_request(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )


def set_markup(record: MessageRec, buttons: list[list[Button]], markup: dict | None) -> None:
    """Replace a bot message's inline keyboard (None removes it, as an edit without one does)."""
    assert record.sent is not None
    if markup:
        record.data["reply_markup"] = markup
    else:
        record.data.pop("reply_markup", None)
    record.sent.buttons = buttons
    record.sent.reply_markup = markup

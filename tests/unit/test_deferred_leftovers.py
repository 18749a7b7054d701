"""What a stop keeps of a reply the rate limiter deferred: texts and edits, as sent."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.notifier import _as_outgoing
from bot.rate_limit import Leftover


def test_a_plain_text_reply_is_kept_escaped_for_the_outboxs_html() -> None:
    kept = _as_outgoing(Leftover("sendMessage", {"chat_id": -5, "text": "a <b> & c"}))
    assert kept is not None and kept.text == "a &lt;b&gt; &amp; c"
    assert kept.key.startswith("deferred:-5:") and kept.edit_message_id is None


def test_an_html_edit_keeps_its_screen_and_buttons() -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("OK", callback_data="v1:x:y")]])
    data = {
        "chat_id": 7,
        "message_id": 3,
        "text": "<b>Đã lưu</b>",
        "parse_mode": "HTML",
        "reply_markup": markup,
    }
    kept = _as_outgoing(Leftover("editMessageText", data))
    assert kept is not None and kept.text == "<b>Đã lưu</b>" and kept.edit_message_id == 3
    assert kept.reply_markup == markup.to_json()


def test_files_and_inline_edits_cannot_be_kept() -> None:
    assert _as_outgoing(Leftover("sendDocument", {"chat_id": 7, "document": b"x"})) is None
    inline = {"inline_message_id": "abc", "text": "x", "parse_mode": "HTML"}
    assert _as_outgoing(Leftover("editMessageText", inline)) is None


def test_two_kept_replies_never_share_a_key() -> None:
    leftover = Leftover("sendMessage", {"chat_id": 7, "text": "x", "parse_mode": "HTML"})
    first, second = _as_outgoing(leftover), _as_outgoing(leftover)
    assert first is not None and second is not None and first.key != second.key

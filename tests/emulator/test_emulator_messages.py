"""Sending, editing, deleting and pressing: what the bot sees and what tests read back."""

from __future__ import annotations

import pytest
from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyParameters,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden

from bot.emulator import BotApiEmulator, Button

LAN, MINH, HOA = 111, 222, 333


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


async def test_send_message_and_read_back(bot: Bot, emu: BotApiEmulator) -> None:
    emu.send_text(LAN, LAN, "/start")
    markup = keyboard([("✅ Xác nhận", "ok"), ("✖️ Huỷ", "no")])
    sent = await bot.send_message(
        LAN, "Chào <b>Lan</b> &amp; <i>bạn</i>", parse_mode="HTML", reply_markup=markup
    )
    assert sent.text == "Chào Lan & bạn"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 5, 3),
        ("italic", 11, 3),
    ]
    assert sent.reply_markup == markup
    message = emu.last_bot_message(LAN)
    assert message is not None
    assert message.message_id == sent.message_id
    assert message.text == "Chào Lan & bạn"
    assert message.html == "Chào <b>Lan</b> &amp; <i>bạn</i>"
    assert message.parse_mode == "HTML"
    assert message.button_texts() == ["✅ Xác nhận", "✖️ Huỷ"]
    assert message.buttons[0][1] == Button("✖️ Huỷ", "no")


async def test_reply_keyboards_and_replies(bot: Bot, emu: BotApiEmulator) -> None:
    asked = emu.send_text(LAN, LAN, "question")
    sent = await bot.send_message(
        LAN,
        "pick",
        reply_markup=ReplyKeyboardMarkup([["A", "B"]], one_time_keyboard=True),
        reply_parameters=ReplyParameters(asked["message_id"]),
    )
    assert sent.reply_to_message.text == "question"
    assert sent.reply_markup is None  # Telegram does not echo reply keyboards
    assert emu.last_bot_message(LAN).reply_markup["keyboard"] == [[{"text": "A"}, {"text": "B"}]]
    await bot.send_message(LAN, "why?", reply_markup=ForceReply())
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(LAN, "x", reply_parameters=ReplyParameters(999))


async def test_edit_and_not_modified(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    markup = keyboard([("A", "a")])
    sent = await bot.send_message(LAN, "v1", reply_markup=markup)
    edited = await bot.edit_message_text("v2", LAN, sent.message_id, reply_markup=markup)
    assert edited.text == "v2" and edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("v2", LAN, sent.message_id, reply_markup=markup)
    await bot.edit_message_text("v3", LAN, sent.message_id)  # no markup: keyboard removed
    message = emu.last_bot_message(LAN)
    assert (message.text, message.edited, message.buttons) == ("v3", 2, [])
    await bot.edit_message_reply_markup(LAN, sent.message_id, reply_markup=keyboard([("B", "b")]))
    assert emu.last_bot_message(LAN).button_texts() == ["B"]
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", LAN, 9999)
    own = emu.send_text(LAN, LAN, "mine")
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("x", LAN, own["message_id"])


async def test_delete(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    first = await bot.send_message(LAN, "first")
    await bot.send_message(LAN, "second")
    assert await bot.delete_message(LAN, first.message_id)
    assert [m.text for m in emu.bot_messages(LAN)] == ["second"]
    everything = emu.all_bot_messages(LAN, include_deleted=True)
    assert [(m.text, m.deleted) for m in everything] == [("first", True), ("second", False)]
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(LAN, first.message_id)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<blink>x</blink>", 'Unsupported start tag "blink"'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("1 < 2", "Unexpected end of name token"),
        ("Tom & Jerry", 'Character "&"'),
        ("</b>", "Unexpected end tag"),
        ('<span class="x">s</span>', "tg-spoiler"),
    ],
)
async def test_html_errors(bot: Bot, emu: BotApiEmulator, html: str, reason: str) -> None:
    emu.start_bot(LAN)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities") as caught:
        await bot.send_message(LAN, html, parse_mode="HTML")
    assert reason.lower() in str(caught.value).lower()


async def test_html_accepted_forms(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    sent = await bot.send_message(
        LAN,
        '<a href="https://t.me/x?a=1&amp;b=2">link</a> <pre><code class="language-py">x</code>'
        "</pre> <tg-spoiler>s</tg-spoiler> &#8364;&#x1F600; &lt;tag&gt; &quot;",
        parse_mode="HTML",
    )
    assert sent.text == 'link x s €😀 <tag> "'
    kinds = {e.type: e for e in sent.entities}
    assert kinds["text_link"].url == "https://t.me/x?a=1&b=2"
    assert kinds["pre"].language == "py"
    assert kinds["spoiler"].offset == 7


async def test_text_limits(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    await bot.send_message(LAN, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # tags are free
    await bot.send_message(LAN, "&amp;" * 4096, parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(LAN, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(LAN, "   ")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(LAN, "<b></b>", parse_mode="HTML")


async def test_markdown_v2_reserved_characters(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    sent = await bot.send_message(LAN, r"*Tổng* điểm: 9\.5 \(tối đa 10\)", parse_mode="MarkdownV2")
    assert sent.text == "Tổng điểm: 9.5 (tối đa 10)"
    assert sent.entities[0].type == "bold"
    with pytest.raises(BadRequest, match=r"(?i)Character '.' is reserved"):
        await bot.send_message(LAN, "9.5 points", parse_mode="MarkdownV2")


async def test_callback_data_limit(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    await bot.send_message(LAN, "ok", reply_markup=keyboard([("A", "é" * 32)]))  # 64 bytes
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(LAN, "too long", reply_markup=keyboard([("A", "é" * 32 + "x")]))
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(LAN, "empty", reply_markup=keyboard([("A", "")]))


async def test_press_and_answer(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    sent = await bot.send_message(
        LAN, "vote?", reply_markup=keyboard([("✅ Yes", "y"), ("No", "n")])
    )
    query_id = emu.press(LAN, LAN, text="Yes")
    (update,) = await bot.get_updates()
    query = update.callback_query
    assert (query.id, query.data, query.from_user.id) == (query_id, "y", LAN)
    assert query.message.message_id == sent.message_id
    assert query.message.reply_markup.inline_keyboard[0][1].callback_data == "n"
    assert query.chat_instance
    assert await bot.answer_callback_query(query_id, text="Đã ghi nhận", show_alert=True)
    assert emu.answer_for(query_id)["text"] == "Đã ghi nhận"
    assert emu.callback_answers(query_id)[0]["show_alert"] is True
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match=r"(?i)MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(emu.press(LAN, LAN, data="n"), text="x" * 201)
    with pytest.raises(LookupError, match=r"(?i)no button"):
        emu.press(LAN, LAN, data="maybe")
    forged = emu.press_forged(LAN, LAN, sent.message_id, "admin:delete_all")
    updates = await bot.get_updates(offset=update.update_id + 1)
    assert updates[-1].callback_query.id == forged
    assert updates[-1].callback_query.data == "admin:delete_all"


async def test_forbidden_private_chats(bot: Bot, emu: BotApiEmulator) -> None:
    with pytest.raises(Forbidden, match=r"(?i)bot can't initiate conversation with a user"):
        await bot.send_message(HOA, "hello")
    emu.send_text(HOA, HOA, "/start")
    await bot.send_message(HOA, "hello")
    emu.block_bot(HOA)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(HOA, "still there?")
    updates = await bot.get_updates()
    assert updates[-1].my_chat_member.new_chat_member.status == "kicked"
    emu.send_text(HOA, HOA, "/start")  # writing again unblocks
    await bot.send_message(HOA, "welcome back")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(987654, "nobody")


async def test_group_membership_errors(bot: Bot, emu: BotApiEmulator, group: int) -> None:
    await bot.send_message(group, "hello group")
    outside = emu.add_group("Other", members=[LAN], with_bot=False)
    with pytest.raises(Forbidden, match=r"(?i)bot is not a member of the group chat"):
        await bot.send_message(outside, "hi")
    emu.add_bot_to_group(outside, by_user=LAN)
    await bot.send_message(outside, "thanks for adding me")
    updates = await bot.get_updates()
    assert updates[0].my_chat_member.new_chat_member.status == "member"
    assert updates[1].message.new_chat_members[0].id == emu.bot_id
    emu.remove_bot_from_group(outside, by_user=LAN)
    with pytest.raises(Forbidden, match=r"(?i)bot was kicked from the group chat"):
        await bot.send_message(outside, "hi")


async def test_migrate_to_supergroup(bot: Bot, emu: BotApiEmulator, group: int) -> None:
    new_id = emu.migrate_to_supergroup(group)
    assert str(new_id).startswith("-100")
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(group, "hello")
    assert caught.value.new_chat_id == new_id
    await bot.send_message(new_id, "hello supergroup")
    updates = await bot.get_updates()
    assert updates[0].message.migrate_to_chat_id == new_id
    assert updates[1].message.migrate_from_chat_id == group
    assert updates[1].message.chat.type == "supergroup"
    assert emu.chat_member_status(new_id, LAN) == "creator"


async def test_user_edits_and_channel_posts(bot: Bot, emu: BotApiEmulator) -> None:
    sent = emu.send_text(LAN, LAN, "1.2 8 ghi chú, hỏi @minh_tran")
    assert sent["entities"] == [{"type": "mention", "offset": 19, "length": 10}]
    emu.edit_user_message(LAN, sent["message_id"], "1.2 8.5")
    channel = emu.add_channel("Tin tức")
    emu.channel_post(channel, "news")
    updates = await bot.get_updates()
    assert updates[1].edited_message.text == "1.2 8.5"
    assert updates[2].channel_post.sender_chat.id == channel


async def test_forum_topics_carry_the_thread_both_ways(bot: Bot, emu: BotApiEmulator) -> None:
    """A supergroup with topics: a message written in a topic says so, and the bot posts in a
    topic with `message_thread_id` (an unknown topic is refused, as Telegram does)."""
    group = emu.add_group("Khối", members=[LAN], supergroup=True)
    topic = emu.add_topic(group, "Thi đua 2026")
    emu.send_text(group, LAN, "/status", thread=topic)
    [update] = await bot.get_updates()
    assert update.message.is_topic_message and update.message.message_thread_id == topic
    assert update.message.chat.is_forum
    sent = await bot.send_message(group, "Trong chủ đề", message_thread_id=topic)
    assert sent.message_thread_id == topic and sent.is_topic_message
    await bot.send_message(group, "Chủ đề chung")
    assert [(m.text, m.thread_id) for m in emu.bot_messages(group)] == [
        ("Trong chủ đề", topic),
        ("Chủ đề chung", None),
    ]
    with pytest.raises(BadRequest, match="thread not found"):
        await bot.send_message(group, "x", message_thread_id=topic + 100)
    with pytest.raises(ValueError, match="only supergroups"):
        emu.add_topic(emu.add_group("Nhóm thường", members=[LAN]), "x")
    emu.delete_topic(group, topic)  # deleted by an administrator: its thread is refused
    with pytest.raises(BadRequest, match="thread not found"):
        await bot.send_message(group, "x", message_thread_id=topic)
    with pytest.raises(LookupError):
        emu.delete_topic(group, topic)

"""/start, /help, /lang, /me, /cancel and the bad-input rules, as people see them."""

from __future__ import annotations

import logging

import pytest
from pydantic import BaseModel
from telegram import Update

from bot.registry import Command, Feature, Flow, Where
from bot.usecases import flows
from tests.flows.conftest import ALICE, BOB, CAROL, Harness


class Note(BaseModel):
    """The draft of a test flow: lines typed so far."""

    lines: list[str] = []


async def test_start_welcomes_in_the_users_telegram_language(bot: Harness) -> None:
    [vi] = await bot.say(ALICE, ALICE, "/start")
    assert "Xin chào" in vi.text and "Lan" in vi.text
    [en] = await bot.say(BOB, BOB, "/start")
    assert "Hello" in en.text and "Bob" in en.text


async def test_lang_switches_and_is_remembered_across_a_restart(bot: Harness) -> None:
    [answer] = await bot.say(ALICE, ALICE, "/lang en")
    assert answer.text.startswith("Switched to English")
    [help_en] = await bot.say(ALICE, ALICE, "/help")
    assert "In a private chat with me you can" in help_en.text
    assert "/me" in help_en.text and "/lang" in help_en.text
    await bot.restart()
    [me] = await bot.say(ALICE, ALICE, "/me")
    assert "You are not a delegate" in me.text
    [back] = await bot.say(ALICE, ALICE, "/lang vi")
    assert "tiếng Việt" in back.text


async def test_lang_with_a_bad_argument_explains_usage(bot: Harness) -> None:
    [answer] = await bot.say(ALICE, ALICE, "/lang fr")
    assert "/lang vi" in answer.text and "/lang en" in answer.text
    profile = await bot.services.users.get(ALICE)
    assert profile is not None and profile.chosen_language is None


@pytest.mark.parametrize("args", ["", " fr"])
async def test_lang_without_a_language_says_the_current_one_and_offers_both(
    bot: Harness, args: str
) -> None:
    [answer] = await bot.say(ALICE, ALICE, f"/lang{args}")
    assert answer.text.startswith("Ngôn ngữ Anh/Chị đang dùng: tiếng Việt.")
    assert "/lang vi" in answer.text and "/lang en" in answer.text
    assert answer.button_texts() == ["🇻🇳 Tiếng Việt", "🇬🇧 English"]
    await bot.press(ALICE, ALICE, text="English")
    assert bot.last(ALICE).text.startswith("Switched to English")
    profile = await bot.services.users.get(ALICE)
    assert profile is not None and profile.chosen_language == "en"
    # In the group, said in the group's language (Bob's own is English), with no buttons.
    [group] = await bot.say(bot.group, BOB, "/lang")
    assert group.text.startswith("Ngôn ngữ Anh/Chị đang dùng: tiếng Anh.") and group.buttons == []


async def test_menus_are_set_per_scope_and_language(bot: Harness) -> None:
    private_en = bot.emu.commands({"type": "all_private_chats"}, "en")
    assert {"start", "help", "me", "lang", "cancel"} <= {c["command"] for c in private_en}
    assert any(c["description"] == "What you can do" for c in private_en)
    private_vi = bot.emu.commands({"type": "all_private_chats"}, "vi")
    assert any("Những việc" in c["description"] for c in private_vi)
    group_vi = bot.emu.commands({"type": "all_group_chats"}, "vi")
    assert "help" in {c["command"] for c in group_vi}
    assert {"lang", "cancel"} <= {c["command"] for c in group_vi}  # answered there too
    assert "me" not in {c["command"] for c in group_vi}
    assert bot.emu.commands({"type": "default"}, "") == bot.emu.commands(
        {"type": "all_private_chats"}, "vi"
    )


async def test_text_without_a_flow_gets_a_hint(bot: Harness) -> None:
    [answer] = await bot.say(ALICE, ALICE, "xin chào")
    assert "/help" in answer.text


async def test_unknown_command_in_private(bot: Harness) -> None:
    [answer] = await bot.say(BOB, BOB, "/frobnicate")
    assert answer.text == "I don't know that command. Type /help to see the commands."


async def test_private_command_in_the_group_points_to_the_private_chat(bot: Harness) -> None:
    [answer] = await bot.say(bot.group, CAROL, "/me")
    assert "/me" in answer.text
    [[button]] = answer.buttons
    assert button.url == "https://t.me/bloc_assistant_bot"


async def test_unknown_commands_in_the_group_are_left_to_other_bots(bot: Harness) -> None:
    assert await bot.say(bot.group, CAROL, "/weather") == []
    [answer] = await bot.say(bot.group, CAROL, "/weather@bloc_assistant_bot")
    assert "/help" in answer.text


async def test_plain_group_chatter_is_ignored(bot: Harness) -> None:
    assert await bot.say(bot.group, CAROL, "Chào cả nhà") == []


async def test_edited_messages_and_channel_posts_are_ignored(bot: Harness) -> None:
    sent = bot.emu.send_text(ALICE, ALICE, "hello")
    await bot.settle()
    before = len(bot.emu.bot_messages(ALICE))
    bot.emu.edit_user_message(ALICE, sent["message_id"], "/start")
    channel = bot.emu.add_channel("Tin tức")
    bot.emu.channel_post(channel, "/help")
    await bot.settle()
    assert len(bot.emu.bot_messages(ALICE)) == before
    assert bot.emu.bot_messages(channel) == []


async def test_an_edit_in_the_middle_of_a_flow_is_answered_not_read(bot: Harness) -> None:
    """A delegate who corrects their commitments by editing the message is told the edit was
    not taken in; the draft keeps what was sent; in a group an edit stays unanswered."""
    await bot.say(BOB, BOB, "/start")
    await bot.services.flows.save(BOB, "pledge", "commitments", {"text": "draft"}, bot.clock.now())
    sent = bot.emu.send_text(BOB, BOB, "Cam kết hoàn thành 100% kế hoạch")
    await bot.settle()
    before = len(bot.emu.bot_messages(BOB))
    bot.emu.edit_user_message(BOB, sent["message_id"], "Cam kết hoàn thành 120% kế hoạch")
    await bot.settle()
    [told] = bot.emu.bot_messages(BOB)[before:]
    assert "do not read edited messages" in told.text and "again as a new message" in told.text
    kept = await bot.services.flows.get(BOB, "pledge")
    assert kept is not None and "120%" not in str(kept.data)
    in_group = bot.emu.send_text(bot.group, BOB, "/status")
    await bot.settle()
    group_before = len(bot.emu.bot_messages(bot.group))
    bot.emu.edit_user_message(bot.group, in_group["message_id"], "/help")
    await bot.settle()
    assert len(bot.emu.bot_messages(bot.group)) == group_before


async def test_cancel_without_and_with_a_flow(bot: Harness) -> None:
    [nothing] = await bot.say(BOB, BOB, "/cancel")
    assert nothing.text.startswith("There is nothing unfinished to pause.")
    await bot.services.flows.save(BOB, "pledge", "commitments", {"text": "draft"}, bot.clock.now())
    [done] = await bot.say(BOB, BOB, "/cancel")
    assert "/pledge" in done.text and "draft is kept" in done.text
    kept = await bot.services.flows.get(BOB, "pledge")
    assert kept is not None and kept.data == {"text": "draft"} and not kept.active


RESUMED_BY_BUTTON = {
    "vi": (
        "Anh/Chị còn một việc chưa hoàn tất: Trả lời kết quả thẩm định. Để tiếp tục, "
        "Anh/Chị bấm lại nút đã mở việc đó",
        "Đã tạm dừng việc Trả lời kết quả thẩm định. Bản nháp của Anh/Chị vẫn được giữ; "
        "để tiếp tục, Anh/Chị bấm lại nút đã mở việc đó.",
    ),
    "en": (
        "Something is unfinished: Answering the score review. To carry on, press again the "
        "button that opened it",
        "Paused: Answering the score review. Your draft is kept; to carry on, press again the "
        "button that opened it.",
    ),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_flow_opened_by_a_button_is_resumed_by_the_button(bot: Harness, lang: str) -> None:
    """QA: /start and /cancel built "/review_answer" from the flow's name; no such command
    exists. A flow no command resumes is named, with the button that opened it."""
    welcome_said, cancel_said = RESUMED_BY_BUTTON[lang]
    await bot.say(ALICE, ALICE, f"/lang {lang}")
    await bot.services.flows.save(ALICE, "review_answer", "note", {}, bot.clock.now())
    [welcome] = await bot.say(ALICE, ALICE, "/start")
    assert welcome_said in welcome.text and "/review_answer" not in welcome.text
    [paused] = await bot.say(ALICE, ALICE, "/cancel")
    assert paused.text == cancel_said


async def test_a_flow_resumes_after_a_restart(bot: Harness) -> None:
    """The flow mechanism: each step is stored as it happens; a new process carries on."""

    async def note_step(update: Update, context) -> None:  # type: ignore[no-untyped-def]
        user = update.effective_user
        assert user is not None and update.effective_message is not None
        draft = await flows.load(context.services, user.id, "note", Note)
        assert draft is not None
        note = Note(lines=[*draft.lines, update.effective_message.text or ""])
        await flows.advance(context.services, user.id, "note", "writing", note)
        await context.bot.send_message(user.id, f"{len(note.lines)} lines")

    async def note_command(update: Update, context) -> None:  # type: ignore[no-untyped-def]
        user = update.effective_user
        assert user is not None
        await flows.advance(context.services, user.id, "note", "writing", Note())

    bot.features.append(
        Feature(
            "note",
            commands=[Command("note", note_command, Where.PRIVATE)],  # what /start names
            flows=[Flow("note", Note, text={"writing": note_step})],
        )
    )
    await bot.restart()
    await bot.say(ALICE, ALICE, "/start")
    await flows.advance(bot.services, ALICE, "note", "writing", Note())
    [one] = await bot.say(ALICE, ALICE, "dòng một")
    assert one.text == "1 lines"
    await bot.restart()
    [welcome] = await bot.say(ALICE, ALICE, "/start")
    assert "/note" in welcome.text
    [two] = await bot.say(ALICE, ALICE, "dòng hai")
    assert two.text == "2 lines"
    state = await bot.services.flows.get(ALICE, "note")
    assert state is not None and state.data == {"lines": ["dòng một", "dòng hai"]}


async def test_a_telegram_failure_is_logged_and_apologised_for(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.emu.faults.fail_next(1, status=500, methods={"sendMessage"})
    with caplog.at_level(logging.WARNING, logger="handlers.errors"):
        answers = await bot.say(ALICE, ALICE, "/start")
    assert len(answers) == 1
    assert "Xin lỗi" in answers[0].text
    [line] = [r for r in caplog.records if r.name == "handlers.errors"]
    assert line.levelno == logging.WARNING and line.exc_info is None  # one line, no traceback
    assert "update" in line.getMessage() and len(line.getMessage().splitlines()) == 1
    [again] = await bot.say(ALICE, ALICE, "/start")
    assert "Xin chào" in again.text


async def test_users_are_recorded_with_their_profile(bot: Harness) -> None:
    await bot.say(bot.group, CAROL, "Chào")
    await bot.say(BOB, BOB, "/start")
    carol = await bot.services.users.get(CAROL)
    bob = await bot.services.users.get(BOB)
    assert carol is not None and carol.username == "mai" and not carol.started
    assert bob is not None and bob.started and bob.telegram_language == "en"


async def test_a_button_no_feature_knows_gets_a_polite_answer(bot: Harness) -> None:
    await bot.say(ALICE, ALICE, "/start")
    message = bot.last(ALICE)
    for data in ("v0:old:thing", "v1:retired:go:1", "garbage"):
        query_id = bot.emu.press_forged(ALICE, ALICE, message.message_id, data)
        await bot.settle()
        answer = bot.emu.answer_for(query_id)
        assert answer is not None and "cũ" in answer["text"], data
    assert bot.emu.bot_messages(ALICE) == [message]


async def test_an_anonymous_admin_is_asked_to_show_themselves(bot: Harness) -> None:
    bot.emu.send_as_anonymous_admin(bot.group, "/setup Khối thử")
    bot.emu.send_as_anonymous_admin(bot.group, "chào cả nhà")
    await bot.settle()
    [answer] = bot.emu.bot_messages(bot.group)
    assert "ẩn danh" in answer.text
    assert await bot.services.blocs.by_chat(bot.group) is None

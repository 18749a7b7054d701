"""A bloc's group with topics (a forum supergroup): the bot answers in the topic where it was
asked, commands, confirmations and files alike, and in the General topic when asked there."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.year_setup import make_bloc


async def _say_in(bot: Harness, topic: int | None, user: int, text: str) -> None:
    bot.emu.send_text(bot.group, user, text, thread=topic)
    await bot.settle()


def _threads(bot: Harness, since: int) -> list[int | None]:
    return [m.thread_id for m in bot.emu.bot_messages(bot.group)[since:]]


async def test_answers_go_to_the_topic_of_the_question(bot: Harness) -> None:
    forum = bot.emu.add_group(
        "Khối thi đua (chủ đề)",
        members=[ADMIN, ALICE, BOB, CAROL],
        admins=[ADMIN],
        supergroup=True,
    )
    topic = bot.emu.add_topic(forum, "Thi đua 2026")
    bot.group = forum
    await make_bloc(bot, delegates={"DLK": [ALICE]})

    await _say_in(bot, topic, ADMIN, "/year 2026")
    asked = bot.last(forum)
    assert "2026" in asked.text and asked.thread_id == topic
    await bot.press(forum, ADMIN, text="✅")  # the confirmation edits the question in place
    assert "✅" in asked.text and asked.thread_id == topic

    before = len(bot.emu.bot_messages(forum))
    await _say_in(bot, topic, CAROL, "/status")
    await _say_in(bot, None, CAROL, "/status")  # asked in the General topic: answered there
    await _say_in(bot, topic, ALICE, "/pledge")  # a private command: the pointer, in the topic
    assert _threads(bot, before) == [topic, None, topic]
    assert "/pledge" in bot.last(forum).text

    before = len(bot.emu.bot_messages(forum))
    await _say_in(bot, topic, ADMIN, "/export")
    await bot.press(forum, ADMIN, text="📎")
    files = [m for m in bot.emu.bot_messages(forum)[before:] if m.document]
    assert len(files) == 1 and {m.thread_id for m in files} == {topic}  # nothing ranked: no chart
    assert set(_threads(bot, before)) == {topic}


async def _forum(bot: Harness) -> int:
    """The bot's group as a forum with one topic (before any bloc is set up there)."""
    bot.group = bot.emu.add_group(
        "Khối thi đua (chủ đề)",
        members=[ADMIN, ALICE, BOB, CAROL],
        admins=[ADMIN],
        supergroup=True,
    )
    return bot.emu.add_topic(bot.group, "Thi đua 2026")


async def test_a_stored_commands_answer_the_notifier_takes_over_comes_in_its_topic(
    bot: Harness,
) -> None:
    """/setup is stored, then Telegram fails on its answer: the notifier sends it later, in
    the topic where it was typed."""
    topic = await _forum(bot)
    bot.emu.faults.fail_next(1, status=502, methods={"sendMessage"})
    await _say_in(bot, topic, ADMIN, "/setup Khối Tây Nguyên")
    [answer] = bot.emu.bot_messages(bot.group)
    assert "Khối Tây Nguyên" in answer.text and answer.thread_id == topic


async def test_a_confirmation_whose_screen_cannot_be_edited_comes_anew_in_its_topic(
    bot: Harness,
) -> None:
    """/year's ✅ is stored, the screen's edit fails (5xx), and then it can no longer be edited:
    the outcome comes as a new message, in the topic of the screen."""
    topic = await _forum(bot)
    await make_bloc(bot, delegates={"DLK": [ALICE]})
    await _say_in(bot, topic, ADMIN, "/year 2026")
    asked = bot.last(bot.group)
    before = len(bot.emu.bot_messages(bot.group))
    faults = bot.emu.faults
    faults.fail_next(1, status=502, methods={"editMessageText"})
    gone = "Bad Request: message can't be edited"
    faults.fail_next(1, status=400, description=gone, methods={"editMessageText"})
    await bot.press(bot.group, ADMIN, text="✅")
    [outcome] = bot.emu.bot_messages(bot.group)[before:]
    assert "2026" in outcome.text and outcome.thread_id == topic
    assert "✅" not in asked.text  # the screen itself stayed as it was

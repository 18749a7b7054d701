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

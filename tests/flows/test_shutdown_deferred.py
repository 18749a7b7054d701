"""A stop (SIGTERM, Ctrl-C, a deploy) with group replies still waiting for the group's budget:
each is sent within the stop's short grace, or kept in the outbox and sent once after the
restart. Nothing a person asked for is lost, nothing is sent twice."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta

import pytest

from bot import notifier as notifier_module
from bot.notifier import STOP_GRACE_SECONDS, Outgoing
from bot.rate_limit import BACKGROUND, Limits
from tests.flows.conftest import ADMIN, ALICE, CAROL, Harness
from tests.flows.runtime_kit import limiter_of
from tests.flows.test_pledge_edges import _ready


async def _spend_the_groups_budget(h: Harness, lines: int) -> None:
    bot = h.app.bot  # type: ignore[union-attr]
    for i in range(lines):
        await bot.send_message(h.group, f"dòng {i}", rate_limit_args=BACKGROUND)


def _texts(h: Harness, chat: int) -> list[str]:
    return [m.text for m in h.emu.bot_messages(chat)]


async def _outbox_keys(h: Harness) -> list[str]:
    return [q.message.key for q in await h.services.notifier.outbox.pending()]


async def test_a_group_reply_deferred_at_a_stop_is_kept_and_sent_once_after_the_restart(
    harness: Harness,
) -> None:
    harness.limits = Limits(group=2, group_window=60.0)  # the group's minute is spent at once
    await harness.start()
    await _spend_the_groups_budget(harness, 2)
    await harness.say(harness.group, CAROL, "/help")
    assert limiter_of(harness).deferred == 1  # the answer waits for the group's next minute
    before = _texts(harness, harness.group)

    started = time.monotonic()
    await harness.stop()
    assert time.monotonic() - started < STOP_GRACE_SECONDS  # a minute away: kept at once

    assert _texts(harness, harness.group) == before  # not sent while stopping…
    await harness.start()  # …but kept: the next process sends it
    await harness.settle()
    answers = _texts(harness, harness.group)[len(before) :]
    assert len(answers) == 1 and "/help" in answers[0]
    assert await _outbox_keys(harness) == []

    await harness.restart()  # and never again
    harness.clock.move(timedelta(minutes=10))
    await harness.settle()
    assert _texts(harness, harness.group)[len(before) :] == answers


async def _held_in_a_topic(h: Harness) -> tuple[int, list[str]]:
    """A forum group whose minute is spent, and CAROL's /help in one of its topics, held back
    by the limiter; returns the topic and the group's messages so far."""
    h.limits = Limits(group=2, group_window=60.0)
    h.group = h.emu.add_group(
        "Khối thi đua (chủ đề)", members=[ADMIN, ALICE, CAROL], admins=[ADMIN], supergroup=True
    )
    topic = h.emu.add_topic(h.group, "Thi đua 2026")
    await h.start()
    await _spend_the_groups_budget(h, 2)
    h.emu.send_text(h.group, CAROL, "/help", thread=topic)
    await h.settle()
    assert limiter_of(h).deferred == 1
    return topic, _texts(h, h.group)


async def test_a_reply_in_a_forum_topic_kept_at_a_stop_comes_in_that_topic(
    harness: Harness,
) -> None:
    topic, before = await _held_in_a_topic(harness)
    await harness.stop()
    await harness.start()
    await harness.settle()
    [answer] = harness.emu.bot_messages(harness.group)[len(before) :]
    assert "/help" in answer.text and answer.thread_id == topic  # where CAROL asked, not General
    assert await _outbox_keys(harness) == []


async def test_a_kept_reply_whose_topic_was_deleted_meanwhile_comes_in_general(
    harness: Harness,
) -> None:
    """The topic went away while the bot was stopped: Telegram refuses the thread, and the
    answer comes in the General topic rather than being lost."""
    topic, before = await _held_in_a_topic(harness)
    await harness.stop()
    harness.emu.delete_topic(harness.group, topic)
    await harness.start()
    await harness.settle()
    [answer] = harness.emu.bot_messages(harness.group)[len(before) :]
    assert "/help" in answer.text and answer.thread_id is None
    assert await _outbox_keys(harness) == []


async def test_a_group_reply_whose_turn_comes_within_the_grace_is_sent_at_the_stop(
    harness: Harness,
) -> None:
    harness.limits = Limits(group=2, group_window=1.5, hold=0.5)  # its turn: ~1.5 s away
    await harness.start()
    await _spend_the_groups_budget(harness, 2)
    await harness.say(harness.group, ADMIN, "/help")
    assert limiter_of(harness).deferred == 1
    before = len(_texts(harness, harness.group))

    await harness.stop()
    assert len(_texts(harness, harness.group)) == before + 1  # sent before the stop ended
    await harness.start()
    await harness.settle()
    assert await _outbox_keys(harness) == []
    assert len(_texts(harness, harness.group)) == before + 1  # and not kept to send again


async def test_a_screen_edit_held_by_a_flood_wait_at_a_stop_is_made_after_the_restart(
    harness: Harness,
) -> None:
    """The pressed screen's edit drew a 40 s flood wait, so it waits in the background; a stop
    keeps it (text and buttons), and the next process edits that same screen, once."""
    harness.limits = Limits(private=100, group=100)
    await harness.start()
    await _ready(harness)
    await harness.say(ALICE, ALICE, "/pledge")
    screen = harness.last(ALICE)
    messages = len(harness.emu.bot_messages(ALICE))
    harness.emu.faults.fail_next(1, status=429, retry_after=40, methods={"editMessageText"})
    await harness.press(ALICE, ALICE, text="Bằng khen")
    assert limiter_of(harness).deferred == 1
    wanted = harness.emu.calls("editMessageText")[-1][1]
    unchanged = screen.html

    await harness.stop()
    assert screen.html == unchanged
    await harness.start()
    await harness.settle()
    assert screen.html == wanted["text"]
    assert screen.reply_markup == json.loads(wanted["reply_markup"])
    assert len(harness.emu.bot_messages(ALICE)) == messages  # the screen edited, no new one
    edits = len(harness.emu.calls("editMessageText"))
    await harness.restart()
    assert len(harness.emu.calls("editMessageText")) == edits


async def test_a_stop_that_cuts_a_send_off_after_telegrams_answer_still_logs_it(
    bot: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The group line is out, but its log entry waits for the database (another transaction
    holds it) when the stop's grace ends: the cut must not drop the log entry, or the next
    process posts the line again."""
    monkeypatch.setattr(notifier_module, "STOP_GRACE_SECONDS", 0.3)
    db = bot.services.db
    holding, release = asyncio.Event(), asyncio.Event()

    async def hold_the_database() -> None:
        async with db.transaction():
            holding.set()
            await release.wait()

    bot.emu.faults.delay_next(1, 0.2, methods={"sendMessage"})
    async with db.transaction():
        await bot.services.notifier.enqueue(Outgoing("t:cut", bot.group, "Dòng một lần"))
    holder = asyncio.ensure_future(hold_the_database())
    await holding.wait()
    while not bot.emu.bot_messages(bot.group):  # Telegram has it; the log entry waits
        await asyncio.sleep(0.01)
    stopping = asyncio.ensure_future(bot.stop())
    await asyncio.sleep(0.6)  # the grace is over: the send's task is cut off
    release.set()
    await asyncio.gather(holder, stopping)

    await bot.start()
    await bot.settle()
    bot.clock.move(timedelta(minutes=10))
    await bot.settle()
    assert _texts(bot, bot.group) == ["Dòng một lần"]
    assert await bot.services.notifier.outbox.outcome("t:cut") == "sent"

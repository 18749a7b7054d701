"""The notifier through the emulator: retries, flood waits, unreachable people, restarts, once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.notifier import Outgoing
from bot.rate_limit import Limits
from bot.scheduler import Job
from tests.flows.conftest import ALICE, BOB, CAROL, Harness


async def _queue(h: Harness, *messages: Outgoing) -> list[bool]:
    """Queue in one transaction (as a use case does), then let the bot send."""
    async with h.services.db.transaction():
        added = [await h.services.notifier.enqueue(m) for m in messages]
    await h.settle()
    return added


async def _later(h: Harness, seconds: float) -> None:
    h.clock.move(timedelta(seconds=seconds))
    await h.settle()


def _texts(h: Harness, chat: int) -> list[str]:
    return [m.text for m in h.emu.bot_messages(chat)]


async def _outcome(h: Harness, key: str) -> str | None:
    return await h.services.notifier.outbox.outcome(key)


async def test_5xx_is_retried_with_back_off_and_sent_once(bot: Harness) -> None:
    bot.emu.faults.fail_next(3, status=502, methods={"sendMessage"})
    await _queue(bot, Outgoing("t:1", bot.group, "Dòng một"))
    assert _texts(bot, bot.group) == []  # first try and the immediate retry failed
    await _later(bot, 2)  # the third try fails too
    assert _texts(bot, bot.group) == []
    await _later(bot, 4)
    assert _texts(bot, bot.group) == []
    await _later(bot, 1)
    assert _texts(bot, bot.group) == ["Dòng một"]
    await _later(bot, 600)
    assert _texts(bot, bot.group) == ["Dòng một"]
    assert await _outcome(bot, "t:1") == "sent"


async def test_429_waits_retry_after(harness: Harness) -> None:
    harness.limits = Limits(max_retries=0)  # the limiter passes the 429 on at once
    await harness.start()
    harness.emu.faults.fail_next(1, status=429, retry_after=1, methods={"sendMessage"})
    await _queue(harness, Outgoing("t:429", harness.group, "Chờ"))
    await _later(harness, 0.9)
    assert _texts(harness, harness.group) == []
    await _later(harness, 0.1)  # the limiter keeps the chat's own block (1 s real) too
    assert _texts(harness, harness.group) == ["Chờ"]


async def test_403_marks_the_person_unreachable_and_is_not_retried(bot: Harness) -> None:
    await bot.say(ALICE, ALICE, "/start")
    await _queue(bot, Outgoing("t:a", ALICE, "Nhắc Lan"), Outgoing("t:c", CAROL, "Nhắc Mai"))
    assert _texts(bot, ALICE)[-1] == "Nhắc Lan"
    notifier = bot.services.notifier
    assert await notifier.unreachable_among([ALICE, CAROL, BOB]) == {CAROL}
    assert await _outcome(bot, "t:c") == "unreachable"
    calls = len(bot.emu.calls("sendMessage"))
    await _later(bot, 3600)
    assert len(bot.emu.calls("sendMessage")) == calls
    await notifier.reachable_again(CAROL)
    assert await notifier.unreachable_among([CAROL]) == set()


async def test_pressing_start_makes_a_person_reachable_again(bot: Harness) -> None:
    """Someone the bot could not write to (403) presses Start: the next message reaches them."""
    await bot.say(bot.group, CAROL, "/help")  # known to the bot, never started it privately
    await _queue(bot, Outgoing("t:c1", CAROL, "Nhắc Mai"))
    notifier = bot.services.notifier
    assert await notifier.unreachable_among([CAROL]) == {CAROL}
    await bot.say(CAROL, CAROL, "/start")
    assert await notifier.unreachable_among([CAROL]) == set()
    await _queue(bot, Outgoing("t:c2", CAROL, "Nhắc Mai lần nữa"))
    assert _texts(bot, CAROL)[-1] == "Nhắc Mai lần nữa"


async def test_a_person_marked_unreachable_before_a_restart_is_tried_again_on_writing(
    bot: Harness,
) -> None:
    """The mark outlives a restart; the person's first private message after it clears it (the
    bot knows the marked chats from start-up, so others writing cost nothing), and the next
    message reaches them."""
    await bot.say(bot.group, CAROL, "/help")
    await _queue(bot, Outgoing("t:m1", CAROL, "Nhắc Mai"))
    await bot.restart()
    notifier = bot.services.notifier
    assert await notifier.unreachable_among([CAROL]) == {CAROL}
    await bot.say(ALICE, ALICE, "/help")  # someone never marked: stays unmarked, nothing else
    assert await notifier.unreachable_among([ALICE, CAROL]) == {CAROL}
    await bot.say(CAROL, CAROL, "/help")
    assert await notifier.unreachable_among([CAROL]) == set()
    await _queue(bot, Outgoing("t:m2", CAROL, "Nhắc Mai lần nữa"))
    assert _texts(bot, CAROL)[-1] == "Nhắc Mai lần nữa"


async def test_a_key_is_sent_once_even_when_queued_again(bot: Harness) -> None:
    first = Outgoing("t:once", bot.group, "Một lần")
    assert await _queue(bot, first, first) == [True, False]
    assert await _queue(bot, first) == [False]  # already in the sent log
    await bot.restart()
    assert await _queue(bot, first) == [False]
    assert _texts(bot, bot.group) == ["Một lần"]


async def test_a_restart_sends_what_was_not_sent_and_nothing_twice(bot: Harness) -> None:
    bot.emu.faults.fail_next(2, status=500, methods={"sendMessage"})
    await _queue(bot, Outgoing("t:r1", bot.group, "Sau khởi động"))
    await _queue(bot, Outgoing("t:r2", bot.group, "Đã gửi"))  # held behind nothing: sent now
    assert _texts(bot, bot.group) == ["Đã gửi"]
    await bot.restart()
    await _later(bot, 2)
    assert _texts(bot, bot.group) == ["Đã gửi", "Sau khởi động"]
    await bot.restart()
    await _later(bot, 600)
    assert _texts(bot, bot.group) == ["Đã gửi", "Sau khởi động"]


async def test_an_edit_that_cannot_be_made_comes_as_one_new_message(bot: Harness) -> None:
    await bot.say(ALICE, ALICE, "/start")
    screen = bot.last(ALICE)
    await _queue(bot, Outgoing("t:gone", ALICE, "Đã lưu", edit_message_id=screen.message_id + 99))
    assert _texts(bot, ALICE)[-1] == "Đã lưu"
    assert _texts(bot, ALICE).count("Đã lưu") == 1


async def test_a_timed_out_edit_is_retried_not_doubled(bot: Harness) -> None:
    await bot.say(ALICE, ALICE, "/start")
    screen = bot.last(ALICE)
    before = len(bot.emu.bot_messages(ALICE))
    bot.emu.faults.fail_next(2, status=504, methods={"editMessageText"})
    await _queue(bot, Outgoing("t:edit", ALICE, "Đã lưu", edit_message_id=screen.message_id))
    await _later(bot, 2)
    assert screen.text == "Đã lưu"
    assert len(bot.emu.bot_messages(ALICE)) == before  # the screen, edited: no second message


async def test_a_scheduled_job_queues_through_the_notifier_and_sends_once(bot: Harness) -> None:
    services = bot.services

    async def remind(job: Job) -> None:
        async with services.db.transaction():
            await services.notifier.enqueue(Outgoing(f"{job.id}:group", bot.group, "Nhắc hạn"))

    services.scheduler.define("demo", run=remind)
    services.scheduler.put(Job("demo:1:pledge:1h", bot.clock.now() + timedelta(hours=1)))
    bot.clock.move(timedelta(minutes=59))
    assert await services.scheduler.run_due() == []
    bot.clock.move(timedelta(minutes=1))
    assert await services.scheduler.run_due() == ["demo:1:pledge:1h"]
    await remind(Job("demo:1:pledge:1h", bot.clock.now()))  # run twice: still sent once
    await bot.settle()
    assert _texts(bot, bot.group) == ["Nhắc hạn"]


async def test_a_slow_answer_from_telegram_is_waited_for_not_sent_twice(bot: Harness) -> None:
    """Telegram answers a group line after 5.5 s, past PTB's 5 s read time-out for a person's
    answer; the background send waits longer, so the line is logged as sent and never
    repeated (a retry after giving up would post it twice: Telegram had taken it)."""
    bot.emu.faults.delay_next(1, 5.5, methods={"sendMessage"})
    await _queue(bot, Outgoing("t:slow", bot.group, "Dòng chậm"))
    await bot.settle(timeout=10)
    await bot.services.notifier.idle()
    for _ in range(3):
        await _later(bot, 60)
    assert _texts(bot, bot.group) == ["Dòng chậm"]
    assert await _outcome(bot, "t:slow") == "sent"


async def test_a_stop_lets_a_send_on_the_wire_finish_and_log_it(bot: Harness) -> None:
    """A restart (SIGTERM: a deploy) while a group line is on its way: the stop waits for
    Telegram's answer and logs the line, so the next process does not post it again."""
    bot.emu.faults.delay_next(1, 1.0, methods={"sendMessage"})
    async with bot.services.db.transaction():
        await bot.services.notifier.enqueue(
            Outgoing("t:deploy", bot.group, "Dòng lúc khởi động lại")
        )
    while not any(r.method == "sendMessage" for r in bot.emu.call_log):
        await asyncio.sleep(0.01)
    await bot.stop()
    await bot.start()
    await bot.settle()
    await _later(bot, 60)
    assert _texts(bot, bot.group) == ["Dòng lúc khởi động lại"]
    assert await _outcome(bot, "t:deploy") == "sent"

"""The rate limiter against the emulator's enforced limits: exact windows, 429s stay local."""

from __future__ import annotations

import asyncio
import time

from bot.rate_limit import BACKGROUND, Limits, SlidingWindow, is_counted
from tests.flows.conftest import ALICE, BOB, Harness
from tests.flows.runtime_kit import add_people, limiter_of, most_in_window, record_sends, refused
from tests.flows.test_pledge_edges import _ready


async def _start(harness: Harness, limits: Limits) -> None:
    harness.limits = limits
    harness.emu.flood.enabled = True
    await harness.start()


async def test_a_burst_of_private_replies_keeps_30_a_second_and_draws_no_429(
    harness: Harness,
) -> None:
    await _start(harness, Limits())
    people = add_people(harness.emu, 6000, 45)
    sends = record_sends(harness.emu)
    for person in people:  # right after an idle spell: the window must hold from the start
        harness.emu.send_text(person, person, "/help")
    await harness.settle()

    assert all(harness.emu.bot_messages(p) for p in people)
    assert refused(harness.emu) == 0
    assert most_in_window([t for t, _ in sends], 1.0) <= 30
    assert len(sends) >= 45


async def test_one_group_gets_at_most_its_budget_in_any_window(harness: Harness) -> None:
    await _start(harness, Limits(group=5, group_window=0.4))  # 20 a minute, shrunk in time
    sends = record_sends(harness.emu)
    bot = harness.app.bot  # type: ignore[union-attr]
    lines = [bot.send_message(harness.group, f"{i}", rate_limit_args=BACKGROUND) for i in range(12)]
    await asyncio.gather(*lines)

    times = [t for t, chat in sends if chat == harness.group]
    assert len(times) == 12
    assert most_in_window(times, 0.4) <= 5
    assert [m.text for m in harness.emu.bot_messages(harness.group)] == [str(i) for i in range(12)]
    assert refused(harness.emu) == 0


async def test_a_429_delays_only_its_own_chat(harness: Harness) -> None:
    await _start(harness, Limits())
    await harness.say(ALICE, ALICE, "/start")
    harness.emu.faults.fail_next(1, status=429, retry_after=1, methods={"sendMessage"})
    bot = harness.app.bot  # type: ignore[union-attr]
    started = time.monotonic()
    group_line = asyncio.ensure_future(
        bot.send_message(harness.group, "dòng nhóm", rate_limit_args=BACKGROUND)
    )
    await asyncio.sleep(0.05)  # the group's first try has drawn the 429
    await bot.send_message(ALICE, "riêng")
    private_took = time.monotonic() - started
    await group_line
    group_took = time.monotonic() - started

    assert private_took < 0.5
    assert group_took >= 1.0  # retry_after honoured
    assert [m.text for m in harness.emu.bot_messages(harness.group)] == ["dòng nhóm"]


async def test_a_reply_that_cannot_go_soon_is_not_held_in_the_handler(harness: Harness) -> None:
    await _start(harness, Limits())
    harness.emu.faults.fail_next(1, status=429, retry_after=30, methods={"sendMessage"})
    started = time.monotonic()
    harness.emu.send_text(BOB, BOB, "/help")  # its answer draws a 30 s flood wait
    await harness.settle()
    assert time.monotonic() - started < 2.0
    answer = await harness.say(ALICE, ALICE, "/help")  # another chat is not held up
    assert answer and time.monotonic() - started < 2.5


async def test_look_ups_spend_no_send_budget() -> None:
    assert not is_counted("getChatMember")
    assert not is_counted("getChatAdministrators")
    assert not is_counted("getMe") and not is_counted("getFile") and not is_counted("getUpdates")
    assert not is_counted("answerCallbackQuery") and not is_counted("sendChatAction")
    assert is_counted("sendMessage") and is_counted("editMessageText")
    assert is_counted("sendDocument") and is_counted("copyMessage")


def test_sliding_window_slots_never_crowd_a_window() -> None:
    window = SlidingWindow(3, 1.0)
    slots = [window.take(0.0) for _ in range(7)]
    assert slots == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0]
    assert window.take(10.0) == 10.0  # after an idle spell: no leftover credit beyond the limit
    assert most_in_window([*slots, 10.0], 1.0) <= 3


async def test_a_40_s_flood_wait_on_an_edit_holds_no_handler(harness: Harness) -> None:
    """Issue 17 finding 3: the edit's retry goes to the background; other chats are served."""
    await _start(harness, Limits(private=100, group=100))
    await _ready(harness)
    await harness.say(ALICE, ALICE, "/pledge")
    harness.emu.faults.fail_next(1, status=429, retry_after=40, methods={"editMessageText"})
    started = time.monotonic()
    await harness.press(ALICE, ALICE, text="Bằng khen")
    answer = await harness.say(BOB, BOB, "/help")
    assert answer and time.monotonic() - started < 2.0
    assert limiter_of(harness).deferred == 1


async def test_a_reply_to_a_person_goes_before_waiting_background_sends(harness: Harness) -> None:
    await _start(harness, Limits(overall=3, overall_window=0.3))
    people = add_people(harness.emu, 7000, 25)
    for person in people:
        harness.emu.world.users[person].started = True  # they have talked to the bot before
    sends = record_sends(harness.emu)
    bot = harness.app.bot  # type: ignore[union-attr]
    round_ = [
        asyncio.ensure_future(bot.send_message(p, "nhắc", rate_limit_args=BACKGROUND))
        for p in people[1:]
    ]  # a nudge round: far more than the overall permits
    await asyncio.sleep(0.35)  # the round holds every permit and has a queue behind it
    await bot.send_message(people[0], "trả lời")  # a reply to someone who just wrote
    await asyncio.gather(*round_)

    order = [chat for _, chat in sends]
    assert len(order) == 25 and refused(harness.emu) == 0
    # In order of arrival it would be the 25th; it takes the next free permit instead (the
    # first window's 3 and maybe a few more have gone by then, however slow the machine).
    assert order.index(people[0]) < 12

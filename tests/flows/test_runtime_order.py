"""Updates of different chats run concurrently; one chat's and one person's stay in order."""

from __future__ import annotations

import asyncio
import random
import time

from telegram import Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.context import BotApplication, BotContext
from bot.rate_limit import BACKGROUND, Limits
from tests.flows.conftest import ALICE, CAROL, Harness
from tests.flows.runtime_kit import add_people, limiter_of, record_sends, refused


async def test_each_person_and_chat_in_order_while_many_write_at_once(harness: Harness) -> None:
    seen: list[tuple[int, int, str]] = []
    running, peak = 0, 0
    jitter = random.Random(7)

    async def record(update: Update, context: BotContext) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(jitter.random() * 0.01)  # handlers of different speeds
        assert update.effective_chat and update.effective_user and update.effective_message
        seen.append(
            (
                update.effective_chat.id,
                update.effective_user.id,
                update.effective_message.text or "",
            )
        )
        running -= 1
        raise ApplicationHandlerStop

    def hook(app: BotApplication) -> None:
        app.add_handler(TypeHandler(Update, record), group=-100)

    harness.configure.append(hook)
    await harness.start()
    people = add_people(harness.emu, 5000, 8)
    harness.emu.add_group("Khối B", members=people)
    for step in range(10):
        for person in people:
            harness.emu.send_text(person, person, f"{step}")
        harness.emu.send_text(harness.group, ALICE if step % 2 else CAROL, f"g{step}")
    await harness.settle()

    assert len(seen) == 90
    for person in people:
        assert [t for chat, _, t in seen if chat == person] == [str(s) for s in range(10)]
    assert [t for chat, _, t in seen if chat == harness.group] == [f"g{s}" for s in range(10)]
    assert peak > 1, "updates of different chats ran one at a time"
    processor = harness.app.update_processor  # type: ignore[union-attr]
    assert processor.waiting_keys == 0  # type: ignore[attr-defined]


async def test_a_throttled_group_does_not_delay_another_chat(harness: Harness) -> None:
    harness.limits = Limits()  # Telegram's own limits, enforced by the emulator too
    harness.emu.flood.enabled = True
    await harness.start()
    bot = harness.app.bot  # type: ignore[union-attr]
    await asyncio.gather(
        *(bot.send_message(harness.group, f"{i}", rate_limit_args=BACKGROUND) for i in range(20))
    )  # the group's whole budget for this minute
    sends = record_sends(harness.emu)

    started = time.monotonic()
    harness.emu.send_text(harness.group, CAROL, "/help")
    harness.emu.send_text(ALICE, ALICE, "/help")
    await harness.settle()
    elapsed = time.monotonic() - started

    assert elapsed < 1.0, f"the private /help waited {elapsed:.2f} s behind the group"
    assert [chat for _, chat in sends] == [ALICE]
    assert limiter_of(harness).deferred == 1  # the group's answer goes out when it may
    assert refused(harness.emu) == 0

"""Flood control and fault injection, as PTB experiences them."""

from __future__ import annotations

import datetime as dtm
import time

import pytest
from telegram import Bot
from telegram.error import NetworkError, RetryAfter

from bot.emulator import BotApiEmulator

LAN, MINH = 111, 222
# PTB itself warns when it builds a RetryAfter (int vs timedelta); not the emulator's concern.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def seconds(error: RetryAfter) -> float:
    """retry_after in seconds, whichever type this PTB version returns."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def test_private_chat_burst_then_429(bot: Bot, emu: BotApiEmulator) -> None:
    clock = FakeClock()
    emu.limiter.clock = clock
    emu.flood.enabled = True
    emu.start_bot(LAN)
    for i in range(3):
        await bot.send_message(LAN, f"burst {i}")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(LAN, "one too many")
    assert seconds(caught.value) == 1
    assert len(emu.bot_messages(LAN)) == 3
    clock.now += 1.0
    await bot.send_message(LAN, "after waiting")
    with pytest.raises(RetryAfter):
        await bot.edit_message_text("edits count too", LAN, emu.bot_messages(LAN)[0].message_id)


async def test_group_limit_per_minute(bot: Bot, emu: BotApiEmulator, group: int) -> None:
    clock = FakeClock()
    emu.limiter.clock = clock
    emu.flood.enabled = True
    for i in range(20):
        clock.now += 0.1  # inside the global 30/s limit, within one minute
        await bot.send_message(group, f"m{i}")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(group, "too many")
    assert 55 <= seconds(caught.value) <= 60
    clock.now += 61
    await bot.send_message(group, "fine again")


async def test_flood_body_shape(emu: BotApiEmulator, http) -> None:
    emu.flood.chat_burst = 1
    emu.flood.enabled = True
    emu.start_bot(LAN)
    url = f"/bot{emu.token}/sendMessage"
    assert (await http.post(url, data={"chat_id": LAN, "text": "a"})).status_code == 200
    response = await http.post(url, data={"chat_id": LAN, "text": "b"})
    assert response.status_code == 429
    assert response.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


async def test_fault_injection(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    emu.faults.fail_next(1, status=500)
    emu.faults.fail_next(1, status=502, methods={"sendMessage"})
    emu.faults.fail_next(1, status=429, retry_after=7, methods={"sendMessage"})
    assert await bot.get_updates() == ()  # getUpdates is never failed unless named
    with pytest.raises(NetworkError, match=r"(?i)Internal Server Error"):
        await bot.send_message(LAN, "a")
    with pytest.raises(NetworkError, match=r"(?i)Bad Gateway"):
        await bot.send_message(LAN, "b")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(LAN, "c")
    assert seconds(caught.value) == 7
    await bot.send_message(LAN, "d")
    assert [m.text for m in emu.bot_messages(LAN)] == ["d"]  # failed sends changed nothing
    assert emu.faults.pending == 0

    emu.faults.delay_next(1, 0.3, methods={"sendMessage"})
    await bot.get_me()
    started = time.monotonic()
    await bot.send_message(LAN, "slow")
    assert time.monotonic() - started >= 0.3

"""Issue 17.2: a parse runs in a worker process that is stopped at its time or memory limit,
while the event loop keeps serving others; a refusal comes back whole."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.domain.errors import FileRejected, Reason
from bot.formats import worker
from bot.formats.roster import load_roster
from tests.domain.helpers import sample_roster_bytes


async def test_a_roster_is_parsed_in_the_worker() -> None:
    rows = await worker.parse(load_roster, "roster.yaml", sample_roster_bytes())
    assert len(rows) == 11


async def test_a_refusal_comes_back_with_its_place() -> None:
    with pytest.raises(FileRejected) as caught:
        await worker.parse(load_roster, "units.csv", b'code,name\nAA,"abc\nBB,def\n')
    [err] = caught.value.errors
    assert (err.reason, err.row) == (Reason.UNCLOSED_QUOTE, 2)


async def test_a_parse_past_its_time_is_stopped_and_others_are_served_meanwhile() -> None:
    ticks = 0

    async def other_chats() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    await worker.parse(len, b"")  # the fork server is up before timing
    served = asyncio.create_task(other_chats())
    started = time.monotonic()
    with pytest.raises(FileRejected) as caught:
        await worker.parse(time.sleep, 60, seconds=1)
    served.cancel()
    assert time.monotonic() - started < 5
    assert [e.reason for e in caught.value.errors] == [Reason.TOO_HARD_TO_READ]
    assert ticks > 30


async def test_a_parse_over_its_memory_is_refused() -> None:
    with pytest.raises(FileRejected) as caught:
        await worker.parse(bytearray, 4 * 1024**3, memory_mb=512)
    assert [e.reason for e in caught.value.errors] == [Reason.TOO_HARD_TO_READ]


async def test_a_parser_bug_is_not_taken_for_a_bad_file() -> None:
    with pytest.raises(worker.ParserFailed, match="invalid literal"):
        await worker.parse(int, "x")

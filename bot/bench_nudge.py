"""The nudge round of `python -m bot bench`: 500 delegates in 25 blocs reminded at once, against
the emulator with Telegram's limits enforced, while a person keeps using the bot privately.

The bot runs in this process (the figures are times and counts, not the process's CPU): how
long the private nudges took and the rate achieved (Telegram allows 30 messages a second
overall, so 500 take at least 16.7 s: the floor), the 429s the emulator answered, people who
got a nudge twice, the group digests, and the latency of `/help` sent in private every
second during the round (what a delegate feels while the bot nudges everybody).
`--nudge-pace 1000` sends without pacing (the notifier hands every nudge to the rate limiter at
once), for comparison.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bot.app import build_application, running
from bot.domain.calendar import Phase
from bot.domain.reminders import ReminderSettings
from bot.emulator import BotApiEmulator, FloodLimits
from bot.nudging import NUDGES_PER_SECOND, Nudger
from bot.settings import load_settings
from storage.reminders import ReminderRepo
from views.remind import nudge_texts

TOKEN = "100000003:NUDGE-BENCH-token-not-a-real-one-xxxxx"
ADMIN, PROBE = 9001, 9002
#: Telegram's limit of messages a second, all chats together: what sets the floor.
LIMIT_PER_SECOND = 30


async def no_pledge(services, bloc, year):  # type: ignore[no-untyped-def]
    """The pledge phase's pending units: those without a registered pledge."""
    registered = await services.pledges.of_year(year.id)
    return [u for u in await services.units.list(bloc.id) if u.id not in registered]


async def _seed(services, emu: BotApiEmulator, blocs: int, per_bloc: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Blocs of `per_bloc` units with one delegate each, a 7-day nudge due now."""
    now = services.clock.now()
    ids = []
    for b in range(blocs):
        people = [100_000 + b * 1000 + i for i in range(per_bloc)]
        for person in people:
            emu.add_user(person, f"Người {person}", language_code="vi")
            emu.start_bot(person)
        chat = emu.add_group(f"Khối {b}", members=[ADMIN, *people], admins=[ADMIN])
        bloc = await services.blocs.create(
            chat_id=chat,
            name=f"Khối {b}",
            language="vi",
            timezone="Asia/Ho_Chi_Minh",
            by=ADMIN,
            now=now - timedelta(hours=1),
        )
        for i, person in enumerate(people):
            unit = await services.units.add(bloc.id, f"B{b:02d}U{i:02d}", f"Đơn vị {i}", now)
            await services.units.add_delegate(unit.id, person, by=ADMIN, now=now)
        year = await services.years.open(bloc.id, 2026, by=ADMIN, now=now)
        await services.years.set_deadline(
            year.id,
            Phase.PLEDGE.value,
            now + timedelta(days=7, seconds=-1),
            by=ADMIN,
            now=now - timedelta(hours=1),
        )
        async with services.db.transaction():  # whatever the hour and day the bench runs at
            await ReminderRepo(services.db).save(
                bloc.id,
                ReminderSettings(quiet=None, weekends=True),
                by=ADMIN,
                now=now - timedelta(hours=1),
            )
        ids.append(bloc.id)
    return ids


#: Seconds between two `/help` of the probing person: Telegram allows about one message a
#: second to one chat (3 in any 3 s here), so a faster probe would time that limit, not the round.
PROBE_EVERY = 1.1


async def _probe(emu: BotApiEmulator, stop: asyncio.Event, latencies: list[float]) -> None:
    """`/help` in private every `PROBE_EVERY` s; the time until the bot's answer arrives."""
    while not stop.is_set():
        before = len(emu.bot_messages(PROBE))
        start = time.perf_counter()
        emu.send_text(PROBE, PROBE, "/help")
        while len(emu.bot_messages(PROBE)) == before:
            await asyncio.sleep(0.005)
        latencies.append(time.perf_counter() - start)
        await asyncio.sleep(PROBE_EVERY)


async def _drained(notifier) -> None:  # type: ignore[no-untyped-def]
    """Until the outbox is empty (nudges are spread over the coming seconds)."""
    while True:
        await notifier.idle()
        if not await notifier.outbox.pending():
            return
        await asyncio.sleep(0.05)


async def run(
    blocs: int = 25, per_bloc: int = 20, pace: float = NUDGES_PER_SECOND
) -> dict[str, float]:
    """One round; the figures by name (see `_round`)."""
    emu = BotApiEmulator(token=TOKEN, bot_username="nudge_bench_bot", flood=FloodLimits())
    await emu.start()
    emu.add_user(ADMIN, "Quản trị", language_code="vi")
    emu.add_user(PROBE, "Người thử", language_code="vi")
    emu.start_bot(PROBE)
    accepted: list[tuple[float, int]] = []
    check = emu.flood_check

    def counting(chat):  # type: ignore[no-untyped-def]
        check(chat)
        accepted.append((time.perf_counter(), chat.id))

    emu.flood_check = counting  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as folder:
            settings = load_settings(
                _env_file=None,
                TELEGRAM_BOT_TOKEN=TOKEN,
                TELEGRAM_API_BASE_URL=emu.base_url,
                DATABASE_PATH=Path(folder) / "bench.sqlite3",
            )
            app = build_application(settings)
            async with running(app, poll_timeout=1):
                return await _round(app, emu, accepted, blocs, per_bloc, pace)
    finally:
        await emu.stop()


async def _round(app, emu, accepted, blocs: int, per_bloc: int, pace: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    services = app.bot_data.services
    ids = await _seed(services, emu, blocs, per_bloc)
    emu.send_text(PROBE, PROBE, "/help")  # warm-up
    await emu.settle()
    await app.update_queue.join()
    nudger = Nudger(services, {Phase.PLEDGE: no_pledge}, nudge_texts(), pace=pace)
    stop, latencies = asyncio.Event(), []
    probe = asyncio.create_task(_probe(emu, stop, latencies))
    accepted.clear()
    start = time.perf_counter()
    await asyncio.gather(*(nudger.tick(b, Phase.PLEDGE) for b in ids))
    await _drained(services.notifier)
    seconds = time.perf_counter() - start
    digests = await asyncio.gather(*(nudger.tick(b, Phase.PLEDGE) for b in ids))
    await _drained(services.notifier)
    stop.set()
    await probe
    received = Counter(chat for _, chat in accepted if chat > 0 and chat != PROBE)
    sent = sum(received.values())
    floor = sent / LIMIT_PER_SECOND
    return {
        "private nudges": sent,
        "seconds": seconds,
        "floor": floor,
        "ratio": seconds / floor if floor else float("nan"),
        "rate": sent / seconds if seconds else float("nan"),
        "429s": sum(1 for r in emu.call_log if r.status == 429),
        "twice": sum(1 for n in received.values() if n > 1),
        "digests": sum(1 for r in digests if r.group),
        "help median ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "help worst ms": 1000 * max(latencies) if latencies else float("nan"),
    }

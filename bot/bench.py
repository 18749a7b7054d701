"""`python -m bot bench`: the bot measured alone, side by side with a bare PTB bot.

Each bot runs in its own process (`bot.bench_bot`) against the emulator running here, with
Telegram's limits enforced; both use the same rate limiter and concurrent updates, so the
ratios are what our stack (database, catalogs, rights, flows) costs on top of the library.
Ours runs on a database of `blocs` blocs (15 units × 2 delegates each, an open year with
deadlines, titles and two pledges in three). Phases, in one run per bot:

- idle: resident memory after start-up and a short warm-up;
- mix: delegates of one bloc at once, each /help, /pledge, a title, Next, a message of
  commitments, Review, ✅, /me with a second of thinking between steps; meanwhile someone runs
  /status and /units in the group. CPU ms per update (the bot process's user+system time over
  the updates sent), latency p50/p99 (the update sent → the bot's answer in that chat);
- head-of-line: the group has used its 20 messages of the minute and gets more commands; a
  person of another bloc sends /help in private: how long until answered;
- bursts: N people send /help at once: seconds until all are answered, and the 429s drawn.

Figures are printed; nothing is asserted (the smoke test only checks the table's shape).
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.bench_data import COMMITMENT, TITLES, Layout, seed
from bot.bench_driver import BotProcess, People, Tally, Watch, percentile
from bot.emulator import BotApiEmulator, FloodLimits

TOKEN = "100000002:BENCH-token-not-a-real-one-xxxxxxxxxx"
GROUP_CHAT = -4_000_000_777
ADMIN = 19_999_999
STRANGER = 19_999_998  # a person of another bloc
FIRST_BURST_PERSON = 30_000_000


@dataclass(frozen=True)
class Plan:
    blocs: int = 1000
    people: int = 15
    think: float = 1.0
    group_commands: int = 4  # with 15 group lines of registrations: within 20 a minute
    bursts: tuple[int, ...] = (30, 60, 500)
    #: How long the group's flood of commands runs before the private /help is timed.
    flood_seconds: float = 1.0
    #: Steps of each delegate's script (the pledge flow is the first 6 of 8).
    steps: int = 8


@dataclass
class Result:
    name: str
    rows: dict[str, float] = field(default_factory=dict)


async def _mix(people: People, layout: Layout, plan: Plan) -> None:
    async def delegate(unit: int) -> None:
        user = layout.person(0, unit)
        steps = [
            ("say", "/pledge"),
            ("press", TITLES[unit % len(TITLES)]),
            ("press", "Tiếp"),
            ("say", COMMITMENT[: 80 + unit]),
            ("press", "Xem lại"),
            ("press", "✅"),
            ("say", "/help"),
            ("say", "/me"),
        ][: plan.steps]
        await asyncio.sleep(plan.think * unit / max(plan.people, 1))  # people start apart
        for kind, what in steps:
            if kind == "say":
                await people.say(user, user, what)
            else:
                await people.press(user, user, what)
            await asyncio.sleep(plan.think)

    async def group_member() -> None:
        for n in range(plan.group_commands):
            await people.say(GROUP_CHAT, ADMIN, ("/status", "/units")[n % 2])
            await asyncio.sleep(plan.think * 8 / max(plan.group_commands, 1))

    units = range(min(plan.people, layout.units))
    await asyncio.gather(group_member(), *(delegate(u) for u in units))


async def _head_of_line(emu: BotApiEmulator, people: People, plan: Plan) -> float:
    """Fill the group's minute, then time a private /help from a person of another bloc."""
    for _ in range(25):
        emu.send_text(GROUP_CHAT, ADMIN, "/help")
    await asyncio.sleep(plan.flood_seconds)
    tally = Tally()
    await People(emu, people.watch, tally).say(STRANGER, STRANGER, "/help")
    return tally.latencies[0] if tally.latencies else float("inf")


async def _burst(emu: BotApiEmulator, watch: Watch, first: int, size: int) -> tuple[float, int]:
    before = sum(1 for r in emu.call_log if r.status == 429)
    people = list(range(first, first + size))
    for person in people:
        emu.add_user(person, f"Người {person}", language_code="vi")
    started = time.monotonic()
    for person in people:
        emu.send_text(person, person, "/help")
    await asyncio.gather(*(watch.answer(p, 0, timeout=60) for p in people))
    refused = sum(1 for r in emu.call_log if r.status == 429) - before
    return time.monotonic() - started, refused


async def measure(name: str, kind: str, plan: Plan, folder: Path) -> Result:
    layout = Layout(
        blocs=max(plan.blocs, 1), units=15, delegates=2, group_chat=GROUP_CHAT, admin=ADMIN
    )
    emu = BotApiEmulator(token=TOKEN, bot_username="bench_bot", flood=FloodLimits())
    await emu.start()
    for user in (*layout.people(0), ADMIN, STRANGER):
        emu.add_user(user, f"Cán bộ {user}", language_code="vi")
    emu.add_group(
        "Khối thi đua số 1", members=[ADMIN, *layout.people(0)], admins=[ADMIN], chat_id=GROUP_CHAT
    )
    database = None
    if kind == "ours":
        database = folder / "bench.sqlite3"
        await asyncio.to_thread(seed, database, layout)
    watch, tally = Watch(emu), Tally()
    people = People(emu, watch, tally)
    bot = BotProcess(kind, emu, TOKEN, database)
    result = Result(name)
    try:
        await bot.ready()
        await people.say(ADMIN, ADMIN, "/help")  # warm-up
        await people.say(GROUP_CHAT, ADMIN, "/status")
        await asyncio.sleep(plan.flood_seconds / 2)
        result.rows["RSS idle (MiB)"] = bot.rss_mib()
        tally.__init__()  # type: ignore[misc]
        cpu, calls = bot.cpu_seconds(), len(emu.call_log)
        bot.signal_profiler(True)
        await _mix(people, layout, plan)
        bot.signal_profiler(False)
        result.rows["mix: CPU ms/update"] = 1000 * (bot.cpu_seconds() - cpu) / max(tally.updates, 1)
        mix_calls = [r.method for r in emu.call_log[calls:] if r.method.lower() != "getupdates"]
        result.rows["mix: Bot API calls/update"] = len(mix_calls) / max(tally.updates, 1)
        result.rows["mix: p50 latency ms"] = 1000 * percentile(tally.latencies, 0.50)
        result.rows["mix: p99 latency ms"] = 1000 * percentile(tally.latencies, 0.99)
        result.rows["mix: updates"] = tally.updates
        result.rows["mix: unanswered"] = tally.unanswered
        result.rows["mix: presses without the button"] = tally.missing_buttons
        result.rows["RSS after mix (MiB)"] = bot.rss_mib()
        result.rows["head-of-line: private reply s"] = await _head_of_line(emu, people, plan)
        first = FIRST_BURST_PERSON
        for size in plan.bursts:
            seconds, refused = await _burst(emu, watch, first, size)
            result.rows[f"burst {size}: seconds"] = seconds
            result.rows[f"burst {size}: 429s"] = refused
            first += size
        result.rows["429s in all"] = sum(1 for r in emu.call_log if r.status == 429)
    finally:
        await bot.stop()
        await emu.stop()
    return result


async def run_bench(plan: Plan | None = None, *, together: bool = False) -> list[Result]:
    """Bare, then ours (`together`: both at once, only for the smoke test: figures disturbed)."""
    plan = plan or Plan()
    with tempfile.TemporaryDirectory() as folder:
        bare = measure("bare PTB", "bare", plan, Path(folder))
        ours = measure(f"ours ({plan.blocs} blocs)", "ours", plan, Path(folder))
        if together:
            return list(await asyncio.gather(bare, ours))
        return [await bare, await ours]


def report(results: list[Result]) -> str:
    """One row per figure, one column per bot, and the ratio ours / bare where it means cost."""
    bare, ours = results
    lines = [f"{'figure':34} {bare.name:>14} {ours.name:>20} {'ratio':>7}"]
    for key, value in bare.rows.items():
        mine = ours.rows.get(key, float("nan"))
        cost = any(word in key for word in ("CPU", "RSS", "latency"))
        ratio = f"{mine / value:7.2f}" if cost and value else f"{'':7}"
        lines.append(f"{key:34} {value:14.2f} {mine:20.2f} {ratio}")
    return "\n".join(lines)


def main(people: int = 15, blocs: int = 1000, bursts: str = "30,60,500") -> int:
    logging.getLogger("storage.db").setLevel(logging.WARNING)
    plan = Plan(blocs=blocs, people=people, bursts=tuple(int(b) for b in bursts.split(",") if b))
    print(report(asyncio.run(run_bench(plan))))
    return 0

"""`python -m bot bench`: the whole benchmark in one run, ours side by side with a bare PTB bot.

1. The realistic mix (`bot.bench_mix`). Each bot runs in its own process (`bot.bench_bot`)
   against the emulator running here with Telegram's limits enforced; both use the same rate
   limiter and concurrent updates, so the ratios are what our stack (database, catalogs,
   rights, flows) costs on top of the library. Ours runs on a database of 1,000 blocs of 20
   units (`bot.bench_data`: bloc 0 in its pledge phase with a self-assessment round and a vote
   open, the others after a whole year). Per bot: resident memory after start-up; the mix
   (pledges, self-assessment by buttons and pasted lines, ballots, /status /summary /units in
   the group): CPU ms per update of the bot process (user + system time over the updates
   sent), Bot API calls per update, latency p50/p99 (update sent → the bot's answer in that
   chat); a private /help while a group is throttled; bursts of /help from many people.
2. A nudge round for 500 delegates in 25 blocs (`bot.bench_nudge`, ours only).
3. /summary, /export and /documents of a 20-unit bloc with a 60-criterion scale
   (`bot.bench_export`, ours only): best and median of a few runs.
4. The 1,000-bloc database of part 1: its size on disk, and the peak resident memory of each
   bot process over the whole of part 1 (ours also answered /status, /summary and /export in a
   bloc with a whole year behind it).

Figures are printed with each goal beside them (✓ met, ✗ not); nothing is asserted (the smoke
test checks the tables' shape and that ours answered everything).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import platform
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.bench_data import Layout, seed
from bot.bench_driver import BotProcess, People, Tally, Watch, percentile
from bot.bench_mix import burst, head_of_line, mix, year_end_bloc
from bot.bench_report import report
from bot.emulator import BotApiEmulator, FloodLimits
from bot.nudging import NUDGES_PER_SECOND

TOKEN = "100000002:BENCH-token-not-a-real-one-xxxxxxxxxx"
GROUP_CHAT = -4_000_000_777
ADMIN = 19_999_999
STRANGER = 19_999_998  # a person of another bloc
FIRST_BURST_PERSON = 30_000_000
MB = 1_000_000
MIB = 1024 * 1024


@dataclass(frozen=True)
class Plan:
    blocs: int = 1000
    units: int = 20
    people: int = 15
    think: float = 1.0
    bursts: tuple[int, ...] = (30, 60, 500)
    #: How long the group's flood of commands runs before the private /help is timed.
    flood_seconds: float = 1.0
    nudge_blocs: int = 25
    nudge_units: int = 20
    nudge_pace: float = NUDGES_PER_SECOND
    #: Units and criteria of the bloc whose /summary, /export, /documents are timed, and runs.
    big_units: int = 20
    big_criteria: int = 60
    repeat: int = 5
    #: Times the mix is measured per bot (bare and ours in turn, each on a fresh copy of the
    #: database); the table shows the median, as one run on a shared machine varies by ±20 %.
    mix_rounds: int = 3
    parts: tuple[str, ...] = ("mix", "nudge", "commands")  # PARTS; "mix" includes part 4


PARTS = ("mix", "nudge", "commands")
QUICK = Plan(blocs=100, bursts=(30, 60), nudge_blocs=5, repeat=2, mix_rounds=1)


@dataclass
class Result:
    name: str
    rows: dict[str, float] = field(default_factory=dict)


@dataclass
class Run:
    """Everything one run measured, by part."""

    plan: Plan
    bots: list[Result] = field(default_factory=list)  # bare, ours
    nudge: dict[str, float] = field(default_factory=dict)
    commands: dict[str, list[float]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _layout(plan: Plan) -> Layout:
    return Layout(
        blocs=max(plan.blocs, 2), units=plan.units, delegates=2, group_chat=GROUP_CHAT, admin=ADMIN
    )


def _emulator(layout: Layout) -> BotApiEmulator:
    """Telegram with its limits enforced: bloc 0's group and people, and bloc 1's group."""
    emu = BotApiEmulator(token=TOKEN, bot_username="bench_bot", flood=FloodLimits())
    for user in (*layout.people(0), ADMIN, STRANGER):
        emu.add_user(user, f"Cán bộ {user}", language_code="vi")
    emu.add_group(
        "Khối thi đua số 1", members=[ADMIN, *layout.people(0)], admins=[ADMIN], chat_id=GROUP_CHAT
    )
    emu.add_group("Khối thi đua số 2", members=[ADMIN], admins=[ADMIN], chat_id=layout.chat(1))
    return emu


async def measure(
    name: str, kind: str, plan: Plan, database: Path | None, *, whole: bool = True
) -> Result:
    """Part 1 for one bot process (and part 4's figures of ours); `whole=False`: the idle
    memory and the mix only (the rounds after the first)."""
    layout = _layout(plan)
    emu = _emulator(layout)
    await emu.start()
    people = People(emu, Watch(emu), Tally())
    bot = BotProcess(kind, emu, TOKEN, database)
    rows: dict[str, float] = {}
    try:
        await bot.ready()
        await people.say(ADMIN, ADMIN, "/help")  # warm-up
        await people.say(GROUP_CHAT, ADMIN, "/status")
        await asyncio.sleep(plan.flood_seconds / 2)
        rows["RSS idle (MiB)"] = bot.rss_mib()
        rows |= await _mix(bot, people, layout, plan)
        rows["RSS after mix (MiB)"] = bot.rss_mib()
        if not whole:
            return Result(name, rows)
        rows |= await _throttled(people, plan)
        if kind == "ours":
            people.tally = Tally()
            files = await year_end_bloc(emu, people, layout)
            rows["year-end bloc: unanswered"] = people.tally.unanswered + (not files)
        rows["429s in all"] = sum(1 for r in emu.call_log if r.status == 429)
        rows["peak RSS (MB)"] = bot.peak_rss_mib() * MIB / MB
    finally:
        await bot.stop()
        await emu.stop()
    if database is not None:
        found = database.parent.glob(f"{database.name}*")  # with its -wal and -shm
        rows["database on disk (MB)"] = sum(f.stat().st_size for f in found) / MB
    return Result(name, rows)


async def _mix(bot: BotProcess, people: People, layout: Layout, plan: Plan) -> dict[str, float]:
    """The mix, with the bot's cProfile on around it when BENCH_PROFILE asks for one."""
    tally = people.tally = Tally()
    cpu, calls = bot.cpu_seconds(), len(people.emu.call_log)
    bot.signal_profiler(True)
    await mix(people, layout, count=plan.people, think=plan.think, admin=ADMIN)
    bot.signal_profiler(False)
    updates = max(tally.updates, 1)
    sent = [r for r in people.emu.call_log[calls:] if r.method.lower() != "getupdates"]
    return {
        "mix: CPU ms/update": 1000 * (bot.cpu_seconds() - cpu) / updates,
        "mix: Bot API calls/update": len(sent) / updates,
        "mix: p50 latency ms": 1000 * percentile(tally.latencies, 0.50),
        "mix: p99 latency ms": 1000 * percentile(tally.latencies, 0.99),
        "mix: updates": tally.updates,
        "mix: unanswered": tally.unanswered,
        "mix: presses without the button": tally.missing_buttons,
    }


async def _throttled(people: People, plan: Plan) -> dict[str, float]:
    """A private command while a group is throttled, then the bursts."""
    emu, rows = people.emu, {}
    rows["head-of-line: private reply s"] = await head_of_line(
        emu, people, GROUP_CHAT, ADMIN, STRANGER, plan.flood_seconds
    )
    first = FIRST_BURST_PERSON
    for size in plan.bursts:
        seconds, refused = await burst(emu, people.watch, first, size)
        rows[f"burst {size}: seconds"] = seconds
        rows[f"burst {size}: 429s"] = refused
        first += size
    return rows


async def run_bots(plan: Plan, *, together: bool = False) -> list[Result]:
    """Bare, then ours, `plan.mix_rounds` times (`together`: both at once, only for the smoke
    test: figures disturbed); each figure of the mix is the median of its rounds."""
    with tempfile.TemporaryDirectory() as folder:
        seeded = Path(folder) / "seeded.sqlite3"
        await asyncio.to_thread(seed, seeded, _layout(plan))
        rounds: list[list[Result]] = []
        for number in range(max(plan.mix_rounds, 1)):
            database = Path(folder) / f"bench-{number}.sqlite3"
            for part in seeded.parent.glob(f"{seeded.name}*"):  # with any -wal
                target = database.parent / part.name.replace(seeded.name, database.name)
                await asyncio.to_thread(shutil.copyfile, part, target)
            whole = number == 0
            bare = measure("bare PTB", "bare", plan, None, whole=whole)
            ours = measure(f"ours ({plan.blocs} blocs)", "ours", plan, database, whole=whole)
            if together:
                rounds.append(list(await asyncio.gather(bare, ours)))
            else:
                rounds.append([await bare, await ours])
        return [_median_of([r[i] for r in rounds]) for i in (0, 1)]


def _median_of(results: list[Result]) -> Result:
    """The first round's figures, those every round measured replaced by their median."""
    first = results[0]
    rows = dict(first.rows)
    for key in rows:
        values = [r.rows[key] for r in results if key in r.rows]
        failures = any(word in key for word in ("unanswered", "without the button", "429"))
        rows[key] = max(values) if failures else statistics.median(values)  # a miss counts
    return Result(first.name, rows)


async def run_bench(plan: Plan | None = None, *, together: bool = False) -> Run:
    """Every part the plan names, one after the other (each has the machine to itself)."""
    from bot.bench_export import time_commands
    from bot.bench_nudge import run as nudge_round

    plan = plan or Plan()
    run = Run(plan)
    parts = {
        "mix": lambda: run_bots(plan, together=together),
        "nudge": lambda: nudge_round(plan.nudge_blocs, plan.nudge_units, plan.nudge_pace),
        "commands": lambda: time_commands(plan.big_units, plan.big_criteria, plan.repeat),
    }
    for part in plan.parts:
        started = time.monotonic()
        found = await parts[part]()
        setattr(run, {"mix": "bots"}.get(part, part), found)
        run.seconds[part] = time.monotonic() - started
    return run


def machine() -> str:
    """The cores, the processor's model and the load average (the machine may be shared)."""
    model = platform.machine()
    with contextlib.suppress(OSError):
        names = [x for x in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in x]
        model = names[0].split(":", 1)[1].strip() if names else model
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), load average {load}"


def plan_of(args: argparse.Namespace) -> Plan:
    """The plan the command line asks for: the full run, or `--quick`, with any size changed."""
    plan = QUICK if args.quick else Plan()
    sizes = {
        "people": args.people,
        "blocs": args.blocs,
        "bursts": tuple(int(b) for b in args.bursts.split(",") if b) if args.bursts else None,
        "nudge_pace": args.nudge_pace,
        "repeat": args.repeat,
        "mix_rounds": args.mix_rounds,
        "parts": tuple(p.strip() for p in args.only.split(",")) if args.only else None,
    }
    plan = replace(plan, **{k: v for k, v in sizes.items() if v is not None})
    unknown = set(plan.parts) - set(PARTS)
    if unknown:
        raise SystemExit(f"--only: no part {', '.join(sorted(unknown))}; parts: {', '.join(PARTS)}")
    return plan


def main(plan: Plan) -> int:
    logging.getLogger("storage.db").setLevel(logging.WARNING)
    logging.getLogger("telegram").setLevel(logging.WARNING)
    started = time.monotonic()
    header = f"python -m bot bench — {time.strftime('%Y-%m-%d %H:%M')}, {machine()}"
    run = asyncio.run(run_bench(plan))
    print(header)
    print(report(run))
    print(f"\nThe run took {time.monotonic() - started:.0f} s.")
    return 0

"""What the benchmark's people do to a bot process: the realistic mix, a throttled group, bursts,
and (ours only) the commands of a bloc that has had its whole year.

The mix: delegates of bloc 0 act at once, a second of thinking between steps, each playing the
script of their unit's part (unit 0 pledges, unit 1 self-assesses, unit 2 votes, unit 3
pledges…), while the secretary runs /status, /summary and /units in the group. The scripts are
what a person types and presses, read from the bot's own screens (`bot.demo` plays the same
flows through a whole year); the bare bot answers each step with a message or an edit, and a
press there hits its last message. With 15 delegates the group gets 5 pledge lines, 5
submission lines, 5 updates of the vote's progress and 3 answers: within the 20 a minute
Telegram allows a group, so no answer waits for the group's budget. (An answer is the bot's
next message in that chat: a group line sent meanwhile can stand for a command's answer, so the
three group commands may read a little fast.)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from bot.bench_data import COMMITMENT, TITLES, Layout
from bot.bench_driver import People, Tally, Watch
from bot.demo.year import score_lines
from bot.emulator import BotApiEmulator

#: ("say", text), ("press", part of a button's label) or ("exact", a button's whole label).
Step = tuple[str, str]
GROUP_COMMANDS = ("/status", "/summary", "/units")
WAIT_FOR_FILES = 60.0


def pledge(unit: int, layout: Layout) -> list[Step]:
    """/pledge: a title, Next, the commitments as a message, Review, ✅; then /help and /me."""
    return [
        ("say", "/pledge"),
        ("press", TITLES[unit % len(TITLES)]),
        ("press", "Tiếp"),
        ("say", COMMITMENT[: 80 + unit]),
        ("press", "Xem lại"),
        ("press", "✅"),
        ("say", "/help"),
        ("say", "/me"),
    ]


def assess(unit: int, layout: Layout) -> list[Step]:
    """/assess midyear: criterion 1.1 by the wizard's buttons, the others pasted as lines
    (with the evidence notes the scale asks for), then Review, Submit, ✅."""
    lines = score_lines(unit, round_="midyear").splitlines()
    return [
        ("say", "/assess midyear"),
        ("press", "Chấm từng tiêu chí"),
        ("exact", "10"),
        ("press", "Không ghi chú"),
        ("say", "\n".join(lines[1:])),
        ("press", "Xem lại"),
        ("press", "Gửi bản tự chấm điểm"),
        ("press", "✅"),
    ]


def vote(unit: int, layout: Layout) -> list[Step]:
    """/vote in the open election of the head: a candidate, ✅ (the receipt); then /me."""
    return [
        ("say", "/vote"),
        ("exact", layout.code((unit + 1) % layout.units)),
        ("press", "✅"),
        ("say", "/me"),
    ]


#: The delegate of unit u plays SCRIPTS[u % 3].
SCRIPTS: tuple[Callable[[int, Layout], list[Step]], ...] = (pledge, assess, vote)


async def play(people: People, chat: int, user: int, steps: list[Step], think: float) -> None:
    for kind, what in steps:
        if kind == "say":
            await people.say(chat, user, what)
        else:
            await people.press(chat, user, what, exact=kind == "exact")
        await asyncio.sleep(think)


async def mix(people: People, layout: Layout, *, count: int, think: float, admin: int) -> None:
    """`count` delegates of bloc 0 and the secretary in the group, at once."""

    async def delegate(unit: int) -> None:
        user = layout.person(0, unit)
        await asyncio.sleep(think * unit / max(count, 1))  # people start apart
        await play(people, user, user, SCRIPTS[unit % len(SCRIPTS)](unit, layout), think)

    async def secretary() -> None:
        steps = [("say", command) for command in GROUP_COMMANDS]
        await play(people, layout.group_chat, admin, steps, think * 3)

    units = range(min(count, layout.units))
    await asyncio.gather(secretary(), *(delegate(u) for u in units))


async def head_of_line(
    emu: BotApiEmulator, people: People, group: int, admin: int, stranger: int, flood: float
) -> float:
    """Fill the group's minute, then time a private /help from a person of another bloc."""
    for _ in range(25):
        emu.send_text(group, admin, "/help")
    await asyncio.sleep(flood)
    tally = Tally()
    await People(emu, people.watch, tally).say(stranger, stranger, "/help")
    return tally.latencies[0] if tally.latencies else float("inf")


async def burst(emu: BotApiEmulator, watch: Watch, first: int, size: int) -> tuple[float, int]:
    """`size` people send /help at once: seconds until all are answered, and the 429s."""
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


async def year_end_bloc(emu: BotApiEmulator, people: People, layout: Layout) -> bool:
    """In bloc 1 (a whole year behind it): /status, /summary, then /export into the group.
    True when the export's files arrived."""
    chat = layout.chat(1)
    for command in ("/status", "/summary", "/export"):
        await people.say(chat, layout.admin, command)
    await people.press(chat, layout.admin, "Gửi vào nhóm")
    deadline = time.monotonic() + WAIT_FOR_FILES
    while time.monotonic() < deadline:
        if sum(1 for m in emu.bot_messages(chat) if m.document) >= 2:
            return True
        await asyncio.sleep(0.1)
    return False

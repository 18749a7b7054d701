"""Telegram faults during the pledge flow: 5xx, 429 with retry_after, time-outs.

The emulator fails the requests that follow one step of the flow. The delegate behaves as
people do: they wait a little; if they do not see their step done, they do it again. At the
end the pledge holds the titles and the text once, the group heard of it once, and the
delegate saw one confirmation. By default every step meets one fault (faults rotated over
the steps) and the store meets a real client time-out; `SOAK=1` runs every fault at every step.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.emulator import SentMessage
from tests.flows.conftest import ALICE, Harness
from tests.flows.year_setup import make_bloc, open_year, pledge_of
from tests.reliability.conftest import SOAK


@dataclass(frozen=True)
class Fault:
    name: str
    inject: Callable[[Harness], None]


FAULTS = [
    Fault("500", lambda h: h.emu.faults.fail_next(1, status=500)),
    Fault("502 twice", lambda h: h.emu.faults.fail_next(2, status=502)),
    Fault("429", lambda h: h.emu.faults.fail_next(1, status=429, retry_after=1)),
    Fault("504 twice", lambda h: h.emu.faults.fail_next(2, status=504)),
    Fault("503 x3", lambda h: h.emu.faults.fail_next(3, status=503)),
]
TIMEOUT = Fault("client time-out", lambda h: h.emu.faults.delay_next(1, 6.0))


def _screen(h: Harness) -> SentMessage:
    return [m for m in h.emu.bot_messages(ALICE) if m.buttons][-1]


def _saw(h: Harness, text: str) -> Callable[[], bool]:
    return lambda: any(text in m.text for m in h.emu.bot_messages(ALICE))


@dataclass(frozen=True)
class Step:
    name: str
    act: Callable[[Harness], Awaitable[object]]
    #: what the delegate looks for to know the step is done
    done: Callable[[Harness], bool]


def _text_step(text: str, total: int) -> Step:
    return Step(
        f"text {total}",
        lambda h: h.say(ALICE, ALICE, text),
        lambda h: _saw(h, f"({total}/3000")(),
    )


STEPS = [
    Step("/pledge", lambda h: h.say(ALICE, ALICE, "/pledge"), lambda h: _saw(h, "Bước 1/3")()),
    Step(
        "title",
        lambda h: h.press(ALICE, ALICE, text="Bằng khen"),
        lambda h: "☑️ Bằng khen" in _screen(h).button_texts(),
    ),
    Step(
        "next",
        lambda h: h.press(ALICE, ALICE, text="Tiếp"),
        lambda h: "Bước 2/3" in _screen(h).text,
    ),
    _text_step("Dòng một.", 9),
    _text_step("Dòng hai.", 19),
    Step(
        "review",
        lambda h: h.press(ALICE, ALICE, text="Xem lại"),
        lambda h: "Bước 3/3" in _screen(h).text,
    ),
    Step(
        "register",
        lambda h: h.press(ALICE, ALICE, text="✅"),
        lambda h: _saw(h, "Đã đăng ký thi đua cho DLK")(),
    ),
]


async def _wait_a_little(h: Harness) -> None:
    """The delegate looks again a little later: the notifier's retries are due by then."""
    for _ in range(3):
        h.clock.move(timedelta(seconds=20))
        await h.services.notifier.run_due()
        await h.settle()


async def _do(h: Harness, step: Step) -> int:
    """Do the step until it shows as done (at most 3 tries); how many tries it took."""
    for attempt in range(1, 4):
        await step.act(h)
        await _wait_a_little(h)
        if step.done(h):
            return attempt
    raise AssertionError(f"step {step.name} never showed as done")


def _cases() -> list[tuple[Fault, int]]:
    if SOAK:
        return [(f, i) for f in [*FAULTS, TIMEOUT] for i in range(len(STEPS))]
    rotated = [(FAULTS[i % len(FAULTS)], i) for i in range(len(STEPS))]
    return [*rotated, (TIMEOUT, len(STEPS) - 1)]


@pytest.mark.parametrize(
    ("fault", "at"), _cases(), ids=[f"{f.name}@{STEPS[i].name}" for f, i in _cases()]
)
async def test_a_fault_at_one_step_and_the_pledge_is_done_once(
    bot: Harness, fault: Fault, at: int
) -> None:
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await bot.say(ALICE, ALICE, "/start")
    group_before = len(bot.emu.bot_messages(bot.group))
    for i, step in enumerate(STEPS):
        if i == at:
            fault.inject(bot)
        await _do(bot, step)
    bot.emu.faults.clear()
    pledge = await pledge_of(bot, bloc, "DLK")
    assert pledge is not None and pledge.commitments == "Dòng một.\nDòng hai.", pledge
    assert len(pledge.title_ids) == 1
    lines = [m.text for m in bot.emu.bot_messages(bot.group)[group_before:]]
    assert lines.count("✅ DLK đã đăng ký thi đua — 1/3 đơn vị") == 1, lines
    confirmations = [m for m in bot.emu.bot_messages(ALICE) if "Đã đăng ký thi đua" in m.text]
    assert len(confirmations) == 1, [m.text for m in confirmations]

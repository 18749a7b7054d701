"""Telegram faults during the flows: 5xx, 429 with retry_after, gateway and client time-outs.

The emulator fails the requests that follow one step of a flow (tests/reliability/scripts.py:
the pledge, the self-assessment). The delegate behaves as people do: they look again a little
later; if they do not see their step done, they do it again. At the end the flow's result is
stored once and whole, the group heard of it once, and the delegate saw one confirmation. By
default each step meets one fault (faults rotated over the steps) and the pledge's final step
meets a real client time-out; `SOAK=1` runs every fault at every step of every flow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests.flows.conftest import Harness
from tests.reliability.conftest import SOAK
from tests.reliability.scripts import SCRIPTS, Delegate, Script, Step


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
#: Longer than the HTTP client's read time-out (5 s): the bot gives up, the server carries on.
TIMEOUT_SECONDS = 6.0
TIMEOUT = Fault("client time-out", lambda h: h.emu.faults.delay_next(1, TIMEOUT_SECONDS))


def _cases() -> list[tuple[Script, Fault, int]]:
    cases = []
    for script in SCRIPTS:
        last = len(script.steps) - 1
        if SOAK:
            cases += [(script, f, i) for f in [*FAULTS, TIMEOUT] for i in range(last + 1)]
        else:
            cases += [(script, FAULTS[i % len(FAULTS)], i) for i in range(last + 1)]
            if script is SCRIPTS[0]:  # a real time-out costs 6 s: one by default
                cases.append((script, TIMEOUT, last))
    return cases


CASES = _cases()


async def _later(h: Harness, step: Step) -> None:
    """Alice looks again a little later: the notifier's retries are due by then (a request
    delayed past the bot's 5 s time-out is still running at the server: wait for it)."""
    await h.settle(timeout=TIMEOUT_SECONDS + 4)
    for _ in range(3):
        h.clock.move(timedelta(seconds=20))
        await h.services.notifier.run_due()
        await h.settle()


@pytest.mark.parametrize(
    ("script", "fault", "at"),
    CASES,
    ids=[f"{s.name}:{f.name}@{s.steps[i].name}" for s, f, i in CASES],
)
async def test_a_fault_at_one_step_and_the_flow_is_done_once(
    bot: Harness, script: Script, fault: Fault, at: int
) -> None:
    scene = await script.prepare(bot)
    group_before = len(bot.emu.bot_messages(bot.group))
    alice = Delegate(bot, lambda step: _later(bot, step))
    for i, step in enumerate(script.steps):
        if i == at:
            fault.inject(bot)
        await alice.do(step)
    bot.emu.faults.clear()
    await script.verify(bot, scene, group_before)

"""The flows the fault and crash tests walk through, step by step, as a delegate does them.

A `Script` is a flow: its scene, its steps and what must hold at the end. A `Step` is what the
delegate does (straight on the emulator, so that it works whether the bot runs in this process
or in another) and what they look for to know it is done. `Delegate` plays a person: do the
step, look again a little later, and do it again only if it does not show as done.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal

from bot.domain.assessment import Round
from bot.emulator import BotApiEmulator, SentMessage
from tests.flows.assess_kit import FULL
from tests.flows.conftest import ALICE, Harness
from tests.flows.year_setup import make_bloc, open_year, pledge_of


def _screen(emu: BotApiEmulator) -> SentMessage:
    return [m for m in emu.bot_messages(ALICE) if m.buttons][-1]


def _saw(text: str) -> Callable[[BotApiEmulator], bool]:
    return lambda emu: any(text in m.text for m in emu.bot_messages(ALICE))


def _on_screen(text: str) -> Callable[[BotApiEmulator], bool]:
    return lambda emu: text in _screen(emu).text


def _says(text: str) -> Callable[[BotApiEmulator], object]:
    return lambda emu: emu.send_text(ALICE, ALICE, text)


def _presses(label: str) -> Callable[[BotApiEmulator], object]:
    return lambda emu: emu.press(ALICE, ALICE, text=label)


@dataclass(frozen=True)
class Step:
    name: str
    act: Callable[[BotApiEmulator], object]
    done: Callable[[BotApiEmulator], bool]

    def shows(self, emu: BotApiEmulator) -> bool:
        try:
            return self.done(emu)
        except IndexError:  # no screen yet
            return False


@dataclass(frozen=True)
class Script:
    name: str
    steps: list[Step]
    #: the scene, with the bot running in this process; returns what `verify` needs
    prepare: Callable[[Harness], Awaitable[object]]
    #: what must hold at the end (the bot running in this process again)
    verify: Callable[[Harness, object, int], Awaitable[None]]


# --- the pledge -----------------------------------------------------------------------------


async def _pledge_scene(h: Harness) -> object:
    bloc = await make_bloc(h, delegates={"DLK": [ALICE]})
    await open_year(h)
    await h.say(ALICE, ALICE, "/start")
    return bloc


async def _pledge_held(h: Harness, bloc: object, group_before: int) -> None:
    pledge = await pledge_of(h, bloc, "DLK")  # type: ignore[arg-type]
    assert pledge is not None and pledge.commitments == "Dòng một.\nDòng hai.", pledge
    assert len(pledge.title_ids) == 1
    _once(h, group_before, "✅ DLK đã đăng ký thi đua — 1/3 đơn vị", "Đã đăng ký thi đua")


PLEDGE = Script(
    "pledge",
    [
        Step("/pledge", _says("/pledge"), _saw("Bước 1/3")),
        Step(
            "title",
            _presses("Bằng khen"),
            lambda emu: any(b.startswith("☑️ Bằng khen") for b in _screen(emu).button_texts()),
        ),
        Step("next", _presses("Tiếp"), _on_screen("Bước 2/3")),
        Step("text 9", _says("Dòng một."), _saw("(9/3.000")),
        Step("text 19", _says("Dòng hai."), _saw("(19/3.000")),
        Step("review", _presses("Xem lại"), _on_screen("Bước 3/3")),
        Step("register", _presses("✅"), _saw("Đã đăng ký thi đua cho DLK")),
    ],
    _pledge_scene,
    _pledge_held,
)


# --- the self-assessment ----------------------------------------------------------------------

#: Every criterion but 1.1 (scored through the wizard first).
REST = "\n".join(FULL.splitlines()[1:])


async def _assessment_held(h: Harness, bloc: object, group_before: int) -> None:
    services = h.services
    year = await services.years.current(bloc.id)  # type: ignore[attr-defined]
    unit = await services.units.by_code(bloc.id, "DLK")  # type: ignore[attr-defined]
    assert year is not None and unit is not None
    found = await services.assessments.get(year.id, unit.id, Round.MIDYEAR)
    assert found is not None
    scores = await services.assessments.scores(found.id)
    assert len(scores) == 17, sorted(scores)
    assert scores["1.1"].value == Decimal("9.5"), scores["1.1"]
    assert scores["1.1"].note == "Hoàn thành kế hoạch năm", scores["1.1"].note
    assert scores["1.2"].note == "Thu hút 12 dự án mới", scores["1.2"].note
    group = "✅ DLK đã gửi bản tự chấm điểm Sơ kết 6 tháng — 1/3 đơn vị"
    _once(h, group_before, group, "Đã gửi bản tự chấm điểm của DLK")


ASSESS = Script(
    "assess",
    [
        Step("/assess", _says("/assess"), _saw("Tự chấm điểm — Sơ kết 6 tháng")),
        Step("wizard", _presses("Chấm từng tiêu chí"), _on_screen("Tiêu chí 1.1 (1/")),
        Step("score", _says("9,5"), _saw("Điểm đã chấm: 9,5")),
        Step("note", _says("Hoàn thành kế hoạch năm"), _saw("Tiêu chí 1.2")),
        # pasting again is harmless: the second answer says the 16 are unchanged
        Step(
            "paste",
            _says(REST),
            lambda emu: _saw("lưu 16 tiêu chí")(emu) or _saw("16 tiêu chí không đổi")(emu),
        ),
        Step("review", _presses("Xem lại"), _on_screen("Tổng điểm")),
        Step(
            "submit",
            _presses("Gửi bản tự chấm điểm"),
            lambda emu: "✅ Gửi" in _screen(emu).button_texts(),
        ),
        Step("confirm", _presses("✅"), _saw("Đã gửi bản tự chấm điểm của DLK")),
    ],
    _pledge_scene,  # no deadline: a bot process runs on the real date
    _assessment_held,
)

SCRIPTS = [PLEDGE, ASSESS]


def _once(h: Harness, group_before: int, group_line: str, confirmation: str) -> None:
    """The group heard of it once; the delegate saw one confirmation."""
    lines = [m.text for m in h.emu.bot_messages(h.group)[group_before:]]
    assert lines.count(group_line) == 1, lines
    seen = [m.text for m in h.emu.bot_messages(ALICE) if confirmation in m.text]
    assert len(seen) == 1, seen


class Delegate:
    """Alice, doing each step until it shows as done (at most `tries` times)."""

    def __init__(self, h: Harness, look_again: Callable[[Step], Awaitable[None]], tries: int = 3):
        self.h, self.look_again, self.tries = h, look_again, tries

    async def do(self, step: Step, between: Callable[[], Awaitable[None]] | None = None) -> int:
        """The step; `between` runs once right after the first try (a fault, a kill)."""
        for attempt in range(1, self.tries + 1):
            try:
                step.act(self.h.emu)
            except LookupError as exc:  # the button is not there (any more)
                raise AssertionError(f"{step.name}: {exc}; Alice saw {self.seen()}") from None
            if between is not None:
                await between()
                between = None
            await self.look_again(step)
            if step.shows(self.h.emu):
                return attempt
        raise AssertionError(f"step {step.name} never showed as done; Alice saw {self.seen()}")

    def seen(self) -> list[str]:
        return [
            f"{m.message_id}: {m.text[:70]} {m.button_texts()}"
            for m in self.h.emu.all_bot_messages(ALICE)[-6:]
        ]


async def poll(emu: BotApiEmulator, step: Step, seconds: float) -> None:
    """Look for `seconds` (real time: the bot is another process) until the step shows."""
    for _ in range(int(seconds / 0.02)):
        if step.shows(emu):
            return
        await asyncio.sleep(0.02)

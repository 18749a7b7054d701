"""The tables `python -m bot bench` prints: one per part, each figure with its goal beside it.

A goal comes from the issues (9 and 16): CPU per update within 1.3× of the bare bot, idle
memory under 60 MiB, a private reply under 0.2 s while a group is throttled, no 429s, a nudge
round within 10% of the time Telegram's limits allow and nobody nudged twice, the export under
0.5 s, under 200 MB at the peak with 1,000 blocs and a whole year. ✓ met, ✗ not; a figure
without a goal is there to read. "—" where a figure means nothing for the bare bot.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.bench import Run

DASH = "—"
#: figure -> (goal as printed, test of (bare, ours)).
Check = Callable[[float, float], bool]
MIX_GOALS: dict[str, tuple[str, Check]] = {
    "RSS idle (MiB)": ("<60", lambda bare, ours: ours < 60),
    "mix: CPU ms/update": ("≤1.3×", lambda bare, ours: ours <= 1.3 * bare),
    "mix: unanswered": ("0", lambda bare, ours: ours == 0),
    "mix: presses without the button": ("0", lambda bare, ours: ours == 0),
    "head-of-line: private reply s": ("<0.2", lambda bare, ours: ours < 0.2),
    "429s in all": ("0", lambda bare, ours: ours == 0),
    "year-end bloc: unanswered": ("0", lambda bare, ours: ours == 0),
    "peak RSS (MB)": ("<200", lambda bare, ours: ours < 200),
}
#: Figures of part 1 that only mean something for ours.
OURS_ONLY = ("mix: presses without the button", "year-end bloc: unanswered", "database on disk")
#: Figures of part 1 shown in part 4's table instead.
YEAR_ROWS = ("peak RSS (MB)", "database on disk (MB)", "year-end bloc: unanswered")
EXPORT_GOAL = 0.5


@dataclass(frozen=True)
class Line:
    figure: str
    cells: tuple[str, ...]
    goal: str = ""
    met: bool | None = None


@dataclass(frozen=True)
class Section:
    title: str
    headers: tuple[str, ...]
    lines: tuple[Line, ...]

    def text(self) -> str:
        width = max(len(line.figure) for line in self.lines)
        cells = [
            max(len(h), *(len(line.cells[i]) for line in self.lines))
            for i, h in enumerate(self.headers)
        ]
        head = f"{'figure':<{width}} " + " ".join(
            f"{h:>{w}}" for h, w in zip(self.headers, cells, strict=True)
        )
        out = [self.title, f"{head}  goal", "-" * (len(head) + 8)]
        for line in self.lines:
            values = " ".join(f"{c:>{w}}" for c, w in zip(line.cells, cells, strict=True))
            mark = {True: " ✓", False: " ✗", None: ""}[line.met]
            out.append(f"{line.figure:<{width}} {values}  {line.goal}{mark}".rstrip())
        return "\n".join(out)


def number(value: float | None) -> str:
    if value is None:
        return DASH
    if math.isnan(value) or math.isinf(value):
        return str(value)
    return f"{value:.0f}" if value == int(value) and abs(value) < 1e6 else f"{value:.2f}"


def _bots(run: Run, keep: Callable[[str], bool]) -> Section | None:
    if not run.bots:
        return None
    bare, ours = run.bots
    lines = []
    for key in dict.fromkeys([*bare.rows, *ours.rows]):
        if not keep(key):
            continue
        b = None if key.startswith(OURS_ONLY) else bare.rows.get(key)
        o = ours.rows.get(key)
        cost = any(word in key for word in ("CPU", "RSS", "latency"))
        ratio = number(o / b) if cost and b and o is not None else ""
        goal, check = MIX_GOALS.get(key, ("", None))
        met = check(b or 0.0, o) if check is not None and o is not None else None
        lines.append(Line(key, (number(b), number(o), ratio), goal, met))
    return Section("", (bare.name, ours.name, "ratio"), tuple(lines))


def mix_section(run: Run) -> Section | None:
    found = _bots(run, lambda key: key not in YEAR_ROWS)
    title = (
        f"1. The realistic mix: {run.plan.people} delegates of one bloc (pledges, self-assessment"
        " by buttons and pasted lines, votes), /status /summary /units in the group;"
        " a throttled group; bursts"
    )
    return Section(title, found.headers, found.lines) if found else None


def year_section(run: Run) -> Section | None:
    found = _bots(run, lambda key: key in YEAR_ROWS)
    title = (
        f"4. {run.plan.blocs} blocs × {run.plan.units} units, a whole year: the database, and"
        " the peak memory of each bot over part 1 (ours also: /status, /summary, /export in a"
        " bloc after its year)"
    )
    return Section(title, found.headers, found.lines) if found else None


def nudge_section(run: Run) -> Section | None:
    n = run.nudge
    if not n:
        return None
    plan = run.plan
    wanted = plan.nudge_blocs * plan.nudge_units
    rows: list[tuple[str, float, str, bool | None]] = [
        ("private nudges sent", n["private nudges"], str(wanted), n["private nudges"] == wanted),
        ("seconds to send them", n["seconds"], f"≤{1.1 * n['floor']:.1f}", n["ratio"] <= 1.1),
        ("floor: seconds the limits allow", n["floor"], "", None),
        ("time / floor", n["ratio"], "≤1.10", n["ratio"] <= 1.1),
        ("messages/s", n["rate"], "limit 30", None),
        ("429s", n["429s"], "0", n["429s"] == 0),
        ("people nudged twice", n["twice"], "0", n["twice"] == 0),
        ("group digests", n["digests"], str(plan.nudge_blocs), n["digests"] == plan.nudge_blocs),
        ("/help during the round: median ms", n["help median ms"], "", None),
        ("/help during the round: worst ms", n["help worst ms"], "", None),
    ]
    title = (
        f"2. A nudge round: {wanted} delegates in {plan.nudge_blocs} blocs, Telegram's limits"
        f" enforced, nudges paced at {plan.nudge_pace:g}/s"
    )
    lines = tuple(Line(f, (DASH, number(v)), g, m) for f, v, g, m in rows)
    return Section(title, ("bare PTB", "ours"), lines)


def commands_section(run: Run) -> Section | None:
    if not run.commands:
        return None
    plan, lines = run.plan, []
    for key, values in run.commands.items():
        best, median = min(values), statistics.median(values)
        goal, met = ("<500", median < EXPORT_GOAL) if key == "/export" else ("", None)
        lines.append(Line(key, (number(1000 * best), number(1000 * median)), goal, met))
    title = (
        f"3. The year's commands of a bloc of {plan.big_units} units with a"
        f" {plan.big_criteria}-criterion scale, best and median of {plan.repeat} (ms; the goal is"
        " on the median)"
    )
    return Section(title, ("best", "median"), tuple(lines))


def sections(run: Run) -> list[Section]:
    found = (mix_section(run), nudge_section(run), commands_section(run), year_section(run))
    return [s for s in found if s is not None]


def report(run: Run) -> str:
    took = ", ".join(f"{part} {seconds:.0f} s" for part, seconds in run.seconds.items())
    return "\n\n".join(s.text() for s in sections(run)) + f"\n\nParts took: {took}."

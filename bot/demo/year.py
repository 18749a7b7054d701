"""The year the demo plays: the 11 units of the bundled roster, January to December.

Each chapter is what people of the bloc do in one moment of the year, through Telegram: the
secretary (an admin) in the group and in private, the units' delegates in private. A chapter
whose capability the bot does not have (no such command in its registry) is skipped and named
in the demo's report.
"""

from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources

import yaml

from bot.demo.stage import Person, Stage, vn
from bot.sample import sample_roster

ADMIN = 3000
#: (first name, username) of each unit's delegate, in the roster's order.
_DELEGATES = [
    ("Bình", "binh_bdi"), ("Minh", "minh_dng"), ("Lan", "lan_dlk"), ("Nam", "nam_dkn"),
    ("Hoa", "hoa_gla"), ("Khánh", "khanh_kha"), ("Tùng", "tung_ktm"), ("Linh", "linh_ldg"),
    ("Phúc", "phuc_pyn"), ("Quỳnh", "quynh_qng"), ("Sơn", "son_qnm"),
]  # fmt: skip
LINK = re.compile(r"start=([A-Za-z0-9_-]+)")


@dataclass
class Cast:
    """Who plays: the secretary, and one delegate per unit code (roster order)."""

    bloc_name: str
    units: list[tuple[str, str]]
    people: list[Person] = field(default_factory=list)
    delegate: dict[str, int] = field(default_factory=dict)
    #: Who each unit votes for (first round, runoff, deputy), in roster order; None: the
    #: demo's own (bot.demo.closing). The secrecy test plays the same tallies cast otherwise.
    votes: tuple[list[str], list[str], list[str]] | None = None

    @classmethod
    def bundled(cls) -> Cast:
        name, units = sample_roster()
        cast = cls(name, units)
        cast.people.append(Person(ADMIN, "Hùng", "hung_thuky", "thư ký Khối"))
        for i, ((code, _), (first, username)) in enumerate(zip(units, _DELEGATES, strict=False)):
            user = ADMIN + 1 + i
            cast.people.append(Person(user, first, username, f"đầu mối {code}"))
            cast.delegate[code] = user
        return cast

    @property
    def codes(self) -> list[str]:
        return [code for code, _ in self.units]


Chapter = Callable[[Stage, Cast], Awaitable[None]]


@dataclass(frozen=True)
class Act:
    title: str
    needs: str  # a command the chapter needs ("" for none)
    play: Chapter


def scale_items() -> list[tuple[str, Decimal, Decimal, bool, bool]]:
    """(code, maximum, step, is bonus or deduction, needs evidence) of the bundled sample
    scale, in order."""
    text = resources.files("bot.data").joinpath("scale-sample.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    items = []
    for section in data["sections"]:
        for item in section["criteria"]:
            step = Decimal(str(item.get("step", "0.5")))
            evidence = bool(item.get("evidence"))
            items.append((str(item["code"]), Decimal(str(item["max"])), step, False, evidence))
    for key in ("bonus", "deductions"):
        for item in data.get(key) or []:
            top = Decimal(str(item["max"]))
            items.append((str(item["code"]), top, Decimal("0.5"), True, False))
    return items


def score_lines(seed: int, *, round_: str) -> str:
    """Pasted lines `<code> <score> [note]` for every standard criterion; a unit's `seed` and
    the round make the scores differ (in steps of the scale, within its maximum)."""
    lines = []
    for i, (code, top, step, extra, evidence) in enumerate(scale_items()):
        if extra:
            continue
        off = step * ((seed * 3 + i * 7 + (0 if round_ == "midyear" else 1)) % 4)
        value = max(top - off, Decimal(0))
        text = f"{value.normalize():f}".replace(".", ",")
        note = " Hoàn thành 100% kế hoạch" if i % 5 == 0 else ""
        if evidence:  # a note is the evidence the scale asks for here
            note = f" Minh chứng: báo cáo số {seed + 10}/BC-BQL kèm theo"
        lines.append(f"{code} {text}{note}")
    return "\n".join(lines)


def filled_template(data: bytes, seed: int) -> bytes:
    """The self-assessment workbook the bot sent, with a score in every criterion row."""
    from openpyxl import load_workbook

    wanted = {}
    for line in score_lines(seed, round_="midyear").splitlines():
        code, value, *note = line.split(" ", 2)
        wanted[code] = (value.replace(",", "."), note[0] if note else None)
    book = load_workbook(io.BytesIO(data))
    for row in book.active.iter_rows(min_row=2):
        code = str(row[0].value or "")
        if code in wanted:
            row[6].value, row[7].value = wanted[code]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def invite(stage: Stage, cast: Cast, code: str) -> None:
    """The secretary's one-time link, forwarded to the unit's delegate, who presses Start."""
    await stage.say(ADMIN, f"/invite {code}", "group")
    found = LINK.search(stage.last(ADMIN).text)
    assert found, stage.last(ADMIN).text
    await stage.say(cast.delegate[code], f"/start {found.group(1)}")


async def confirm(stage: Stage, user: int = ADMIN, where: str = "group") -> None:
    await stage.press(user, "✅", where)


__all__ = ["ADMIN", "Act", "Cast", "confirm", "filled_template", "invite", "score_lines", "vn"]

"""Secrecy, as a difference: the same tallies cast by different units leave the same traces.

The demo's elections (head with a runoff, deputy; and the bình xét) are played twice through
Telegram: once with the demo's votes, once with the same votes handed to other units (each
round's tallies unchanged, nobody voting for itself). If anything the bot keeps linked a unit
to its choice — a column, the order of rows, a queued message, a log line, a group message, the
export — the two runs would differ there. Only the random receipt codes and invite tokens may
differ. Log lines (every level) must not name a receipt or a choice.
"""

from __future__ import annotations

import logging
import random
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.demo import play_year
from bot.demo.closing import DEPUTY, HEAD_FIRST, HEAD_RUNOFF
from bot.demo.year import Cast
from tests.reliability.conftest import SOAK

RECEIPT = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")
#: Columns whose values are random by design (their own unlinkability is the receipt's point).
RANDOM = {
    ("ballots", "id"),
    ("ballots", "receipt"),
    ("invites", "token"),
    ("invites", "token_hash"),
}
#: Bookkeeping that differs with the order in which messages were sent, not with any choice.
SKIP = {"sent_log", "outbox", "schema_version", "bot_lease", "leases"}


def _other_units(plan: list[str], codes: list[str]) -> list[str]:
    """The same votes (same tallies) handed to other units: a shuffle where no unit gets itself
    and at least four units. votes change."""
    rng = random.Random(16)
    for _ in range(10_000):
        moved = rng.sample(plan, len(plan))
        own = any(vote == code for vote, code in zip(moved, codes, strict=True))
        changed = sum(a != b for a, b in zip(moved, plan, strict=True))
        if not own and changed >= 4:
            return moved
    raise AssertionError("no shuffle of the votes avoids a unit voting for itself")


def _dump(path: Path) -> dict[str, list[Any]]:
    conn = sqlite3.connect(path)
    try:
        out = {}
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(t for t in tables if t not in SKIP and not t.startswith("sqlite_")):
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            rows = [
                tuple(
                    "<random>" if (table, n) in RANDOM else _mask(v)
                    for n, v in zip(names, r, strict=True)
                )
                for r in cursor
            ]
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def _mask(value: object) -> object:
    return RECEIPT.sub("<receipt>", value) if isinstance(value, str) else value


async def _play(folder: Path, cast: Cast) -> tuple[dict[str, list[Any]], str, list[str]]:
    acts = ["Setting up", "Invite", "The year", "Elections"]
    if SOAK:
        acts += ["Pledges", "Bình xét"]
    result = await play_year(folder, only=acts, cast=cast)
    if not any(a.startswith("Elections") for a in result.played):
        pytest.skip("the bot has no /election")
    group, keep = [], False
    for line in result.transcript.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):  # a new message: "[dd/mm HH:MM] (where) who: …"
            keep = "] (group) " in line
        if keep:
            group.append(line)
    return _dump(folder / "demo.sqlite3"), _mask("\n".join(group)), result.skipped


async def test_who_voted_for_whom_leaves_no_trace(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # every library at INFO, the bot's own code at DEBUG
    for ours in ("bot", "handlers", "storage", "views"):
        caplog.set_level(logging.DEBUG, logger=ours)
    demo = Cast.bundled()
    codes = demo.codes
    swapped = Cast.bundled()
    swapped.votes = tuple(_other_units(plan, codes) for plan in (HEAD_FIRST, HEAD_RUNOFF, DEPUTY))  # type: ignore[assignment]
    tables_a, group_a, _ = await _play(tmp_path / "a", demo)
    logs_a = [r.getMessage() for r in caplog.records]
    caplog.clear()
    tables_b, group_b, _ = await _play(tmp_path / "b", swapped)
    logs_b = [r.getMessage() for r in caplog.records]
    differ = [t for t in tables_a if tables_a[t] != tables_b.get(t)]
    assert differ == [], {t: (tables_a[t], tables_b[t]) for t in differ[:2]}
    assert group_a == group_b  # what the group saw: progress, counts, the receipts' list
    for line in logs_a + logs_b:
        assert not RECEIPT.search(line), line
    assert [_mask(x) for x in logs_a if "vote" in x.lower()] == [
        _mask(x) for x in logs_b if "vote" in x.lower()
    ]

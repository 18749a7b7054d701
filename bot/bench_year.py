"""A whole year of data for every bloc of the benchmark's database but bloc 0, in plain SQL.

What a bloc leaves in the database over a year, so that its size and the bot's memory are
measured on a realistic one: every unit's pledge (two or three titles), both self-assessment
rounds submitted (every criterion of the sample scale scored, notes on some, evidence for the
criteria that ask for it), the year-end review with a reviewed score and both rounds closed, the
head, deputy and bình xét votes (every unit's ballot, the count stored at the close), next
year's head and deputy, and the notifier's record of the group lines of the year. Scores follow
a fixed pattern (a few steps under each criterion's maximum), so every run seeds the same.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from bot.clock import to_db
from bot.domain.ballot_codes import new_receipt
from bot.domain.ballots import ElectionRules, tally_head
from bot.domain.commendation import tally_commendation
from bot.domain.elections import approvals_ballot, head_ballot
from bot.domain.scale import ItemKind, plain
from bot.domain.scores import total
from bot.usecases.scale import sample_scale

if TYPE_CHECKING:
    from bot.bench_data import Layout

COMMITMENTS = "Hoàn thành 100% kế hoạch được giao; thu hút ít nhất 5 dự án mới. " * 4
NOTE = "Hoàn thành kế hoạch năm, có báo cáo kèm theo"
ROUNDS = ("midyear", "yearend")


def full_year(conn: sqlite3.Connection, lay: Layout, now: datetime) -> None:
    """The year of blocs 1…n-1 (bloc 0 is the one the benchmark's people act in)."""
    blocs = range(1, lay.blocs)
    at = {r: to_db(now - timedelta(days=d)) for r, d in (("midyear", 165), ("yearend", 25))}
    _pledges(conn, lay, blocs, to_db(now - timedelta(days=305)))
    _assessments(conn, lay, blocs, at)
    _review(conn, lay, blocs, at)
    _votes(conn, lay, blocs, now - timedelta(days=5))
    conn.executemany(
        "INSERT INTO sent_log (key, chat_id, message_id, outcome, done_at)"
        " VALUES (?, ?, ?, 'sent', ?)",
        [
            (f"bench:{b}:{u}:{line}", lay.chat(b), 1000 + u, at["yearend"])
            for b in blocs
            for u in range(lay.units)
            for line in ("pledge", *ROUNDS)
        ],
    )


def _pledges(conn: sqlite3.Connection, lay: Layout, blocs: range, stamp: str) -> None:
    rows = [(b, u) for b in blocs for u in range(lay.units)]
    conn.executemany(
        "INSERT INTO pledges (id, year_id, unit_id, status, commitments, revision, registered_by,"
        " first_registered_at, updated_by, updated_at)"
        " VALUES (?, ?, ?, 'registered', ?, 1, ?, ?, ?, ?)",
        [
            (
                n,
                lay.year_id(b),
                lay.unit_id(b, u),
                COMMITMENTS,
                lay.person(b, u),
                stamp,
                lay.person(b, u),
                stamp,
            )
            for n, (b, u) in enumerate(rows, start=1)
        ],
    )
    conn.executemany(
        "INSERT INTO pledge_titles (pledge_id, title_id) VALUES (?, ?)",
        [
            (n, lay.title_id(b, t))
            for n, (b, u) in enumerate(rows, start=1)
            for t in ((0, 1, 2) if u % 3 == 0 else (0, 1))
        ],
    )


@cache
def _scores(pattern: int, round_: str) -> tuple[tuple[tuple[str, str, str | None], ...], str]:
    """((code, score, note), …) of the standard criteria, and the total, for one pattern."""
    scale = sample_scale()
    found, values = [], {}
    for i, (kind, _, criterion) in enumerate(scale.items()):
        if kind is not ItemKind.CRITERION:
            continue
        off = criterion.step * ((pattern * 3 + i * 7 + ROUNDS.index(round_)) % 4)
        value = max(criterion.max - off, Decimal(0))
        values[criterion.code] = value
        found.append((criterion.code, plain(value), NOTE if i % 5 == 0 else None))
    return tuple(found), plain(total(scale, values).total)


def _assessments(conn: sqlite3.Connection, lay: Layout, blocs: range, at: dict[str, str]) -> None:
    """Both rounds of every unit, submitted at revision 1 (the scores were pasted at once)."""
    rows = [(b, u, r) for b in blocs for u in range(lay.units) for r in ROUNDS]
    evidence = [c.code for _, _, c in sample_scale().items() if c.evidence]
    conn.executemany(
        "INSERT INTO assessments (id, year_id, unit_id, round, scale_id, revision,"
        " submitted_revision, submitted_total, submitted_by, submitted_at, first_submitted_at,"
        " created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                n,
                lay.year_id(b),
                lay.unit_id(b, u),
                r,
                lay.year_id(b),
                _scores(u, r)[1],
                lay.person(b, u),
                at[r],
                at[r],
                at[r],
                lay.person(b, u),
                at[r],
            )
            for n, (b, u, r) in enumerate(rows, start=1)
        ],
    )
    conn.executemany(
        "INSERT INTO assessment_scores (assessment_id, code, score, note, revision, updated_by,"
        " updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
        (
            (n, code, score, note, lay.person(b, u), at[r])
            for n, (b, u, r) in enumerate(rows, start=1)
            for code, score, note in _scores(u, r)[0]
        ),
    )
    conn.execute(  # submitted at revision 1: the snapshot that counts is the scores
        "INSERT INTO assessment_submitted (assessment_id, code, score, note)"
        " SELECT assessment_id, code, score, note FROM assessment_scores"
    )
    conn.executemany(
        "INSERT INTO assessment_evidence (assessment_id, code, kind, name, file_id, added_by,"
        " added_at) VALUES (?, ?, 'file', 'bao-cao-minh-chung.pdf', ?, ?, ?)",
        (
            (n, code, f"BQACAgUAAxkBAAI{n:08d}{code}", lay.person(b, u), at[r])
            for n, (b, u, r) in enumerate(rows, start=1)
            for code in evidence
        ),
    )
    conn.executemany(
        "INSERT INTO assessment_log (assessment_id, action, revision, total, by_user, at)"
        " VALUES (?, 'submitted', 1, ?, ?, ?)",
        [(n, _scores(u, r)[1], lay.person(b, u), at[r]) for n, (b, u, r) in enumerate(rows, 1)],
    )


def _review(conn: sqlite3.Connection, lay: Layout, blocs: range, at: dict[str, str]) -> None:
    """A reviewed score of one unit per round, then both rounds closed (all logged)."""
    code, reviewed = "1.1", "8"
    scores = [(lay.year_id(b), r, lay.unit_id(b, 2)) for b in blocs for r in ROUNDS]
    conn.executemany(
        "INSERT INTO review_scores (year_id, round, unit_id, code, reviewed, reason, reviewer_id,"
        " reviewed_at) VALUES (?, ?, ?, ?, ?, 'Thiếu minh chứng', ?, ?)",
        [(y, r, unit, code, reviewed, lay.admin, at[r]) for y, r, unit in scores],
    )
    conn.executemany(
        "INSERT INTO review_rounds (year_id, round, status, changed_by, changed_at)"
        " VALUES (?, ?, 'closed', ?, ?)",
        [(y, r, lay.admin, at[r]) for y, r, _ in scores],
    )
    conn.executemany(
        "INSERT INTO review_log (year_id, round, unit_id, action, code, new_value, detail,"
        " user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            entry
            for y, r, unit in scores
            for entry in (
                (y, r, unit, "score_set", code, reviewed, "Thiếu minh chứng", lay.admin, at[r]),
                (y, r, None, "closed", None, None, None, lay.admin, at[r]),
            )
        ],
    )


@dataclass
class _Votes:
    """The rows of every bloc's three votes, gathered before they are written."""

    elections: list[tuple[int, int, str, str]] = field(default_factory=list)
    titles: list[tuple[int, int, int, int]] = field(default_factory=list)
    candidates: list[tuple[int, int, int, int]] = field(default_factory=list)
    roll: list[tuple[int, int]] = field(default_factory=list)
    ballots: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    leaders: list[tuple[int, str, int, int]] = field(default_factory=list)

    def head(self, election: int, bloc: int, kind: str, units: list[int], picks: list[int]) -> None:
        """A head or deputy vote: every unit a candidate, `picks` the ballots."""
        tally = tally_head(units, picks, roll=len(units), rules=ElectionRules())
        self.elections.append((election, bloc, kind, tally.model_dump_json()))
        self.candidates += [(election, 0, unit, i) for i, unit in enumerate(units)]
        self.roll += [(election, unit) for unit in units]
        self.ballots += [(election, head_ballot(unit)) for unit in picks]
        self.leaders.append((bloc, kind, tally.winner or units[0], election))

    def commendation(
        self, election: int, bloc: int, units: list[int], quotas: dict[int, int]
    ) -> None:
        """A bình xét: each unit approves as many units per title as its quota allows."""
        candidates = {title: units for title in quotas}
        approvals = [  # the first units of the list, never itself: the first ones proposed
            {title: [v for v in units[: q + 1] if v != unit][:q] for title, q in quotas.items()}
            for unit in units
        ]
        tally = tally_commendation(
            candidates, quotas, approvals, roll=len(units), rules=ElectionRules()
        )
        self.elections.append((election, bloc, "commendation", tally.model_dump_json()))
        self.titles += [(election, t, q, i) for i, (t, q) in enumerate(quotas.items())]
        self.candidates += [(election, t, u, i) for t in quotas for i, u in enumerate(units)]
        self.roll += [(election, unit) for unit in units]
        self.ballots += [(election, approvals_ballot(a)) for a in approvals]  # type: ignore[arg-type]


def _votes(conn: sqlite3.Connection, lay: Layout, blocs: range, when: datetime) -> None:
    """Head, deputy and bình xét of every bloc: each unit votes, the count is stored."""
    first = 1 + int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM elections").fetchone()[0])
    ids = iter(range(first, first + 3 * len(blocs)))
    votes = _Votes()
    for b in blocs:
        units = [lay.unit_id(b, u) for u in range(lay.units)]
        bloc, n = lay.year_id(b), len(units)
        votes.head(
            next(ids), bloc, "head", units, [units[1 if u % 5 == 4 else 0] for u in range(n)]
        )
        votes.head(
            next(ids), bloc, "deputy", units, [units[2 if u % 4 == 3 else 1] for u in range(n)]
        )
        quotas = {lay.title_id(b, 0): 1, lay.title_id(b, 1): 2}
        votes.commendation(next(ids), bloc, units, quotas)
    _store(conn, lay.admin, votes, to_db(when))


def _store(conn: sqlite3.Connection, admin: int, votes: _Votes, stamp: str) -> None:
    rules = ElectionRules().model_dump_json()
    conn.executemany(
        "INSERT INTO elections (id, bloc_id, year_id, kind, status, rules, opened_by, opened_at,"
        " closed_by, closed_at, result) VALUES (?, ?, ?, ?, 'closed', ?, ?, ?, ?, ?, ?)",
        [
            (e, bloc, bloc, kind, rules, admin, stamp, admin, stamp, f'{{"tally":{tally}}}')
            for e, bloc, kind, tally in votes.elections
        ],
    )
    conn.executemany(
        "INSERT INTO election_titles (election_id, title_id, quota, position) VALUES (?, ?, ?, ?)",
        votes.titles,
    )
    conn.executemany(
        "INSERT INTO election_candidates (election_id, title_id, unit_id, position)"
        " VALUES (?, ?, ?, ?)",
        votes.candidates,
    )
    conn.executemany("INSERT INTO election_roll (election_id, unit_id) VALUES (?, ?)", votes.roll)
    conn.executemany("INSERT INTO election_voted (election_id, unit_id) VALUES (?, ?)", votes.roll)
    conn.executemany(
        "INSERT INTO ballots (id, election_id, receipt, choice) VALUES (?, ?, ?, ?)",
        list(_ballots(votes.ballots)),
    )
    conn.executemany(
        "INSERT INTO bloc_leaders (bloc_id, year, role, unit_id, source, election_id, set_at)"
        " VALUES (?, 2027, ?, ?, 'election', ?, ?)",
        [(bloc, role, unit, e, stamp) for bloc, role, unit, e in votes.leaders],
    )


def _ballots(ballots: list[tuple[int, dict[str, Any]]]) -> Iterator[tuple[str, int, str, str]]:
    """Random ids (their order is not the casting order) and receipts unique per election."""
    taken: set[tuple[int, str]] = set()
    for election, choice in ballots:
        receipt = new_receipt()
        while (election, receipt) in taken:
            receipt = new_receipt()
        taken.add((election, receipt))
        text = json.dumps(choice, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        yield secrets.token_hex(16), election, receipt, text

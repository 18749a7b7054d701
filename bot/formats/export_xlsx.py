"""The year's workbook: Units, Pledges, Scores and Review per round, Ranking, votes, Log.

Pure: a `YearReport` and the catalog in, bytes out (run it in a worker thread). Headers come from
the `export` catalog in the reader's language. Scores are written as numbers, shown as typed
(10, 9,5: `SCORE_FORMAT`), self and reviewed side by side; units that did not submit get empty
cells and a header note, never a zero.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from bot.domain.review import Round
from bot.formats.report import (
    RoundReport,
    Tally,
    UnitInfo,
    VoteResult,
    YearReport,
    quota_line,
    vote_name,
)
from bot.formats.xlsx_scores import private, write_review, write_scores
from bot.formats.xlsx_writing import (
    DATE_FORMAT,
    SCORE_FORMAT,
    SheetWriter,
    Value,
    table,
    workbook_bytes,
)
from bot.i18n import Catalog


class Labels:
    """Plain-text labels of the `export` namespace (the workbook is not HTML)."""

    def __init__(self, catalog: Catalog, lang: str) -> None:
        self.lang = lang
        self._texts = catalog.texts[lang]

    def __call__(self, key: str, /, **params: object) -> str:
        return self._texts[f"export.{key}"].format_map(params)

    def round(self, which: Round) -> str:
        return self(f"round_{which.value}")

    def minutes(self, key: str, /, **params: object) -> str:
        """A text of the minutes (the `documents` catalog): the workbook says it alike."""
        return self._texts[f"documents.{key}"].format_map(params)


def report_stamp(report: YearReport) -> datetime:
    """The time the data last changed (the workbook's date): the same data, the same stamp."""
    times = [line.at for line in report.log] + [p.registered_at for p in report.pledges]
    return max(times, default=datetime(report.year, 1, 1, tzinfo=UTC))


def build_workbook(report: YearReport, catalog: Catalog, lang: str) -> bytes:
    """The whole workbook as bytes (the same bytes for the same report and language)."""
    tx = Labels(catalog, lang)
    zone = ZoneInfo(report.timezone)
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)

    def sheet(title: str) -> SheetWriter:
        return SheetWriter(wb.create_sheet(title[:31]), zone)

    _units(sheet(tx("sheet_units")), report, tx)
    _pledges(sheet(tx("sheet_pledges")), report, tx)
    for part in report.rounds:
        write_scores(sheet(tx(f"sheet_scores_{part.round.value}")), report, part, tx)
        write_review(sheet(tx(f"sheet_review_{part.round.value}")), report, part, tx)
    _ranking(sheet(tx("sheet_ranking")), report, tx)
    _votes(sheet(tx("sheet_votes")), report, tx)
    _log(sheet(tx("sheet_log")), report, tx)
    wb.properties.creator = "Emulation Bloc Assistant"
    wb.properties.title = f"{report.bloc_name} — {report.year}"
    return workbook_bytes(wb, report_stamp(report))


def _units(writer: SheetWriter, report: YearReport, tx: Labels) -> None:
    rows = [
        [
            n,
            unit.code,
            unit.name,
            "\n".join(unit.delegates),
            _roles(unit, report.year, tx),
        ]
        for n, unit in enumerate(report.units, start=1)
    ]
    headers = ["col_no", "col_code", "col_name", "col_delegates", "col_role"]
    table(writer, [tx(h) for h in headers], rows)


def _roles(unit: UnitInfo, year: int, tx: Labels) -> str | None:
    """Head or deputy this year, and next year's when chosen during this one, each with its
    year: a year without a recorded head still shows who was elected for the next."""
    roles = [(unit.role, year), (unit.next_role, year + 1)]
    lines = [tx("role_in_year", role=tx(f"role_{r}"), year=y) for r, y in roles if r]
    return "\n".join(lines) or None


def _pledges(writer: SheetWriter, report: YearReport, tx: Labels) -> None:
    rows = []
    for pledge in report.pledges:
        unit = report.unit(pledge.unit_id)
        rows.append(
            [
                unit.code if unit else "",
                unit.name if unit else "",
                "\n".join(pledge.titles),
                pledge.commitments if report.commitments_shown else tx("not_published"),
                pledge.registered_at.astimezone(writer.zone).date(),
            ]
        )
    headers = ["col_code", "col_unit", "col_titles", "col_commitments", "col_registered_at"]
    table(writer, [tx(h) for h in headers], rows, [None, None, None, None, DATE_FORMAT])


def _ranking(writer: SheetWriter, report: YearReport, tx: Labels) -> None:
    """One row per unit; a column group per round with data: rank, self total, final total."""
    rounds = [r for r in report.rounds if not r.ranking.empty]
    if not rounds:
        table(writer, [tx("col_note")], [[tx("no_scores")]])
        return
    headers = [tx("col_code"), tx("col_unit")]
    for part in rounds:
        name = tx(f"round_short_{part.round.value}")
        headers += [
            tx("col_rank", round=name),
            tx("col_total_self", round=name),
            tx("col_total", round=name),
        ]
    both = len(rounds) == 2
    headers += [tx("col_change")] if both else []
    headers += [tx("col_note")]
    latest = rounds[-1]
    order = [row.unit.unit_id for row in latest.ranking.rows]
    for part in rounds:
        order += [row.unit.unit_id for row in part.ranking.rows if row.unit.unit_id not in order]
    order += [e.unit.unit_id for e in latest.ranking.excluded if e.unit.unit_id not in order]
    order += [u.unit_id for u in report.units if u.unit_id not in order]
    comparison = {c.unit.unit_id: c for c in report.comparison()}
    fmt = SCORE_FORMAT
    rows: list[list[Value]] = []
    formats: list[str | None] = [None, None] + [None, fmt, fmt] * len(rounds)
    formats += [fmt] if both else []
    for unit_id in order:
        unit = report.unit(unit_id)
        if unit is None:
            continue
        values: list[Value] = [unit.code, unit.name]
        for part in rounds:
            ranked = part.ranking.by_unit().get(unit_id)
            values += (
                [ranked.rank, ranked.self_total, ranked.total] if ranked else [None, None, None]
            )
        if both:
            found = comparison.get(unit_id)
            values.append(found.change if found else None)
        values.append(_note(report, rounds, unit_id, tx))
        rows.append(values)
    table(writer, headers, rows, formats)


def _round_notes(report: YearReport, part: RoundReport, unit_id: int, tx: Labels) -> list[str]:
    for excluded in part.ranking.excluded:
        if excluded.unit.unit_id == unit_id:  # the reason is not the group's (as /summary)
            if report.group_copy:
                return [tx("kind_excluded")]
            return [tx("note_excluded", reason=excluded.reason)]
    if any(u.unit_id == unit_id for u in part.ranking.not_submitted):
        return [tx("note_not_submitted")]
    ranked = part.ranking.by_unit().get(unit_id)
    if ranked is None:
        return []
    notes = [tx("note_tied")] if ranked.tied else []  # as the documents say it
    if not ranked.reviewed and not part.closed:
        notes.append(tx("note_not_reviewed"))
    return notes


def _note(report: YearReport, rounds: list[RoundReport], unit_id: int, tx: Labels) -> str | None:
    """The unit's notes of every round shown (a tie, an exclusion and its reason, no
    submission, not yet reviewed); with two rounds each note names the rounds it holds for
    ("Đồng hạng (6 tháng, cả năm)"), so a mid-year tie is noted as a year-end one is."""
    found: dict[str, list[str]] = {}
    for part in rounds:
        for note in _round_notes(report, part, unit_id, tx):
            found.setdefault(note, []).append(tx(f"round_short_{part.round.value}"))
    if len(rounds) > 1:
        found = {tx("note_rounds", note=n, rounds=", ".join(r)): r for n, r in found.items()}
    return "; ".join(found) or None


def _votes(writer: SheetWriter, report: YearReport, tx: Labels) -> None:
    headers = [tx(h) for h in ("col_vote", "col_candidate", "col_votes", "col_result")]
    rows: list[list[Value]] = []
    for vote in report.votes:
        name = vote_name(tx, vote)
        binhxet = vote.kind == "commendation"
        if binhxet and vote.first_title:  # one ballot a unit for all its titles: told once
            rows += _turnout(tx, vote, report, vote_name(tx, vote, whole=True))
        quota = quota_line(tx.minutes, vote)  # a bình xét's title: its quota, approvals needed
        if quota is not None:
            rows.append([name, quota, None, None])
        for tally in vote.tallies:
            verdict = _verdict(tx, vote, tally, report.year + 1)
            rows.append([name, tally.candidate, tally.votes, verdict])
        # the rows of a head or deputy vote add up to the ballots counted
        rows += [[name, tx(key), n, None] for key, n in _uncounted(vote)]
        if not binhxet:
            rows += _turnout(tx, vote, report, name)
    if not rows:
        rows.append([tx("no_votes"), None, None, None])
    table(writer, headers, rows)


def _turnout(tx: Labels, vote: VoteResult, report: YearReport, name: str) -> list[list[Value]]:
    """A vote's turnout with its outcome, and the receipt codes published in the group at the
    close (no choice beside them)."""
    counted = "turnout_void" if vote.void else "turnout"
    turnout = tx(counted, cast=vote.cast, eligible=vote.eligible, receipts=vote.receipts)
    rows: list[list[Value]] = [[name, turnout, None, _outcome(tx, vote, report)]]
    if vote.receipt_codes:
        key = "receipts_void" if vote.void else "receipts_counted"
        rows.append([name, tx(key, codes=", ".join(vote.receipt_codes)), None, None])
    return rows


def _uncounted(vote: VoteResult) -> list[tuple[str, int]]:
    """A counted head or deputy vote's ballots for no unit (even none) and invalid ones (if any)."""
    if vote.kind == "commendation" or vote.void:
        return []
    return [("abstain", vote.abstentions)] + ([("invalid", vote.invalid)] if vote.invalid else [])


def _outcome(tx: Labels, vote: VoteResult, report: YearReport) -> str | None:
    """The vote's own outcome, when no candidate's row says it (void, undecided, a runoff);
    after a vote that filled no seat, whom the bloc recorded at its meeting, as the minutes."""
    if vote.void:
        return tx("void")
    if vote.undecided or vote.head_won:
        role = tx.minutes(f"role_{vote.kind}_in_text")
        decided = report.decided(vote.kind)
        if decided is not None:
            return tx("decided", code=decided.code, role=role, year=report.year + 1)
        if vote.undecided:
            return tx("undecided", role=role)
    if vote.runoff_between:
        return tx("runoff", codes=", ".join(vote.runoff_between))
    return None


def _verdict(tx: Labels, vote: VoteResult, tally: Tally, next_year: int) -> str | None:
    if vote.head_won == tally.candidate:  # the most votes, but next year's head already
        return tx("head_won", year=next_year)
    if tally.chosen:
        return tx(f"chosen_{vote.kind}")
    if tally.tied:
        return tx("tied_revoted" if vote.revoted else "tied_pending")
    return None


def _log(writer: SheetWriter, report: YearReport, tx: Labels) -> None:
    keys = ("col_time", "col_who", "col_unit", "col_round", "col_action", "col_item",
            "col_old", "col_new", "col_detail")  # fmt: skip
    lines = sorted(report.log, key=lambda line: line.at)
    fmt = SCORE_FORMAT
    rows: list[list[Value]] = [
        [
            line.at,
            line.who,
            line.unit,
            tx(f"round_short_{line.round.value}") if line.round else None,
            tx(f"log_{line.action}"),
            line.item,
            line.old,
            line.new,
            private(report, tx, line.detail or None),
        ]
        for line in lines
    ]
    table(writer, [tx(k) for k in keys], rows, [None] * 6 + [fmt, fmt])

"""How `/summary` reads: one section a phase (pledges, a round's ranking with the comparison,
the leaders and votes), short enough for a phone; the numbers are the report's, as exported.

Pure: a `YearReport` and the texts in, HTML out. Drafts never reach the report (only submitted
assessments are ranked) and votes carry tallies only.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.domain.calendar import Phase
from bot.domain.elections import Role
from bot.domain.ranking import Ranking
from bot.domain.review import Round
from bot.formats.report import Tally, VoteResult, YearReport, quota_line, vote_name
from bot.i18n import Html, Texts
from bot.usecases.results import SummaryLeaders
from views.keyboards import Btn, grid, keyboard

KIND = "summary"


@button(KIND, "show")
class ShowSummary:
    """A section tab of `/summary`: the phase whose parts to show, for the year it was made."""

    year_id: int
    phase: Phase


def num(tx: Texts, value: Decimal) -> str:
    return tx.number(value)


def tab_label(tx: Texts, phase: Phase) -> Html:
    return tx(f"summary.tab_{phase.value}")


def screen(
    tx: Texts, report_title: Html, parts: list[Html], year_id: int, shown: Phase,
    phases: list[Phase],
) -> tuple[Html, InlineKeyboardMarkup | None]:  # fmt: skip
    """The header, the shown phase's parts, and a tab per phase that has parts."""
    text = Html("\n\n".join([report_title, *parts]))
    tabs = [
        Btn(("• " if p is shown else "") + tab_label(tx, p), ShowSummary(year_id, p))
        for p in phases
    ]
    return text, keyboard(grid(tabs, 3))


def pledges_part(tx: Texts, report: YearReport) -> Html:
    return Html("\n".join(_pledges(tx, report)))


def round_part(tx: Texts, report: YearReport, round_: Round) -> Html:
    lines = _ranking(tx, report, round_)
    if round_ is Round.YEAREND and report.comparison():
        lines += ["", *_compare(tx, report)]
    return Html("\n".join(lines))


def leaders_part(tx: Texts, report: YearReport, leaders: SummaryLeaders) -> Html:
    return Html("\n".join(_votes(tx, report, leaders)))


def _pledges(tx: Texts, report: YearReport) -> list[str]:
    if not report.pledges:
        return [tx("summary.no_pledges")]
    lines = [tx("summary.pledges_count", done=len(report.pledges), total=len(report.units))]
    counts = Counter(title for p in report.pledges for title in p.titles)
    order = {name: n for n, name in enumerate(report.titles)}  # the bloc's list order
    ranked = sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    lines += [tx.plural("summary.title_count", n, title=t, count=n) for t, n in ranked]
    return lines


def _ranking(tx: Texts, report: YearReport, round_: Round) -> list[str]:
    """The round's ranking under its review's state (the stored one, whether or not anything
    was submitted: a closed review or an ended year is never "under review")."""
    name, part = tx(f"summary.round_{round_.value}"), report.round(round_)
    state = report.review_state(round_)
    if part is None or part.ranking.empty:
        if state == "open":  # nothing to review yet: no state to name
            return [tx("summary.ranking_header_plain", round=name), "", tx("summary.no_ranking")]
        header = tx("summary.ranking_header", round=name, state=tx(f"summary.state_{state}"))
        return [header, "", tx("summary.no_ranking_past")]
    lines = [tx("summary.ranking_header", round=name, state=tx(f"summary.state_{state}")), ""]
    lines += rank_lines(tx, part.ranking, closed=part.closed)
    lines += ["", tx("summary.max_line", max=num(tx, part.scale.max_total))]
    return lines


def rank_lines(tx: Texts, ranking: Ranking, *, closed: bool) -> list[str]:
    """Ranked units (ties share a rank, the next one skipped), then the ones set apart."""
    lines = []
    for row in ranking.rows:
        notes = []
        if row.self_total != row.total:
            notes.append(tx("summary.note_self", total=num(tx, row.self_total)))
        if not row.reviewed and not closed:
            notes.append(tx("summary.note_not_reviewed"))
        if row.tied:
            notes.append(tx("summary.note_tie"))
        text = f" ({'; '.join(notes)})" if notes else ""
        lines.append(tx("summary.rank_line", rank=row.rank, code=row.unit.code,
                        total=num(tx, row.total), notes=Html(text)))  # fmt: skip
    if ranking.excluded:  # the reason is the unit's and the reviewers' (/review), not the group's
        lines += ["", tx("summary.excluded_header")]
        lines += [tx("summary.excluded_line", code=e.unit.code) for e in ranking.excluded]
    if ranking.not_submitted:
        codes = ", ".join(u.code for u in ranking.not_submitted)
        lines += ["", tx("summary.not_submitted", codes=codes)]
    return lines


def _compare(tx: Texts, report: YearReport) -> list[str]:
    rows = report.comparison()
    if not rows:
        return [tx("summary.compare_none")]
    lines = [tx("summary.compare_header"), ""]
    dash = tx("summary.compare_missing")
    for row in rows:
        change = row.change
        shown = tx("summary.compare_change", change=tx.signed(change)) if change is not None else ""
        lines.append(
            tx(
                "summary.compare_line",
                code=row.unit.code,
                midyear=num(tx, row.midyear_total) if row.midyear_total is not None else dash,
                yearend=num(tx, row.yearend_total) if row.yearend_total is not None else dash,
                change=Html(shown),
            )
        )
    return lines


def _votes(tx: Texts, report: YearReport, leaders: SummaryLeaders) -> list[str]:
    """The year's head and deputy, next year's once known, then each closed vote's tallies
    and turnout (no ballot)."""
    none = tx("summary.leader_none")
    lines = [tx("summary.leaders", head=leaders.head or none, deputy=leaders.deputy or none)]
    upcoming = leaders.upcoming
    if upcoming:
        named = {role.value: _upcoming(tx, upcoming.get(role)) for role in Role}
        lines.append(tx("summary.leaders_next", year=report.year + 1, **named))
    for vote in report.votes:
        name = vote_name(lambda key, **params: tx(f"export.{key}", **params), vote)
        header = "summary.vote_header_void" if vote.void else "summary.vote_header"
        lines += ["", tx(header, name=name, cast=vote.cast, eligible=vote.eligible,
                         receipts=vote.receipts)]  # fmt: skip
        quota = quota_line(lambda key, **params: tx(f"documents.{key}", **params), vote)
        if quota is not None:  # a bình xét: its quota, as in the group's result and workbook
            lines.append(quota)
        if vote.void:
            lines.append(tx("summary.vote_void"))
        elif vote.undecided and vote.kind in upcoming:  # the bloc decided and recorded it
            lines.append(tx("summary.vote_decided", code=upcoming[vote.kind][0]))
        elif vote.undecided:
            lines.append(tx("summary.vote_undecided", command=f"/{vote.kind} set"))
        elif vote.runoff_between:
            lines.append(tx("summary.vote_runoff", codes=", ".join(vote.runoff_between)))
        elif vote.head_won:  # a deputy vote won by next year's head filled no seat
            lines.append(tx("summary.vote_head_won", code=vote.head_won, year=report.year + 1))
        # a commendation vote's results are approvals, as in its minutes and group result
        line = "summary.approval_line" if vote.kind == "commendation" else "summary.vote_line"
        for tally in vote.tallies:
            lines.append(tx.plural(line, tally.votes, candidate=tally.candidate,
                                   votes=tally.votes, chosen=_mark(tx, vote, tally)))  # fmt: skip
        if vote.kind != "commendation" and not vote.void:  # the lines add up to the ballots
            lines.append(
                tx.plural("summary.vote_abstentions", vote.abstentions, count=vote.abstentions)
            )
            if vote.invalid:
                lines.append(tx("summary.vote_invalid", count=vote.invalid))
    if not report.votes:
        lines += ["", tx("summary.votes_none")]
    return lines


def _upcoming(tx: Texts, leader: tuple[str, bool] | None) -> Html:
    """Next year's unit in a role: its code, and how it was chosen; or none yet."""
    if leader is None:
        return tx("summary.leader_none")
    code, decided = leader
    return tx("summary.leader_decided" if decided else "summary.leader_elected", code=code)


def _mark(tx: Texts, vote: VoteResult, tally: Tally) -> Html:
    if tally.chosen:  # a bình xét's unit is proposed, as its group result and workbook say
        proposed = vote.kind == "commendation"
        return tx("election.mark_proposed" if proposed else "summary.vote_chosen")
    if tally.tied:
        return tx("summary.vote_tied_revoted" if vote.revoted else "summary.vote_tied")
    return Html("")

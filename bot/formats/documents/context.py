"""Template data of each year-end document: the names a template may use, filled from the data.

Why one function a document and only strings inside: a template is a Word file a bloc may
replace, so the names it may use (`known`) and must use (`REQUIRED`) are fixed here, and every
number arrives already written the Vietnamese way (decimal comma, exact decimals). The same
`DocumentData` gives the same dictionary, so re-drafting gives the same document.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from bot.domain.ballots import ElectionKind, Outcome
from bot.domain.commendation import Standing
from bot.domain.documents import DocName, number_and_symbol
from bot.domain.ranking import Ranking
from bot.domain.review import Round
from bot.formats.documents.data import DocumentData
from bot.formats.documents.votes import (
    binhxet_vote,
    head_vote,
    meeting_outcomes,
    open_ties_of,
    proposals,
    still_tied,
    together,
)
from bot.formats.documents.words import Words
from bot.i18n import Catalog

Context = dict[str, Any]
K = TypeVar("K", int, str)
T = TypeVar("T")

#: What every template must use, besides its own data (REQUIRED).
COMMON_REQUIRED = frozenset({"issuing_body", "place_date"})

REQUIRED: dict[DocName, frozenset[str]] = {
    DocName.COUNT_LEADERS: frozenset({"elections"}),
    DocName.COUNT_BINHXET: frozenset({"votes"}),
    DocName.MEETING: frozenset({"meeting_date", "meeting_place", "ranking", "proposals"}),
    DocName.PROPOSAL: frozenset({"titles", "signer_name"}),
    DocName.SCORES: frozenset({"rows"}),
    DocName.REPORT: frozenset({"ranking"}),
}


def _day(data: DocumentData, name: DocName, w: Words) -> date | None:
    """The document's date: that of the event it records. A count, the vote's close; the score
    table, the close of the year-end review (its scores are final from then); the others, the
    meeting, else the bình xét's close, else the review's close. Blank only when none is known.

    Never the day of drafting, so drafting again another day gives the same document.
    """
    if name is DocName.COUNT_LEADERS:
        votes = data.of_kind(ElectionKind.HEAD, ElectionKind.DEPUTY)
        return w.local(max(v.closed_at for v in votes)).date() if votes else None
    if name is DocName.COUNT_BINHXET:
        last = data.binhxet
        return w.local(last.closed_at).date() if last else None
    reviewed = data.report.review_closed_at(Round.YEAREND)
    if name is DocName.SCORES and reviewed is not None:
        return w.local(reviewed).date()
    if data.meeting is not None:
        return data.meeting.held_on
    last = data.binhxet
    if last is not None:
        return w.local(last.closed_at).date()
    return w.local(reviewed).date() if reviewed is not None else None


def _common(name: DocName, data: DocumentData, w: Words) -> Context:
    s, year = data.settings, data.report.year
    return {
        "parent_body": s.parent_body,
        "issuing_body": s.issuing_body,
        "number": number_and_symbol(name, s),
        "place_date": w(
            "place_date", place=s.place_name, date=w.long_date(_day(data, name, w), year)
        ),
        "year": str(year),
        "next_year": str(year + 1),
        "bloc_name": data.report.bloc_name,
        "signer_title": s.signer_title,
        "signer_name": s.signer_name,
        "addressee": s.addressee,
        "recipients": list(s.recipients),
    }


def _yearend(data: DocumentData) -> Ranking | None:
    found = data.report.round(Round.YEAREND)
    return found.ranking if found is not None and not found.ranking.empty else None


def ranking_rows(data: DocumentData, w: Words) -> list[dict[str, str]]:
    """The year-end ranking, ties as ties; then excluded and not submitted units, unranked."""
    ranking = _yearend(data)
    if ranking is None:
        return []
    rows = [
        {
            "rank": str(r.rank),
            "code": r.unit.code,
            "unit": r.unit.name,
            "self_total": w.number(r.self_total),
            "total": w.number(r.total),
            "note": w("note_tied") if r.tied else "",
        }
        for r in ranking.rows
    ]
    rows += [
        {"rank": "", "code": e.unit.code, "unit": e.unit.name,
         "self_total": w.number(e.self_total), "total": w.number(e.total),
         "note": (w("note_unranked") if data.report.group_copy  # the reason: not the group's
                  else w("note_excluded", reason=e.reason))}
        for e in ranking.excluded
    ]  # fmt: skip
    rows += [
        {"rank": "", "code": u.code, "unit": u.name, "self_total": "", "total": "",
         "note": w("note_not_submitted")}
        for u in ranking.not_submitted
    ]  # fmt: skip
    return rows


def _in_title_order(data: DocumentData, by_title: dict[K, T]) -> list[tuple[K, T]]:
    """The items of a mapping keyed by title id or by title name, in the bloc's order of
    titles (`/titles`: the title hierarchy), never alphabetically; unknown keys last."""
    order: dict[int | str, int] = {}
    for n, (title_id, name) in enumerate(data.titles.items()):
        order[title_id] = order.setdefault(name, n)
    last = len(order)
    return sorted(by_title.items(), key=lambda item: (order.get(item[0], last), str(item[0])))


def _proposal_lines(data: DocumentData, w: Words, *, nothing: bool = True) -> list[str]:
    """Who is proposed for each title (and any seat still tied); without `nothing`, a title
    that has neither is left out (the meeting agrees on what it proposes)."""
    proposed, tied = proposals(data), still_tied(data)
    lines = []
    for title_id, units in _in_title_order(data, proposed):
        if not (units or tied.get(title_id) or nothing):
            continue
        title = data.titles.get(title_id, str(title_id))
        none = w("nobody_yet") if tied.get(title_id) else w("nobody")  # the tied qualified
        names = ", ".join(data.unit_label(u) for u in units) or none
        line = w("title_proposed", title=title, units=names)
        if tied.get(title_id):
            line += " " + w("title_tied_open", units=together(w, data, tied[title_id]))
        lines.append(line)
    return lines


def _leader_roles(data: DocumentData, w: Words) -> str:
    """What the head and deputy votes were for, as the minutes and the report are titled:
    "Khối trưởng" when only the head was elected, "Khối phó" when only the deputy, both when
    both were (or when there was no vote yet: the report's heading names the task)."""
    kinds = {v.kind for v in data.of_kind(ElectionKind.HEAD, ElectionKind.DEPUTY)}
    if kinds == {ElectionKind.HEAD}:
        return w("role_head_in_text")
    if kinds == {ElectionKind.DEPUTY}:
        return w("role_deputy_in_text")
    return w("leaders_both")


def _count_leaders(data: DocumentData, w: Words) -> Context:
    votes = data.of_kind(ElectionKind.HEAD, ElectionKind.DEPUTY)
    return {
        "leader_roles": _leader_roles(data, w),
        "elections": [head_vote(w, data, v) for v in votes],
    }


def _count_binhxet(data: DocumentData, w: Words) -> Context:
    return {"votes": [binhxet_vote(w, data, v) for v in data.of_kind(ElectionKind.COMMENDATION)]}


def _meeting(data: DocumentData, w: Words) -> Context:
    meeting = data.meeting
    present: set[int] = set(meeting.extra_unit_ids) if meeting else set()
    for vote in data.of_kind(ElectionKind.COMMENDATION):
        present |= set(vote.voted)
    units = [u for u in data.report.units if u.unit_id in present]
    return {
        "meeting_date": w.long_date(meeting.held_on if meeting else None, data.report.year),
        "meeting_place": meeting.place if meeting else "",
        "present": [u.name for u in units],
        "present_count": str(len(units)),
        "unit_count": str(len(data.report.units)),
        "ranking": ranking_rows(data, w),
        "binhxet": meeting_outcomes(w, data),
        "proposals": _proposal_lines(data, w, nothing=False),
    }


def _proposal(data: DocumentData, w: Words) -> Context:
    """The titles the letter proposes units for, in the bloc's order; a title with nobody
    proposed is left out, unless seats of it are still tied: then the letter says so."""
    ranking = _yearend(data)
    ranked = ranking.by_unit() if ranking else {}
    tied = open_ties_of(data)
    titles = []
    for title_id, units in _in_title_order(data, proposals(data)):
        tie = tied.get(title_id)
        if not units and tie is None:
            continue
        rows = []
        for m, unit_id in enumerate(units, start=1):
            row = ranked.get(unit_id)
            rows.append({"no": str(m), "unit": data.unit_label(unit_id),
                         "total": w.number(row.total) if row else "",
                         "rank": str(row.rank) if row else ""})  # fmt: skip
        pending = ""
        if tie is not None:
            names = together(w, data, tie.units(Standing.TIED))
            pending = w("proposal_pending", seats=tie.tied_seats, units=names)
        name = data.titles.get(title_id, str(title_id))
        titles.append({"no": str(len(titles) + 1), "name": name, "count": str(len(rows)),
                       "units": rows, "pending": pending})  # fmt: skip
    return {"titles": titles}


def _scores(data: DocumentData, w: Words) -> Context:
    found = data.report.round(Round.YEAREND)
    rows = []
    if found is not None:
        sheets, scale = found.sheets, found.scale
        order = ranking_rows(data, w)
        by_code = {u.code: u.unit_id for u in data.report.units}
        for n, row in enumerate(order, start=1):
            sheet = sheets.get(by_code.get(row["code"], -1))
            extra = (
                (sheet.extra_bonus - sheet.extra_deductions) if sheet and sheet.submitted else None
            )
            rows.append({
                "no": str(n), **row,
                "criteria": w.number(sheet.criteria) if sheet and sheet.submitted else "",
                "bonus": w.number(sheet.bonus) if sheet and sheet.submitted else "",
                "deductions": w.number(sheet.deductions) if sheet and sheet.submitted else "",
                "extras": w.signed(extra) if extra is not None else "",
            })  # fmt: skip
        max_total = w.number(scale.max_total)
    else:
        max_total = ""
    return {"rows": rows, "max_total": max_total, "unit_count": str(len(data.report.units))}


def _leader_lines(data: DocumentData, w: Words) -> list[str]:
    """Each head or deputy vote's outcome, after the vote it is about: a first round that went
    to a runoff says so ("vòng 1"), so its "no majority" is not read as the year's result."""
    lines = []
    votes = data.of_kind(ElectionKind.HEAD, ElectionKind.DEPUTY)
    for vote, minutes in zip(votes, _count_leaders(data, w)["elections"], strict=True):
        name = minutes["name"]
        if vote.round == 1 and vote.head is not None and vote.head.outcome is Outcome.RUNOFF:
            name = w("vote_round", name=name, round=1)
        lines.append(w("vote_outcome", name=name, outcome=minutes["outcome"]))
    return lines


def _report(data: DocumentData, w: Words) -> Context:
    counts: dict[str, int] = {}
    for pledge in data.report.pledges:
        for title in pledge.titles:
            counts[title] = counts.get(title, 0) + 1
    return {
        "unit_count": str(len(data.report.units)),
        "units": [
            {
                "no": str(n),
                "code": u.code,
                "name": u.name,
                "role": w(f"role_{u.role}") if u.role else "",
            }
            for n, u in enumerate(data.report.units, start=1)
        ],
        "pledge_count": str(len(data.report.pledges)),
        "pledges": [{"title": t, "count": str(c)} for t, c in _in_title_order(data, counts)],
        "ranking": ranking_rows(data, w),
        "leader_roles": _leader_roles(data, w),
        "leaders": _leader_lines(data, w),
        "proposals": _proposal_lines(data, w),
    }


BUILDERS: dict[DocName, Callable[[DocumentData, Words], Context]] = {
    DocName.COUNT_LEADERS: _count_leaders,
    DocName.COUNT_BINHXET: _count_binhxet,
    DocName.MEETING: _meeting,
    DocName.PROPOSAL: _proposal,
    DocName.SCORES: _scores,
    DocName.REPORT: _report,
}


def context_for(name: DocName, data: DocumentData, catalog: Catalog, lang: str) -> Context:
    w = Words(catalog, lang, data.report.timezone)
    return {**_common(name, data, w), **BUILDERS[name](data, w)}


def known(name: DocName, data: DocumentData, catalog: Catalog) -> frozenset[str]:
    """The names a template of `name` may use: those its data has."""
    return frozenset(context_for(name, data, catalog, "vi"))


def required(name: DocName) -> frozenset[str]:
    return COMMON_REQUIRED | REQUIRED[name]

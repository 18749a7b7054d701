"""What results read of the self-assessments: each unit's scores of a round, and submissions.

The one seam between the self-assessment feature's storage and review/ranking/export: the rest
of results only sees `SelfAssessment` and `LogLine`. A submitted assessment is read as the unit
SUBMITTED it (the snapshot kept at its last submission): a change made after it is a draft until
submitted again, and never reaches the review, the ranking, the summary, the export or the
documents. The scores read are those that count under the year's current scale
(`assessment.valid_values`), so a score left over from a replaced scale counts for nothing here
exactly as in the unit's own totals.
"""

from __future__ import annotations

from typing import Any

from bot.domain.assessment import LogAction, LogEntry, Score, valid_values
from bot.domain.ballots import ElectionKind, HeadTally, Outcome
from bot.domain.commendation import CommendationTally, Standing
from bot.domain.elections import Election, won_by_the_head
from bot.domain.review import Round, SelfAssessment
from bot.domain.scale import Scale
from bot.formats.report import LogLine, Tally, VoteResult
from bot.services import Services


async def assessments(
    services: Services, year_id: int, round_: Round, scale: Scale
) -> list[SelfAssessment]:
    """Every unit's assessment of the round: a submitted one as submitted, a draft (never
    submitted) as it stands with `submitted=False`."""
    repo = services.assessments
    found = await repo.of_round(year_id, round_)
    drafts: dict[int, dict[str, Score]] = {}
    sent: dict[int, dict[str, Score]] = {}
    if any(not a.submitted for a in found.values()):
        drafts = await repo.scores_of_round(year_id, round_)
    if any(a.submitted for a in found.values()):
        sent = await repo.submitted_of_round(year_id, round_)
    return [
        SelfAssessment(
            unit_id=unit_id,
            round=round_,
            submitted=assessment.submitted,
            scores=valid_values(
                scale, (sent if assessment.submitted else drafts).get(assessment.id, {})
            ),
            submitted_at=assessment.submitted_at,
        )
        for unit_id, assessment in sorted(found.items())
    ]


async def submission_log(
    services: Services, year_id: int, people: dict[int, str], code_of: dict[int, str]
) -> list[LogLine]:
    """Submissions and reopenings of assessments, for the workbook's Log sheet."""
    lines: list[LogLine] = []
    for round_, unit_id, entry in await _entries(services, year_id):
        lines.append(
            LogLine(
                at=entry.at,
                who=people.get(entry.by, str(entry.by)),
                unit=code_of.get(unit_id),
                round=round_,
                action=_ACTIONS[entry.action],
                new=entry.total,
                detail=entry.reason or "",
            )
        )
    return lines


async def submitters(services: Services, year_id: int) -> set[int]:
    """Who submitted or reopened assessments of the year (their names go into the log)."""
    return {entry.by for _, _, entry in await _entries(services, year_id)}


async def _entries(services: Services, year_id: int) -> list[tuple[Round, int, LogEntry]]:
    return await services.assessments.log_of_year(year_id)


_ACTIONS = {
    LogAction.SUBMITTED: "submitted",
    LogAction.REOPENED: "assessment_reopened",
    LogAction.SCALE_REPLACED: "scale_replaced",
}


async def votes(
    services: Services,
    year_id: int,
    code_of: dict[int, str],
    titles: dict[int, str],
    next_head: int | None = None,
) -> list[VoteResult]:
    """The year's closed votes as counted: tallies, turnout, receipts; never a ballot. A deputy
    vote won by `next_head` (next year's head) reads as filling no seat."""
    found: list[VoteResult] = []
    elections = await services.elections.of_year(year_id)
    for election in elections:
        if election.is_open or not election.result:
            continue
        codes = tuple(await services.elections.receipts(election.id))
        raw = election.result.get("tally", {})
        if election.kind is ElectionKind.COMMENDATION:
            counted = CommendationTally.model_validate(raw)
            revoted = any(e.runoff_of == election.id and e.has_result for e in elections)
            for index, title in enumerate(counted.titles):
                tallies = tuple(
                    Tally(candidate=code_of.get(r.unit_id, str(r.unit_id)), votes=r.approvals,
                          chosen=r.standing is Standing.PROPOSED,
                          tied=r.standing is Standing.TIED)
                    for r in title.rows
                )  # fmt: skip
                found.append(_result(  # the ballots' codes once, with the first title
                    election, codes, shown=not index, title=titles.get(title.title_id, ""),
                    eligible=counted.roll,
                    cast=counted.ballots, tallies=tallies, void=not counted.quorum_met,
                    revoted=revoted, quota=title.quota, needed=title.needed,
                ))  # fmt: skip
            continue
        head = HeadTally.model_validate(raw)
        held = won_by_the_head(election.kind, head.winner, next_head)
        tallies = tuple(
            Tally(candidate=code_of.get(v.unit_id, str(v.unit_id)), votes=v.votes,
                  chosen=v.unit_id == head.winner and not held)
            for v in head.votes
        )  # fmt: skip
        found.append(_result(
            election, codes, eligible=head.roll, cast=head.ballots, tallies=tallies,
            head_won=code_of.get(head.winner or 0) if held else None,
            abstentions=head.abstentions, invalid=head.invalid, void=not head.quorum_met,
            undecided=head.outcome in (Outcome.TIE, Outcome.UNDECIDED),
            runoff_between=tuple(code_of.get(u, str(u)) for u in head.runoff)
            if head.outcome is Outcome.RUNOFF else (),
        ))  # fmt: skip
    return found


def _result(
    election: Election, receipts: tuple[str, ...], shown: bool = True, **counted: Any
) -> VoteResult:
    """A vote's result, named apart from the year's other votes of its kind; its receipt
    codes unless `shown` is False (a bình xét's titles after the first)."""
    return VoteResult(
        first_title=shown,
        kind=election.kind.value,
        runoff=election.is_runoff,
        attempt=election.repeat,
        receipts=len(receipts),
        receipt_codes=receipts if shown else (),
        **counted,
    )

"""What results read of the self-assessments: each unit's scores of a round, and submissions.

The one seam between the self-assessment feature's storage and review/ranking/export: the rest
of results only sees `SelfAssessment` and `LogLine`. The scores read are those that count under
the year's current scale (`assessment.valid_values`), so a score left over from a replaced scale
counts for nothing here exactly as in the unit's own totals.
"""

from __future__ import annotations

from bot.domain.assessment import LogAction, LogEntry, valid_values
from bot.domain.review import Round, SelfAssessment
from bot.domain.scale import Scale
from bot.formats.report import LogLine
from bot.services import Services


async def assessments(
    services: Services, year_id: int, round_: Round, scale: Scale
) -> list[SelfAssessment]:
    """Every unit's assessment of the round (drafts with `submitted=False`)."""
    found = await services.assessments.of_round(year_id, round_)
    scores = await services.assessments.scores_of_round(year_id, round_)
    return [
        SelfAssessment(
            unit_id=unit_id,
            round=round_,
            submitted=assessment.submitted,
            scores=valid_values(scale, scores.get(assessment.id, {})),
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
    found = []
    for round_ in Round:
        for unit_id, assessment in (await services.assessments.of_round(year_id, round_)).items():
            found += [(round_, unit_id, e) for e in await services.assessments.log(assessment.id)]
    return found


_ACTIONS = {
    LogAction.SUBMITTED: "submitted",
    LogAction.REOPENED: "assessment_reopened",
    LogAction.SCALE_REPLACED: "scale_replaced",
}

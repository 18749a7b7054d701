"""What results read of the self-assessments: each unit's scores of a round, and submissions.

The one seam between the self-assessment feature's storage and review/ranking/export: the
rest of results only sees `SelfAssessment` and `LogLine`. Until the assessment storage is on this
branch there is nothing to read, so every round reads as "nobody submitted" (never as zeros).
"""

from __future__ import annotations

from bot.domain.review import Round, SelfAssessment
from bot.formats.report import LogLine
from bot.services import Services


async def assessments(services: Services, year_id: int, round_: Round) -> list[SelfAssessment]:
    """Every unit's assessment of the round (drafts with `submitted=False`)."""
    del services, year_id, round_
    return []


async def submission_log(services: Services, year_id: int) -> list[LogLine]:
    """Submissions and reopenings of assessments, for the workbook's Log sheet."""
    del services, year_id
    return []

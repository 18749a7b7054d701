"""What the year-end documents are drafted from: one model, gathered once from the database.

Why plain data: the documents must state the stored numbers (final scores, tallies) exactly,
and drafting runs in a worker thread; so a use case gathers a `DocumentData` (the results'
`YearReport` plus the closed votes, the titles, the bloc's letterhead and the meeting) and the
context builders only turn it into text. A vote is kept as its stored count and its roll:
which units voted is public (the group saw the progress), what they chose is not here at all.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.domain.ballots import ElectionKind, ElectionRules, HeadTally
from bot.domain.commendation import CommendationTally
from bot.domain.documents import DocumentSettings, Meeting
from bot.formats.report import YearReport


class Frozen(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)


class VoteRecord(Frozen):
    """A closed vote as the minutes state it: times, people, roll, rules and the count."""

    kind: ElectionKind
    round: int
    opened_at: datetime
    closed_at: datetime
    opened_by: str
    closed_by: str | None  # None: closed at the deadline
    roll: tuple[int, ...]
    voted: tuple[int, ...]  # the units that cast a ballot (never what they chose)
    rules: ElectionRules
    head: HeadTally | None = None
    commendation: CommendationTally | None = None
    receipts: int = 0
    #: Which of the year's votes of this kind and round it was, when there were several.
    attempt: int | None = None
    #: Units on the roll that had no ballot (no delegate); None: not kept (an older vote).
    voiceless: tuple[int, ...] | None = None


class DocumentData(Frozen):
    report: YearReport
    settings: DocumentSettings
    meeting: Meeting | None = None
    votes: tuple[VoteRecord, ...] = ()
    titles: dict[int, str] = {}
    #: Every unit of the bloc by id: (code, name), for candidates and rolls.
    units: dict[int, tuple[str, str]] = {}

    def unit_label(self, unit_id: int) -> str:
        _code, name = self.units.get(unit_id, (str(unit_id), str(unit_id)))
        return name

    def unit_code(self, unit_id: int) -> str:
        return self.units.get(unit_id, (str(unit_id), ""))[0]

    def of_kind(self, *kinds: ElectionKind) -> tuple[VoteRecord, ...]:
        return tuple(v for v in self.votes if v.kind in kinds)

    @property
    def binhxet(self) -> VoteRecord | None:
        """The last round of the bình xét (a tie runoff's, when there was one)."""
        found = self.of_kind(ElectionKind.COMMENDATION)
        return found[-1] if found else None

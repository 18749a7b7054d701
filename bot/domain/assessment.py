"""A unit's self-assessment (tự chấm điểm) of one round: its scores, state, totals, gaps.

Why pure: the same rules answer the delegate's review, the group's `/status`, the admin's list,
the nudges and the tests; none of them needs Telegram or the database. Scores are checked with
`bot.domain.scores` against the scale; totals are exact `Decimal`s. Pasted score lines are in
`score_lines`; the XLSX template in `bot.formats.assessment_xlsx`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from bot.domain.bloc import Record
from bot.domain.calendar import Phase
from bot.domain.errors import InvalidValue, Reason, error
from bot.domain.pledge import can_edit  # the same rule: until the deadline, or reopened
from bot.domain.scale import Criterion, ItemKind, Scale, canonical
from bot.domain.scores import Totals, check_score, parse_score, total

#: A note kept with a score (the pasted line's rest, the wizard's note): one message's worth.
NOTE_MAX_CHARS = 1000
#: The name kept with an evidence file, or the text of an evidence note.
EVIDENCE_NAME_MAX_CHARS = 1000
#: Evidence items per criterion: enough for a few documents and photos, not an archive.
EVIDENCE_MAX_ITEMS = 10


class Round(StrEnum):
    """The two assessment rounds; each is the year phase of the same name."""

    MIDYEAR = "midyear"
    YEAREND = "yearend"

    @property
    def phase(self) -> Phase:
        return Phase(self.value)


class EvidenceKind(StrEnum):
    NOTE = "note"
    FILE = "file"
    PHOTO = "photo"


class Evidence(Record):
    """Tài liệu minh chứng: a note's text, or a Telegram file id with the name it was sent as."""

    id: int = 0
    kind: EvidenceKind
    name: str
    file_id: str | None = None


class Score(Record):
    """What a unit gave one item: the points (None until scored), a note, its evidence.

    `revision` is the assessment's revision when this item last changed: a change made on a
    view older than that would overwrite someone else's work, and is refused.
    """

    code: str
    value: Decimal | None = None
    note: str | None = None
    evidence: tuple[Evidence, ...] = ()
    revision: int = 0


class Assessment(Record):
    """The one assessment of a unit for a round, shared by all its delegates.

    `revision` grows with every stored change; `submitted_revision` is the revision that was
    submitted (None: never), so a later change shows as "changed after submission".
    `submitted_total` is the total recorded at the submission (the log's); what counts is
    computed from the submitted scores (`state_of`).
    """

    id: int
    year_id: int
    unit_id: int
    round: Round
    scale_id: int
    revision: int = 0
    submitted_revision: int | None = None
    submitted_total: Decimal | None = None
    submitted_by: int | None = None
    submitted_at: datetime | None = None
    first_submitted_at: datetime | None = None
    reopened_at: datetime | None = None
    reopen_reason: str | None = None

    @property
    def submitted(self) -> bool:
        return self.submitted_revision is not None

    @property
    def changed_after_submission(self) -> bool:
        """Stored since the submission; whether the draft now differs is `differs_from_sent`."""
        return self.submitted_revision is not None and self.revision > self.submitted_revision


class LogAction(StrEnum):
    SUBMITTED = "submitted"
    REOPENED = "reopened"
    SCALE_REPLACED = "scale_replaced"


class LogEntry(Record):
    """One event in an assessment's life (the scores themselves are not logged)."""

    action: LogAction
    revision: int
    total: Decimal | None = None
    reason: str | None = None
    by: int
    at: datetime


class Status(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGED = "changed"


class State(Record):
    """Where a unit stands in a round, as `/status`, `/assess` and the nudges show it.

    `total` is the draft's (what the unit is editing); `submitted_total` is the total of what
    it submitted, the one that counts (None: nothing submitted).
    """

    status: Status
    scored: int
    required: int
    total: Decimal
    submitted_total: Decimal | None = None
    #: The deadline passed with nothing submitted, or the first submission came after it.
    late: bool = False
    #: The deadline passed and no admin reopened it: nothing can change.
    locked: bool = False
    reopened: bool = False


class Missing(Record):
    """What stands between a draft and its submission: item codes in the scale's order."""

    criteria: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.criteria and not self.evidence


def score_for(criterion: Criterion, text: str) -> Decimal:
    """A typed score for one item ("8,5" or "8.5"), checked: raises InvalidValue with why."""
    try:
        value = parse_score(text)
    except InvalidValue as exc:
        raise InvalidValue(exc.error.at(item=criterion.code)) from exc
    if (problem := check_score(criterion, value)) is not None:
        raise InvalidValue(problem)
    return canonical(value)


def check_note(text: str | None) -> str | None:
    """A note stripped; None when empty; InvalidValue when over `NOTE_MAX_CHARS`."""
    note = (text or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise InvalidValue(error(Reason.TOO_LONG, max=NOTE_MAX_CHARS))
    return note or None


def valid_values(scale: Scale, scores: Mapping[str, Score]) -> dict[str, Decimal]:
    """The scores that count under `scale`: scored, of an item it has, valid for that item.

    A score kept from a replaced scale (a code gone, a maximum lowered) counts for nothing and
    the item shows as missing until it is scored again.
    """
    found: dict[str, Decimal] = {}
    for item in scale.items():
        score = scores.get(item.criterion.code)
        if score is None or score.value is None:
            continue
        if check_score(item.criterion, score.value) is None:
            found[item.criterion.code] = score.value
    return found


def totals(scale: Scale, scores: Mapping[str, Score]) -> Totals:
    """Exact totals: criteria + bonus − deductions, never below 0 nor above max + bonus."""
    return _totals(scale, valid_values(scale, scores))


def _totals(scale: Scale, counted: Mapping[str, Decimal]) -> Totals:
    sums = total(scale, counted)
    ceiling = scale.max_total + scale.max_bonus
    return sums.model_copy(update={"total": canonical(min(max(sums.total, Decimal(0)), ceiling))})


def has_evidence(score: Score) -> bool:
    """A note or at least one note, file or photo: what `evidence: true` asks for."""
    return bool(score.note) or bool(score.evidence)


def missing(scale: Scale, scores: Mapping[str, Score]) -> Missing:
    """The criteria not yet scored (bonus and deductions are optional), and the scored items
    that ask for evidence and have none (an item scored 0 needs no proof)."""
    return _missing(scale, scores, valid_values(scale, scores))


def _missing(scale: Scale, scores: Mapping[str, Score], counted: Mapping[str, Decimal]) -> Missing:
    unscored = tuple(
        item.criterion.code
        for item in scale.items()
        if item.kind == ItemKind.CRITERION and item.criterion.code not in counted
    )
    unproven = tuple(
        item.criterion.code
        for item in scale.items()
        if item.criterion.evidence
        and counted.get(item.criterion.code, Decimal(0)) > 0
        and not has_evidence(scores[item.criterion.code])
    )
    return Missing(criteria=unscored, evidence=unproven)


def required_count(scale: Scale) -> int:
    return sum(len(section.criteria) for section in scale.sections)


def _kept(scores: Mapping[str, Score]) -> dict[str, tuple[Decimal | None, str | None]]:
    return {
        code: (score.value, score.note or None)
        for code, score in scores.items()
        if score.value is not None or score.note
    }


def differs_from_sent(scores: Mapping[str, Score], submitted: Mapping[str, Score]) -> bool:
    """The draft's points or notes are not those submitted (evidence is not in the snapshot):
    a score set back to its submitted value is no change to submit again."""
    return _kept(scores) != _kept(submitted)


def state_of(
    scale: Scale,
    assessment: Assessment | None,
    scores: Mapping[str, Score],
    *,
    submitted: Mapping[str, Score],
    deadline: datetime | None,
    now: datetime,
) -> State:
    """The unit's state in the round (an assessment that does not exist is not started);
    `scores` is the draft, `submitted` what the unit submitted (its total is the one shown as
    submitted, so every screen shows the figure that counts)."""
    reopened = assessment is not None and assessment.reopened_at is not None
    past = deadline is not None and now >= deadline
    counted = valid_values(scale, scores)  # once: the count and the total both need it
    required = required_count(scale)
    scored = required - len(_missing(scale, scores, counted).criteria)
    sent: Decimal | None = None
    if assessment is not None and assessment.submitted:
        changed = assessment.changed_after_submission and differs_from_sent(scores, submitted)
        status = Status.CHANGED if changed else Status.SUBMITTED
        first = assessment.first_submitted_at
        late = deadline is not None and first is not None and first >= deadline
        sent = totals(scale, submitted).total
    else:
        status = Status.DRAFT if scores else Status.NOT_STARTED
        late = past
    return State(
        status=status,
        scored=scored,
        required=required,
        total=_totals(scale, counted).total,
        submitted_total=sent,
        late=late,
        locked=not can_edit(deadline, now, reopened),
        reopened=reopened,
    )

"""Assessments in a fresh migrated database: one per unit and round, revisions, submission, log."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from aiosqlite import IntegrityError

from bot.clock import MovableClock
from bot.domain.assessment import Evidence, EvidenceKind, LogAction, Round
from storage.assessments import AssessmentRepo
from storage.blocs import BlocRepo
from storage.db import Database
from storage.scales import ScaleRepo
from storage.units import UnitRepo
from storage.years import YearRepo


async def _setting(db: Database, clock: MovableClock) -> tuple[int, int, int]:
    """(year id, unit id, scale id) of a fresh bloc."""
    now = clock.now()
    bloc = await BlocRepo(db).create(
        chat_id=-100, name="Khối", language="vi", timezone="Asia/Ho_Chi_Minh", by=1, now=now
    )
    unit = await UnitRepo(db).add(bloc.id, "DLK", "Ban Quản lý các KCN Đắk Lắk", now)
    year = await YearRepo(db).open(bloc.id, 2026, by=1, now=now)
    scale = await ScaleRepo(db).add_version(
        year.id, name="s", source="sample", body={}, by=1, now=now
    )
    return year.id, unit.id, scale.id


async def test_one_assessment_per_unit_and_round(db: Database, clock: MovableClock) -> None:
    year_id, unit_id, scale_id = await _setting(db, clock)
    repo = AssessmentRepo(db)
    assert await repo.get(year_id, unit_id, Round.MIDYEAR) is None
    first = await repo.start(year_id, unit_id, Round.MIDYEAR, scale_id=scale_id, now=clock.now())
    again = await repo.start(year_id, unit_id, Round.MIDYEAR, scale_id=scale_id, now=clock.now())
    other = await repo.start(year_id, unit_id, Round.YEAREND, scale_id=scale_id, now=clock.now())
    assert first == again and other.id != first.id
    assert (first.revision, first.submitted) == (0, False)
    assert set(await repo.of_round(year_id, Round.MIDYEAR)) == {unit_id}
    with pytest.raises(IntegrityError):
        await db.execute("DELETE FROM units WHERE id = ?", (unit_id,))  # an assessment keeps it


async def test_scores_notes_and_evidence_are_stored_as_they_come(
    db: Database, clock: MovableClock
) -> None:
    year_id, unit_id, scale_id = await _setting(db, clock)
    repo = AssessmentRepo(db)
    a = await repo.start(year_id, unit_id, Round.MIDYEAR, scale_id=scale_id, now=clock.now())
    assert await repo.put(a.id, "1.1", value=Decimal("9.5"), by=7, now=clock.now()) == 1
    assert await repo.put(a.id, "1.1", note="đủ hồ sơ", by=8, now=clock.now()) == 2
    doc = Evidence(kind=EvidenceKind.FILE, name="báo cáo.pdf", file_id="BQAD-1")
    assert await repo.add_evidence(a.id, "1.2", doc, by=7, now=clock.now()) == 3
    note = Evidence(kind=EvidenceKind.NOTE, name="12 dự án mới")
    assert await repo.add_evidence(a.id, "1.2", note, by=7, now=clock.now()) == 4
    scores = await repo.scores(a.id)
    assert (scores["1.1"].value, scores["1.1"].note, scores["1.1"].revision) == (
        Decimal("9.5"),
        "đủ hồ sơ",
        2,
    )
    assert scores["1.2"].value is None
    assert [(e.kind, e.name, e.file_id) for e in scores["1.2"].evidence] == [
        (EvidenceKind.FILE, "báo cáo.pdf", "BQAD-1"),
        (EvidenceKind.NOTE, "12 dự án mới", None),
    ]
    assert await repo.put(a.id, "1.1", value=None, note=None, by=7, now=clock.now()) == 5
    assert await repo.clear_evidence(a.id, "1.2", by=7, now=clock.now()) == 6
    scores = await repo.scores(a.id)
    assert scores["1.1"].value is None and scores["1.1"].note is None
    assert scores["1.2"].evidence == ()
    by_round = await repo.scores_of_round(year_id, Round.MIDYEAR)
    assert by_round == {a.id: scores}
    assert (await repo.by_id(a.id)).revision == 6  # type: ignore[union-attr]


async def test_a_change_on_a_stale_view_is_refused(db: Database, clock: MovableClock) -> None:
    year_id, unit_id, scale_id = await _setting(db, clock)
    repo = AssessmentRepo(db)
    a = await repo.start(year_id, unit_id, Round.MIDYEAR, scale_id=scale_id, now=clock.now())
    seen = (await repo.by_id(a.id)).revision  # type: ignore[union-attr]
    assert await repo.put(a.id, "1.1", value=Decimal(9), by=7, now=clock.now(), seen=seen) == 1
    # The second delegate still looks at revision 0: 1.1 changed since, 1.2 did not.
    assert await repo.put(a.id, "1.1", value=Decimal(5), by=8, now=clock.now(), seen=seen) is None
    photo = Evidence(kind=EvidenceKind.PHOTO, name="photo", file_id="AgAD")
    stale = await repo.add_evidence(a.id, "1.1", photo, by=8, now=clock.now(), seen=seen)
    assert stale is None
    assert await repo.put(a.id, "1.2", value=Decimal(8), by=8, now=clock.now(), seen=seen) == 2
    scores = await repo.scores(a.id)
    assert scores["1.1"].value == 9 and scores["1.1"].evidence == ()


async def test_submit_change_reopen_and_the_log(db: Database, clock: MovableClock) -> None:
    year_id, unit_id, scale_id = await _setting(db, clock)
    repo = AssessmentRepo(db)
    a = await repo.start(year_id, unit_id, Round.YEAREND, scale_id=scale_id, now=clock.now())
    await repo.put(a.id, "1.1", value=Decimal(9), by=7, now=clock.now())
    assert not await repo.submit(
        a.id, revision=0, scale_id=scale_id, total=Decimal(0), by=7, now=clock.now()
    )
    first_at = clock.now()
    assert await repo.submit(
        a.id, revision=1, scale_id=scale_id, total=Decimal(9), by=7, now=first_at
    )
    done = await repo.by_id(a.id)
    assert done is not None and done.submitted and not done.changed_after_submission
    assert (done.submitted_total, done.submitted_by) == (Decimal(9), 7)
    assert await repo.count_submitted(year_id) == 1
    clock.move(timedelta(hours=1))
    await repo.put(a.id, "1.2", value=Decimal(8), by=8, now=clock.now())
    changed = await repo.by_id(a.id)
    assert changed is not None and changed.changed_after_submission
    assert await repo.reopen(a.id, reason="Bổ sung minh chứng", by=1, now=clock.now())
    assert not await repo.reopen(a.id, reason="again", by=1, now=clock.now())
    assert await repo.submit(
        a.id, revision=2, scale_id=scale_id, total=Decimal(17), by=8, now=clock.now()
    )
    again = await repo.by_id(a.id)
    assert again is not None and again.reopened_at is None and again.first_submitted_at == first_at
    log = await repo.log(a.id)
    assert [(e.action, e.revision, e.total, e.reason, e.by) for e in log] == [
        (LogAction.SUBMITTED, 1, Decimal(9), None, 7),
        (LogAction.REOPENED, 2, None, "Bổ sung minh chứng", 1),
        (LogAction.SUBMITTED, 2, Decimal(17), None, 8),
    ]


async def test_a_new_scale_reopens_every_submitted_assessment(
    db: Database, clock: MovableClock
) -> None:
    year_id, unit_id, scale_id = await _setting(db, clock)
    repo = AssessmentRepo(db)
    mid = await repo.start(year_id, unit_id, Round.MIDYEAR, scale_id=scale_id, now=clock.now())
    end = await repo.start(year_id, unit_id, Round.YEAREND, scale_id=scale_id, now=clock.now())
    await repo.submit(
        mid.id, revision=0, scale_id=scale_id, total=Decimal(0), by=7, now=clock.now()
    )
    assert await repo.count_submitted(year_id) == 1
    assert await repo.reopen_submitted(year_id, reason="scale", by=1, now=clock.now()) == 1
    assert await repo.count_submitted(year_id) == 0
    reopened = await repo.by_id(mid.id)
    assert reopened is not None and not reopened.submitted and reopened.reopened_at is not None
    assert (await repo.by_id(end.id)).reopened_at is None  # type: ignore[union-attr]
    assert [e.action for e in await repo.log(mid.id)] == [
        LogAction.SUBMITTED,
        LogAction.SCALE_REPLACED,
    ]

"""Score review storage: reviewed scores, extras, answers, exclusions, closing, the log."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from bot.clock import MovableClock
from bot.domain.review import Action, ExtraKind, Round
from storage.blocs import BlocRepo
from storage.db import Database
from storage.reviews import ReviewRepo
from storage.units import UnitRepo
from storage.years import YearRepo

MID = Round.MIDYEAR


async def _setup(db: Database, clock: MovableClock) -> tuple[int, int, list[int]]:
    bloc = await BlocRepo(db).create(
        chat_id=-100, name="Khối", language="vi", timezone="Asia/Ho_Chi_Minh", by=1, now=clock.now()
    )
    units = [await UnitRepo(db).add(bloc.id, code, code, clock.now()) for code in ("AA", "BB")]
    year = await YearRepo(db).open(bloc.id, 2027, by=1, now=clock.now())
    return bloc.id, year.id, [u.id for u in units]


async def test_scores_extras_answers_and_exclusion_make_the_review(
    db: Database, clock: MovableClock
) -> None:
    _, year_id, (aa, bb) = await _setup(db, clock)
    repo = ReviewRepo(db)
    now = clock.now()
    await repo.set_score(year_id, MID, aa, "1.1", Decimal(8), "Thiếu", by=5, by_unit=bb, now=now)
    await repo.set_score(year_id, MID, aa, "1.1", Decimal("7.5"), "Sai", by=5, by_unit=bb, now=now)
    await repo.set_score(year_id, MID, aa, "1.2", Decimal(3), "Chậm", by=5, by_unit=None, now=now)
    assert await repo.keep_self(year_id, MID, aa, "1.2", by=5, now=now)
    assert not await repo.keep_self(year_id, MID, aa, "1.2", by=5, now=now)
    extra = await repo.add_extra(
        year_id, MID, aa, ExtraKind.DEDUCTION, Decimal(2), "Vi phạm", by=5, now=now
    )
    gone = await repo.add_extra(year_id, MID, aa, ExtraKind.BONUS, Decimal(1), "X", by=5, now=now)
    assert await repo.remove_extra(gone.id, by=5, now=now)
    assert not await repo.remove_extra(gone.id, by=5, now=now)
    await repo.answer(year_id, MID, aa, "Đã bổ sung biên bản", by=9, now=now)
    await repo.exclude(year_id, MID, bb, "Vi phạm an toàn", by=1, now=now)

    reviews = await repo.reviews(year_id, MID)
    review = reviews[aa]
    assert list(review.adjustments) == ["1.1"]
    adjusted = review.adjustments["1.1"]
    assert (adjusted.reviewed, adjusted.reason, adjusted.reviewer_id) == (Decimal("7.5"), "Sai", 5)
    assert adjusted.reviewer_unit_id == bb
    assert [(e.id, e.kind, e.points) for e in review.extras] == [
        (extra.id, ExtraKind.DEDUCTION, Decimal(2))
    ]
    assert [a.text for a in review.answers] == ["Đã bổ sung biên bản"]
    assert reviews[bb].excluded_reason == "Vi phạm an toàn"
    assert (await repo.reviews(year_id, Round.YEAREND)) == {}

    assert await repo.include(year_id, MID, bb, by=1, now=now)
    assert not await repo.include(year_id, MID, bb, by=1, now=now)
    assert (await repo.unit_review(year_id, MID, bb)).excluded_reason is None

    log = await repo.log(year_id)
    assert [e.action for e in log] == [
        Action.SCORE_SET,
        Action.SCORE_SET,
        Action.SCORE_SET,
        Action.SCORE_KEPT,
        Action.EXTRA_ADDED,
        Action.EXTRA_ADDED,
        Action.EXTRA_REMOVED,
        Action.ANSWERED,
        Action.EXCLUDED,
        Action.INCLUDED,
    ]
    assert (log[1].old_value, log[1].new_value, log[1].detail) == ("8", "7.5", "Sai")
    assert log[7].detail is None  # the answer's text is not copied into the log


async def test_closing_and_reopening_are_logged(db: Database, clock: MovableClock) -> None:
    _, year_id, _ = await _setup(db, clock)
    repo = ReviewRepo(db)
    assert not await repo.is_closed(year_id, MID)
    assert await repo.set_closed(year_id, MID, True, by=1, now=clock.now())
    assert not await repo.set_closed(year_id, MID, True, by=1, now=clock.now())
    assert await repo.is_closed(year_id, MID) and not await repo.is_closed(year_id, Round.YEAREND)
    clock.move(timedelta(days=1))
    assert await repo.set_closed(year_id, MID, False, by=2, now=clock.now(), reason="Sửa điểm")
    assert not await repo.is_closed(year_id, MID)
    log = await repo.log(year_id)
    assert [(e.action, e.unit_id, e.user_id, e.detail) for e in log] == [
        (Action.CLOSED, None, 1, None),
        (Action.REOPENED, None, 2, "Sửa điểm"),
    ]
    assert log[1].at == clock.now()


async def test_leaders_come_from_the_bloc(db: Database, clock: MovableClock) -> None:
    bloc_id, year_id, (aa, bb) = await _setup(db, clock)
    repo = ReviewRepo(db)
    assert (await repo.leaders(bloc_id, year_id)).unit_ids == frozenset()
    await BlocRepo(db).set_head(bloc_id, head=aa, deputy=bb)
    leaders = await repo.leaders(bloc_id, year_id)
    assert (leaders.head_unit_id, leaders.deputy_unit_id) == (aa, bb)
    assert leaders.unit_ids == {aa, bb}


async def test_leaders_recorded_for_the_year_come_first(db: Database, clock: MovableClock) -> None:
    from bot.domain.elections import LeaderSource, Role
    from storage.elections import ElectionRepo

    bloc_id, year_id, (aa, bb) = await _setup(db, clock)
    await BlocRepo(db).set_head(bloc_id, head=aa, deputy=aa)
    elections = ElectionRepo(db)
    await elections.set_leader(bloc_id, 2027, Role.HEAD, bb, source=LeaderSource.MEETING, by=1,
                               now=clock.now())  # fmt: skip
    await elections.set_leader(bloc_id, 2028, Role.DEPUTY, bb, source=LeaderSource.MEETING, by=1,
                               now=clock.now())  # next year's: not this year's  # fmt: skip
    leaders = await ReviewRepo(db).leaders(bloc_id, year_id)
    assert (leaders.head_unit_id, leaders.deputy_unit_id) == (bb, aa)

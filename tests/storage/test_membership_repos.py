"""Invites, join requests and pending changes: single use, single decision, taken once."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import MovableClock
from bot.domain.membership import InviteState, JoinStatus, token_digest
from storage.blocs import BlocRepo
from storage.db import Database
from storage.invites import InviteRepo
from storage.join_requests import JoinRequestRepo
from storage.pending_changes import PendingChangeRepo
from storage.units import UnitRepo


async def _unit(db: Database, clock: MovableClock) -> int:
    bloc = await BlocRepo(db).create(
        chat_id=-1, name="Khối", language="vi", timezone="Asia/Ho_Chi_Minh", by=1, now=clock.now()
    )
    return (await UnitRepo(db).add(bloc.id, "DLK", "Đắk Lắk", clock.now())).id


async def test_an_invite_is_used_once_and_not_after_expiry_or_revocation(
    db: Database, clock: MovableClock
) -> None:
    unit_id = await _unit(db, clock)
    repo = InviteRepo(db)
    now = clock.now()
    invite = await repo.create(
        token_hash=token_digest("t1"),
        unit_id=unit_id,
        by=1,
        now=now,
        expires=now + timedelta(days=7),
    )
    assert invite.state(now) is InviteState.OPEN
    assert await repo.by_token_hash(token_digest("t1")) == invite
    assert await repo.use(invite.id, 5, now)
    assert not await repo.use(invite.id, 6, now)
    used = await repo.get(invite.id)
    assert used is not None and used.used_by == 5 and used.state(now) is InviteState.USED
    assert not await repo.revoke(invite.id, now)

    late = await repo.create(
        token_hash=token_digest("t2"),
        unit_id=unit_id,
        by=1,
        now=now,
        expires=now + timedelta(days=7),
    )
    after = now + timedelta(days=7)
    assert late.state(after) is InviteState.EXPIRED
    assert not await repo.use(late.id, 5, after)
    assert await repo.revoke(late.id, now)
    revoked = await repo.get(late.id)
    assert revoked is not None and revoked.state(now) is InviteState.REVOKED
    assert not await repo.use(late.id, 5, now)


async def test_invites_go_with_their_unit(db: Database, clock: MovableClock) -> None:
    unit_id = await _unit(db, clock)
    now = clock.now()
    await InviteRepo(db).create(
        token_hash="h", unit_id=unit_id, by=1, now=now, expires=now + timedelta(days=1)
    )
    assert await UnitRepo(db).delete_unused(unit_id)
    assert await db.fetch_value("SELECT COUNT(*) FROM invites") == 0


async def test_a_join_request_is_decided_once(db: Database, clock: MovableClock) -> None:
    unit_id = await _unit(db, clock)
    repo = JoinRequestRepo(db)
    request = await repo.create(unit_id, 7, clock.now())
    assert await repo.pending(unit_id, 7) == request
    assert await repo.decide(request.id, JoinStatus.APPROVED, by=1, now=clock.now())
    assert not await repo.decide(request.id, JoinStatus.REFUSED, by=2, now=clock.now())
    decided = await repo.get(request.id)
    assert decided is not None and decided.status is JoinStatus.APPROVED and decided.decided_by == 1
    assert await repo.pending(unit_id, 7) is None


async def test_a_pending_change_is_taken_once(db: Database, clock: MovableClock) -> None:
    await _unit(db, clock)
    repo = PendingChangeRepo(db)
    change = await repo.create(1, "units", {"rows": [{"code": "DNG"}]}, by=1, now=clock.now())
    assert (await repo.get(change.id)) == change and change.payload["rows"][0]["code"] == "DNG"
    assert await repo.take(change.id)
    assert not await repo.take(change.id)
    assert await repo.get(change.id) is None


async def test_a_unit_with_a_pledge_is_not_deleted(db: Database, clock: MovableClock) -> None:
    unit_id = await _unit(db, clock)
    year_id = await db.execute(
        "INSERT INTO years (bloc_id, year, opened_by, opened_at) VALUES (1, 2026, 1, 'x')"
    )
    await db.execute(
        "INSERT INTO pledges (year_id, unit_id, status) VALUES (?, ?, 'registered')",
        (year_id, unit_id),
    )
    async with db.transaction():
        assert not await UnitRepo(db).delete_unused(unit_id)
    assert await UnitRepo(db).get(unit_id) is not None

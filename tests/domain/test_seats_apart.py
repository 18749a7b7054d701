"""One unit is never head and deputy of the same year: old records that put one unit in both
seats read with the head's seat standing and the deputy's empty."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.ballots import ElectionKind
from bot.domain.elections import (
    Leader,
    LeaderSource,
    Role,
    deputy_apart,
    seats_apart,
    won_by_the_head,
)

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _seat(role: Role, unit_id: int) -> Leader:
    return Leader(bloc_id=1, year=2027, role=role, unit_id=unit_id,
                  source=LeaderSource.ELECTION, set_at=NOW)  # fmt: skip


def test_the_head_keeps_its_seat_and_the_deputy_seat_is_empty() -> None:
    assert deputy_apart(5, 5) is None
    assert deputy_apart(5, 6) == 6 and deputy_apart(None, 6) == 6 and deputy_apart(5, None) is None
    both = {Role.HEAD: _seat(Role.HEAD, 5), Role.DEPUTY: _seat(Role.DEPUTY, 5)}
    assert seats_apart(both) == {Role.HEAD: both[Role.HEAD]}
    apart = {Role.HEAD: _seat(Role.HEAD, 5), Role.DEPUTY: _seat(Role.DEPUTY, 6)}
    assert seats_apart(apart) == apart
    alone = {Role.DEPUTY: _seat(Role.DEPUTY, 5)}
    assert seats_apart(alone) == alone


def test_only_a_deputy_vote_won_by_the_head_fills_no_seat() -> None:
    assert won_by_the_head(ElectionKind.DEPUTY, 5, 5)
    assert not won_by_the_head(ElectionKind.DEPUTY, 5, 6)
    assert not won_by_the_head(ElectionKind.DEPUTY, 5, None)
    assert not won_by_the_head(ElectionKind.DEPUTY, None, None)
    assert not won_by_the_head(ElectionKind.HEAD, 5, 5)

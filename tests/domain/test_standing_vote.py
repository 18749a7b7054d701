"""Which closed vote of a year stands, so that no second full vote of the kind is opened."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.ballots import ElectionKind, ElectionRules, tally_head
from bot.domain.commendation import tally_commendation
from bot.domain.elections import Election, standing_vote

RULES = ElectionRules()
AT = datetime(2026, 12, 1, tzinfo=UTC)


def _vote(
    id_: int, kind: ElectionKind, *, ballots: int, roll: int = 3, runoff_of: int | None = None
) -> Election:
    if kind is ElectionKind.COMMENDATION:
        tally = tally_commendation(
            {7: [1, 2]}, {7: 1}, [{7: [1]}] * ballots, roll=roll, rules=RULES
        )
    else:
        tally = tally_head([1, 2], [1] * ballots, roll=roll, rules=RULES)
    return Election(
        id=id_,
        bloc_id=1,
        year_id=1,
        kind=kind,
        runoff_of=runoff_of,
        status="closed",
        rules=RULES,
        opened_by=5,
        opened_at=AT,
        closed_at=AT,
        result={"tally": tally.sealed().model_dump(mode="json")},
    )


def test_a_closed_vote_with_quorum_stands_for_its_kind_only() -> None:
    held = _vote(1, ElectionKind.COMMENDATION, ballots=3)
    assert standing_vote([held], ElectionKind.COMMENDATION) == held
    assert standing_vote([held], ElectionKind.HEAD) is None


def test_a_void_vote_may_be_held_again() -> None:
    void = _vote(1, ElectionKind.HEAD, ballots=1)
    assert standing_vote([void], ElectionKind.HEAD) is None
    again = _vote(2, ElectionKind.HEAD, ballots=3)
    assert standing_vote([void, again], ElectionKind.HEAD) == again


def test_an_open_vote_and_a_runoff_are_not_what_stands() -> None:
    runoff = _vote(2, ElectionKind.DEPUTY, ballots=3, runoff_of=1)
    still_open = _vote(3, ElectionKind.DEPUTY, ballots=3).model_copy(update={"status": "open"})
    assert standing_vote([runoff, still_open], ElectionKind.DEPUTY) is None

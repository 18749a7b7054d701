"""One rule for where the year is: `current_phase`, and the rounds it puts ahead (qa-last #6).

/status shows the year's phase; /assess opens that phase's round, or a round ahead of it, which
both screens then call early. They never disagree on the phase.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.assessment import Round
from bot.domain.calendar import Phase
from bot.domain.year import current_phase, round_in, round_to_open, rounds_ahead

NOW = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


def test_the_round_of_each_phase() -> None:
    assert round_in(Phase.PLEDGE) is Round.MIDYEAR  # the next round, ahead of its phase
    assert round_in(Phase.MIDYEAR) is Round.MIDYEAR
    assert round_in(Phase.YEAREND) is Round.YEAREND
    assert round_in(Phase.ELECTION) is Round.YEAREND  # the last round, behind the year
    assert round_in(None) is Round.YEAREND


def test_a_round_reopened_after_its_deadline_is_what_plain_assess_opens() -> None:
    mid, end = NOW - timedelta(days=1), NOW + timedelta(days=30)
    deadlines = {Phase.MIDYEAR: mid, Phase.YEAREND: end}
    assert round_to_open(deadlines, NOW, ()) is Round.YEAREND  # the year's round
    assert round_to_open(deadlines, NOW, (Round.MIDYEAR,)) is Round.MIDYEAR
    # reopened before its deadline (a new scale): simply open, the year's round comes first
    assert round_to_open(deadlines, NOW, (Round.YEAREND,)) is Round.YEAREND
    early = {Phase.MIDYEAR: end, Phase.YEAREND: end + timedelta(days=90)}
    assert round_to_open(early, NOW, (Round.YEAREND,)) is Round.MIDYEAR
    # both past and reopened: the earliest first
    past = {Phase.MIDYEAR: mid, Phase.YEAREND: NOW}
    assert round_to_open(past, NOW, (Round.YEAREND, Round.MIDYEAR)) is Round.MIDYEAR
    assert round_to_open(past, NOW, (Round.YEAREND,)) is Round.YEAREND


def test_the_rounds_ahead_of_each_phase() -> None:
    assert rounds_ahead(Phase.PLEDGE) == (Round.MIDYEAR, Round.YEAREND)
    assert rounds_ahead(Phase.MIDYEAR) == (Round.YEAREND,)
    assert rounds_ahead(Phase.YEAREND) == ()
    assert rounds_ahead(Phase.ELECTION) == ()
    assert rounds_ahead(None) == ()


def test_no_deadline_at_all_is_the_pledge_phase_with_the_midyear_round_ahead() -> None:
    """The sandbox's year before any /deadline: /status shows the pledges, and the mid-year
    round /assess opens is ahead of that phase (said so), not the year's phase."""
    phase = current_phase({}, NOW)
    assert phase is Phase.PLEDGE
    assert round_in(phase) in rounds_ahead(phase)
    dated = current_phase({Phase.MIDYEAR: NOW + timedelta(days=30)}, NOW)
    assert dated is Phase.MIDYEAR and round_in(dated) not in rounds_ahead(dated)


_OFFSETS = st.dictionaries(st.sampled_from(list(Phase)), st.integers(-400, 400), max_size=4)


@given(_OFFSETS)
def test_the_round_opened_is_the_phases_own_ahead_of_it_or_the_last(days: dict[Phase, int]) -> None:
    """Whatever the deadlines, the round /assess opens unnamed is the year's phase's own, or
    one ahead of it (the screens say it is early), or, past the year-end, the year-end round."""
    deadlines = {phase: NOW + timedelta(days=n) for phase, n in days.items()}
    phase = current_phase(deadlines, NOW)
    round_ = round_in(phase)
    own = phase is not None and round_.phase is phase
    past = round_ is Round.YEAREND and phase in (Phase.ELECTION, None)
    assert own or round_ in rounds_ahead(phase) or past
    assert (round_ in rounds_ahead(phase)) == (phase is Phase.PLEDGE)

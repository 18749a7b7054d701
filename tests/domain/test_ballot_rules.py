"""The head/deputy tally, the bloc's voting rules and ballot validation: pure, with hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.ballots import (
    RULE_CHOICES,
    RULE_NAMES,
    BallotRefused,
    ElectionRules,
    Outcome,
    Share,
    check_head_ballot,
    deputy_candidates,
    next_rule,
    tally_head,
)
from bot.domain.elections import unable_to_vote

RULES = ElectionRules()
CANDIDATES = [11, 12, 13, 14]


def _ballots(candidates: list[int]) -> st.SearchStrategy[list[int | None]]:
    return st.lists(st.one_of(st.none(), st.sampled_from(candidates)), max_size=25)


@st.composite
def elections(draw: st.DrawFn) -> tuple[list[int], list[int | None], int]:
    candidates = draw(st.lists(st.integers(1, 40), min_size=1, max_size=6, unique=True))
    ballots = draw(_ballots(candidates))
    roll = draw(st.integers(max(len(ballots), 1), 30))
    return candidates, ballots, roll


@given(elections(), st.booleans())
def test_every_ballot_is_counted_once(data: tuple, runoff_round: bool) -> None:
    candidates, ballots, roll = data
    tally = tally_head(candidates, ballots, roll=roll, rules=RULES, runoff_round=runoff_round)
    assert sum(c.votes for c in tally.votes) + tally.abstentions + tally.invalid == len(ballots)
    assert tally.ballots == len(ballots) and tally.invalid == 0
    assert [c.unit_id for c in tally.votes] == sorted(
        candidates, key=lambda u: (-ballots.count(u), candidates.index(u))
    )


@given(elections(), st.randoms())
def test_the_order_of_the_ballots_does_not_matter(data: tuple, rnd) -> None:
    candidates, ballots, roll = data
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert tally_head(candidates, ballots, roll=roll, rules=RULES) == tally_head(
        candidates, shuffled, roll=roll, rules=RULES
    )


@given(elections())
def test_first_round_outcomes_follow_the_rules(data: tuple) -> None:
    candidates, ballots, roll = data
    tally = tally_head(candidates, ballots, roll=roll, rules=RULES)
    top = tally.votes[0].votes
    assert (tally.outcome is Outcome.VOID) == (3 * len(ballots) < 2 * roll)
    if tally.outcome is Outcome.ELECTED:
        assert tally.winner == tally.votes[0].unit_id
        assert 2 * top > len(ballots)  # abstentions are valid ballots by default
        assert all(c.votes < top for c in tally.votes[1:])
    else:
        assert tally.winner is None
    if tally.outcome is Outcome.RUNOFF:
        finalists = set(tally.runoff)
        assert len(finalists) >= 2
        assert {c.unit_id for c in tally.votes if c.votes == top} <= finalists
        lowest_in = min(c.votes for c in tally.votes if c.unit_id in finalists)
        assert lowest_in > 0
        assert all(c.votes < lowest_in for c in tally.votes if c.unit_id not in finalists)


@given(elections())
def test_a_runoff_goes_to_the_most_votes_and_a_tie_to_the_bloc(data: tuple) -> None:
    candidates, ballots, roll = data
    tally = tally_head(candidates, ballots, roll=roll, rules=RULES, runoff_round=True)
    if tally.outcome is Outcome.VOID or not any(ballot is not None for ballot in ballots):
        return
    top = tally.votes[0].votes
    leaders = [c.unit_id for c in tally.votes if c.votes == top]
    if len(leaders) == 1:
        assert tally.outcome is Outcome.ELECTED and tally.winner == leaders[0]
    else:
        assert tally.outcome is Outcome.TIE and set(tally.runoff) == set(leaders)


def test_a_majority_elects_at_once() -> None:
    tally = tally_head(CANDIDATES, [11, 11, 11, 11, 11, 11, 12, 13, None], roll=11, rules=RULES)
    assert tally.outcome is Outcome.ELECTED and tally.winner == 11
    assert (tally.ballots, tally.roll, tally.abstentions, tally.valid) == (9, 11, 1, 9)


def test_half_is_not_a_majority_and_the_top_two_go_to_a_runoff() -> None:
    tally = tally_head(CANDIDATES, [11] * 4 + [12] * 2 + [13] * 2, roll=9, rules=RULES)
    assert tally.outcome is Outcome.RUNOFF and tally.runoff == (11, 12, 13)
    tally = tally_head(CANDIDATES, [11] * 4 + [12] * 3 + [13], roll=9, rules=RULES)
    assert tally.outcome is Outcome.RUNOFF and tally.runoff == (11, 12)


def test_a_tie_at_the_top_goes_to_a_runoff_of_the_tied() -> None:
    tally = tally_head(CANDIDATES, [11, 12, 13] * 3, roll=9, rules=RULES)
    assert tally.outcome is Outcome.RUNOFF and tally.runoff == (11, 12, 13)


def test_abstentions_can_be_left_out_of_the_base() -> None:
    ballots = [11, 11, 11, 12, None, None, None]
    assert tally_head(CANDIDATES, ballots, roll=7, rules=RULES).outcome is Outcome.RUNOFF
    lenient = ElectionRules(abstentions_valid=False)
    tally = tally_head(CANDIDATES, ballots, roll=7, rules=lenient)
    assert tally.outcome is Outcome.ELECTED and tally.valid == 4


def test_no_quorum_voids_the_vote() -> None:
    assert tally_head(CANDIDATES, [11] * 7, roll=11, rules=RULES).outcome is Outcome.VOID
    assert tally_head(CANDIDATES, [11] * 8, roll=12, rules=RULES).outcome is Outcome.ELECTED


def test_without_a_runoff_in_sight_the_bloc_decides() -> None:
    only_abstentions = tally_head(CANDIDATES, [None] * 9, roll=9, rules=RULES)
    assert only_abstentions.outcome is Outcome.UNDECIDED
    one_short = tally_head([11], [11] * 4 + [None] * 5, roll=9, rules=RULES)
    assert one_short.outcome is Outcome.UNDECIDED


def test_a_stray_choice_is_counted_as_invalid() -> None:
    tally = tally_head(CANDIDATES, [11, 11, 99], roll=3, rules=RULES)
    assert tally.invalid == 1 and tally.valid == 2 and tally.outcome is Outcome.ELECTED


def test_head_ballots_are_checked() -> None:
    check_head_ballot(None, CANDIDATES, 11, RULES)
    check_head_ballot(11, CANDIDATES, 11, RULES)
    with pytest.raises(BallotRefused) as refused:
        check_head_ballot(99, CANDIDATES, 11, RULES)
    assert refused.value.reason == "not_candidate"
    with pytest.raises(BallotRefused) as refused:
        check_head_ballot(11, CANDIDATES, 11, ElectionRules(self_vote=False))
    assert refused.value.reason == "own_unit"


def test_the_head_is_no_candidate_for_deputy() -> None:
    assert deputy_candidates(CANDIDATES, 12) == [11, 13, 14]
    assert deputy_candidates(CANDIDATES, None) == CANDIDATES


@given(st.integers(0, 10), st.integers(1, 10), st.booleans(), st.integers(0, 60))
def test_needed_is_the_least_count_that_meets_a_share(
    num: int, den: int, strict: bool, base: int
) -> None:
    if num > den:
        num, den = den, num or 1
    share = Share(num=num, den=den, strict=strict)
    needed = share.needed(base)
    if base == 0:
        assert needed == 0 and not share.met(0, 0)
        return
    assert share.met(needed, base) or needed > base
    assert needed == 0 or not share.met(needed - 1, base)


def test_shares_and_rules_refuse_nonsense() -> None:
    with pytest.raises(ValueError):
        Share(num=3, den=2)
    with pytest.raises(ValueError):
        ElectionRules(runoff_hours=0)
    assert Share(num=2, den=3).label == "2/3"
    assert ElectionRules.model_validate(RULES.model_dump(mode="json")) == RULES


@pytest.mark.parametrize("name", RULE_NAMES)
def test_each_rule_goes_round_its_choices_and_back(name: str) -> None:
    rules = ElectionRules()
    seen = []
    for _ in RULE_CHOICES[name]:
        rules = next_rule(rules, name)
        seen.append(getattr(rules, name))
    assert sorted(map(repr, seen)) == sorted(map(repr, RULE_CHOICES[name]))
    assert rules == ElectionRules()  # only `name` moved, and it is back where it began


def test_a_rule_stored_outside_the_choices_moves_to_the_first() -> None:
    odd = ElectionRules(quorum=Share(num=3, den=5), runoff_hours=36)
    assert next_rule(odd, "quorum").quorum == RULE_CHOICES["quorum"][0]
    assert next_rule(odd, "runoff_hours").runoff_hours == 24


@given(elections())
def test_a_count_is_sealed_when_void_and_kept_whole_otherwise(data: tuple) -> None:
    """Without quorum nothing per candidate is kept (few ballots next to the list of units that
    have not voted would tell who chose whom); with quorum the count is kept as it is."""
    candidates, ballots, roll = data
    tally = tally_head(candidates, ballots, roll=roll, rules=RULES)
    sealed = tally.sealed()
    if tally.quorum_met:
        assert sealed == tally
    else:
        assert (sealed.votes, sealed.abstentions, sealed.invalid, sealed.valid) == ((), 0, 0, 0)
        assert sealed.turnout == tally.turnout and sealed.outcome is Outcome.VOID


def test_a_unit_without_a_delegate_had_no_ballot_unless_it_voted() -> None:
    """Ballots issued are the units able to vote: 3 has no delegate and did not vote; 4's
    delegate left after voting, so it did receive its ballot."""
    assert unable_to_vote([1, 2, 3, 4], voted={1, 4}, with_delegate={1, 2}) == [3]
    assert unable_to_vote([2, 1], voted=set(), with_delegate={1, 2}) == []

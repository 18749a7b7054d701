"""Bình xét: quotas, approval shares, ties at the quota line; receipts and ballot masks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.ballot_codes import (
    MAX_SLOTS,
    decode_approvals,
    encode_approvals,
    new_receipt,
    normalize_receipt,
    slots_of,
    toggled,
)
from bot.domain.ballots import BallotRefused, ElectionRules, Share
from bot.domain.commendation import (
    Standing,
    check_commendation_ballot,
    proposed_over,
    tally_commendation,
)

RULES = ElectionRules()
FLAG, MERIT = 1, 2
CANDIDATES = {FLAG: [11, 12, 13, 14], MERIT: [11, 12, 13, 15, 16]}
QUOTAS = {FLAG: 2, MERIT: 3}


@st.composite
def votes(draw: st.DrawFn) -> tuple[dict, dict, list[dict], int]:
    titles = draw(st.lists(st.integers(1, 9), min_size=1, max_size=3, unique=True))
    candidates = {
        t: draw(st.lists(st.integers(10, 30), min_size=1, max_size=6, unique=True)) for t in titles
    }
    quotas = {t: draw(st.integers(1, len(candidates[t]))) for t in titles}
    ballots = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    t: st.lists(st.sampled_from(candidates[t]), max_size=quotas[t], unique=True)
                    for t in titles
                }
            ),
            max_size=20,
        )
    )
    roll = draw(st.integers(max(len(ballots), 1), 25))
    return candidates, quotas, ballots, roll


@given(votes())
def test_proposals_stay_within_quota_and_share(data: tuple) -> None:
    candidates, quotas, ballots, roll = data
    tally = tally_commendation(candidates, quotas, ballots, roll=roll, rules=RULES)
    assert tally.quorum_met == (3 * len(ballots) >= 2 * roll)
    for result in tally.titles:
        proposed = result.units(Standing.PROPOSED)
        tied = result.units(Standing.TIED)
        counts = {r.unit_id: r.approvals for r in result.rows}
        assert sum(counts.values()) == sum(len(b[result.title_id]) for b in ballots)
        assert len(proposed) <= result.quota
        if not tally.quorum_met:
            assert all(r.standing is Standing.VOID for r in result.rows)
            continue
        for unit in proposed + tied:
            assert 2 * counts[unit] > len(ballots)
        others = [r.approvals for r in result.rows if r.unit_id not in proposed]
        assert all(counts[u] > max(others, default=-1) for u in proposed)
        if tied:
            assert len({counts[u] for u in tied}) == 1
            assert len(proposed) + result.tied_seats == result.quota
            assert 0 < result.tied_seats < len(tied)
        else:
            assert result.tied_seats == 0


@given(votes(), st.randoms())
def test_the_order_of_the_ballots_does_not_matter(data: tuple, rnd) -> None:
    candidates, quotas, ballots, roll = data
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    first = tally_commendation(candidates, quotas, ballots, roll=roll, rules=RULES)
    assert first == tally_commendation(candidates, quotas, shuffled, roll=roll, rules=RULES)


def test_two_titles_with_a_tie_at_the_quota_line() -> None:
    flag = [[11, 12]] * 4 + [[11, 13]] * 4 + [[12, 13]] * 2
    merit = [[11, 13, 15]] * 4 + [[11, 13, 16], [11, 15, 16], [13, 15, 16], [16], [12], []]
    ballots = [{FLAG: f, MERIT: m} for f, m in zip(flag, merit, strict=True)]
    tally = tally_commendation(CANDIDATES, QUOTAS, ballots, roll=11, rules=RULES)
    flag_result, merit_result = tally.titles
    assert flag_result.needed == 6
    assert flag_result.units(Standing.PROPOSED) == (11,)
    assert flag_result.units(Standing.TIED) == (12, 13) and flag_result.tied_seats == 1
    assert flag_result.units(Standing.SHORT) == (14,)
    assert merit_result.units(Standing.PROPOSED) == (11, 13, 15)
    assert [r.rank for r in merit_result.rows] == [1, 1, 1, 4, 5]
    assert merit_result.units(Standing.SHORT) == (16, 12)


def test_a_unit_above_the_share_beyond_the_quota_is_outside() -> None:
    ballots = [{FLAG: [11, 12]}, {FLAG: [11, 12]}, {FLAG: [11, 13]}, {FLAG: [12, 13]}]
    (flag, _) = tally_commendation(CANDIDATES, QUOTAS, ballots, roll=4, rules=RULES).titles
    assert flag.units(Standing.PROPOSED) == (11, 12) and flag.units(Standing.SHORT) == (13, 14)
    third = ElectionRules(approval_share=Share(num=1, den=3))
    (flag, _) = tally_commendation(CANDIDATES, QUOTAS, ballots, roll=4, rules=third).titles
    assert flag.units(Standing.PROPOSED) == (11, 12) and flag.units(Standing.OUTSIDE) == (13,)


def test_the_share_can_count_against_the_roll() -> None:
    ballots = [{FLAG: [11]}] * 4 + [{FLAG: []}] * 2
    by_voters = tally_commendation(CANDIDATES, QUOTAS, ballots, roll=9, rules=RULES)
    assert by_voters.titles[0].units(Standing.PROPOSED) == (11,)
    by_roll = tally_commendation(
        CANDIDATES, QUOTAS, ballots, roll=9, rules=ElectionRules(approval_base="roll")
    )
    assert by_roll.base == 9 and by_roll.titles[0].units(Standing.SHORT)[0] == 11


def test_commendation_ballots_are_checked() -> None:
    ok = check_commendation_ballot({FLAG: [12, 13], MERIT: []}, CANDIDATES, QUOTAS, 11, RULES)
    assert ok == {FLAG: frozenset({12, 13})}
    cases = [
        ({FLAG: [12, 13, 14]}, "over_quota"),
        ({FLAG: [15]}, "not_candidate"),
        ({FLAG: [11]}, "own_unit"),
        ({7: [11]}, "not_a_title"),
    ]
    for ballot, reason in cases:
        with pytest.raises(BallotRefused) as refused:
            check_commendation_ballot(ballot, CANDIDATES, QUOTAS, 11, RULES)
        assert refused.value.reason == reason
    allowed = ElectionRules(self_approval=True)
    assert check_commendation_ballot({FLAG: [11]}, CANDIDATES, QUOTAS, 11, allowed)


@given(votes())
def test_a_ballot_survives_its_buttons(data: tuple) -> None:
    candidates, _, ballots, _ = data
    slots = slots_of(candidates)
    for ballot in ballots:
        expected = {t: frozenset(u) for t, u in ballot.items() if u}
        assert decode_approvals(slots, encode_approvals(slots, ballot)) == expected


@given(st.text(max_size=40))
def test_a_forged_mask_is_refused_or_stays_within_the_slots(text: str) -> None:
    slots = slots_of(CANDIDATES)
    try:
        found = decode_approvals(slots, text)
    except BallotRefused as refused:
        assert refused.reason == "forged"
        return
    assert all(unit in CANDIDATES[title] for title, units in found.items() for unit in units)


def test_masks_fit_in_a_button_and_toggle() -> None:
    slots = [(1, unit) for unit in range(MAX_SLOTS)]
    assert len(encode_approvals(slots, {1: range(MAX_SLOTS)})) == MAX_SLOTS // 6
    with pytest.raises(ValueError):
        encode_approvals([*slots, (2, 1)], {})
    once = toggled({FLAG: {11}}, FLAG, 12)
    assert once == {FLAG: {11, 12}} and toggled(once, FLAG, 11) == {FLAG: {12}}
    assert encode_approvals(slots_of(CANDIDATES), {}) == "0"


def test_receipts_are_short_random_and_forgiving_when_typed() -> None:
    codes = {new_receipt() for _ in range(200)}
    assert len(codes) == 200
    code = next(iter(codes))
    assert len(code) == 9 and code[4] == "-"
    assert normalize_receipt(code.lower().replace("-", " ")) == code
    assert normalize_receipt("ABCD-EFG0") is None and normalize_receipt("short") is None


@given(votes())
def test_a_binh_xet_without_quorum_keeps_no_approvals(data: tuple) -> None:
    candidates, quotas, ballots, roll = data
    tally = tally_commendation(candidates, quotas, ballots, roll=roll, rules=RULES)
    sealed = tally.sealed()
    if tally.quorum_met:
        assert sealed == tally
    else:
        assert all(t.rows == () and t.tied_seats == 0 for t in sealed.titles)
        assert [t.title_id for t in sealed.titles] == [t.title_id for t in tally.titles]
        assert (sealed.ballots, sealed.roll) == (tally.ballots, tally.roll)


def test_a_new_bình_xét_among_the_tied_adds_to_what_the_first_proposed() -> None:
    """The flag (quota 2): 11 proposed, 12 and 13 tied for the last seat; the new bình xét
    among them proposes 13. The bloc's outcome is 11 and 13, in the order proposed."""
    first = tally_commendation(
        {FLAG: [11, 12, 13]},
        {FLAG: 2},
        [{FLAG: [11, 12]}, {FLAG: [11, 13]}, {FLAG: [11]}],
        roll=3,
        rules=ElectionRules(approval_share=Share(num=1, den=3)),
    )
    assert first.titles[0].units(Standing.TIED) == (12, 13)
    again = tally_commendation(
        {FLAG: [12, 13]}, {FLAG: 1}, [{FLAG: [13]}, {FLAG: [13]}], roll=3, rules=RULES
    )
    assert proposed_over([first, again]) == {FLAG: (11, 13)}
    assert proposed_over([again, again]) == {FLAG: (13,)}  # never twice
    assert proposed_over([]) == {}

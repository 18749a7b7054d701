"""How votes read in the group, in both languages: progress, counts, outcomes, receipts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.constants import MESSAGE_MAX_CHARS
from bot.domain.ballots import ElectionKind, ElectionRules, tally_head
from bot.domain.bloc import Bloc, Membership, Unit
from bot.domain.commendation import tally_commendation
from bot.domain.elections import Election
from bot.domain.year import Title
from bot.i18n import Catalog, plain_text
from bot.usecases.ballots import BallotView, Cast, OpenBallot
from views.ballot_text import ballot_text, cast_text, confirm_text, vote_list_text
from views.election_text import progress_text, receipts_text, result_messages

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
BLOC = Bloc(
    id=1,
    chat_id=-100,
    name="Khối",
    language="vi",
    timezone="Asia/Ho_Chi_Minh",
    created_by=1,
    created_at=NOW,
)
UNITS = {i: Unit(id=i, bloc_id=1, code=f"U{i}", name=f"Ban quản lý {i}") for i in range(1, 21)}
TITLES = {t: Title(id=t, bloc_id=1, name=f"Danh hiệu {t}", position=t) for t in range(1, 6)}
RULES = ElectionRules()


def _election(kind: ElectionKind, *, round_: int = 1, open_: bool = False) -> Election:
    return Election(
        id=7,
        bloc_id=1,
        year_id=1,
        kind=kind,
        round=round_,
        status="open" if open_ else "closed",
        rules=RULES,
        opened_by=1,
        opened_at=NOW,
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_head_outcomes_read_plainly(lang: str) -> None:
    tx = Catalog.load().for_lang(lang)
    pair = {"vi": "U1 và U2", "en": "U1 and U2"}[lang]  # named as a sentence does
    head = _election(ElectionKind.HEAD)
    cases = {
        "elected": ([1] * 6 + [2, None], "U1"),
        "runoff": ([1] * 3 + [2] * 3 + [3, None], pair),
        "void": ([1] * 3, "⛔"),
    }
    for outcome, (choices, expected) in cases.items():
        tally = tally_head(list(UNITS)[:5], choices, roll=9, rules=RULES)
        assert tally.outcome.value == outcome
        (message,) = result_messages(
            tx, BLOC, head, 2026, tally, UNITS, TITLES, NOW + timedelta(hours=48)
        )
        text = plain_text(message)
        assert expected in text and ("2027" in text)
        assert "bầu cử" not in text.lower()
    runoff = _election(ElectionKind.DEPUTY, round_=2)
    tie = tally_head([1, 2], [1, 2, 1, 2, None, None], roll=7, rules=RULES, runoff_round=True)
    (message,) = result_messages(tx, BLOC, runoff, 2026, tie, UNITS, TITLES)
    text = plain_text(message)
    assert "/deputy set" in text and pair in text and "2" in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_binh_xet_result_says_who_is_proposed_and_fits_a_message(lang: str) -> None:
    tx = Catalog.load().for_lang(lang)
    candidates = {t: list(UNITS) for t in TITLES}
    quotas = dict.fromkeys(TITLES, 3)
    ballots = [{t: [1 + (v % 3), 4, 5] for t in TITLES} for v in range(18)]
    tally = tally_commendation(candidates, quotas, ballots, roll=20, rules=RULES)
    election = _election(ElectionKind.COMMENDATION)
    messages = result_messages(tx, BLOC, election, 2026, tally, UNITS, TITLES)
    assert len(messages) == 2 and all(len(m) < MESSAGE_MAX_CHARS for m in messages)
    plain = plain_text("\n".join(messages))
    assert "Danh hiệu 1: U4, U5" in plain
    assert ("bình xét" in plain.lower()) and "bầu cử" not in plain.lower()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "• Danh hiệu 1: U1; U2 và U3 bằng phiếu cho 1 suất còn lại"),
        ("en", "• Danh hiệu 1: U1; U2 and U3 are tied for the seats left (1)"),
    ],
)
def test_units_tied_at_the_quota_line_are_named_as_tied_not_short(lang: str, expected: str) -> None:
    """Quota 2: U1 is proposed, U2 and U3 reached the approvals needed and tie for one seat."""
    tx = Catalog.load().for_lang(lang)
    ballots = [{1: [1, 2]}, {1: [1, 3]}, {1: [2, 3]}, {1: [1, 2]}, {1: [1, 3]}]  # 4, 3, 3
    tally = tally_commendation({1: [1, 2, 3, 4]}, {1: 2}, ballots, roll=5, rules=RULES)
    election = _election(ElectionKind.COMMENDATION)
    (message,) = result_messages(tx, BLOC, election, 2026, tally, UNITS, TITLES)
    assert expected in plain_text(message)


@pytest.mark.parametrize(("lang", "received"), [("vi", "đã nhận (2)"), ("en", "received (2)")])
def test_a_void_votes_receipts_were_received_not_counted(lang: str, received: str) -> None:
    tx = Catalog.load().for_lang(lang)
    election = _election(ElectionKind.HEAD)
    text = plain_text(receipts_text(tx, election, 2026, ["AAAA-3333", "BBBB-4444"], void=True))
    assert received in text and "AAAA-3333" in text
    assert ("kiểm (" not in text) and ("counted (" not in text)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_progress_and_receipts(lang: str) -> None:
    tx = Catalog.load().for_lang(lang)
    election = _election(ElectionKind.HEAD, open_=True)
    text = plain_text(progress_text(tx, BLOC, election, 2026, (6, 11), NOW))
    assert "6/11" in text and "01/12/2026" in text
    receipts = plain_text(receipts_text(tx, election, 2026, ["ZZZZ-2222", "AAAA-3333"]))
    assert receipts.index("AAAA-3333") < receipts.index("ZZZZ-2222")
    assert "2027" in plain_text(receipts_text(tx, election, 2026, []))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_ballot_its_confirmation_and_the_receipt(lang: str) -> None:
    tx = Catalog.load().for_lang(lang)
    member = Membership(bloc=BLOC, unit=UNITS[1])
    election = _election(ElectionKind.COMMENDATION, open_=True)
    view = BallotView(
        membership=member,
        election=election,
        candidates={1: [UNITS[2], UNITS[3]], 2: []},
        quotas={1: 2, 2: 1},
        titles=TITLES,
        approvals={1: frozenset({3, 2})},
    )
    text = plain_text(ballot_text(tx, BLOC, view, 2026, NOW))
    assert "U1" in text and "2/3" not in text and "01/12/2026" in text
    confirm = plain_text(confirm_text(tx, view, 2026))
    assert "Danh hiệu 1: U2, U3" in confirm and "✅" in confirm
    head = BallotView(
        membership=member,
        election=_election(ElectionKind.HEAD, open_=True),
        candidates={0: [UNITS[2]]},
        quotas={},
        titles={},
        approvals={},
    )
    assert "U2" in plain_text(confirm_text(tx, head, 2026, UNITS[2]))
    cast = Cast(election=head.election, unit=UNITS[1], receipt="K7MQ-9XTA", voted=1, roll=9)
    receipt = plain_text(cast_text(tx, cast, 2026))
    assert "K7MQ-9XTA" in receipt and "U2" not in receipt and "2027" in receipt
    listing = plain_text(vote_list_text(tx, UNITS[1], [OpenBallot(head.election, True, 2026)]))
    assert "✅" in listing and "2027" in listing
    assert "U1" in plain_text(vote_list_text(tx, UNITS[1], []))


@pytest.mark.parametrize(
    ("lang", "title", "proposed"),
    [
        ("vi", "Bình xét lại năm 2026 (giữa các đơn vị bằng phiếu) (lần 2)",
         "• Danh hiệu 1: U1, U3 (U1: đề nghị từ lần bình xét trước)"),
        ("en", "New commendation vote 2026 (among the tied units) (attempt 2)",
         "• Danh hiệu 1: U1, U3 (U1: proposed by the earlier commendation vote)"),
    ],
)  # fmt: skip
def test_a_new_bình_xét_names_itself_and_the_whole_outcome(
    lang: str, title: str, proposed: str
) -> None:
    """The bình xét among U2 and U3 (tied for the flag's last seat after U1 was proposed),
    held a second time after a void one: its name says so, and what the bloc proposes for the
    flag is U1 (the first bình xét) and U3 (this one), not U3 alone."""
    tx = Catalog.load().for_lang(lang)
    again = _election(ElectionKind.COMMENDATION, round_=2).model_copy(
        update={"runoff_of": 6, "attempt": 2, "attempts": 2}
    )
    tally = tally_commendation({1: [2, 3]}, {1: 1}, [{1: [3]}] * 3, roll=3, rules=RULES)
    [text] = result_messages(tx, BLOC, again, 2026, tally, UNITS, TITLES, earlier={1: (1,)})
    plain = plain_text(text)
    assert title in plain and proposed in plain

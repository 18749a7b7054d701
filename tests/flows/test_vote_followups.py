"""Votes, the details around them (QA votes 7-14): a refused ✅ does not leave the choice on
screen, quotas within the registered units, a title with nobody to choose, a round without a
majority and its outcome, /status and /head during a vote, the workbook's receipts.
"""

from __future__ import annotations

from bot.domain.bloc import Bloc
from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.membership_kit import DAVE, add_people
from tests.flows.test_election import close_vote, open_vote, progress, ready, receipt_of, vote
from tests.flows.test_vote_records import _vote_rows, _vote_tab


async def _second_delegate(bot: Harness, bloc: Bloc) -> None:
    """Dũng joins DLK beside Lan."""
    add_people(bot)
    unit = await bot.services.units.by_code(bloc.id, "DLK")
    assert unit is not None
    await bot.services.units.add_delegate(unit.id, DAVE, by=ADMIN, now=bot.clock.now())
    await bot.say(DAVE, DAVE, "/start")


async def test_a_refused_cast_turns_the_confirmation_into_the_refusal(bot: Harness) -> None:
    bloc = await ready(bot)
    await _second_delegate(bot, bloc)
    await open_vote(bot, "head")
    [lan] = await bot.say(ALICE, ALICE, "/vote")
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="DNG")
    assert "sắp bỏ phiếu cho: DNG" in lan.text
    [dung] = await bot.say(DAVE, DAVE, "/vote")
    await bot.press(DAVE, DAVE, message_id=dung.message_id, text="GLI")
    await bot.press(DAVE, DAVE, message_id=dung.message_id, text="✅")
    answer = await bot.press(ALICE, ALICE, message_id=lan.message_id, text="✅")
    assert answer is not None and answer["text"] is None  # said once, in the message
    assert "sắp bỏ phiếu cho" not in lan.text and "đã bỏ phiếu" in lan.text
    assert not lan.buttons
    # After the close: the same, for Mai's choice.
    [mai] = await bot.say(CAROL, CAROL, "/vote")
    await bot.press(CAROL, CAROL, message_id=mai.message_id, text="DNG")
    await close_vote(bot)
    await bot.press(CAROL, CAROL, message_id=mai.message_id, text="✅")
    assert "sắp bỏ phiếu cho" not in mai.text and not mai.buttons


async def pledge(bot: Harness, bloc: Bloc, titles: dict[str, list[int]]) -> list[str]:
    """Each unit's pledge for these titles (their places in the bloc's list), as stored by
    /pledge; the names of the bloc's titles."""
    services = bot.services
    year = await services.years.current(bloc.id)
    assert year is not None
    active = await services.titles.active(bloc.id)
    for code, places in titles.items():
        unit = await services.units.by_code(bloc.id, code)
        assert unit is not None
        await services.pledges.save(
            year.id,
            unit.id,
            title_ids=[active[i].id for i in places],
            commitments="Cam kết.",
            by=ADMIN,
            now=bot.clock.now(),
        )
    return [t.name for t in active]


async def test_a_title_only_the_voters_own_unit_registered_says_so(bot: Harness) -> None:
    bloc = await ready(bot)
    flag, merit, *_ = await pledge(bot, bloc, {"DLK": [0, 1], "DNG": [0], "GLI": [0]})
    await open_vote(bot, "commendation")
    [ballot] = await bot.say(ALICE, ALICE, "/vote")
    assert (
        f"2. {merit} — chỉ có đơn vị của Anh/Chị đăng ký danh hiệu này, nên không có đơn vị"
        " để chọn." in ballot.text
    )
    assert "chọn tối đa 1 đơn vị (đã chọn 0)" in ballot.text  # the flag, and only the flag
    await bot.press(ALICE, ALICE, message_id=ballot.message_id, text="1·DNG")
    await bot.press(ALICE, ALICE, message_id=ballot.message_id, text="Xem lại")
    assert f"{flag}: DNG" in ballot.text and merit not in ballot.text
    [other] = await bot.say(CAROL, CAROL, "/vote")  # GLI may choose DLK for the Bằng khen
    assert f"2. {merit} — chọn tối đa 1 đơn vị" in other.text


async def test_a_title_only_the_voters_own_unit_registered_in_english(bot: Harness) -> None:
    bloc = await ready(bot, language="en")
    _, merit, *_ = await pledge(bot, bloc, {"DLK": [0], "DNG": [0, 1], "GLI": [0]})
    await open_vote(bot, "commendation")
    [ballot] = await bot.say(BOB, BOB, "/vote")
    assert f"2. {merit} — only your own unit registered for this title" in ballot.text


async def plus(bot: Harness, message: SentMessage, row: int) -> dict[str, object] | None:
    """➕ on the row-th title of the opening's confirmation (as it reads now)."""
    data = [b.callback_data for line in message.buttons for b in line if b.text == "➕"]
    return await bot.press(bot.group, ADMIN, message_id=message.message_id, data=data[row])


async def test_a_quota_stays_within_the_units_registered(bot: Harness) -> None:
    bloc = await ready(bot)
    flag, merit, *others = await pledge(bot, bloc, {"DLK": [0, 1], "DNG": [0], "GLI": [0]})
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    assert f"{merit}: chỉ tiêu 1 — đăng ký: DLK" in ask.text
    answer = await plus(bot, ask, 1)
    assert answer is not None
    assert (
        f"Chỉ tiêu của danh hiệu {merit} không thể lớn hơn số đơn vị đã đăng ký danh hiệu này"
        " (1)." in answer["text"]
    )
    assert f"{merit}: chỉ tiêu 1 —" in ask.text  # unchanged
    answer = await plus(bot, ask, 2)
    assert (
        answer is not None
        and f"Chưa có đơn vị nào đăng ký danh hiệu {others[0]}" in (answer["text"])
    )
    assert f"{others[0]}: chỉ tiêu 0 — đăng ký: —" in ask.text
    for _ in range(2):  # the flag, registered by three units: up to 3
        await plus(bot, ask, 0)
    assert f"{flag}: chỉ tiêu 3" in ask.text
    answer = await plus(bot, ask, 0)
    assert answer is not None and "(3)" in answer["text"] and f"{flag}: chỉ tiêu 3" in ask.text


async def test_a_quota_over_the_units_registered_in_english(bot: Harness) -> None:
    bloc = await ready(bot, language="en")
    _, merit, *_ = await pledge(bot, bloc, {"DLK": [0, 1], "DNG": [0], "GLI": [0]})
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    answer = await plus(bot, ask, 1)
    assert answer is not None
    assert f"The quota of {merit} cannot be more than the number of units" in answer["text"]


async def test_head_or_deputy_alone_says_who_leads_and_the_usage_to_admins_only(
    bot: Harness,
) -> None:
    await ready(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/head set DNG")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    [shown] = await bot.say(bot.group, CAROL, "/deputy")  # a plain member
    assert "• Năm 2026: Khối trưởng chưa có; Khối phó chưa có" in shown.text
    assert (
        "• Năm 2027: Khối trưởng DNG — Ban Quản lý các KCN Đà Nẵng (quyết định tại cuộc họp);"
        " Khối phó chưa có" in shown.text
    )
    assert "Cách dùng" not in shown.text
    [admin] = await bot.say(bot.group, ADMIN, "/deputy")
    assert "Năm 2027: Khối trưởng DNG" in admin.text
    assert "Cách dùng: /deputy set MÃ_ĐƠN_VỊ" in admin.text


async def test_head_alone_in_english(bot: Harness) -> None:
    await ready(bot, language="en")
    [shown] = await bot.say(bot.group, BOB, "/head")
    assert "• 2027: head none yet; deputy none yet" in shown.text
    assert "Usage" not in shown.text


async def test_status_outside_the_election_phase_points_to_the_open_vote(bot: Harness) -> None:
    await ready(bot)
    await open_vote(bot, "head")
    [status] = await bot.say(bot.group, CAROL, "/status")
    assert "Đăng ký thi đua" in status.text  # the phase of the year
    assert (
        "🗳 Đang bỏ phiếu: Bầu Khối trưởng năm 2027 — xem tiến độ bằng /status election"
        in status.text
    )
    [votes] = await bot.say(bot.group, CAROL, "/status election")
    assert "Đang bỏ phiếu" not in votes.text and "Bầu Khối trưởng năm 2027" in votes.text


async def test_status_points_to_the_open_vote_in_english(bot: Harness) -> None:
    await ready(bot, language="en")
    await open_vote(bot, "deputy")
    [status] = await bot.say(bot.group, BOB, "/status")
    assert "🗳 Vote under way: Election of the bloc deputy for 2027" in status.text


async def test_a_round_without_majority_and_the_runoff_of_a_vote_held_again(bot: Harness) -> None:
    """A void vote, held again (lần 2) without a majority: /summary and the workbook say a
    second round followed and between whom; the runoff is "(vòng 2)" everywhere (only the
    round with a result has one), never "(lần 2, vòng 2)"; its tie names the head's command
    only."""
    await ready(bot)
    await open_vote(bot, "head")
    await vote(bot, ALICE, "DNG")
    await close_vote(bot)  # void: one ballot of three
    await open_vote(bot, "head")
    for user, code in ((ALICE, "DLK"), (BOB, "DNG"), (CAROL, "GLI")):
        await vote(bot, user, code)
    await close_vote(bot)
    assert "Bầu Khối trưởng năm 2027 (vòng 2)\n" in progress(bot).text
    [ballot] = await bot.say(ALICE, ALICE, "/vote")
    assert "(vòng 2)" in ballot.text and "lần 2" not in ballot.text
    for user, code in ((ALICE, "DLK"), (BOB, "DNG"), (CAROL, None)):
        await vote(bot, user, code)
    await close_vote(bot)
    shown = await _vote_tab(bot)
    assert "• Không đơn vị nào đủ đa số: bầu vòng hai giữa DLK, DNG, GLI." in shown
    assert "Bầu Khối trưởng (vòng 2)" in shown
    assert "ghi nhận bằng /head set." in shown and "/deputy set" not in shown
    outcomes = {r[0]: r[3] for r in await _vote_rows(bot) if r[3]}
    assert outcomes["Bầu Khối trưởng (lần 2)"] == (
        "Không đơn vị nào đủ đa số — bầu vòng hai giữa DLK, DNG, GLI"
    )
    undecided = "Không đơn vị nào được bầu; Khối trưởng do Khối quyết định tại cuộc họp"
    assert outcomes["Bầu Khối trưởng (vòng 2)"] == undecided


async def test_a_round_without_majority_in_english(bot: Harness) -> None:
    await ready(bot, language="en")
    await open_vote(bot, "deputy")
    for user, code in ((ALICE, "DLK"), (BOB, "DNG"), (CAROL, "GLI")):
        await vote(bot, user, code)
    await close_vote(bot)
    assert "• No unit had a majority: a second round between DLK, DNG, GLI followed." in (
        await _vote_tab(bot)
    )


async def test_the_workbook_lists_the_receipts_counted_as_the_group_was_told(
    bot: Harness,
) -> None:
    """The README promises the receipts counted in the sheet of votes: the same sorted codes
    the group received at the close, with no choice beside them."""
    await ready(bot)
    await open_vote(bot, "head")
    receipts = [receipt_of(await vote(bot, u, c)) for u, c in ((ALICE, "DNG"), (BOB, "DNG"))]
    await vote(bot, CAROL, None)
    receipts.append(receipt_of(bot.last(CAROL).text))
    posted = "\n".join(m.text for m in await close_vote(bot))
    assert all(code in posted for code in receipts)
    rows = [r for r in await _vote_rows(bot) if str(r[1]).startswith("Mã phiếu đã kiểm: ")]
    assert rows == [
        ("Bầu Khối trưởng", "Mã phiếu đã kiểm: " + ", ".join(sorted(receipts)), None, None)
    ]


async def test_a_ballot_with_nothing_to_choose_says_it_chooses_no_unit(bot: Harness) -> None:
    """QA qa9 #13: DLK alone registered a title; Lan's review read "Anh/Chị sắp gửi phiếu bình
    xét như sau:" and then nothing. It now says the ballot chooses no unit."""
    bloc = await ready(bot)
    await pledge(bot, bloc, {"DLK": [1]})
    await open_vote(bot, "commendation")
    [ballot] = await bot.say(ALICE, ALICE, "/vote")
    assert "không có đơn vị để chọn" in ballot.text
    await bot.press(ALICE, ALICE, message_id=ballot.message_id, text="Xem lại")
    assert (
        "Anh/Chị sắp gửi phiếu bình xét không chọn đơn vị nào: không có danh hiệu nào có đơn"
        " vị để Anh/Chị chọn. Phiếu vẫn được tính vào số phiếu thu vào.\n\nBấm ✅ để bỏ phiếu."
        in ballot.text
    )
    assert "như sau:" not in ballot.text


async def test_a_ballot_with_nothing_to_choose_in_english(bot: Harness) -> None:
    bloc = await ready(bot, language="en")
    await pledge(bot, bloc, {"DNG": [1]})
    await open_vote(bot, "commendation")
    [ballot] = await bot.say(BOB, BOB, "/vote")
    await bot.press(BOB, BOB, message_id=ballot.message_id, text="Review")
    assert (
        "You are about to cast a commendation ballot that chooses no unit: no title has a unit"
        " for you to choose. It still counts among the ballots received.\n\nPress ✅" in ballot.text
    )
    assert "this ballot:" not in ballot.text

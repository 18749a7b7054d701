"""A ballot's buttons never stay live after they stopped meaning anything: /cancel closes the
ballot on screen (its buttons would still cast), and a press on the ballot of a closed vote, or
of a unit that has voted since, turns the ballot into the refusal, without buttons. (A choice
the rules refuse, one approval over the quota, keeps the ballot: test_binh_xet.)
"""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_binh_xet import _pledges
from tests.flows.test_election import close_vote, open_vote, ready, vote
from tests.flows.year_setup import make_bloc, open_year


async def test_cancel_closes_the_ballot_on_screen_and_nothing_is_cast(bot: Harness) -> None:
    bloc = await ready(bot)
    await open_vote(bot, "head")
    [ballot] = await bot.say(ALICE, ALICE, "/vote")
    await bot.press(ALICE, ALICE, message_id=ballot.message_id, text="DNG")
    assert "sắp bỏ phiếu cho: DNG" in ballot.text
    [told] = await bot.say(ALICE, ALICE, "/cancel")
    assert told.text == "Đã hủy phiếu đang bỏ dở ở tin nhắn phía trên; phiếu đó chưa được bỏ."
    assert ballot.text == "✖️ Đã hủy; phiếu này chưa được bỏ. Gõ /vote khi Anh/Chị sẵn sàng."
    assert ballot.buttons == []  # no ✅ left to cast with
    assert "DNG" not in ballot.text  # the choice does not stay on screen
    election = (await bot.services.elections.open_of_bloc(bloc.id))[0]
    assert await bot.services.elections.turnout(election.id) == (0, 3)
    [again] = await bot.say(ALICE, ALICE, "/cancel")  # once closed, nothing is left
    assert again.text.startswith("Không có việc nào chưa hoàn tất để tạm dừng.")
    # In English; and a receipt is never turned into "not cast".
    [ballot] = await bot.say(BOB, BOB, "/vote")
    [told] = await bot.say(BOB, BOB, "/cancel")
    assert told.text == "The ballot in progress above is cancelled; it was not cast."
    assert ballot.text.startswith("✖️ Cancelled; this ballot was not cast.")
    [ballot] = await bot.say(BOB, BOB, "/vote")
    await bot.press(BOB, BOB, message_id=ballot.message_id, text="DLK")
    await bot.press(BOB, BOB, message_id=ballot.message_id, text="✅")
    assert "Receipt code" in ballot.text
    [told] = await bot.say(BOB, BOB, "/cancel")
    assert told.text.startswith("There is nothing unfinished to pause.")
    assert "Receipt code" in ballot.text  # the receipt stays as it is


async def test_a_press_on_the_ballot_of_a_closed_vote_closes_it(bot: Harness) -> None:
    await ready(bot)
    await open_vote(bot, "head")
    [ballot] = await bot.say(CAROL, CAROL, "/vote")
    [bobs] = await bot.say(BOB, BOB, "/vote")
    await close_vote(bot)  # void: nobody voted
    answer = await bot.press(CAROL, CAROL, message_id=ballot.message_id, text="DLK")
    assert answer is not None and not answer.get("text")  # said in the message, not a pop-up
    assert (
        ballot.text == "Bầu Khối trưởng năm 2027 đã kết thúc hoặc đã hết thời hạn; phiếu này không "
        "được ghi nhận. Kết quả đã được báo trong nhóm của Khối; nếu cuộc bỏ phiếu không có giá "
        "trị, quản trị Khối có thể tổ chức lại bằng /election open head."
    )
    assert ballot.buttons == []
    await bot.press(BOB, BOB, message_id=bobs.message_id, text="GLI")
    assert (
        bobs.text == "Election of the bloc head for 2027 has closed or its deadline has passed; "
        "this ballot was not recorded. The result was posted in the bloc's group; if the vote "
        "was void, a bloc admin can hold it again with /election open head."
    )
    assert bobs.buttons == []


async def test_a_press_on_a_ballot_the_other_delegate_cast_closes_it(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE, CAROL], "DNG": [BOB]})
    await open_year(bot)
    await open_vote(bot, "head")
    [lan] = await bot.say(ALICE, ALICE, "/vote")
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="GLI")
    await vote(bot, CAROL, "DNG")  # Mai casts DLK's ballot meanwhile
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="⬅️")
    assert lan.text.startswith("Đơn vị DLK đã bỏ phiếu trong cuộc này; phiếu đã được lưu")
    assert lan.buttons == [] and "GLI" not in lan.text


async def test_a_refused_choice_keeps_the_ballot_for_cancel_to_close(bot: Harness) -> None:
    """One approval over the quota is refused with a pop-up and the ballot stays as it was,
    still closed by /cancel."""
    bloc = await ready(bot)
    await _pledges(bot, bloc)
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    [ballot] = await bot.say(CAROL, CAROL, "/vote")
    await bot.press(CAROL, CAROL, message_id=ballot.message_id, text="1·DLK")
    answer = await bot.press(CAROL, CAROL, message_id=ballot.message_id, text="1·DNG")
    assert answer is not None and "tối đa 1 đơn vị" in answer["text"]  # over the quota
    assert "☑️ 1·DLK" in ballot.button_texts()
    [told] = await bot.say(CAROL, CAROL, "/cancel")
    assert told.text.startswith("Đã hủy phiếu đang bỏ dở")
    assert ballot.buttons == [] and ballot.text.startswith("✖️ Đã hủy")

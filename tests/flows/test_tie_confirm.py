"""A new bình xét among tied units (and a head's or deputy's runoff held again) opens only from
its confirmation, as `/election open` does.

QA (qa8 #4): the group's "✅ Bình xét lại giữa các đơn vị bằng phiếu" opened the vote at the
press, with a deadline nobody chose, and messaged every delegate at once. Now the button offers
the round: pressed, it shows the candidates, the seats, the roll, the rules, the deadline it
will use and how to change it (the hours to vote, on buttons), and the other way (the bloc's
meeting); only its ✅ opens it, with rights and state checked again at every press.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.ballots import ElectionRules, Share
from bot.domain.bloc import Bloc
from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import close_vote, ready


async def _tied(bot: Harness, bloc: Bloc) -> SentMessage:
    """DLK and DNG aim for the first title (quota 1) and approve each other: tied for its one
    seat. The group's tie prompt, with its button."""
    services = bot.services
    year = await services.years.current(bloc.id)
    assert year is not None
    title = (await services.titles.active(bloc.id))[0]
    for code in ("DLK", "DNG"):
        unit = await services.units.by_code(bloc.id, code)
        assert unit is not None
        await services.pledges.save(
            year.id, unit.id, title_ids=[title.id], commitments="x", by=ADMIN, now=bot.clock.now()
        )
    rules = ElectionRules(approval_share=Share(num=1, den=2))
    await services.elections.set_rules(bloc.id, rules, by=ADMIN, now=bot.clock.now())
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    for user, label in ((ALICE, "1·DNG"), (BOB, "1·DLK")):
        [ballot] = await bot.say(user, user, "/vote")
        await bot.press(user, user, message_id=ballot.message_id, text=label)
        await bot.press(user, user, message_id=ballot.message_id, text="👀")
        await bot.press(user, user, message_id=ballot.message_id, text="✅")
    await close_vote(bot)
    return [m for m in bot.emu.bot_messages(bot.group) if m.buttons][-1]


def _data(message: SentMessage, start: str) -> str:
    [data] = [b.callback_data for row in message.buttons for b in row if b.text.startswith(start)]
    assert data is not None
    return data


WORDS = {
    "vi": {
        "offer": "🗳 Bình xét lại giữa các đơn vị bằng phiếu",
        "header": "Mở bỏ phiếu: Bình xét lại năm 2026 (giữa các đơn vị bằng phiếu)",
        "seats": "• Cờ thi đua của Bộ Tài chính: còn 1 suất — DLK, DNG",
        "roll": "Danh sách bỏ phiếu: 3 đơn vị",
        "due": "Thời hạn bỏ phiếu: Thứ Tư, 07/01/2026 17:00.",
        "how": "ít nhất 48 giờ kể từ khi mở; Anh/Chị bấm nút số giờ dưới đây để đổi",
        "meeting": "Hoặc Khối quyết định tại cuộc họp",
        "buttons": ["24 giờ", "☑️ 48 giờ", "72 giờ", "✅ Mở bỏ phiếu", "✖️ Hủy"],
        "24": "24 giờ",
        "due24": "Thời hạn bỏ phiếu: Thứ Ba, 06/01/2026 17:00.",
        "opened": "✅ Đã mở bình xét lại giữa các đơn vị bằng phiếu.",
        "done": "đã được thực hiện",
    },
    "en": {
        "offer": "🗳 New commendation vote among the tied units",
        "header": "Open the vote: New commendation vote 2026 (among the tied units)",
        "seats": "• Emulation flag of the Ministry of Finance: seats left 1 — DLK, DNG",
        "roll": "Units on the roll: 3",
        "due": "Voting closes: Wednesday, 07/01/2026 17:00.",
        "how": "at least 48 hours after the opening; press an hours button below to change it",
        "meeting": "Or the bloc decides in its meeting",
        "buttons": ["24 hours", "☑️ 48 hours", "72 hours", "✅ Open the vote", "✖️ Cancel"],
        "24": "24 hours",
        "due24": "Voting closes: Tuesday, 06/01/2026 17:00.",
        "opened": "✅ A new commendation vote among the tied units is open.",
        "done": "already done",
    },
}


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_the_tie_button_shows_the_round_and_only_its_confirmation_opens_it(
    bot: Harness, language: str
) -> None:
    words = WORDS[language]
    bloc = await ready(bot, language=language)
    tie = await _tied(bot, bloc)
    year = await bot.services.years.current(bloc.id)
    assert year is not None
    assert tie.button_texts() == [words["offer"]]
    told = {user: len(bot.emu.bot_messages(user)) for user in (ALICE, BOB, CAROL)}
    # Someone else than an admin: refused, nothing shown.
    answer = await bot.press(bot.group, CAROL, message_id=tie.message_id, text="🗳")
    assert answer is not None and answer.get("show_alert")
    assert tie.button_texts() == [words["offer"]]
    await bot.press(bot.group, ADMIN, message_id=tie.message_id, text="🗳")
    for part in ("header", "seats", "roll", "due", "how", "meeting"):
        assert words[part] in tie.text, part
    assert tie.button_texts() == words["buttons"]
    assert len(await bot.services.elections.of_year(year.id)) == 1  # nothing opened yet
    assert {user: len(bot.emu.bot_messages(user)) for user in told} == told  # nobody told
    # The hours to vote change the deadline; the confirmation shows the new one.
    await bot.press(bot.group, ADMIN, message_id=tie.message_id, text=words["24"])
    assert words["due24"] in tie.text and words["due"] not in tie.text
    assert "☑️ " + words["24"] in tie.button_texts()
    # ✅ by someone else: refused, the confirmation stays for the admin.
    commit = _data(tie, "✅")
    answer = await bot.press(bot.group, CAROL, message_id=tie.message_id, text="✅")
    assert answer is not None and answer.get("show_alert")
    assert len(await bot.services.elections.of_year(year.id)) == 1 and tie.buttons
    await bot.press(bot.group, ADMIN, message_id=tie.message_id, text="✅")
    assert tie.text == words["opened"] and not tie.buttons
    votes = await bot.services.elections.of_year(year.id)
    assert [e.round for e in votes] == [1, 2]
    runoff = votes[-1]
    assert runoff.is_open and runoff.due_at is not None
    assert (
        bot.clock.now() + timedelta(hours=24)
        <= runoff.due_at
        < bot.clock.now() + timedelta(hours=48)
    )
    assert all(len(bot.emu.bot_messages(user)) > told[user] for user in told)  # told once open
    # A second press of the same ✅ (a double tap): it opened once, and says so.
    query = bot.emu.press_forged(bot.group, ADMIN, tie.message_id, commit)
    await bot.settle()
    answer = bot.emu.answer_for(query)
    assert answer is not None and words["done"] in answer["text"]
    assert len(await bot.services.elections.of_year(year.id)) == 2
    assert tie.text == words["opened"]


async def test_a_confirmation_left_open_shows_its_new_deadline_before_opening(
    bot: Harness,
) -> None:
    bloc = await ready(bot)
    tie = await _tied(bot, bloc)
    await bot.press(bot.group, ADMIN, message_id=tie.message_id, text="🗳")
    assert "Thời hạn bỏ phiếu: Thứ Tư, 07/01/2026 17:00." in tie.text
    bot.clock.move(timedelta(days=2))  # the same 48 hours now end on Friday
    answer = await bot.press(bot.group, ADMIN, message_id=tie.message_id, text="✅")
    assert answer is not None and "đã được tính lại" in answer["text"]
    assert "Thời hạn bỏ phiếu: Thứ Sáu, 09/01/2026 17:00." in tie.text
    assert await bot.services.elections.open_of_bloc(bloc.id) == []
    await bot.press(bot.group, ADMIN, message_id=tie.message_id, text="✅")
    [runoff] = await bot.services.elections.open_of_bloc(bloc.id)
    assert runoff.due_at is not None and runoff.due_at.strftime("%d/%m %H:%M") == "09/01 10:00"


async def test_cancel_opens_nothing_and_says_how_to_see_the_offer_again(bot: Harness) -> None:
    bloc = await ready(bot)
    tie = await _tied(bot, bloc)
    await bot.press(bot.group, ADMIN, message_id=tie.message_id, text="🗳")
    await bot.press(bot.group, ADMIN, message_id=tie.message_id, text="✖️")
    assert "chưa mở cuộc bỏ phiếu nào" in tie.text and not tie.buttons
    assert "/election open commendation" in tie.text
    assert await bot.services.elections.open_of_bloc(bloc.id) == []
    [again] = await bot.say(bot.group, ADMIN, "/election open commendation")
    assert again.button_texts() == ["🗳 Bình xét lại giữa các đơn vị bằng phiếu"]

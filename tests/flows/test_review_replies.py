"""Replies of the review that confused people (QA qa8, item 8): `/review close|reopen` typed in
private is pointed to the group with the exact command; a decision equal to the self-score is
no adjustment (nothing stored, the unit not told); a unit's screen of a closed review says so
in a sentence; answering a review (✍️) over an assessment already sent announces no "paused"
work."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.bloc import Bloc
from bot.emulator import SentMessage
from tests.flows.assess_kit import ready, submit
from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.results_kit import midyear_under_review
from tests.flows.year_setup import make_bloc, open_year

#: 30/06/2026 18:00 in Vietnam: an hour past the mid-year deadline of `assess_kit.ready`.
PAST = datetime(2026, 6, 30, 11, 0, tzinfo=UTC)


async def _dng_heads(bot: Harness, bloc: Bloc) -> None:
    units = {u.code: u.id for u in await bot.services.units.list(bloc.id)}
    await bot.services.blocs.set_head(bloc.id, head=units["DNG"], deputy=None)


async def _under_review(bot: Harness) -> None:
    """DLK (Lan) and DNG (Bob, the head unit's delegate) submitted every criterion at its
    maximum; the mid-year deadline passed."""
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    await _dng_heads(bot, bloc)
    for user in (ADMIN, ALICE, BOB):
        await bot.say(user, user, "/start")
    await midyear_under_review(bot, bloc, ("DLK", "DNG"))


def _notice(bot: Harness) -> SentMessage:
    """Lan's newest message with ✍️ (the review's notice), wherever her chat has gone since."""
    return [m for m in bot.emu.bot_messages(ALICE) if "✍️ Giải trình" in m.button_texts()][-1]


async def _stored_decisions(bot: Harness) -> int:
    return int(await bot.services.db.fetch_value("SELECT COUNT(*) FROM review_scores"))


async def test_closing_typed_in_private_is_pointed_to_the_group(bot: Harness) -> None:
    await _under_review(bot)
    [told] = await bot.say(ADMIN, ADMIN, "/review close yearend")
    assert told.text == (
        "Việc kết thúc thẩm định làm trong nhóm của Khối: quản trị Khối gõ"
        " /review close yearend trong nhóm."
    )
    assert "không phải là vòng thẩm định" not in told.text
    [both] = await bot.say(ADMIN, ADMIN, "/review close")
    assert "/review close midyear (Sơ kết 6 tháng) hoặc /review close yearend" in both.text
    [english] = await bot.say(BOB, BOB, "/review reopen midyear")
    assert english.text == (
        "A review is reopened in the bloc's group: a bloc admin types /review reopen midyear there."
    )


async def test_a_decision_equal_to_the_self_score_is_no_adjustment(bot: Harness) -> None:
    await _under_review(bot)
    await bot.say(bot.group, BOB, "/review")
    await bot.press(BOB, BOB, text="DLK")
    told_before = len(bot.emu.bot_messages(ALICE))
    [same, _screen] = await bot.say(BOB, BOB, "1.1 10 Giữ nguyên")
    assert same.text == (
        "Line 1: 10 for 1.1 is the self-score, so it is not recorded as a change and the unit"
        " is not told; the self-score stands."
    )
    assert await _stored_decisions(bot) == 0
    assert len(bot.emu.bot_messages(ALICE)) == told_before  # no "updated" notice

    # with another reviewed score standing, the button that drops it is named
    await bot.say(bot.group, ADMIN, "/review midyear")
    await bot.press(ADMIN, ADMIN, text="DNG")
    await bot.say(ADMIN, ADMIN, "1.2 9 Thiếu biên bản")
    told_before = len(bot.emu.bot_messages(BOB))
    [mixed, _screen] = await bot.say(ADMIN, ADMIN, "1.2 10 Giữ nguyên\n1.3 7 Thiếu minh chứng")
    assert mixed.text.splitlines() == [
        "Đã lưu 1 quyết định.",
        "Dòng 1: điểm 10 của tiêu chí 1.2 bằng điểm tự chấm nên không ghi là điều chỉnh."
        " Tiêu chí này đang có điểm thẩm định 9; để bỏ điểm thẩm định đó và giữ điểm tự chấm,"
        " Anh/Chị bấm ↩️ Bỏ điều chỉnh 1.2.",
    ]
    assert await _stored_decisions(bot) == 2  # 1.2 still 9, and 1.3
    notice = bot.emu.bot_messages(BOB)[told_before:]
    assert len(notice) == 1 and "1.3" in notice[0].text  # told of the one real change


async def test_a_closed_review_says_so_in_a_sentence(bot: Harness) -> None:
    await _under_review(bot)
    await bot.say(bot.group, BOB, "/review")
    await bot.press(BOB, BOB, text="DLK")
    await bot.say(BOB, BOB, "1.1 9 Thiếu biên bản")
    await bot.say(bot.group, ADMIN, "/review close midyear")
    await bot.press(bot.group, ADMIN, text="✅")
    await bot.say(bot.group, BOB, "/review")
    await bot.press(BOB, BOB, text="DLK")
    lines = bot.last(BOB).text.splitlines()
    assert "review closed" not in lines  # no bare status line under the totals
    assert (
        "🔒 This round's review is closed; the scores after review change only if an admin"
        " reopens it." in lines
    )
    [own] = await bot.say(ALICE, ALICE, "/review midyear")
    assert (
        "🔒 Vòng này đã kết thúc thẩm định; điểm sau thẩm định chỉ thay đổi khi quản trị Khối"
        " mở lại." in own.text.splitlines()
    )


async def test_answering_over_an_assessment_already_sent_pauses_nothing(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE], "DNG": [BOB]})
    await _dng_heads(bot, bloc)
    await bot.say(ADMIN, ADMIN, "/start")
    await submit(bot, ALICE)  # Lan's /assess stays her open flow, sent as it stands
    bot.clock.set(PAST)
    # DLK reopened (its round open again), not changed since: nothing of it is unfinished
    await bot.say(ADMIN, ADMIN, "/assess midyear")
    await bot.press(ADMIN, ADMIN, text="🔍 DLK")
    await bot.press(ADMIN, ADMIN, text="Mở lại cho DLK")
    await bot.say(ADMIN, ADMIN, "Bổ sung minh chứng")
    await bot.press(ADMIN, ADMIN, text="✅")
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(bot.group, BOB, "/review")
    await bot.press(BOB, BOB, text="DLK")
    await bot.say(BOB, BOB, "1.1 9 Thiếu biên bản")

    before = len(bot.emu.bot_messages(ALICE))
    await bot.press(ALICE, ALICE, text="✍️")
    said = [m.text for m in bot.emu.bot_messages(ALICE)[before:]]
    assert said and all("tạm dừng" not in text for text in said)
    assert "giải trình" in said[-1]

    # a change not sent again is unfinished: opening the answer over it says it waits
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, "1.2 9")
    before = len(bot.emu.bot_messages(ALICE))
    await bot.press(ALICE, ALICE, text="✍️", message_id=_notice(bot).message_id)
    said = [m.text for m in bot.emu.bot_messages(ALICE)[before:]]
    assert said[0] == (
        "Việc đang dở đã được tạm dừng: Tự chấm điểm. Nội dung đã nhập vẫn được giữ;"
        " gõ /assess để làm tiếp."
    )

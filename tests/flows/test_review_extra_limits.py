"""A reviewer's bonus past the scale's bonus maximum, or a deduction past the unit's total, is
refused for its line with the room left (both languages); the rest is stored and the screen's
total is exactly what its listed items add up to. A line that is no decision at all is told
so in the review's own syntax (QA assess, defect 6)."""

from __future__ import annotations

import pytest

from tests.flows.conftest import Harness
from tests.flows.test_results_flow import CASTS, Cast, _scene

WORDS = {
    "vi": {
        "over": "Dòng 1: vượt điểm thưởng tối đa của thang điểm (5 điểm",
        "room": "chỉ còn được thêm tối đa 5 điểm thưởng",
        "room_after": "Dòng 3: vượt điểm thưởng tối đa của thang điểm (5 điểm",
        "left": "tối đa 2,5 điểm",
        "below": "Dòng 4: điểm trừ lớn hơn tổng điểm hiện có của đơn vị (102,5 điểm)",
        "taken": "Đã lưu",
        "prose": "Dòng 1 không phải là một quyết định thẩm định nên không được lưu",
        "syntax": "1.2 7,5 Lý do",
        "emoji": "Dòng 3 không phải là một quyết định thẩm định",
        "bare": "Dòng 4: thiếu điểm và lý do",
        "full": "Dòng 2: đơn vị đã đạt điểm thưởng tối đa của thang điểm (5 điểm",
        "none_more": "không thêm được điểm thưởng nữa",
        "buried": "Dòng 1: «Báo cáo: 2.4 3 Thiếu biên bản» chưa được nhận: dòng điểm phải bắt"
        " đầu bằng mã tiêu chí, ví dụ 2.4 3 Thiếu biên bản",
    },
    "en": {
        "over": "Line 1: past the scale's bonus maximum of 5 (",
        "room": "at most 5 more can be added",
        "room_after": "Line 3: past the scale's bonus maximum of 5 (",
        "left": "at most 2.5 more",
        "below": "Line 4: the deduction is larger than the unit's total of 102.5;",
        "taken": "Decisions stored",
        "prose": "Line 1 is not a review decision, so it was not stored",
        "syntax": "1.2 7.5 Reason",
        "emoji": "Line 3 is not a review decision",
        "bare": "Line 4: the score and the reason are missing",
        "full": "Line 2: the unit already has the scale's bonus maximum of 5 (",
        "none_more": "no more bonus can be added",
        "buried": "Line 1: “Báo cáo: 2.4 3 Thiếu biên bản” was not taken: a score line starts"
        " with the criterion's code, e.g. 2.4 3 Thiếu biên bản",
    },
}


async def _reviewing(bot: Harness, cast: Cast) -> tuple[int, int]:
    """The reviewer at the reviewed unit's screen (it self-scored 100, no bonus; the scale's
    bonus maximum is 5): the reviewer and the unit's delegate."""
    await _scene(bot, cast)
    await bot.say(bot.group, cast.reviewer, "/review")
    await bot.press(cast.reviewer, cast.reviewer, text=cast.reviewed)
    return cast.reviewer, cast.reviewed_delegate


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_bonus_past_the_maximum_is_refused_and_totals_add_up(bot: Harness, lang: str) -> None:
    cast, words = CASTS[lang], WORDS[lang]
    reviewer, delegate = await _reviewing(bot, cast)
    before = len(bot.emu.bot_messages(delegate))

    typed = "+ 1000 thử\n+ 2,5 Sáng kiến\n+ 3 Quá nhiều\n- 200 Vi phạm"
    answer, screen = await bot.say(reviewer, reviewer, typed)
    assert words["over"] in answer.text and words["room"] in answer.text
    assert words["room_after"] in answer.text and words["left"] in answer.text
    assert words["below"] in answer.text
    assert words["taken"] in answer.text
    assert "102,5" in screen.text or "102.5" in screen.text  # 100 + 2.5, as listed
    assert "1000" not in screen.text and "1.000" not in screen.text
    rows = await bot.services.db.fetch_all("SELECT kind, points FROM review_extras")
    assert [(r[0], str(r[1])) for r in rows] == [("bonus", "2.5")]

    await bot.settle()
    told = " ".join(m.text or "" for m in bot.emu.bot_messages(delegate)[before:])
    assert "Sáng kiến" in told and "1000" not in told and "Quá nhiều" not in told


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_prose_line_is_no_decision(bot: Harness, lang: str) -> None:
    words = WORDS[lang]
    reviewer, _delegate = await _reviewing(bot, CASTS[lang])
    typed = "Kính gửi Khối thẩm định\n+ 1 Sáng kiến\n😀\n1.3"
    answer, _screen = await bot.say(reviewer, reviewer, typed)
    for key in ("prose", "syntax", "emoji", "bare", "taken"):
        assert words[key] in answer.text, key
    assert "Kính" not in answer.text and "ghi chú" not in answer.text
    assert "note" not in answer.text


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_bonus_once_at_the_maximum_says_none_can_be_added(bot: Harness, lang: str) -> None:
    """Not "at most 0 more can be added" (QA assess, defect 11)."""
    words = WORDS[lang]
    reviewer, _delegate = await _reviewing(bot, CASTS[lang])
    answer, _screen = await bot.say(reviewer, reviewer, "+ 5 Sáng kiến\n+ 0,5 Thêm cho tròn")
    assert words["full"] in answer.text and words["none_more"] in answer.text
    assert " 0 " not in answer.text


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_decision_after_words_is_named_with_the_form(bot: Harness, lang: str) -> None:
    """ "Báo cáo: 2.4 3 …" is not taken (the words before may change what the number means)
    but answered as /assess answers the same paste: start the line with the code."""
    reviewer, _delegate = await _reviewing(bot, CASTS[lang])
    answer, *_ = await bot.say(reviewer, reviewer, "Báo cáo: 2.4 3 Thiếu biên bản\n+ 1 Sáng kiến")
    assert WORDS[lang]["buried"] in answer.text
    assert WORDS[lang]["prose"] not in answer.text
    rows = await bot.services.db.fetch_all("SELECT code FROM review_scores")
    assert rows == []

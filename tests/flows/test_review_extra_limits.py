"""A reviewer's bonus past the scale's bonus maximum, or a deduction past the unit's total, is
refused for its line with the room left (both languages); the rest is stored and the screen's
total is exactly what its listed items add up to."""

from __future__ import annotations

import pytest

from tests.flows.conftest import Harness
from tests.flows.test_results_flow import CASTS, _scene

WORDS = {
    "vi": {
        "over": "Dòng 1: vượt điểm thưởng tối đa của thang điểm (5 điểm",
        "room": "chỉ còn được thêm tối đa 5 điểm thưởng",
        "room_after": "Dòng 3: vượt điểm thưởng tối đa của thang điểm (5 điểm",
        "left": "tối đa 2,5 điểm",
        "below": "Dòng 4: điểm trừ lớn hơn tổng điểm hiện có của đơn vị (102,5 điểm)",
        "taken": "Đã lưu",
    },
    "en": {
        "over": "Line 1: past the scale's bonus maximum (5 points",
        "room": "at most 5 more can be added",
        "room_after": "Line 3: past the scale's bonus maximum (5 points",
        "left": "at most 2.5 more",
        "below": "Line 4: the deduction is larger than the unit's total (102.5 points)",
        "taken": "Decisions stored",
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_bonus_past_the_maximum_is_refused_and_totals_add_up(bot: Harness, lang: str) -> None:
    cast, words = CASTS[lang], WORDS[lang]
    await _scene(bot, cast)  # the reviewed unit self-scored 100, no bonus; the scale's bonus max 5
    reviewer, delegate = cast.reviewer, cast.reviewed_delegate
    await bot.say(bot.group, reviewer, "/review")
    await bot.press(reviewer, reviewer, text=cast.reviewed)
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

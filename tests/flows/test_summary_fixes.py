"""/summary in the group: an excluded unit is listed without its reason (the unit and the
reviewers read it privately), and `/summary <year>` shows the year named (as `/status` reads it),
refusing a year the bloc never had."""

from __future__ import annotations

import pytest

from tests.flows.conftest import ADMIN, CAROL, Harness
from tests.flows.test_results_flow import CASTS, _scene
from tests.flows.year_setup import open_year

REASON = "Đơn vị bị xử lý kỷ luật trong năm"
WORDS = {
    "vi": {"unranked": "Không xếp hạng:", "header": "Tổng hợp năm thi đua {year}"},
    "en": {"unranked": "Not ranked:", "header": "Summary of the emulation year {year}"},
}
#: The first line the excluded unit reads, in its delegate's language (the other one's).
TOLD = {
    "vi": f"⛔ Unit DNG will not be ranked in the Mid-year review 2026. Reason: {REASON}",
    "en": f"⛔ Đơn vị DLK không được xếp hạng trong Sơ kết 6 tháng 2026. Lý do: {REASON}",
}


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_the_group_sees_who_is_not_ranked_but_not_why(bot: Harness, lang: str) -> None:
    cast, words = CASTS[lang], WORDS[lang]
    await _scene(bot, cast)
    delegate = cast.reviewed_delegate
    await bot.say(bot.group, ADMIN, "/review midyear")
    await bot.press(ADMIN, ADMIN, text=cast.reviewed)
    await bot.press(ADMIN, ADMIN, text="⛔")
    [screen] = await bot.say(ADMIN, ADMIN, REASON)
    assert REASON in screen.text  # the admin reads it privately
    await bot.press(ADMIN, ADMIN, text="✅")
    assert REASON in bot.last(delegate).text  # and so does the unit
    # plainly, first: not a generic "the review was updated" (QA assess, defect 17)
    assert bot.last(delegate).text.startswith(TOLD[lang])
    await bot.say(bot.group, ADMIN, "/review close midyear")
    await bot.press(bot.group, ADMIN, text="✅")

    [summary] = await bot.say(bot.group, CAROL, "/summary")
    text = summary.text
    unranked = text[text.index(words["unranked"]) :]
    assert f"• {cast.reviewed}" in unranked
    assert REASON not in text
    stored = await bot.services.db.fetch_value("SELECT reason FROM review_exclusions")
    assert stored == REASON


async def test_summary_shows_the_year_named(bot: Harness) -> None:
    cast, words = CASTS["vi"], WORDS["vi"]
    await _scene(bot, cast)  # 2026, with a mid-year ranking
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    await open_year(bot, 2027)

    [now] = await bot.say(bot.group, CAROL, "/summary")
    assert words["header"].format(year=2027) in now.text
    [then] = await bot.say(bot.group, CAROL, "/summary 2026")
    assert words["header"].format(year=2026) in then.text
    assert f"3. {cast.head} — 99" in then.text  # 2026's mid-year ranking (2027 has none)
    await bot.press(bot.group, CAROL, message_id=then.message_id, text="📝")
    assert words["header"].format(year=2026) in bot.last(bot.group).text  # tabs keep the year

    [never] = await bot.say(bot.group, CAROL, "/summary 2025")
    refusal = "Khối không có năm thi đua 2025. Các năm thi đua của Khối: 2026, 2027."
    assert never.text == refusal
    assert not never.buttons
    [bad] = await bot.say(bot.group, CAROL, "/summary abc")
    assert "abc" in bad.text and "Tổng hợp" not in bad.text

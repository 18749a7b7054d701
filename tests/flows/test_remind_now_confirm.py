"""`/remind now` answers with a ✅ saying what goes (the phase and its deadline), to how many,
and when the group digest follows; when no delegate can be written to privately, the
digest posted at once is the reminder, confirmed as such (it said "has just gone out; nobody
gets it twice", as if nothing had been done)."""

from __future__ import annotations

import pytest

from bot.nudging import FOLLOW_UP
from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.year_setup import make_bloc, open_year, set_deadline

WORDS = {
    "vi": {
        "started": "✅ Đang gửi nhắc hạn Đăng ký thi đua cho 1 cán bộ đầu mối của 1 đơn vị.",
        "follows": "Thời hạn: Thứ Sáu, 16/01/2026 17:00. Bản tin trong nhóm nêu 3 đơn vị chưa"
        " đăng ký thi đua sẽ được gửi ngay sau khi các tin nhắn riêng đã gửi xong.",
        "digest": "3 đơn vị chưa đăng ký thi đua: DLK, DNG, GLI",
        "group_only": "✅ Không nhắn riêng được cho cán bộ đầu mối nào, nên nhắc hạn Đăng ký thi"
        " đua (thời hạn Thứ Sáu, 16/01/2026 17:00) được gửi ngay trong nhóm, nêu 3 đơn vị chưa"
        " đăng ký thi đua.",
        "again": "Nhắc hạn Đăng ký thi đua vừa được gửi; không gửi lại cho ai.",
    },
    "en": {
        "started": "✅ Sending the Pledge reminder privately to 1 delegate of 1 unit.",
        "follows": "Deadline: Friday, 16/01/2026 17:00. The group digest naming the 3 units"
        " still to register the pledge follows here as soon as the private messages have gone.",
        "digest": "3 units still to register the pledge: DLK, DNG, GLI",
        "group_only": "✅ No delegate could be reminded privately, so the Pledge reminder"
        " (deadline Friday, 16/01/2026 17:00) is posted in the group now, naming the 3 units"
        " still to register the pledge.",
        "again": "The Pledge reminder has just gone out; nobody gets it twice.",
    },
}


async def _due(bot: Harness, lang: str, delegates: dict[str, list[int]]) -> None:
    await make_bloc(bot, language=lang, delegates=delegates)
    await open_year(bot)
    await bot.say(ALICE, ALICE, "/start")
    await set_deadline(bot, "pledge 16/01/2026 17:00")


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_the_answer_says_what_to_how_many_and_when(bot: Harness, lang: str) -> None:
    w = WORDS[lang]
    await _due(bot, lang, {"DLK": [ALICE]})
    [answer] = await bot.say(bot.group, ADMIN, "/remind now")
    assert answer.text.startswith(f"{w['started']}\n{w['follows']}\n")
    assert "Đơn vị DLK" in bot.last(ALICE).text or "Unit DLK" in bot.last(ALICE).text
    seen = len(bot.emu.bot_messages(bot.group))
    bot.clock.move(FOLLOW_UP)  # the digest follows as said
    await bot.services.scheduler.run_due()
    await bot.settle()
    [digest] = bot.emu.bot_messages(bot.group)[seen:]
    assert w["digest"] in digest.text


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_with_nobody_to_write_to_the_group_reminder_is_confirmed(
    bot: Harness, lang: str
) -> None:
    w = WORDS[lang]
    await _due(bot, lang, {})
    answers = [m.text for m in await bot.say(bot.group, ADMIN, "/remind now")]
    assert any(w["digest"] in a for a in answers)  # posted at once
    assert answers[-1].startswith(w["group_only"]) and w["again"] not in answers[-1]
    # the same minute again: now it has truly gone out already
    assert [m.text for m in await bot.say(bot.group, ADMIN, "/remind now")] == [w["again"]]

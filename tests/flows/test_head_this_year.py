"""This year's head and deputy, chosen before the bloc used the bot, recorded with
`/head set CODE YEAR` and `/deputy set CODE YEAR`: refusals first, then the ✅, then what
/summary, /units and /review make of it; `/head set CODE` still records next year's."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, BOB, CAROL, Harness
from tests.flows.test_election import ready

NOT_REVIEWER = "Chỉ cán bộ đầu mối của đơn vị Khối trưởng, Khối phó"


async def _say(bot: Harness, text: str, who: int = ADMIN) -> str:
    [answer] = await bot.say(bot.group, who, text)
    return answer.text


async def _summary(bot: Harness) -> str:
    """/summary, its votes' tab: the line of the year's head and deputy."""
    await bot.say(bot.group, ADMIN, "/summary")
    await bot.press(bot.group, ADMIN, text="🗳 Bầu, bình xét")
    return bot.last(bot.group).html


async def _leaders(bot: Harness) -> list[tuple[int, str, str, str]]:
    rows = await bot.services.db.fetch_all(
        "SELECT l.year, l.role, u.code, l.source FROM bloc_leaders l"
        " JOIN units u ON u.id = l.unit_id ORDER BY l.year, l.role"
    )
    return [(r["year"], r["role"], r["code"], r["source"]) for r in rows]


async def test_this_years_head_and_deputy_are_recorded_and_review(bot: Harness) -> None:
    await ready(bot)  # 2026 open; DLK: Lan, DNG: Bob, GLI: Mai
    assert "Khối trưởng năm nay: <b>chưa có</b>" in await _summary(bot)
    assert NOT_REVIEWER in await _say(bot, "/review", who=BOB)

    # refusals change nothing
    assert "quản trị" in (await _say(bot, "/head set DNG 2026", who=CAROL)).lower()
    assert "Khối không có đơn vị mang mã XYZ" in await _say(bot, "/head set XYZ 2026")
    for year in ("2025", "2028"):
        refused = await _say(bot, f"/head set DNG {year}")
        assert refused == (
            "Chỉ ghi nhận được Khối trưởng, Khối phó của năm nay (2026) hoặc năm sau (2027),"
            f" không ghi nhận cho năm {year}."
        )
    assert (
        "<code>/head set MÃ_ĐƠN_VỊ NĂM</code>"
        in (await bot.say(bot.group, ADMIN, "/head set DNG 26"))[0].html
    )
    assert await _leaders(bot) == []

    # this year's head, with the confirmation step
    ask = await _say(bot, "/head set dng 2026")
    assert "Ghi nhận DNG — Ban Quản lý các KCN Đà Nẵng là Khối trưởng năm nay (2026)" in ask
    assert "Cán bộ đầu mối của đơn vị DNG thẩm định điểm tự chấm" in ask
    await bot.press(bot.group, ADMIN, text="✖️ Hủy")
    assert await _leaders(bot) == []
    await _say(bot, "/head set dng 2026")
    await bot.press(bot.group, ADMIN, text="✅ Ghi nhận")
    done = bot.last(bot.group).text
    assert done.startswith("✅ Đã ghi nhận DNG là Khối trưởng năm 2026 (quyết định tại cuộc họp).")
    assert "Khối trưởng năm 2026, nên không làm Khối phó năm 2026" in await _say(
        bot, "/deputy set DNG 2026"
    )
    await _say(bot, "/deputy set GLI 2026")
    await bot.press(bot.group, ADMIN, text="✅ Ghi nhận")
    assert await _leaders(bot) == [
        (2026, "deputy", "GLI", "meeting"),
        (2026, "head", "DNG", "meeting"),
    ]

    # what the group and the reviewers see
    assert "Khối trưởng năm nay: <b>DNG</b> · Khối phó: <b>GLI</b>" in await _summary(bot)
    units = await _say(bot, "/units")
    role = {line.split()[0]: line for line in units.splitlines() if line[:3] in ("DNG", "GLI")}
    assert role["DNG"].endswith("🏅 Khối trưởng") and role["GLI"].endswith("🥈 Khối phó")
    assert NOT_REVIEWER not in await _say(bot, "/review", who=BOB)

    # without a year: next year's head, as before, with a hint at this year's form
    ask = await _say(bot, "/head set DLK")
    assert "là Khối trưởng năm 2027" in ask and "/head set DLK 2026" in ask
    await bot.press(bot.group, ADMIN, text="✅ Ghi nhận")
    assert (2027, "head", "DLK", "meeting") in await _leaders(bot)
    assert (2026, "head", "DNG", "meeting") in await _leaders(bot)


async def test_this_years_head_in_english(bot: Harness) -> None:
    await ready(bot, language="en")
    refused = await _say(bot, "/deputy set GLI 2030")
    assert refused == (
        "A head or deputy can be recorded for this year (2026) or next year (2027) only,"
        " not for 2030."
    )
    ask = await _say(bot, "/deputy set GLI 2026")
    assert "as bloc deputy for this year (2026)" in ask
    assert "The delegates of unit GLI review this year's self-assessments" in ask
    await bot.press(bot.group, ADMIN, text="✅ Record")
    assert bot.last(bot.group).text.startswith("✅ GLI is recorded as bloc deputy for 2026")
    assert await _leaders(bot) == [(2026, "deputy", "GLI", "meeting")]


async def test_the_head_unit_cannot_be_removed_and_the_refusal_says_why(bot: Harness) -> None:
    await ready(bot)
    await _say(bot, "/head set dng 2026")
    await bot.press(bot.group, ADMIN, text="✅ Ghi nhận")
    [card] = await bot.say(bot.group, ADMIN, "/unit DNG")
    answer = await bot.press(bot.group, ADMIN, message_id=card.message_id, text="🗑")
    assert answer is not None
    assert "được ghi nhận là Khối trưởng hoặc Khối phó" in answer["text"]

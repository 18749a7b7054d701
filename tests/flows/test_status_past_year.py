"""`/status <part> <year>` of a closed year shows that year's data, never the open year's: 2026
with its pledge, rounds and vote, closed; 2027 opened with other units acting. Each part is
read for 2026 (QA: the rounds showed 2027's list under 2026's banner); a round's 🔍 and its
pages stay on 2026."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.domain.assessment import Round
from bot.domain.bloc import Bloc
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.results_kit import current_scale, submit_round
from tests.flows.test_election import close_vote, open_vote, vote
from tests.flows.year_setup import make_bloc, open_year, pledge_first_titles

CLOSED = "📋 Năm thi đua 2026 đã kết thúc; nội dung dưới đây chỉ để xem."
EXTRA = [f"U{n:02d}" for n in range(1, 14)]  # 16 units: a round's list has two pages


async def _year(bot: Harness, bloc: Bloc, acts: dict[str, str]) -> None:
    """In the open year: `acts["pledge"]` registers, submits mid-year (99) and year-end (98)
    as `acts["midyear"]` and `acts["yearend"]`, and votes for the head as `acts["voter"]`."""
    voters = {"DLK": ALICE, "DNG": BOB, "GLI": CAROL}
    await pledge_first_titles(bot, bloc, acts["pledge"], 1, by=voters[acts["pledge"]])
    scale = await current_scale(bot, bloc)
    await submit_round(bot, bloc, acts["midyear"], scale, {"1.1": "9"}, Round.MIDYEAR)
    await submit_round(bot, bloc, acts["yearend"], scale, {"1.1": "8"}, Round.YEAREND)
    await open_vote(bot, "head")
    await vote(bot, voters[acts["voter"]], "DNG")
    await close_vote(bot)


@pytest.fixture
async def years(bot: Harness) -> Bloc:
    """2026 (DLK pledged and voted, DNG submitted both rounds) closed; 2027 open (GLI pledged,
    GLI submitted both rounds, DNG voted)."""
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE], "DNG": [BOB], "GLI": [CAROL]})
    for code in EXTRA:
        await bot.services.units.add(bloc.id, code, f"Ban Quản lý {code}", bot.clock.now())
    for user in (ADMIN, ALICE, BOB, CAROL):
        await bot.say(user, user, "/start")
    await open_year(bot, 2026)
    await _year(bot, bloc, {"pledge": "DLK", "midyear": "DNG", "yearend": "DNG", "voter": "DLK"})
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    await open_year(bot, 2027)
    await _year(bot, bloc, {"pledge": "GLI", "midyear": "GLI", "yearend": "GLI", "voter": "DNG"})
    return bloc


@dataclass(frozen=True)
class Part:
    command: str
    shows: tuple[str, ...]  # 2026's
    hides: tuple[str, ...]  # 2027's


PARTS = {
    "pledge": Part(
        "/status pledge 2026",
        ("Đăng ký thi đua năm 2026", "Đã đăng ký: 1/16", "⬜ GLI — chưa đăng ký"),
        ("2027", "⬜ DLK"),
    ),
    "midyear": Part(
        "/status midyear 2026",
        ("Tự chấm điểm — Sơ kết 6 tháng 2026", "Đã gửi: 1/16", "✅ DNG: Đã gửi, tổng 99 điểm"),
        ("2027", "✅ GLI"),
    ),
    "yearend": Part(
        "/status yearend 2026",
        ("Tự chấm điểm — Tổng kết năm 2026", "Đã gửi: 1/16", "✅ DNG: Đã gửi, tổng 98 điểm"),
        ("✅ GLI",),
    ),
    "election": Part(
        "/status election 2026",
        ("Bỏ phiếu năm 2026", "Bầu Khối trưởng năm 2027: 1/16 đơn vị đã bỏ phiếu"),
        ("2028",),  # 2027's vote elects the head of 2028
    ),
}


@pytest.mark.parametrize("part", list(PARTS))
async def test_each_status_part_of_a_closed_year_shows_that_year(
    bot: Harness, years: Bloc, part: str
) -> None:
    asked = PARTS[part]
    [status] = await bot.say(bot.group, CAROL, asked.command)
    assert status.text.startswith(CLOSED)
    for text in asked.shows:
        assert text in status.text, (text, status.text)
    for text in asked.hides:
        assert text not in status.text, (text, status.text)


@pytest.mark.parametrize("round_", ["midyear", "yearend"])
async def test_a_closed_years_round_reads_that_years_assessment_and_pages(
    bot: Harness, years: Bloc, round_: str
) -> None:
    [status] = await bot.say(bot.group, ADMIN, f"/status {round_} 2026")
    assert "🔍 GLI" not in status.button_texts()  # GLI submitted in 2027 only
    await bot.press(bot.group, ADMIN, message_id=status.message_id, text="🔍 DNG")
    seen = bot.last(ADMIN)
    assert "Tự chấm điểm" in seen.text and "2026" in seen.text and "2027" not in seen.text
    assert "🔓" not in " ".join(seen.button_texts())  # a closed year is only read
    await bot.press(bot.group, ADMIN, message_id=status.message_id, text="▶️")
    page = bot.last(bot.group)
    assert page.message_id == status.message_id
    assert "2026" in page.text and "2027" not in page.text
    assert "U13" in page.text and "DNG" not in page.text  # the second page of 2026's list

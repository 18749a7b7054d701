"""A Score cell cleared in the template removes nothing: the row is named with the score kept
(it used to be ignored in silence, and the delegate believed the score was gone)."""

from __future__ import annotations

from decimal import Decimal

from tests.flows.assess_kit import ready, scores_of
from tests.flows.conftest import ALICE, Harness
from tests.flows.test_assess_stale_template import _filled

LAN = ALICE


async def _template_with(bot: Harness, *lines: str) -> bytes:
    await bot.say(LAN, LAN, "/assess")
    for line in lines:
        await bot.say(LAN, LAN, line)
    await bot.say(LAN, LAN, "/assess")
    await bot.press(LAN, LAN, text="📥")
    sent = bot.last(LAN)
    assert sent.document is not None
    return sent.document[1]


async def test_a_cleared_score_cell_is_named_and_the_score_kept(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [LAN]})
    template = await _template_with(bot, "2.2 4,5", "1.2 8")
    filled, rows = _filled(template, {"2.2": None, "1.2": 9})
    [report] = await bot.send_file(LAN, LAN, "tu-cham.xlsx", filled)
    assert "Đã lưu: 1.2 = 9" in report.text
    assert f"Tiêu chí 2.2 (hàng {rows['2.2']}): ô Điểm để trống nên vẫn giữ điểm 4,5" in report.text
    assert (await scores_of(bot, bloc, "DLK"))["2.2"].value == Decimal("4.5")


async def test_a_cleared_score_cell_in_english(bot: Harness) -> None:
    await ready(bot, {"DLK": [LAN]})
    await bot.say(LAN, LAN, "/lang en")
    template = await _template_with(bot, "2.2 4.5")
    filled, rows = _filled(template, {"2.2": None})
    [report] = await bot.send_file(LAN, LAN, "self.xlsx", filled)
    assert f"(row {rows['2.2']}): the Score cell is empty, so the score stays 4.5" in report.text

"""A vote that cannot reach its quorum (too few units have a delegate) is not opened blind: the
confirmation says how many units can vote and how many the rules need (QA: 2 of 11 could
vote, 8 were needed, and ✅ was offered without a word)."""

from __future__ import annotations

import pytest

from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.year_setup import make_bloc, open_year


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "Hiện chỉ 1 đơn vị bỏ phiếu được, chưa thể đủ 2 đơn vị theo quy chế"),
        ("en", "Units that can vote now: 1, fewer than the 2 the rules require"),
    ],
)
async def test_the_opening_warns_when_the_quorum_is_out_of_reach(
    bot: Harness, language: str, expected: str
) -> None:
    await make_bloc(bot, language=language, delegates={"DLK": [ALICE]})
    await open_year(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/election open head")
    assert expected in ask.text and "/invite" in ask.text


async def test_no_warning_when_the_quorum_can_be_reached(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE], "DNG": [BOB]})  # 2 of 3: enough
    await open_year(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/election open deputy")
    assert "Chưa có cán bộ đầu mối" in ask.text and "chưa thể đủ" not in ask.text

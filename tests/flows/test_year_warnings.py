"""What /year warns about before ✅ (QA qa-vi-first #5): a year already over opened in December
2026 is warned about with the usual year (an opened year cannot be deleted)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.flows.conftest import ADMIN, Harness
from tests.flows.year_setup import make_bloc

DECEMBER = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # Thursday 03/12/2026 09:00 in Vietnam


async def test_a_year_already_over_is_warned_about(bot: Harness) -> None:
    bloc = await make_bloc(bot)
    bot.clock.set(DECEMBER)
    [usual] = await bot.say(bot.group, ADMIN, "/year 2027")
    assert "⚠️" not in usual.text
    [ask] = await bot.say(bot.group, ADMIN, "/year 2025")
    assert ask.text.startswith("Mở năm thi đua 2025?")
    assert (
        "⚠️ Năm 2025 đã qua; thường Khối mở năm thi đua 2027: /year 2027. "
        "Năm thi đua đã mở thì không xóa được, kể cả sau khi kết thúc."
    ) in ask.text
    assert ask.button_texts() == ["✅ Mở năm thi đua", "✖️ Hủy"]  # a warning, not a refusal
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    opened = await bot.services.years.current(bloc.id)
    assert opened is not None and opened.year == 2025


async def test_other_unusual_years_in_english(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    [now] = await bot.say(bot.group, ADMIN, "/year 2026")  # January 2026: the usual year
    assert "⚠️" not in now.text
    [ahead] = await bot.say(bot.group, ADMIN, "/year 2028")
    assert "⚠️ 2028 has not begun yet; blocs usually open 2026 now: /year 2026." in ahead.text
    assert "cannot be deleted" in ahead.text
    bot.clock.set(DECEMBER)
    [ending] = await bot.say(bot.group, ADMIN, "/year 2026")
    assert "⚠️ 2026 is ending; from October blocs usually open 2027" in ending.text
    [over] = await bot.say(bot.group, ADMIN, "/year 2024")
    assert "⚠️ 2024 is already over; blocs usually open 2027 now: /year 2027." in over.text

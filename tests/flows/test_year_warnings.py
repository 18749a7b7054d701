"""What /year warns about before ✅, and the next step once the last year is closed (QA
qa-vi-first #5): a year already over opened in December 2026 is warned about with the usual
year (an opened year cannot be deleted); after the close, /year and /status name the year to
open and do not advertise 🔓 for the closed year."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.flows.conftest import ADMIN, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year

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


async def test_once_the_last_year_is_closed_year_and_status_name_the_next(bot: Harness) -> None:
    bloc = await make_bloc(bot)
    bot.clock.set(DECEMBER)
    await open_year(bot, 2025)
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    latest = await bot.services.years.latest(bloc.id)
    assert latest is not None and (latest.year, latest.is_open) == (2025, False)

    nxt = "Quản trị Khối mở năm thi đua tiếp theo bằng /year 2027."
    [year] = await bot.say(bot.group, CAROL, "/year")
    assert "Năm thi đua 2025 — đã kết thúc" in year.text and nxt in year.text
    [status] = await bot.say(bot.group, CAROL, "/status")
    assert status.text.startswith("📋 Năm thi đua 2025 đã kết thúc")
    assert nxt in status.text
    assert "🔓" not in status.text  # a closed year is only read
    assert "/status pledge 2025 — danh sách đăng ký của từng đơn vị, 🔍 xem bản đăng ký" in (
        status.text
    )
    [pledges] = await bot.say(bot.group, CAROL, "/status pledge 2025")
    assert nxt in pledges.text

    await open_year(bot, 2027)  # a year is open: no more pointer to the next one
    for command in ("/year 2025", "/status 2025"):
        [old] = await bot.say(bot.group, CAROL, command)
        assert "/year 2027" not in old.text and "🔓" not in old.text, (command, old.text)


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
    await bot.press(bot.group, ADMIN, message_id=over.message_id, text="✅")
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    nxt = "A bloc admin opens the next emulation year with /year 2027."
    [year] = await bot.say(bot.group, CAROL, "/year")
    assert nxt in year.text
    [status] = await bot.say(bot.group, CAROL, "/status")
    assert nxt in status.text and "🔓" not in status.text
    assert "each unit's pledge, 🔍 to read one (read only)" in status.text

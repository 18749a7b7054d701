"""A deadline far from its phase's usual window is shown back with a warning that names the
window (QA qa-vi-first #6: `/deadline yearend 15/12/2028` for 2027 was taken without a word,
since every phase allowed the year ± 1)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.flows.conftest import ADMIN, Harness
from tests.flows.year_setup import make_bloc, open_year

DECEMBER = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # Thursday 03/12/2026 09:00 in Vietnam


async def test_a_deadline_a_year_off_is_warned_about(bot: Harness) -> None:
    bloc = await make_bloc(bot)
    bot.clock.set(DECEMBER)
    await open_year(bot, 2027)
    [far] = await bot.say(bot.group, ADMIN, "/deadline yearend 15/12/2028")
    assert "Thứ Sáu, 15/12/2028 17:00" in far.text
    assert (
        "⚠️ Thời hạn Tổng kết năm nằm ngoài khoảng thường đặt cho năm thi đua 2027 "
        "(từ 01/09/2027 đến 29/02/2028); đề nghị Anh/Chị kiểm tra lại ngày, tháng, năm"
    ) in far.text
    assert far.button_texts() == ["✅ Đặt thời hạn", "✖️ Hủy"]  # a warning, not a refusal
    [mid] = await bot.say(bot.group, ADMIN, "/deadline midyear 30/06/2028")
    assert "Sơ kết 6 tháng nằm ngoài khoảng" in mid.text and "01/05/2027 đến 31/08/2027" in mid.text
    for args in ("pledge 15/01/2027", "midyear 30/06/2027", "yearend 15/12/2027"):
        [good] = await bot.say(bot.group, ADMIN, f"/deadline {args}")
        assert "⚠️" not in good.text, (args, good.text)
    await bot.press(bot.group, ADMIN, message_id=far.message_id, text="✅")  # stored anyway
    year = await bot.services.years.current(bloc.id)
    assert year is not None
    assert await bot.services.years.deadline(year.id, "yearend") == datetime(
        2028, 12, 15, 10, 0, tzinfo=UTC
    )


async def test_a_deadline_a_year_off_in_english(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    bot.clock.set(DECEMBER)
    await open_year(bot, 2027)
    [far] = await bot.say(bot.group, ADMIN, "/deadline election 25/12/2028")
    assert (
        "⚠️ The deadline for Head, deputy and commendation votes is outside the usual time for the "
        "emulation year 2027 (01/09/2027 to 31/03/2028); please check the day, month and year"
    ) in far.text
    [good] = await bot.say(bot.group, ADMIN, "/deadline election 20/01/2028")
    assert "⚠️" not in good.text

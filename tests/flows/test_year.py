"""/year, /deadline and /status as admins and members see them, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.flows.conftest import ADMIN, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year, set_deadline


async def test_open_a_year_and_set_its_deadlines(bot: Harness) -> None:
    bloc = await make_bloc(bot)
    [none] = await bot.say(bot.group, CAROL, "/year")
    assert "/year" in none.text
    [ask] = await bot.say(bot.group, ADMIN, "/year 2026")
    assert "năm thi đua 2026" in ask.text and ask.button_texts() == ["✅ Mở năm thi đua", "✖️ Hủy"]
    await bot.press(bot.group, ADMIN, text="✅")
    assert bot.last(bot.group).text.startswith("✅ Đã mở năm thi đua 2026")
    year = await bot.services.years.current(bloc.id)
    assert year is not None and year.year == 2026
    scale = await bot.services.scales.current(year.id)
    assert scale is not None and (scale.version, scale.source) == (1, "sample")
    assert [t.name for t in await bot.services.titles.active(bloc.id)] == [
        "Cờ thi đua của Bộ Tài chính",
        "Bằng khen của Bộ trưởng Bộ Tài chính",
        "Tập thể lao động xuất sắc",
        "Tập thể lao động tiên tiến",
    ]

    set_text = await set_deadline(bot, "pledge 31/01/2026")
    assert "Thứ Bảy, 31/01/2026 17:00" in set_text
    assert set_text.count("⚠️") == 1 and "⚠️ Thời hạn rơi vào Thứ Bảy" in set_text  # no nudge then
    due = await bot.services.years.deadline(year.id, "pledge")
    assert due == datetime(2026, 1, 31, 10, 0, tzinfo=UTC)

    [ask] = await bot.say(bot.group, ADMIN, "/deadline midyear 15/01/2026 08:30")
    assert "Thứ Năm, 15/01/2026 08:30" in ask.text
    assert "⚠️" in ask.text and "sớm hơn thời hạn" in ask.text
    await bot.press(bot.group, ADMIN, text="✅")
    assert "⚠️" in bot.last(bot.group).text
    past = await set_deadline(bot, "yearend 01/01/2026 9:00")
    assert "đã qua" in past and "Thứ Năm, 01/01/2026 09:00" in past

    [shown] = await bot.say(bot.group, CAROL, "/year")
    assert "Năm thi đua 2026" in shown.text and "đang mở" in shown.text
    assert "Đăng ký thi đua: Thứ Bảy, 31/01/2026 17:00" in shown.text
    assert "Sơ kết 6 tháng: Thứ Năm, 15/01/2026 08:30" in shown.text
    assert "Bầu Khối trưởng, Khối phó và bình xét: chưa đặt" in shown.text
    assert "phiên bản 1" in shown.text


async def test_bad_years_and_deadlines_change_nothing(bot: Harness) -> None:
    bloc = await make_bloc(bot)
    [bad] = await bot.say(bot.group, ADMIN, "/year 20x6")
    assert bad.text.startswith("Năm «20x6» không hợp lệ") and bad.buttons == []
    [words] = await bot.say(bot.group, ADMIN, "/year hai nghìn")  # quoted whole, not "hai"
    assert words.text.startswith("Năm «hai nghìn» không hợp lệ") and words.buttons == []
    [early] = await bot.say(bot.group, ADMIN, "/deadline pledge 31/01/2026")
    assert "chưa mở năm thi đua" in early.text
    await open_year(bot)
    [second] = await bot.say(bot.group, ADMIN, "/year 2027")
    assert "2026 đang mở" in second.text and second.buttons == []
    for args, needle in [
        ("pledge 31/02/2026", "31/02/2026"),
        ("pledge 31/01/2026 25:00", "25:00"),
        ("autumn 31/01/2026", "autumn"),
        ("pledge", "Cách dùng: /deadline <giai đoạn>"),
    ]:
        [answer] = await bot.say(bot.group, ADMIN, f"/deadline {args}")
        assert needle in answer.text, (args, answer.text)
        assert answer.buttons == []
    year = await bot.services.years.current(bloc.id)
    assert year is not None and await bot.services.years.deadlines(year.id) == {}


async def test_only_admins_open_years_and_set_deadlines(bot: Harness) -> None:
    bloc = await make_bloc(bot)
    [refused] = await bot.say(bot.group, CAROL, "/year 2026")
    assert "quản trị Khối" in refused.text
    assert await bot.services.years.current(bloc.id) is None
    await bot.say(bot.group, ADMIN, "/year 2026")
    answer = await bot.press(bot.group, CAROL, text="✅")
    assert answer is not None and "quản trị Khối" in answer["text"]
    assert await bot.services.years.current(bloc.id) is None
    await bot.press(bot.group, ADMIN, text="✖️")
    assert "không có gì thay đổi" in bot.last(bot.group).text
    assert await bot.services.years.current(bloc.id) is None
    await open_year(bot)
    [refused] = await bot.say(bot.group, CAROL, "/deadline pledge 31/01/2026")
    assert "quản trị Khối" in refused.text


async def test_a_confirmation_pressed_twice_changes_nothing_more(bot: Harness) -> None:
    bloc = await make_bloc(bot)
    await bot.say(bot.group, ADMIN, "/year 2026")
    ask = bot.last(bot.group)
    data = ask.button("✅").callback_data
    assert data is not None
    await bot.press(bot.group, ADMIN, text="✅")
    query = bot.emu.press_forged(bot.group, ADMIN, ask.message_id, data)
    await bot.settle()
    answer = bot.emu.answer_for(query)
    # said once, in a pop-up: the message keeps the outcome of the first press
    assert answer is not None and answer["text"].startswith(
        "Việc này đã được thực hiện khi Anh/Chị (hoặc người khác) bấm lần trước"
    )
    assert not ask.text.startswith("Năm thi đua 2026 đang mở;")
    forged = bot.emu.press_forged(bot.group, ADMIN, ask.message_id, "v1:year:open:3000")
    await bot.settle()
    assert bot.emu.answer_for(forged) is not None
    assert await bot.services.years.by_number(bloc.id, 3000) is None


async def test_close_the_year_and_open_the_next_one(bot: Harness) -> None:
    bloc = await make_bloc(bot)
    await open_year(bot, 2025)
    await set_deadline(bot, "pledge 31/01/2025")
    [ask] = await bot.say(bot.group, ADMIN, "/year close")
    assert "2025" in ask.text
    await bot.press(bot.group, ADMIN, text="✅")
    [gone] = await bot.say(bot.group, ADMIN, "/deadline pledge 31/01/2026")
    assert "Năm thi đua 2025 đã kết thúc" in gone.text and "/year 2026" in gone.text
    [again] = await bot.say(bot.group, ADMIN, "/year 2025")
    assert "đã kết thúc" in again.text and "Thứ Sáu, 31/01/2025 17:00" in again.text
    await open_year(bot, 2026)
    [old] = await bot.say(bot.group, CAROL, "/year 2025")
    assert "Năm thi đua 2025" in old.text and "đã kết thúc" in old.text
    current = await bot.services.years.current(bloc.id)
    assert current is not None and current.year == 2026


async def test_year_in_english(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    [ask] = await bot.say(bot.group, ADMIN, "/year 2026")
    assert "Open <b>emulation year 2026</b>" in ask.html
    await bot.press(bot.group, ADMIN, text="✅")
    assert bot.last(bot.group).text.startswith("✅ Emulation year 2026 is open")
    text = await set_deadline(bot, "election 15/12/2026 9:30")
    assert "Tuesday, 15/12/2026 09:30" in text
    [warned] = await bot.say(bot.group, ADMIN, "/deadline yearend 20/12/2026")
    assert "⚠️" in warned.text and "before the deadline" in warned.text
    [bad] = await bot.say(bot.group, ADMIN, "/deadline pledge 30/02/2026")
    assert bad.text.startswith(
        "The date “30/02/2026” does not exist: month 2/2026 has only 28 days"
    )
    [shown] = await bot.say(bot.group, CAROL, "/year")
    assert "Emulation year 2026 — open" in shown.text
    assert "Head, deputy and commendation votes: Tuesday, 15/12/2026 09:30" in shown.text
    assert "Pledge: not set" in shown.text


async def test_status_follows_the_phase(bot: Harness) -> None:
    await make_bloc(bot)
    [none] = await bot.say(bot.group, CAROL, "/status")
    assert "/year" in none.text
    await open_year(bot)
    await set_deadline(bot, "pledge 31/01/2026")
    [pledges] = await bot.say(bot.group, CAROL, "/status")
    assert "Đăng ký thi đua năm 2026" in pledges.text and "0/3" in pledges.text
    await set_deadline(bot, "midyear 30/06/2026")
    bot.clock.set(datetime(2026, 2, 1, tzinfo=UTC))
    [midyear] = await bot.say(bot.group, CAROL, "/status")
    assert "Sơ kết 6 tháng" in midyear.text and "Thứ Ba, 30/06/2026 17:00" in midyear.text

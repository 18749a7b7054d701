"""/deadline and /status at the edges: Vietnamese phase names, odd dates, no year, no units."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.flows.conftest import ADMIN, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year


async def _set_each(bot: Harness, cases: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Each `/deadline <args>` shown back with its phase and local time, then confirmed; the
    year's deadlines stored after."""
    bloc = await make_bloc(bot)
    await open_year(bot)
    for args, phase, local in cases:
        [ask] = await bot.say(bot.group, ADMIN, f"/deadline {args}")
        assert phase in ask.text and local in ask.text and ask.buttons, (args, ask.text)
        await bot.press(bot.group, ADMIN, text="✅")
    year = await bot.services.years.current(bloc.id)
    assert year is not None
    return dict(await bot.services.years.deadlines(year.id))


async def test_phases_named_in_vietnamese_words(bot: Harness) -> None:
    found = await _set_each(
        bot,
        [
            ("sơ kết 30/06/2026 16:30", "Sơ kết 6 tháng", "30/06/2026 16:30"),
            ("Tổng kết 15/12/2026", "Tổng kết năm", "15/12/2026 17:00"),
            ("đăng ký thi đua 31/01/2026 17h", "Đăng ký thi đua", "31/01/2026 17:00"),
            ("bầu cử 20/12/2026", "Bầu Khối trưởng", "20/12/2026 17:00"),
        ],
    )
    assert sorted(found) == ["election", "midyear", "pledge", "yearend"]
    assert found["midyear"].due_at == datetime(2026, 6, 30, 9, 30, tzinfo=UTC)


async def test_odd_deadlines_are_refused_and_change_nothing(bot: Harness) -> None:
    bloc = await make_bloc(bot)
    await open_year(bot)
    for args, needle in [
        ("pledge 29/02/2027", "29/02/2027"),
        ("pledge 31/01/2026 17:00 nhé", "Cách dùng"),
        ("sơ kết", "Cách dùng"),
        ("mùa thu 30/06/2026", "mùa thu"),
        ("pledge 31/01/2026 17:00 18:00", "Cách dùng"),
    ]:
        [answer] = await bot.say(bot.group, ADMIN, f"/deadline {args}")
        assert needle in answer.text, (args, answer.text)
        assert answer.buttons == []
    year = await bot.services.years.current(bloc.id)
    assert year is not None and await bot.services.years.deadlines(year.id) == {}


async def test_status_without_a_year_and_without_units(bot: Harness) -> None:
    services, now = bot.services, bot.clock.now()
    await services.blocs.create(
        chat_id=bot.group,
        name="Khối trống",
        language="vi",
        timezone="Asia/Ho_Chi_Minh",
        by=ADMIN,
        now=now,
    )
    [none] = await bot.say(bot.group, CAROL, "/status")
    assert "chưa có năm thi đua" in none.text and "/year 2026" in none.text
    await open_year(bot)
    [empty] = await bot.say(bot.group, CAROL, "/status")
    assert "0/0" in empty.text and "chưa có đơn vị" in empty.text


async def test_a_second_press_of_open_opens_nothing_more(bot: Harness) -> None:
    bloc = await make_bloc(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/year 2026")
    data = ask.buttons[0][0].callback_data or ""
    await bot.press(bot.group, ADMIN, text="✅")
    again = bot.emu.press_forged(bot.group, ADMIN, ask.message_id, data)
    await bot.settle()
    # the pop-up says it; the message keeps the outcome of the first press
    assert (
        (bot.emu.answer_for(again) or {})
        .get("text", "")
        .startswith("Việc này đã được thực hiện khi Anh/Chị (hoặc người khác) bấm lần trước")
    )
    assert not ask.text.startswith("Năm thi đua 2026 đang mở;") and not ask.buttons
    year = await bot.services.years.current(bloc.id)
    assert year is not None
    stored = await bot.services.scales.current(year.id)
    assert stored is not None and stored.version == 1


async def test_a_deadline_written_the_vietnamese_way(bot: Harness) -> None:
    """ "ngày 15/12/2026", "ngày15/12/2026", "17g30", "17 giờ 30" were refused (QA wording)."""
    found = await _set_each(
        bot,
        [
            ("pledge ngày 31/01/2026 17g30", "Đăng ký thi đua", "31/01/2026 17:30"),
            ("sơ kết ngày30/06/2026 16 giờ 45", "Sơ kết 6 tháng", "30/06/2026 16:45"),
            ("tổng kết ngày 15/12/2026 lúc 9h05", "Tổng kết năm", "15/12/2026 09:05"),
            ("bầu 20/12/2026 17 giờ", "Bầu Khối trưởng", "20/12/2026 17:00"),
        ],
    )
    assert found["pledge"].due_at == datetime(2026, 1, 31, 10, 30, tzinfo=UTC)
    assert found["midyear"].due_at == datetime(2026, 6, 30, 9, 45, tzinfo=UTC)
    [refused] = await bot.say(bot.group, ADMIN, "/deadline pledge ngày 31/01/2026 17g3")
    assert "Giờ «17g3» không hợp lệ; nhập theo dạng giờ:phút, ví dụ 17:00 hoặc 17h30" in (
        refused.text
    )


async def test_the_official_date_form_sets_a_deadline(bot: Harness) -> None:
    """ "ngày 15 tháng 12 năm 2026", the form of every official document, fell to the usage."""
    found = await _set_each(
        bot,
        [
            ("election ngày 15 tháng 12 năm 2026 17:30", "Bầu Khối trưởng", "15/12/2026 17:30"),
            ("tổng kết 10 tháng 12 năm 2026", "Tổng kết năm", "10/12/2026 17:00"),
        ],
    )
    assert found["election"].due_at == datetime(2026, 12, 15, 10, 30, tzinfo=UTC)


async def test_a_date_not_on_the_calendar_is_quoted_without_ngay(bot: Harness) -> None:
    """QA: "Ngày ngày 31/11/2026 không có trên lịch", "The date ngày 31/11/2026 does not exist"."""
    await make_bloc(bot)
    await open_year(bot)
    for args in ("election ngày 31/11/2026", "election ngày 31 tháng 11 năm 2026"):
        [answer] = await bot.say(bot.group, ADMIN, f"/deadline {args}")
        assert "không có trên lịch: tháng 11/2026 chỉ có 30 ngày" in answer.text, answer.text
        assert "ngày ngày" not in answer.text.lower(), answer.text


async def test_a_date_not_on_the_calendar_is_quoted_without_ngay_in_english(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    await open_year(bot)
    [answer] = await bot.say(bot.group, ADMIN, "/deadline election ngày 31/11/2026")
    assert "The date “31/11/2026” does not exist" in answer.text, answer.text

"""Issue 10 through the emulator: dates that say what is wrong, the open year in examples,
phase names (never codes) in warnings, the zone as "giờ Việt Nam (GMT+7)", decimal commas in
Vietnamese error messages; in Vietnamese and in English.
"""

from __future__ import annotations

import pytest

from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.year_setup import make_bloc, open_year

#: language -> what the bot must say (and must not) for the same typed commands.
DATES = {
    "vi": {
        "no_day": "Ngày «31/02/2027» không có trên lịch: tháng 2/2027 chỉ có 28 ngày",
        "no_month": "không có tháng 13",
        "bad": "không đúng dạng; nhập ngày/tháng/năm, ví dụ 31/01/2027",
        "usage": "/deadline pledge 31/01/2027 17:00",
        "iso": "Thứ Sáu, 15/01/2027 17:00, giờ Việt Nam (GMT+7)",
        "short": "Thứ Tư, 15/12/2027 17:00",
        "order": "Thời hạn Sơ kết 6 tháng sớm hơn thời hạn Đăng ký thi đua",
    },
    "en": {
        "no_day": "The date “31/02/2027” does not exist: month 2/2027 has only 28 days",
        "no_month": "there is no month 13",
        "bad": "not in a known form; type day/month/year, e.g. 31/01/2027",
        "usage": "/deadline pledge 31/01/2027 17:00",
        "iso": "Friday, 15/01/2027 17:00, Vietnam time (GMT+7)",
        "short": "Wednesday, 15/12/2027 17:00",
        "order": "The deadline for Mid-year review is before the deadline for Pledge",
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_deadline_dates_say_what_is_wrong_and_accept_iso_and_short_years(
    bot: Harness, lang: str
) -> None:
    said = DATES[lang]
    await make_bloc(bot, language=lang)
    await open_year(bot, 2027)
    [no_day] = await bot.say(bot.group, ADMIN, "/deadline midyear 31/02/2027")
    assert no_day.text.startswith(said["no_day"]) and not no_day.buttons
    [no_month] = await bot.say(bot.group, ADMIN, "/deadline midyear 31-13-2027")
    assert said["no_month"] in no_month.text
    [bad] = await bot.say(bot.group, ADMIN, "/deadline pledge 1/2/3/2027")
    assert said["bad"] in bad.text
    [usage] = await bot.say(bot.group, ADMIN, "/deadline pledge")
    assert said["usage"] in usage.text and "2026" not in usage.text
    [iso] = await bot.say(bot.group, ADMIN, "/deadline pledge 2027-01-15")
    assert said["iso"] in iso.text
    await bot.press(bot.group, ADMIN, text="✅")
    [short] = await bot.say(bot.group, ADMIN, "/deadline yearend 15/12/27")
    assert said["short"] in short.text
    [order] = await bot.say(bot.group, ADMIN, "/deadline midyear 10/01/2027")
    assert said["order"] in order.text
    assert not {"pledge", "midyear"} & set(order.text.split())
    year = await bot.services.years.current((await bot.services.blocs.by_chat(bot.group)).id)
    assert year is not None and set(await bot.services.years.deadlines(year.id)) == {"pledge"}


STEP = """\
name: "Thang điểm lẻ"
sections:
  - code: "I"
    title: "Mục một"
    criteria:
      - {code: "1.1", title: "Tiêu chí", max: 7.5, step: 2}
""".encode()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "trường «Chấm lẻ đến»: điểm tối đa 7,5 không chia hết cho mức chấm lẻ 2"),
        ("en", "field step: the maximum 7.5 is not a multiple of the step 2"),
    ],
)
async def test_scale_errors_write_numbers_the_readers_way(
    bot: Harness, lang: str, said: str
) -> None:
    await make_bloc(bot, language=lang)
    await open_year(bot)
    answers = await bot.send_file(bot.group, ADMIN, "scale.yaml", STEP, caption="/scale")
    assert said in "\n".join(a.text for a in answers)


@pytest.mark.parametrize(
    ("lang", "switched", "paused"),
    [
        ("vi", "Switched to English", "Trong nhóm, /cancel không tạm dừng việc gì."),
        ("en", "Đã chuyển sang tiếng Việt", "In the group, /cancel pauses nothing."),
    ],
)
async def test_lang_and_cancel_work_in_the_group(
    bot: Harness, lang: str, switched: str, paused: str
) -> None:
    await make_bloc(bot, language=lang, delegates={"DLK": [ALICE]})
    await open_year(bot)
    other = "en" if lang == "vi" else "vi"
    [answer] = await bot.say(bot.group, ALICE, f"/lang {other}")
    assert answer.text.startswith(switched) and "private_only" not in answer.text
    profile = await bot.services.users.get(ALICE)
    assert profile is not None and profile.chosen_language == other
    await bot.say(ALICE, ALICE, "/pledge")
    [left] = await bot.say(bot.group, ALICE, "/cancel")
    assert left.text.startswith(paused) and "/pledge" not in left.text  # nothing private
    assert await bot.services.flows.active(ALICE) is not None  # paused only in private


async def test_the_unit_picker_shows_each_units_code_and_name_in_english(bot: Harness) -> None:
    bloc = await make_bloc(bot, language="en", delegates={"DLK": [BOB], "GLI": [BOB]})
    await open_year(bot)
    [pick] = await bot.say(BOB, BOB, "/pledge")
    assert pick.button_texts() == [
        "DLK — Ban Quản lý các KCN tỉnh Đắk Lắk",
        "GLI — Ban Quản lý Khu kinh tế tỉnh Gia Lai",
    ]
    assert pick.text.startswith("You are the delegate of several units")
    assert f"DLK — Ban Quản lý các KCN tỉnh Đắk Lắk\n   in {bloc.name}" in pick.text


STALE = {
    "vi": (
        "Không thể xóa đơn vị DLK",
        "Danh sách đơn vị đã thay đổi",
        "Năm thi đua 2026 đã kết thúc",
    ),
    "en": (
        "Unit DLK cannot be removed",
        "The units have changed since",
        "Emulation year 2026 is closed",
    ),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_refused_before_asking_and_stale_confirmations_lose_their_buttons(
    bot: Harness, lang: str
) -> None:
    has_data, outdated, stale = STALE[lang]
    bloc = await make_bloc(bot, language=lang)
    await open_year(bot)
    year = await bot.services.years.current(bloc.id)
    dlk = await bot.services.units.by_code(bloc.id, "DLK")
    assert year is not None and dlk is not None
    title = (await bot.services.titles.active(bloc.id))[0]
    await bot.services.pledges.save(
        year.id, dlk.id, title_ids=[title.id], commitments="x", by=ADMIN, now=bot.clock.now()
    )
    [card] = await bot.say(bot.group, ADMIN, "/unit DLK")
    answer = await bot.press(bot.group, ADMIN, message_id=card.message_id, text="🗑")
    assert answer is not None and has_data in answer["text"]
    why = {"vi": "đã có bản đăng ký thi đua", "en": "it has a pledge on record"}[lang]
    assert why in answer["text"]  # the reason that applies, not a list of every possible one
    assert bot.last(bot.group).message_id == card.message_id  # no confirmation was asked

    roster = b"units:\n  - {code: BDI, name: Binh Dinh board}\n"
    [preview] = await bot.send_file(bot.group, ADMIN, "roster.yaml", roster, caption="/addunit")
    await bot.say(bot.group, ADMIN, "/addunit KHA Khanh Hoa board")  # the preview is now old
    answer = await bot.press(bot.group, ADMIN, message_id=preview.message_id, text="✅")
    assert answer is not None and answer["text"] is None  # said once, in the message
    [shown] = [m for m in bot.emu.bot_messages(bot.group) if m.message_id == preview.message_id]
    assert outdated in shown.text and not shown.buttons
    assert await bot.services.units.by_code(bloc.id, "BDI") is None

    [first] = await bot.say(bot.group, ADMIN, "/year close")
    [second] = await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, message_id=first.message_id, text="✅")
    await bot.press(bot.group, ADMIN, message_id=second.message_id, text="✅")
    [shown] = [m for m in bot.emu.bot_messages(bot.group) if m.message_id == second.message_id]
    assert not shown.buttons and shown.text.startswith(stale)

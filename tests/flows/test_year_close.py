"""Issue 10 §2.1 and §2.7 through the emulator: closing the year says what is still pending and
can be undone; a closed year's status and pledges stay readable; the next year offered is the
one after; plain /status points to the earlier phases it does not show."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.flows.conftest import ADMIN, ALICE, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year, set_deadline

SAID = {
    "vi": {
        "pending": "Còn chưa xong:",
        "due": "• Đăng ký thi đua: thời hạn Chủ Nhật, 31/01/2027 17:00 chưa đến.",
        "units": "Còn 2 đơn vị chưa thực hiện: DNG, GLI.",
        "unset": "• Sơ kết 6 tháng: chưa đặt thời hạn.",
        "closed": "✅ Đã kết thúc năm thi đua 2027. Mở năm thi đua tiếp theo bằng /year 2028",
        "status": "Năm thi đua 2027 đã kết thúc",
        "see": "• Đăng ký thi đua: /status pledge 2027",
        "list": "✅ DLK — ",
        "read_only": "🔒 Năm thi đua 2027 đã kết thúc",
        "delegate": "Năm thi đua 2027 đã kết thúc nên không đăng ký hay sửa được nữa",
        "reopened": "✅ Đã mở lại năm thi đua 2027",
        "open": "Năm thi đua 2027 đang mở",
        "hint": "• Đăng ký thi đua: /status pledge — danh sách đăng ký",
    },
    "en": {
        "pending": "Not finished yet:",
        "due": "• Pledge: the deadline, Sunday, 31/01/2027 17:00, has not come.",
        "units": "Units that have not done it (2): DNG, GLI.",
        "unset": "• Mid-year review: no deadline set.",
        "closed": "✅ Emulation year 2027 is closed. Open the next one with /year 2028",
        "status": "Emulation year 2027 is closed",
        "see": "• Pledge: /status pledge 2027",
        "list": "✅ DLK — ",
        "read_only": "🔒 Emulation year 2027 is closed",
        "delegate": "Emulation year 2027 is closed, so pledges can no longer be registered",
        "reopened": "✅ Emulation year 2027 is open again",
        "open": "Emulation year 2027 is open",
        "hint": "• Pledge: /status pledge — each unit's pledge",
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_close_says_what_is_pending_stays_readable_and_can_be_reopened(
    bot: Harness, lang: str
) -> None:
    said = SAID[lang]
    bloc = await make_bloc(bot, language=lang, delegates={"DLK": [ALICE]})
    await open_year(bot, 2027)
    await set_deadline(bot, "pledge 31/01/2027")
    year = await bot.services.years.current(bloc.id)
    dlk = await bot.services.units.by_code(bloc.id, "DLK")
    assert year is not None and dlk is not None
    title = (await bot.services.titles.active(bloc.id))[0]
    now = bot.clock.now()
    await bot.services.pledges.save(
        year.id, dlk.id, title_ids=[title.id], commitments="x", by=ALICE, now=now
    )

    [ask] = await bot.say(bot.group, ADMIN, "/year close")
    for key in ("pending", "due", "units", "unset"):
        assert said[key] in ask.text, key
    await bot.press(bot.group, ADMIN, text="✅")
    assert bot.last(bot.group).text.startswith(said["closed"])
    assert await bot.services.years.current(bloc.id) is None

    [status] = await bot.say(bot.group, CAROL, "/status 2027")
    assert said["status"] in status.text and said["see"] in status.text
    [plain] = await bot.say(bot.group, CAROL, "/status")
    assert plain.text == status.text
    [pledges] = await bot.say(bot.group, CAROL, "/status pledge 2027")
    assert said["list"] + title.name in pledges.text and said["status"] in pledges.text
    assert all("📢" not in b for b in pledges.button_texts())  # nothing to publish now
    await bot.say(ADMIN, ADMIN, f"/lang {lang}")
    await bot.press(bot.group, ADMIN, message_id=pledges.message_id, text="DLK")
    private = bot.last(ADMIN)
    assert said["read_only"] in private.text and not private.buttons
    await bot.say(ALICE, ALICE, f"/lang {lang}")
    [refused] = await bot.say(ALICE, ALICE, "/pledge")
    assert said["delegate"] in refused.text

    [again] = await bot.say(bot.group, ADMIN, "/year reopen")
    assert "2027" in again.text
    await bot.press(bot.group, ADMIN, text="✅")
    assert bot.last(bot.group).text.startswith(said["reopened"])
    reopened = await bot.services.years.current(bloc.id)
    assert reopened is not None and reopened.id == year.id
    assert await bot.services.pledges.get(year.id, dlk.id) is not None
    [twice] = await bot.say(bot.group, ADMIN, "/year reopen")
    assert said["open"] in twice.text and not twice.buttons

    bot.clock.move(timedelta(days=400))  # past the pledge deadline: /status shows mid-year
    [later] = await bot.say(bot.group, CAROL, "/status")
    assert said["hint"] in later.text

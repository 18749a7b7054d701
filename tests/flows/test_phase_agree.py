"""/status and /assess agree on the phase the year is in (qa-last #6).

With no mid-year deadline, the year is still in its pledge phase: /status shows the pledges, and
/assess, which opens the mid-year round ahead of its phase (nothing opens a round; its deadline
only closes it), says the year is still at its pledges. Once a unit submitted that round early,
/status points to it. Dated, the mid-year phase is the year's: both show that round, no pointer.
"""

from __future__ import annotations

from tests.flows.assess_kit import FULL, ready, submit
from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.year_setup import make_bloc, open_year, set_deadline


async def test_before_the_midyear_phase_both_screens_say_the_pledge_phase(bot: Harness) -> None:
    await ready(bot, {"DLK": [ALICE], "DNG": [BOB]}, deadline=False)
    [screen] = await bot.say(ALICE, ALICE, "/assess")
    assert "Tự chấm điểm — Sơ kết 6 tháng 2026" in screen.text
    assert (
        "Năm thi đua vẫn đang ở giai đoạn Đăng ký thi đua; đợt này thuộc giai đoạn sau, "
        "nhưng Anh/Chị đã có thể chấm điểm trước." in screen.text
    )
    [status] = await bot.say(bot.group, ADMIN, "/status")
    assert "Đăng ký thi đua năm 2026" in status.text
    assert "Sơ kết 6 tháng" not in status.text  # nothing of the round was submitted yet
    await submit(bot, ALICE)
    assert "1/3 đơn vị" in bot.last(bot.group).text
    [status] = await bot.say(bot.group, ADMIN, "/status")
    assert "Đăng ký thi đua năm 2026" in status.text
    assert (
        "📋 Sơ kết 6 tháng: 1/3 đơn vị đã gửi bản tự chấm điểm trước giai đoạn; "
        "xem tiến độ bằng /status midyear" in status.text
    )
    # the deadline set, the year is in the mid-year phase: both screens show that round
    await set_deadline(bot, "midyear 30/06/2026")
    [status] = await bot.say(bot.group, ADMIN, "/status")
    assert "Tự chấm điểm — Sơ kết 6 tháng 2026" in status.text
    assert "trước giai đoạn" not in status.text
    [screen] = await bot.say(ALICE, ALICE, "/assess")
    assert "Tự chấm điểm — Sơ kết 6 tháng 2026" in screen.text
    assert "vẫn đang ở giai đoạn" not in screen.text


async def test_in_english_with_the_pledge_deadline_ahead(bot: Harness) -> None:
    """A pledge deadline still ahead and the mid-year one set: the year is in its pledge phase,
    which /assess names with its deadline; /status points to the round once a unit submitted."""
    await make_bloc(bot, language="en", delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    await set_deadline(bot, "pledge 31/01/2026")
    await set_deadline(bot, "midyear 30/06/2026")
    await bot.say(ALICE, ALICE, "/start")
    await bot.say(ALICE, ALICE, "/lang en")
    [screen] = await bot.say(ALICE, ALICE, "/assess")
    assert "Self-assessment — Mid-year review 2026" in screen.text
    assert "Deadline: Tuesday, 30/06/2026 17:00" in screen.text
    assert (
        "The year is still in its Pledge phase (until Saturday, 31/01/2026 17:00); this round "
        "belongs to a later phase, but can already be scored." in screen.text
    )
    await bot.say(ALICE, ALICE, FULL)
    await bot.press(ALICE, ALICE, text="Review")
    await bot.press(ALICE, ALICE, text="Submit…")
    await bot.press(ALICE, ALICE, text="✅")
    [status] = await bot.say(bot.group, ADMIN, "/status")
    assert "Pledges for 2026" in status.text
    assert (
        "📋 Mid-year review: submitted ahead of its phase by 1/3 units; "
        "follow the round with /status midyear" in status.text
    )

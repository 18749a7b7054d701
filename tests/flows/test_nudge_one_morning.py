"""A Sunday reminder moved to Monday morning and the deadline's own 08:00 reminder go once:
`/remind` lists one, and moving the clock through that Monday sends one private reminder and
one group digest (the sandbox's year-end deadline, Monday 28/12/2026 17:00)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import to_db
from bot.nudging import FOLLOW_UP
from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.year_setup import make_bloc, open_year, set_deadline

SUNDAY_NOON = datetime(2026, 12, 27, 5, 0, tzinfo=UTC)  # 12:00 in Vietnam
MONDAY = datetime(2026, 12, 27, 17, 0, tzinfo=UTC)  # Monday 28/12 00:00 in Vietnam
DUE = datetime(2026, 12, 28, 10, 0, tzinfo=UTC)  # Monday 28/12 17:00 in Vietnam


async def _run_jobs(bot: Harness) -> None:
    await bot.services.scheduler.run_due()
    await bot.settle()


async def test_one_reminder_on_the_deadline_monday_morning(bot: Harness) -> None:
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await bot.say(ALICE, ALICE, "/start")
    await set_deadline(bot, "yearend 28/12/2026")

    [shown] = await bot.say(bot.group, ADMIN, "/remind")
    assert (
        "Tổng kết năm — thời hạn 28/12/2026 17:00; các lần nhắc tới: Thứ Hai, 21/12/2026 17:00;"
        " Thứ Sáu, 25/12/2026 17:00; Thứ Hai, 28/12/2026 08:00" in shown.text
    )
    assert "07:30" not in shown.text.split("Tổng kết năm")[1].splitlines()[0]

    bot.clock.set(SUNDAY_NOON)  # the reminder of Friday 17:00 is caught up now
    await _run_jobs(bot)
    bot.clock.move(FOLLOW_UP)
    await _run_jobs(bot)
    private, group = len(bot.emu.bot_messages(ALICE)), len(bot.emu.bot_messages(bloc.chat_id))

    bot.clock.set(MONDAY)
    while bot.clock.now() < DUE - timedelta(minutes=1):
        await _run_jobs(bot)
        bot.clock.move(timedelta(minutes=10))
    [nudge] = bot.emu.bot_messages(ALICE)[private:]
    assert "hôm nay" in nudge.text.lower() and "Tổng kết năm" in nudge.text
    [digest] = bot.emu.bot_messages(bloc.chat_id)[group:]
    assert "DLK" in digest.text
    rows = await bot.services.db.fetch_all(
        "SELECT point, created_at FROM nudges_sent WHERE phase = 'yearend' AND kind = 'private'"
    )
    today = [r["point"] for r in rows if r["created_at"] >= to_db(MONDAY)]
    assert today == ["morning"]  # in the ledger: one reminder that Monday, at 08:00

"""A deadline brought forward or moved into the past, as the delegates hear it (QA qa-regress,
item 8 and the reminders' follow-ups): the brought-forward notice counts as the reminder due
the same day, and the delegates of units locked out by a deadline moved into the past are told
privately, once."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.calendar import Phase
from tests.flows.assess_kit import ready, submit
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.nudge_kit import Nudges
from tests.flows.year_setup import set_deadline

SEVEN_BEFORE = datetime(2026, 6, 23, 10, 0, tzinfo=UTC)  # Tue 23/06 17:00: 7 days before 30/06
MOVED_AT = datetime(2026, 6, 24, 2, 0, tzinfo=UTC)  # Wednesday 24/06 09:00
THREE_BEFORE = datetime(2026, 6, 24, 10, 0, tzinfo=UTC)  # Wed 24/06 17:00: 3 days before 27/06
CLOSED_VI = (
    "🔒 Đã hết thời hạn — Khối thi đua Tây Nguyên\n"
    "Thời hạn Sơ kết 6 tháng đã đổi thành Thứ Hai, 05/01/2026 07:00, là thời điểm đã qua,"
    " nên giai đoạn Sơ kết 6 tháng đã kết thúc đối với đơn vị DNG: đơn vị chưa nộp bản tự"
    " chấm điểm và nay không thực hiện được nữa. Nếu có nhầm lẫn, kính đề nghị Anh/Chị liên hệ"
    " thư ký/quản trị Khối để được mở lại."
)
CLOSED_EN = (
    "🔒 The deadline has passed — Khối thi đua Tây Nguyên\n"
    "The Mid-year review deadline was moved to Monday, 05/01/2026 07:00, which has already"
    " passed, so Mid-year review is now closed for unit DNG: it did not submit the"
    " self-assessment and can no longer do so. If this is a mistake, please ask the bloc's"
    " secretary (a bloc admin) to reopen it."
)


async def _run_jobs(bot: Harness) -> None:
    await bot.services.scheduler.run_due()
    await bot.settle()


def _texts(bot: Harness, chat: int, start: int = 0) -> list[str]:
    return [m.text for m in bot.emu.bot_messages(chat)[start:]]


async def test_the_brought_forward_notice_is_that_days_reminder(bot: Harness) -> None:
    """On 24/06 09:00 the deadline moves from 30/06 to 27/06 17:00: Lan and Bob hear the new
    one at once ("3 days"); the 3-day reminder due at 17:00 is not sent to them again, while
    the group, which was not reminded, still gets its digest; a restart changes nothing."""
    bloc = await ready(bot, {"DLK": [ALICE], "DNG": [BOB]})  # midyear due 30/06/2026 17:00
    bot.clock.set(SEVEN_BEFORE)
    await _run_jobs(bot)
    await _run_jobs(bot)
    assert "Còn 7 ngày nữa" in bot.last(ALICE).text
    bot.clock.set(MOVED_AT)
    heard = {p: len(bot.emu.bot_messages(p)) for p in (ALICE, BOB)}
    group = len(bot.emu.bot_messages(bot.group))
    confirmed = await set_deadline(bot, "midyear 27/06/2026 17:00")
    assert "bot đã nhắn riêng thời hạn mới cho 2 cán bộ đầu mối" in confirmed
    await bot.settle()
    [lan] = _texts(bot, ALICE, heard[ALICE])
    [bob] = _texts(bot, BOB, heard[BOB])
    assert "Thời hạn đã dời sớm hơn" in lan and "Còn 3 ngày nữa" in lan
    assert "The deadline was brought forward" in bob and "3 days to the" in bob

    await bot.restart()  # what was recorded survives a restart
    # the reminder's round is not taken as one still sending: its job waits for 17:00
    [job] = bot.services.scheduler.planned(f"nudge:{bloc.id}:midyear")
    assert job.at == THREE_BEFORE
    bot.clock.set(THREE_BEFORE)
    await _run_jobs(bot)
    await _run_jobs(bot)
    assert _texts(bot, ALICE, heard[ALICE]) == [lan]
    assert _texts(bot, BOB, heard[BOB]) == [bob]
    digests = [t for t in _texts(bot, bot.group, group) if t.startswith("⏰")]
    assert digests == [
        "⏰ Còn 3 ngày nữa đến thời hạn Sơ kết 6 tháng (27/06/2026 17:00): 3 đơn vị chưa nộp"
        " bản tự chấm điểm: DLK, DNG, GLI\nChưa có cán bộ đầu mối: GLI."
    ]

    # the next reminder (Friday 26/06 17:00, 1 day before) goes as usual, once
    bot.clock.set(datetime(2026, 6, 26, 10, 0, tzinfo=UTC))
    await _run_jobs(bot)
    await _run_jobs(bot)
    assert "Còn 1 ngày nữa" in bot.last(ALICE).text
    assert len(_texts(bot, ALICE, heard[ALICE])) == 2
    assert len(_texts(bot, BOB, heard[BOB])) == 2
    n = Nudges(bot)
    await n.tick(bloc, Phase.MIDYEAR)  # ticking again sends nothing more
    assert len(_texts(bot, ALICE, heard[ALICE])) == 2


async def test_a_notice_the_day_before_the_reminder_does_not_replace_it(bot: Harness) -> None:
    """Brought forward in the evening, the next reminder is the next day's: it still goes."""
    await ready(bot, {"DLK": [ALICE]})
    bot.clock.set(SEVEN_BEFORE)
    await _run_jobs(bot)
    await _run_jobs(bot)
    bot.clock.set(datetime(2026, 6, 23, 13, 0, tzinfo=UTC))  # Tuesday 23/06 20:00
    heard = len(bot.emu.bot_messages(ALICE))
    await set_deadline(bot, "midyear 27/06/2026 17:00")
    await bot.settle()
    bot.clock.set(THREE_BEFORE)
    await _run_jobs(bot)
    await _run_jobs(bot)
    notice, reminder = _texts(bot, ALICE, heard)
    assert "Thời hạn đã dời sớm hơn" in notice
    assert reminder.startswith("🔔 Nhắc hạn") and "Còn 3 ngày nữa" in reminder


async def test_delegates_of_units_locked_by_a_deadline_moved_past_are_told_once(
    bot: Harness,
) -> None:
    """Moved to 05/01 07:00 on 05/01 at 09:00: DLK has submitted, DNG (Bob, Mai) has not: Bob
    and Mai hear privately, once, that the round is closed for DNG and whom to ask; Lan hears
    nothing; the admin's confirmation says they were told."""
    await ready(bot, {"DLK": [ALICE], "DNG": [BOB, CAROL]})
    await submit(bot, ALICE)
    heard = {p: len(bot.emu.bot_messages(p)) for p in (ALICE, BOB, CAROL)}
    [ask] = await bot.say(bot.group, ADMIN, "/deadline midyear 05/01/2026 07:00")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    await bot.settle()
    texts = _texts(bot, bot.group)
    done = [t for t in texts if t.startswith("✅ Đã đặt thời hạn Sơ kết 6 tháng")][-1]
    assert (
        "📨 Bot đã nhắn riêng cho 2 cán bộ đầu mối của các đơn vị chưa hoàn thành rằng giai"
        " đoạn đã kết thúc đối với đơn vị mình." in done
    )
    assert _texts(bot, ALICE, heard[ALICE]) == []
    told = {CAROL: _texts(bot, CAROL, heard[CAROL]), BOB: _texts(bot, BOB, heard[BOB])}
    assert told == {CAROL: [CLOSED_VI], BOB: [CLOSED_EN]}  # each in their own language
    assert not bot.emu.bot_messages(BOB)[-1].buttons  # nothing left to open

    # the jobs that follow, and a restart, never tell them again
    await bot.restart()
    await bot.services.scheduler.run_due()
    await bot.settle()
    assert len(_texts(bot, BOB, heard[BOB])) == 1 and len(_texts(bot, CAROL, heard[CAROL])) == 1
    rows = await bot.services.db.fetch_all(
        "SELECT unit_id, chat_id FROM nudges_sent WHERE point = 'closed' AND kind = 'private'"
    )
    assert sorted(r["chat_id"] for r in rows) == [BOB, CAROL]

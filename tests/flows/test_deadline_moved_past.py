"""A deadline still ahead moved into the past (QA qa-regress, defect 1): the confirmation says
plainly that the phase ends at once and which units are locked out; after ✅ the group gets the
after-deadline line at once (once), as for any deadline that passes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.calendar import Phase
from tests.flows.assess_kit import ready, submit
from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.nudge_kit import Nudges
from tests.flows.year_setup import make_bloc, open_year, set_deadline

#: Wednesday 10/06/2026 09:00 in Vietnam: a mid-year deadline moved to yesterday stays in the
#: mid-year review's usual window (no "⚠️ far from the year" beside the 🔒 line).
JUNE = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)


async def test_a_deadline_moved_into_the_past_says_who_is_locked_and_tells_the_group(
    bot: Harness,
) -> None:
    bloc = await ready(bot, {"DLK": [ALICE], "DNG": [BOB]})
    await submit(bot, ALICE)
    bot.clock.set(JUNE)
    [ask] = await bot.say(bot.group, ADMIN, "/deadline midyear 09/06/2026 07:00")
    assert (
        "🔒 Thời hạn này đã qua: bấm đặt thì giai đoạn Sơ kết 6 tháng kết thúc ngay, mọi đơn vị"
        " bị khóa, không sửa được nữa. 2 đơn vị chưa nộp bản tự chấm điểm sẽ không nộp bản tự"
        " chấm điểm được nữa: DNG, GLI." in ask.text
    )
    assert ask.text.count("đã qua") == 1  # the 🔒 line says it; no "⚠️ … đã qua" before it
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    await bot.settle()
    texts = [m.text for m in bot.emu.bot_messages(bot.group)]
    done = [t for t in texts if t.startswith("✅ Đã đặt thời hạn Sơ kết 6 tháng")][-1]
    assert "2 đơn vị chưa nộp bản tự chấm điểm: DNG, GLI." in done
    assert done.count("đã qua") == 1 and "⚠️" not in done
    assert "📌 Bot đã báo trong nhóm các đơn vị chưa hoàn thành." in done
    after = [t for t in texts if t.startswith("📌 Đã hết thời hạn Sơ kết 6 tháng")]
    assert len(after) == 1
    assert "1/3 đơn vị đã nộp" in after[0] and "Chưa nộp bản tự chấm điểm: DNG, GLI." in after[0]

    # the jobs that follow never post it again
    bot.clock.move(timedelta(hours=1))
    await Nudges(bot).tick(bloc, Phase.MIDYEAR)
    texts = [m.text for m in bot.emu.bot_messages(bot.group)]
    assert len([t for t in texts if t.startswith("📌 Đã hết thời hạn")]) == 1


async def test_a_deadline_recorded_after_it_passed_posts_no_line_in_english(
    bot: Harness,
) -> None:
    """No deadline before (a year entered late, for the record): the consequence is still
    said, but no after-deadline line is made up for the group."""
    await make_bloc(bot, language="en")
    await open_year(bot)
    bot.clock.set(JUNE)
    await set_deadline(bot, "pledge 31/01/2026")
    [ask] = await bot.say(bot.group, ADMIN, "/deadline midyear 09/06/2026 07:00")
    assert "🔒 This deadline has passed: once set, Mid-year review ends at once" in ask.text
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    await bot.settle()
    done = bot.last(bot.group).text
    assert done.startswith("✅ Deadline of emulation year 2026 set.\nMid-year review:")
    assert "🔒 The deadline has passed, so Mid-year review has ended" in done
    assert "already past" not in done and "⚠️" not in done
    assert "The bot has told the group" not in done

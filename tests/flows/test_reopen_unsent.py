"""Reopening a unit that never submitted its self-assessment (QA qa8, item 7): after the
deadline it is told to ask for a late submission, not for a change; the admin's reason must
be words (a "." is refused, and said why); the confirmation and the delegates' notice speak
of scoring and submitting late, and the notice carries the reason. A unit that had submitted
keeps "change and submit again"."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.flows.assess_kit import ready, submit
from tests.flows.conftest import ADMIN, ALICE, BOB, Harness

#: 30/06/2026 18:00 in Vietnam: an hour past the mid-year deadline of `assess_kit.ready`.
PAST = datetime(2026, 6, 30, 11, 0, tzinfo=UTC)
REASON = "Đơn vị có công văn xin gia hạn"


async def _ask_reopen(bot: Harness, code: str) -> None:
    await bot.say(ADMIN, ADMIN, "/assess midyear")
    await bot.press(ADMIN, ADMIN, text=f"🔓 {code}")


async def test_a_unit_that_never_submitted_is_reopened_to_submit_late(bot: Harness) -> None:
    await ready(bot, {"DNG": [ALICE], "DLK": [BOB]})
    await bot.say(ADMIN, ADMIN, "/start")
    bot.clock.set(PAST)

    [overview] = await bot.say(ALICE, ALICE, "/assess midyear")
    assert "Cần nộp muộn thì đề nghị quản trị Khối mở lại." in overview.text
    assert "Cần sửa" not in overview.text
    [refused] = await bot.say(ALICE, ALICE, "1.1 8")
    assert "Cần nộp muộn thì đề nghị quản trị Khối mở lại." in refused.text
    assert "Cần sửa" not in refused.text
    [english] = await bot.say(BOB, BOB, "/assess midyear")
    assert "To submit it late, ask a bloc admin to reopen it." in english.text

    await _ask_reopen(bot, "DNG")
    [dot] = await bot.say(ADMIN, ADMIN, ".")
    assert "«.» chưa phải là lý do" in dot.text and "ghi rõ bằng lời" in dot.text
    assert not dot.buttons  # nothing to confirm: the reason is asked again
    [confirm] = await bot.say(ADMIN, ADMIN, REASON)
    assert "để đơn vị chấm và gửi muộn?" in confirm.text
    assert "sửa và gửi lại" not in confirm.text
    assert f"Lý do: {REASON}" in confirm.text
    await bot.press(ADMIN, ADMIN, text="✅")
    notice = bot.last(ALICE).text
    assert "đã mở lại bản tự chấm điểm Sơ kết 6 tháng của DNG để đơn vị nộp muộn" in notice
    assert f"Lý do: {REASON}" in notice
    assert "Anh/Chị chấm bằng /assess rồi gửi" in notice
    assert "gửi lại" not in notice

    await _ask_reopen(bot, "DLK")
    await bot.say(ADMIN, ADMIN, "Cho nộp muộn")
    await bot.press(ADMIN, ADMIN, text="✅")
    told = bot.last(BOB).text
    assert "for a late submission" in told and "Reason: Cho nộp muộn" in told
    assert "Score it with /assess and submit it" in told


async def test_a_unit_that_submitted_is_reopened_to_change_and_resend(bot: Harness) -> None:
    await ready(bot, {"DNG": [ALICE]})
    await bot.say(ADMIN, ADMIN, "/start")
    await submit(bot, ALICE)
    bot.clock.set(PAST)
    [overview] = await bot.say(ALICE, ALICE, "/assess midyear")
    assert "Cần sửa thì đề nghị quản trị Khối mở lại." in overview.text

    await bot.say(ADMIN, ADMIN, "/assess midyear")
    await bot.press(ADMIN, ADMIN, text="🔍 DNG")  # a submitted unit: reopened from its view
    await bot.press(ADMIN, ADMIN, text="Mở lại cho DNG")
    [confirm] = await bot.say(ADMIN, ADMIN, "Bổ sung minh chứng")
    assert "để đơn vị sửa và gửi lại?" in confirm.text
    await bot.press(ADMIN, ADMIN, text="✅")
    notice = bot.last(ALICE).text
    assert "Lý do: Bổ sung minh chứng" in notice
    assert "Anh/Chị sửa bằng /assess rồi gửi lại" in notice

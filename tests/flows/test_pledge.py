"""/pledge in private: titles, commitments, review and ✅; edits, restarts, the deadline."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.bloc import Bloc
from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year, pledge_of, register_pledge, set_deadline

FLAG = "Cờ thi đua của Bộ Tài chính"
MERIT = "Bằng khen của Bộ trưởng Bộ Tài chính"
MERIT_EN = "Certificate of merit of the Minister of Finance"


async def _ready(bot: Harness, *, language: str = "vi") -> Bloc:
    """A bloc with DLK (Alice), DNG (Bob), GLI (nobody), its year open, pledges due 31/01."""
    bloc = await make_bloc(bot, language=language, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    await set_deadline(bot, "pledge 31/01/2026")
    return bloc


def _with_buttons(bot: Harness, chat: int) -> SentMessage:
    """The newest bot message of the chat that has buttons (the one a press acts on)."""
    return [m for m in bot.emu.bot_messages(chat) if m.buttons][-1]


async def test_register_a_pledge_and_the_group_hears_of_it(bot: Harness) -> None:
    bloc = await _ready(bot)
    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    assert "Bước 1/3" in screen.text and "Thứ Bảy, 31/01/2026 17:00" in screen.text
    await bot.press(ALICE, ALICE, text="Cờ thi đua")
    await bot.press(ALICE, ALICE, text="Bằng khen")
    await bot.press(ALICE, ALICE, text="Cờ thi đua")
    await bot.press(ALICE, ALICE, text="Tập thể lao động xuất sắc")
    assert screen.button_texts()[:3] == [
        f"⬜ {FLAG}",
        f"☑️ {MERIT}",
        "☑️ Tập thể lao động xuất sắc",
    ]
    await bot.press(ALICE, ALICE, text="Tiếp")
    assert "Bước 2/3" in screen.text and "0/3.000" in screen.text
    [saved] = await bot.say(ALICE, ALICE, "1. Thu hút 5 dự án mới.")
    assert "23/3.000" in saved.text
    await bot.say(ALICE, ALICE, "2. Giải quyết 100% thủ tục đúng hạn.")
    await bot.press(ALICE, ALICE, text="Xem lại")
    review = bot.last(ALICE)
    assert "Bước 3/3" in review.text
    assert f"• {MERIT}\n• Tập thể lao động xuất sắc" in review.text
    assert "1. Thu hút 5 dự án mới.\n2. Giải quyết 100% thủ tục đúng hạn." in review.text
    assert review.button_texts()[:2] == ["✅ Đăng ký", "✖️ Hủy"]
    await bot.press(ALICE, ALICE, text="✅")
    assert "✅ Đã đăng ký thi đua cho DLK" in review.text
    assert bot.last(bot.group).text == "✅ DLK đã đăng ký thi đua — 1/3 đơn vị"
    pledge = await pledge_of(bot, bloc, "DLK")
    assert pledge is not None and pledge.registered_by == ALICE
    assert pledge.commitments == "1. Thu hút 5 dự án mới.\n2. Giải quyết 100% thủ tục đúng hạn."
    assert await bot.services.flows.get(ALICE, "pledge") is None

    [again] = await bot.say(ALICE, ALICE, "/pledge")
    assert "Anh/Chị đang sửa" in again.text
    await bot.press(ALICE, ALICE, text="Cờ thi đua")
    await bot.press(ALICE, ALICE, text="Tiếp")
    await bot.press(ALICE, ALICE, text="Xem lại")
    group_before = len(bot.emu.bot_messages(bot.group))
    await bot.press(ALICE, ALICE, text="✅")
    assert len(bot.emu.bot_messages(bot.group)) == group_before
    edited = await pledge_of(bot, bloc, "DLK")
    assert edited is not None and len(edited.title_ids) == 3
    assert edited.first_registered_at == pledge.first_registered_at


async def test_a_restart_mid_pledge_loses_nothing_and_cancel_keeps_the_draft(
    bot: Harness,
) -> None:
    bloc = await _ready(bot)
    await bot.say(BOB, BOB, "/pledge")
    await bot.press(BOB, BOB, text="Bằng khen")
    await bot.press(BOB, BOB, text="Next")
    await bot.say(BOB, BOB, "Attract three new projects.")
    await bot.restart()
    [more] = await bot.say(BOB, BOB, "Answer every investor within a week.")
    assert "64/3,000" in more.text
    [paused] = await bot.say(BOB, BOB, "/cancel")
    assert "/pledge" in paused.text
    [hint] = await bot.say(BOB, BOB, "one more line")
    assert "/help" in hint.text
    [resumed] = await bot.say(BOB, BOB, "/pledge")
    assert "Step 2/3" in resumed.text and "64/3,000" in resumed.text
    await bot.press(BOB, BOB, text="Review")
    review = bot.last(BOB)
    assert "• Certificate of merit" not in review.text and "• Bằng khen" in review.text
    assert "Attract three new projects.\nAnswer every investor within a week." in review.text
    await bot.restart()
    await bot.press(BOB, BOB, text="✅")
    assert review.text.startswith("✅ Pledge registered for DNG")
    assert bot.last(bot.group).text == "✅ DNG đã đăng ký thi đua — 1/3 đơn vị"
    assert await pledge_of(bot, bloc, "DNG") is not None


async def test_bad_pledges_change_nothing(bot: Harness) -> None:
    bloc = await _ready(bot)
    [refused] = await bot.say(CAROL, CAROL, "/pledge")
    assert "chưa là cán bộ đầu mối" in refused.text
    await bot.say(ALICE, ALICE, "/pledge")
    answer = await bot.press(ALICE, ALICE, text="Tiếp")  # step 1 needs a title
    assert answer is not None and "ít nhất một danh hiệu" in answer["text"]
    assert "Bước 1/3" in bot.last(ALICE).text
    await bot.press(ALICE, ALICE, text="Bằng khen")
    await bot.press(ALICE, ALICE, text="Tiếp")
    answer = await bot.press(ALICE, ALICE, text="Xem lại")
    assert answer is not None and "nội dung cam kết" in answer["text"]
    await bot.say(ALICE, ALICE, "a" * 2000)
    [too_long] = await bot.say(ALICE, ALICE, "b" * 1001)
    assert "sẽ dài 3.002 ký tự, quá mức 3.000" in too_long.text  # thousands grouped
    state = await bot.services.flows.get(ALICE, "pledge")
    assert state is not None and sum(len(p) for p in state.data["drafts"]["1"]["parts"]) == 2000
    await bot.press(ALICE, ALICE, text="Xem lại")
    review = _with_buttons(bot, ALICE)
    assert "Bước 3/3" in review.text
    [told] = await bot.say(ALICE, ALICE, "thêm một dòng")  # the review takes no text
    assert "chưa được lưu" in told.text and "Bước 3/3" in told.text
    await bot.press(ALICE, ALICE, message_id=told.message_id, text="✏️ Cam kết")
    await bot.say(ALICE, ALICE, "thêm một dòng")  # the draft changes under the first review
    answer = await bot.press(ALICE, ALICE, message_id=review.message_id, text="✅")
    assert answer is not None and answer["text"] is None  # the screen says it, once
    [now] = [m for m in bot.emu.bot_messages(ALICE) if m.message_id == review.message_id]
    assert "đã thay đổi" in now.text
    assert "Bước 2/3" in now.text and "Xem lại 👀" in now.button_texts()  # its way on is there
    forged = bot.emu.press_forged(ALICE, ALICE, review.message_id, "v1:pledge:ok:2")
    await bot.settle()
    assert "cán bộ đầu mối" in (bot.emu.answer_for(forged) or {}).get("text", "")
    assert await pledge_of(bot, bloc, "DLK") is None
    assert await pledge_of(bot, bloc, "DNG") is None


async def test_a_delegate_of_two_units_picks_one_and_keeps_both_drafts(bot: Harness) -> None:
    bloc = await _ready(bot)
    gli = await bot.services.units.by_code(bloc.id, "GLI")
    assert gli is not None
    await bot.services.units.add_delegate(gli.id, ALICE, by=ADMIN, now=bot.clock.now())
    [pick] = await bot.say(ALICE, ALICE, "/pledge")
    assert pick.button_texts() == [
        "DLK — Ban Quản lý các KCN tỉnh Đắk Lắk",
        "GLI — Ban Quản lý Khu kinh tế tỉnh Gia Lai",
    ]
    assert (
        "GLI — Ban Quản lý Khu kinh tế tỉnh Gia Lai\n   thuộc Khối thi đua Tây Nguyên" in pick.text
    )
    await bot.press(ALICE, ALICE, text="GLI")
    assert "GLI" in pick.text and "Bước 1/3" in pick.text
    await bot.press(ALICE, ALICE, text="Bằng khen")
    await bot.say(ALICE, ALICE, "/pledge")
    await bot.press(ALICE, ALICE, text="DLK")
    await bot.press(ALICE, ALICE, text="Cờ thi đua")
    await bot.say(ALICE, ALICE, "Cam kết của DLK")
    await bot.say(ALICE, ALICE, "/pledge")
    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    await bot.press(ALICE, ALICE, message_id=screen.message_id, text="GLI")
    assert f"☑️ {MERIT}" in screen.button_texts() and f"⬜ {FLAG}" in screen.button_texts()


async def test_after_the_deadline_the_pledge_is_read_only_until_an_admin_reopens_it(
    bot: Harness,
) -> None:
    bloc = await _ready(bot)
    await register_pledge(bot, ALICE, "Cờ thi đua", "Cam kết")
    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    bot.clock.move(timedelta(days=30))
    answer = await bot.press(ALICE, ALICE, text="Bằng khen")
    assert answer is not None and "hết thời hạn" in answer["text"]
    assert f"☑️ {FLAG}" in screen.button_texts()
    [closed] = await bot.say(ALICE, ALICE, "thêm")
    assert "hết thời hạn" in closed.text
    [read_only] = await bot.say(ALICE, ALICE, "/pledge")
    assert read_only.text.startswith("🔒") and "• Cờ thi đua" in read_only.text
    assert read_only.buttons == []
    [late] = await bot.say(BOB, BOB, "/pledge")
    assert "not registered" in late.text

    await bot.say(ADMIN, ADMIN, "/start")
    [midyear] = await bot.say(bot.group, ADMIN, "/status")
    assert "Sơ kết 6 tháng" in midyear.text
    await bot.say(bot.group, ADMIN, "/status pledge")
    answer = await bot.press(bot.group, ADMIN, text="DNG")
    assert answer is not None and "tin nhắn riêng" in answer["text"]
    view = bot.last(ADMIN)
    assert "DNG" in view.text and "chưa đăng ký" in view.text
    await bot.press(ADMIN, ADMIN, text="Mở lại cho DNG")
    answer = await bot.press(ADMIN, ADMIN, text="✅")
    assert "đã báo cán bộ đầu mối của đơn vị (1 người)" in view.text
    assert "/pledge" in bot.last(BOB).text and "reopened" in bot.last(BOB).text
    assert "register again" not in bot.last(BOB).text  # DNG never registered
    await register_pledge(bot, BOB, "Bằng khen", "Late but sincere.")
    assert bot.last(bot.group).text == "✅ DNG đã đăng ký thi đua — 2/3 đơn vị"
    registered = bot.last(BOB).text  # the deadline passed: no "you can still edit it until…"
    assert "locked again" in registered and "can still edit" not in registered
    [locked] = await bot.say(BOB, BOB, "/pledge")
    assert locked.text.startswith("🔒")
    dng = await pledge_of(bot, bloc, "DNG")
    assert dng is not None and not dng.reopened


async def test_group_progress_publishing_and_who_reads_what(bot: Harness) -> None:
    await _ready(bot)
    for user in (ALICE, BOB):
        await register_pledge(bot, user, "Bằng khen", f"Cam kết bí mật của {user}")
    [status] = await bot.say(bot.group, CAROL, "/status")
    assert "Đã đăng ký: 2/3 đơn vị" in status.text
    assert f"✅ DLK — {MERIT}" in status.text and "⬜ GLI — chưa đăng ký" in status.text
    assert "bí mật" not in status.text
    assert status.button_texts() == ["🔍 DLK", "🔍 DNG", "🔍 GLI", "📢 Công bố cam kết"]
    answer = await bot.press(bot.group, CAROL, text="DLK")
    assert answer is not None and f"DLK đăng ký: {MERIT}" in answer["text"]
    assert "chưa được công bố" in answer["text"]
    answer = await bot.press(bot.group, BOB, text="DNG")
    assert answer is not None and "tin nhắn riêng" in answer["text"]
    assert f"Cam kết bí mật của {BOB}" in bot.last(BOB).text
    answer = await bot.press(bot.group, CAROL, text="Công bố")
    assert answer is not None and "quản trị Khối" in answer["text"]
    await bot.press(bot.group, ADMIN, text="Công bố")
    assert "2 đơn vị" in status.text
    await bot.press(bot.group, ADMIN, text="✅")
    assert "Cam kết thi đua năm 2026" in status.text and f"bí mật của {ALICE}" in status.text
    await bot.press(bot.group, CAROL, text="▶️")
    assert f"bí mật của {BOB}" in status.text
    await bot.press(bot.group, CAROL, text="Danh sách")
    assert "📖 Xem cam kết" in status.button_texts()
    await bot.say(CAROL, CAROL, "/start")
    answer = await bot.press(bot.group, CAROL, text="DLK")
    assert answer is not None and "tin nhắn riêng" in answer["text"]
    assert f"bí mật của {ALICE}" in bot.last(CAROL).text


async def test_pledge_without_an_open_year(bot: Harness) -> None:
    await make_bloc(bot, language="en", delegates={"DNG": [BOB]})
    [answer] = await bot.say(BOB, BOB, "/pledge")
    assert "has not opened an emulation year" in answer.text
    await open_year(bot)
    await register_pledge(bot, BOB, "Certificate of merit", "Three <b>new</b> projects & more.")
    assert bot.last(bot.group).text == "✅ DNG has registered — 1/3 units"
    [status] = await bot.say(bot.group, CAROL, "/status")
    assert "Registered: 1/3 units" in status.text and f"✅ DNG — {MERIT_EN}" in status.text
    [edit] = await bot.say(BOB, BOB, "/pledge")
    assert "you are editing" in edit.text and f"☑️ {MERIT_EN}" in edit.button_texts()
    await bot.press(BOB, BOB, text="Next")
    await bot.press(BOB, BOB, text="Review")
    assert "Three <b>new</b> projects & more." in edit.text


async def test_english_counts_in_the_publish_question_and_the_reopen_answer(
    bot: Harness,
) -> None:
    """QA qa-last #5: "(units: 1)", "(people told: 1)" read as forms; the count now goes before
    its noun, singular for one."""
    await _ready(bot, language="en")
    await register_pledge(bot, BOB, "Certificate of merit", "Commitments of DNG")
    [status] = await bot.say(bot.group, ADMIN, "/status")
    await bot.press(bot.group, ADMIN, message_id=status.message_id, text="📢 Publish commitments")
    assert "Publish to the whole group the commitments for 2026 of the 1 unit that" in status.text
    assert "(units:" not in status.text
    await bot.press(bot.group, ADMIN, message_id=status.message_id, text="✖️")
    bot.clock.move(timedelta(days=30))
    await bot.say(ADMIN, ADMIN, "/start")
    await bot.say(ADMIN, ADMIN, "/lang en")  # Hùng reads English in private too
    await bot.say(bot.group, ADMIN, "/status pledge")
    await bot.press(bot.group, ADMIN, text="DNG")
    view = bot.last(ADMIN)
    await bot.press(ADMIN, ADMIN, text="Reopen for DNG")
    await bot.press(ADMIN, ADMIN, text="✅")
    assert "The pledge of DNG is reopened; 1 delegate of the unit was told." in view.text

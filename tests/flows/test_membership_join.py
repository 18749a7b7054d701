"""/join with the admins' approval, a member the bot cannot reach, and /leave."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.membership_kit import bot_en, delegates_of, make_delegate, set_up, table_dump

__all__ = ["bot_en"]


async def test_join_asks_the_admins_who_approve_and_the_member_is_told(bot: Harness) -> None:
    await set_up(bot, "DLK", "DNG")
    await bot.say(CAROL, CAROL, "/start")
    [pick] = await bot.say(bot.group, CAROL, "/join")
    assert pick.button_texts() == ["DLK", "DNG"] and pick.text.startswith("Mai, Anh/Chị")
    other = await bot.press(bot.group, ADMIN, message_id=pick.message_id, text="DLK")
    assert other is not None and "dành cho người đã gõ /join" in other["text"]
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM join_requests") == 0
    answer = await bot.press(bot.group, CAROL, message_id=pick.message_id, text="DLK")
    assert answer is not None and answer["text"] is None  # the edited picker says it, once
    [used] = [m for m in bot.emu.bot_messages(bot.group) if m.message_id == pick.message_id]
    assert "đã được gửi" in used.text and not used.buttons  # the picker went away
    request = bot.last(bot.group)
    assert "Mai xin làm cán bộ đầu mối của DLK" in request.text
    [me] = await bot.say(CAROL, CAROL, "/me")  # the request is named while it waits
    assert me.text.startswith("Anh/Chị chưa là cán bộ đầu mối của đơn vị nào.")
    assert "\n\n⏳ Đang chờ duyệt: yêu cầu làm cán bộ đầu mối của DLK.\n\n" in me.text
    assert request.button_texts() == ["✅ Duyệt", "✖️ Từ chối"]
    refused = await bot.press(bot.group, CAROL, text="✅")
    assert refused is not None and "Chỉ quản trị Khối" in refused["text"]
    assert await delegates_of(bot, "DLK") == []
    await bot.press(bot.group, ADMIN, text="✅")
    assert bot.last(bot.group).text == "✅ Mai đã trở thành cán bộ đầu mối của DLK (Hùng duyệt)."
    assert not bot.last(bot.group).buttons
    assert "đã được duyệt" in bot.last(CAROL).text
    assert await delegates_of(bot, "DLK") == [CAROL]
    [me] = await bot.say(CAROL, CAROL, "/me")
    assert "DLK" in me.text and "⏳" not in me.text  # decided: no longer waiting
    [pick] = await bot.say(bot.group, CAROL, "/join")
    again = await bot.press(bot.group, CAROL, message_id=pick.message_id, text="DLK")
    assert again is not None and again["text"] is None  # said in the picker, closed
    assert pick.text == (
        "Mai: Anh/Chị đã là cán bộ đầu mối của DLK. Nếu cần, Anh/Chị gõ /join để chọn đơn vị khác."
    )
    assert not pick.buttons


async def test_a_refusal_and_a_member_the_bot_cannot_reach(bot: Harness) -> None:
    await set_up(bot, "DLK")
    [pick] = await bot.say(bot.group, ALICE, "/join")
    await bot.press(bot.group, ALICE, text="DLK")
    request = bot.last(bot.group)
    assert "Lan: đề nghị mở tin nhắn riêng" in request.text
    assert request.buttons[1][0].url == "https://t.me/bloc_assistant_bot"
    approve = request.button("✅").callback_data
    assert approve is not None
    [pick] = await bot.say(bot.group, ALICE, "/join")
    await bot.press(bot.group, ALICE, message_id=pick.message_id, text="DLK")
    assert "đang chờ quản trị Khối duyệt" in pick.text and not pick.buttons
    await bot.press(bot.group, ADMIN, message_id=request.message_id, text="✖️")
    [outcome] = [
        m.text for m in bot.emu.bot_messages(bot.group) if m.message_id == request.message_id
    ]
    assert "không được chấp thuận" in outcome and "chưa báo riêng được cho người gửi" in outcome
    assert bot.emu.bot_messages(ALICE) == []
    assert await delegates_of(bot, "DLK") == []
    late = bot.emu.press_forged(bot.group, ADMIN, request.message_id, approve)
    await bot.settle()
    assert "đã được xử lý" in (bot.emu.answer_for(late) or {}).get("text", "")
    assert await delegates_of(bot, "DLK") == []


async def test_a_member_who_blocked_the_bot_is_noted_not_crashed_on(bot: Harness) -> None:
    await set_up(bot, "DLK")
    await bot.say(BOB, BOB, "/start")
    bot.emu.block_bot(BOB)
    await bot.say(bot.group, BOB, "/join")
    await bot.press(bot.group, BOB, text="DLK")
    await bot.press(bot.group, ADMIN, text="✅")
    assert "chưa báo riêng được cho Bob" in bot.last(bot.group).text
    assert await delegates_of(bot, "DLK") == [BOB]


async def test_forged_and_stale_join_buttons(bot: Harness) -> None:
    await set_up(bot, "DLK")
    [pick] = await bot.say(bot.group, CAROL, "/join")
    before = await table_dump(bot)
    for data in ("v1:join:ask:99999", "v1:join:yes:77", "v1:join:zap", "v1:join:ask:x", "junk"):
        query = bot.emu.press_forged(bot.group, CAROL, pick.message_id, data)
        await bot.settle()
        answer = bot.emu.answer_for(query)
        assert answer is not None and answer.get("text"), data
    assert await table_dump(bot) == before


async def test_join_in_english_and_with_no_units(bot_en: Harness) -> None:
    bot = bot_en
    await bot.say(bot.group, ADMIN, "/setup Highlands")
    [empty] = await bot.say(bot.group, BOB, "/join")
    assert "no member units yet" in empty.text
    await bot.say(bot.group, ADMIN, "/addunit DNG Da Nang board")
    await bot.say(BOB, BOB, "/start")
    [pick] = await bot.say(bot.group, BOB, "/join")
    assert pick.text.startswith("Bob, which unit are you the delegate of?")
    other = await bot.press(bot.group, ADMIN, message_id=pick.message_id, text="DNG")
    assert other is not None and "for the person who typed /join" in other["text"]
    await bot.press(bot.group, BOB, message_id=pick.message_id, text="DNG")
    [used] = [m for m in bot.emu.bot_messages(bot.group) if m.message_id == pick.message_id]
    assert not used.buttons
    assert "Bob asks to be a delegate of DNG" in bot.last(bot.group).text
    await bot.press(bot.group, ADMIN, text="✅")
    assert bot.last(bot.group).text == "✅ Bob has become a delegate of DNG (approved by Hùng)."
    assert bot.last(BOB).text.startswith("✅ Your request was approved")


async def test_leave_after_confirmation_and_the_group_is_told(bot: Harness) -> None:
    await set_up(bot, "DLK", "DNG")
    await make_delegate(bot, ALICE, "DLK")
    [confirm] = await bot.say(ALICE, ALICE, "/leave")
    assert "Thôi làm cán bộ đầu mối của DLK" in confirm.text
    await bot.press(ALICE, ALICE, text="✖️")
    assert "vẫn là cán bộ đầu mối" in bot.last(ALICE).text
    assert await delegates_of(bot, "DLK") == [ALICE]
    await bot.say(ALICE, ALICE, "/leave")
    await bot.press(ALICE, ALICE, text="✅")
    assert "không còn là cán bộ đầu mối của DLK" in bot.last(ALICE).text
    assert bot.last(bot.group).text == "👤 Lan không còn là cán bộ đầu mối của DLK."
    assert await delegates_of(bot, "DLK") == []
    [nothing] = await bot.say(ALICE, ALICE, "/leave")
    assert "chưa là cán bộ đầu mối" in nothing.text


async def test_leave_with_several_units_picks_one(bot: Harness) -> None:
    await set_up(bot, "DLK", "DNG")
    await make_delegate(bot, BOB, "DLK")
    await make_delegate(bot, BOB, "DNG")
    [pick] = await bot.say(BOB, BOB, "/leave")
    assert len(pick.buttons) == 2
    dng = pick.button("DNG").callback_data
    assert dng is not None
    await bot.press(BOB, BOB, text="DNG")
    assert "Stop being a delegate of DNG" in bot.last(BOB).text
    await bot.press(BOB, BOB, text="✅")
    assert await delegates_of(bot, "DNG") == [] and await delegates_of(bot, "DLK") == [BOB]
    stale = bot.emu.press_forged(BOB, BOB, pick.message_id, dng)
    await bot.settle()
    assert "Only a delegate" in (bot.emu.answer_for(stale) or {}).get("text", "")

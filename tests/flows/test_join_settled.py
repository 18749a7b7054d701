"""A /join request and the other ways of becoming a delegate (QA qa-roles, defects 1, 4, 9):
a link settles the request, a press re-checks, the admins see the person's other units, and a
refusal is not announced by name in the group."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, CAROL, Harness
from tests.flows.membership_kit import delegates_of, invite_link, make_delegate, set_up


async def _request(bot: Harness, person: int, code: str) -> int:
    """`person` asks for `code` by /join; the message id of the request in the group."""
    await bot.say(bot.group, person, "/join")
    await bot.press(bot.group, person, text=code)
    request = bot.last(bot.group)
    assert request.button_texts() == ["✅ Duyệt", "✖️ Từ chối"], request.text
    return request.message_id


def _message(bot: Harness, message_id: int):  # type: ignore[no-untyped-def]
    [found] = [m for m in bot.emu.bot_messages(bot.group) if m.message_id == message_id]
    return found


async def test_a_link_settles_the_pending_request_and_its_buttons_go(bot: Harness) -> None:
    await set_up(bot, "DLK", "DNG")
    await bot.say(CAROL, CAROL, "/start")
    request_id = await _request(bot, CAROL, "DNG")
    token = await invite_link(bot, "DNG")
    await bot.say(CAROL, CAROL, f"/start {token}")
    request = _message(bot, request_id)
    assert request.text == (
        "👤 Mai đã tham gia DNG bằng đường dẫn mời; yêu cầu này không cần duyệt nữa."
    )
    assert not request.buttons
    status = await bot.services.db.fetch_value(
        "SELECT status FROM join_requests WHERE user_id = ?", (CAROL,)
    )
    assert status == "joined"
    assert await delegates_of(bot, "DNG") == [CAROL]


async def test_an_old_press_rechecks_and_neither_refuses_nor_announces(bot: Harness) -> None:
    await set_up(bot, "DLK", "DNG")
    await bot.say(CAROL, CAROL, "/start")
    request_id = await _request(bot, CAROL, "DNG")
    refuse = _message(bot, request_id).button("✖️").callback_data
    approve = _message(bot, request_id).button("✅").callback_data
    assert refuse is not None and approve is not None
    # joined another way while the request waited (e.g. a link made before the request
    # message was kept): the request's buttons are still live
    bloc = await bot.services.blocs.by_chat(bot.group)
    unit = await bot.services.units.by_code(bloc.id, "DNG") if bloc else None
    assert unit is not None
    await bot.services.units.add_delegate(unit.id, CAROL, by=ADMIN, now=bot.clock.now())
    group_before = len(bot.emu.bot_messages(bot.group))
    private_before = len(bot.emu.bot_messages(CAROL))
    pressed = bot.emu.press_forged(bot.group, ADMIN, request_id, refuse)
    await bot.settle()
    assert (bot.emu.answer_for(pressed) or {}).get("text") is None  # the message says it
    said = "Mai đã là cán bộ đầu mối của DNG; không còn gì để duyệt."
    assert _message(bot, request_id).text == said and not _message(bot, request_id).buttons
    again = bot.emu.press_forged(bot.group, ADMIN, request_id, approve)
    await bot.settle()
    assert "đã được xử lý" in (bot.emu.answer_for(again) or {}).get("text", "")
    assert len(bot.emu.bot_messages(bot.group)) == group_before
    assert len(bot.emu.bot_messages(CAROL)) == private_before  # no "refused", no "approved"
    assert await delegates_of(bot, "DNG") == [CAROL]


async def test_the_admins_see_the_units_the_person_acts_for_already(bot: Harness) -> None:
    await set_up(bot, "DLK", "DNG")
    await make_delegate(bot, ALICE, "DLK")
    request_id = await _request(bot, ALICE, "DNG")
    assert _message(bot, request_id).text.startswith(
        "🙋 Lan (đã là cán bộ đầu mối của DLK) xin làm cán bộ đầu mối của DNG"
    )
    await bot.press(bot.group, ADMIN, message_id=request_id, text="✅")
    assert _message(bot, request_id).text == (
        "✅ Lan (đã là cán bộ đầu mối của DLK) đã trở thành cán bộ đầu mối của DNG (Hùng duyệt)."
    )


async def test_a_refusal_names_nobody_in_the_group(bot: Harness) -> None:
    await set_up(bot, "DLK")
    await bot.say(CAROL, CAROL, "/start")
    request_id = await _request(bot, CAROL, "DLK")
    await bot.press(bot.group, ADMIN, message_id=request_id, text="✖️")
    assert _message(bot, request_id).text == (
        "✖️ Yêu cầu làm cán bộ đầu mối của DLK không được chấp thuận."
    )
    assert "đã bị từ chối" in bot.last(CAROL).text
    assert await delegates_of(bot, "DLK") == []

"""Membership at its edges: odd names, long lists, Telegram failing mid-way, late buttons."""

from __future__ import annotations

import pytest

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.membership_kit import (
    DAVE,
    EVE,
    add_people,
    delegates_of,
    invite_link,
    make_delegate,
    set_up,
    table_dump,
)

APOLOGY = "Xin lỗi, đã có lỗi"
ODD = "<b>Tôm & Cua</b> <i"  # what a careless name could hold: tags, ampersand, a broken tag


def apologies(bot: Harness, *chats: int) -> list[str]:
    """Every apology (an unhandled error) the bot sent to these chats."""
    return [m.text for c in chats for m in bot.emu.bot_messages(c) if APOLOGY in m.text]


async def test_html_special_characters_in_every_name_are_shown_as_typed(bot: Harness) -> None:
    bot.emu.add_user(DAVE, ODD, username=None, last_name="<&>", language_code="vi")
    bot.emu.join_group(bot.group, DAVE)
    bloc_name = "Khối <A&B> > 1"
    await bot.say(bot.group, ADMIN, f"/setup {bloc_name}")
    [again] = await bot.say(bot.group, ADMIN, "/setup")
    assert bloc_name in again.text
    [added] = await bot.say(bot.group, ADMIN, "/addunit DLK Ban <QL> & KCN")
    assert "Ban <QL> & KCN" in added.text
    [preview] = await bot.say(bot.group, ADMIN, "/addunit DLK Ban <QL> & KCN <mới>")
    assert "<mới>" in preview.text
    await bot.press(bot.group, ADMIN, text="✅")
    bot.emu.start_bot(DAVE)
    await bot.say(bot.group, DAVE, "/join")
    await bot.press(bot.group, DAVE, text="DLK")
    assert f"{ODD} <&> xin làm" in bot.last(bot.group).text
    await bot.press(bot.group, ADMIN, text="✅")
    assert f"{ODD} <&> đã trở thành cán bộ đầu mối" in bot.last(bot.group).text
    assert bloc_name in bot.last(DAVE).text
    [units] = await bot.say(bot.group, CAROL, "/units")
    assert bloc_name in units.text and f"{ODD} <&>" in units.text
    await bot.say(bot.group, ADMIN, f"/admin add {DAVE}")
    await bot.say(bot.group, ADMIN, "/unit DLK")
    await bot.press(bot.group, ADMIN, text="➖")
    assert f"Gỡ {ODD} <&>" in bot.last(bot.group).text
    await bot.press(bot.group, ADMIN, text="✖️")
    await bot.say(DAVE, DAVE, "/leave")
    await bot.press(DAVE, DAVE, text="✅")
    assert f"{ODD} <&> không còn là cán bộ đầu mối" in bot.last(bot.group).text
    await bot.say(bot.group, ADMIN, "/unit DLK")
    await bot.press(bot.group, ADMIN, text="🗑")
    await bot.press(bot.group, ADMIN, text="✅")
    assert "Ban <QL> & KCN <mới>" in bot.last(bot.group).text
    assert apologies(bot, bot.group, ADMIN, DAVE) == []


async def test_a_units_page_of_long_names_and_many_delegates_fits_a_message(bot: Harness) -> None:
    await set_up(bot)
    people = list(range(2000, 2030))
    for person in people:
        bot.emu.add_user(person, "Nguyễn Thị Phương" * 3, last_name="Hoàng " * 10)
    codes = [f"U{n:02d}" for n in range(8)]
    for code in codes:
        await bot.say(bot.group, ADMIN, f"/addunit {code} {'Ban Quản lý các KCN ' * 9}{code}")
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None
    for n, person in enumerate(people):
        unit = await bot.services.units.by_code(bloc.id, codes[n % len(codes)])
        assert unit is not None
        await bot.services.users.seen(
            user_id=person,
            username=None,
            first_name="Nguyễn Thị Phương" * 3,
            last_name="Hoàng " * 10,
            language_code="vi",
            private=False,
            now=bot.clock.now(),
        )
        await bot.services.units.add_delegate(unit.id, person, by=ADMIN, now=bot.clock.now())
    [page] = await bot.say(bot.group, CAROL, "/units")
    assert apologies(bot, bot.group) == []
    assert len(page.text) <= 4096 and "U00" in page.text
    seen = set()
    while True:
        seen |= {c for c in codes if f"{c} —" in bot.last(bot.group).text}
        buttons = bot.last(bot.group).button_texts()
        if "▶️" not in buttons:
            break
        await bot.press(bot.group, CAROL, text="▶️")
        assert apologies(bot, bot.group) == []
    assert seen == set(codes)


async def test_a_telegram_hiccup_on_the_admin_check_is_not_taken_as_a_refusal(
    bot: Harness,
) -> None:
    add_people(bot)
    await set_up(bot)
    bot.emu.faults.fail_next(1, status=502, methods={"getChatMember"})
    [first] = await bot.say(bot.group, EVE, "/addunit DLK Đắk Lắk")
    assert "Chỉ quản trị Khối" not in first.text
    [second] = await bot.say(bot.group, EVE, "/addunit DLK Đắk Lắk")
    assert second.text.startswith("✅"), second.text


async def test_approval_commits_and_says_so_even_when_the_private_note_fails(
    bot: Harness,
) -> None:
    await set_up(bot, "DLK")
    await bot.say(CAROL, CAROL, "/start")
    await bot.say(bot.group, CAROL, "/join")
    await bot.press(bot.group, CAROL, text="DLK")
    request = bot.last(bot.group)
    bot.emu.faults.fail_next(1, status=500, methods={"sendMessage"})
    await bot.press(bot.group, ADMIN, text="✅")
    assert await delegates_of(bot, "DLK") == [CAROL]
    decided = bot.emu.bot_messages(bot.group)
    edited = next(m for m in decided if m.message_id == request.message_id)
    assert "đã trở thành cán bộ đầu mối" in edited.text and not edited.buttons
    assert apologies(bot, bot.group) == []


async def test_a_removed_delegate_is_removed_even_when_the_private_note_fails(
    bot: Harness,
) -> None:
    await set_up(bot, "DLK")
    await make_delegate(bot, ALICE, "DLK")
    await bot.say(bot.group, ADMIN, "/unit DLK")
    await bot.press(bot.group, ADMIN, text="➖")
    bot.emu.faults.fail_next(1, status=500, methods={"sendMessage"})
    await bot.press(bot.group, ADMIN, text="✅")
    assert await delegates_of(bot, "DLK") == []
    assert "không còn là cán bộ đầu mối" in bot.last(bot.group).text
    assert apologies(bot, bot.group) == []


async def test_the_invite_reaches_nobody_when_the_admin_never_started_and_is_revoked(
    bot: Harness,
) -> None:
    """Only a 403 proves the link reached nobody (a 5xx may deliver it: test_invite_faults)."""
    await set_up(bot, "DLK")
    await bot.say(bot.group, ADMIN, "/invite DLK")
    rows = await bot.services.db.fetch_all("SELECT revoked_at FROM invites")
    assert [r["revoked_at"] is not None for r in rows] == [True]
    assert "bấm Bắt đầu" in bot.last(bot.group).text


async def test_opening_a_used_link_again_tells_its_user_they_are_in(bot: Harness) -> None:
    await set_up(bot, "DLK")
    token = await invite_link(bot, "DLK")
    bot.emu.start_bot(ALICE)
    bot.emu.faults.fail_next(1, status=500, methods={"sendMessage"})
    await bot.say(ALICE, ALICE, f"/start {token}")  # the welcome is lost: Telegram fails
    assert await delegates_of(bot, "DLK") == [ALICE]
    [again] = await bot.say(ALICE, ALICE, f"/start {token}")  # so she opens the link again
    assert "Anh/Chị đã là cán bộ đầu mối của DLK" in again.text
    assert "đường dẫn mới" not in again.text
    [other] = await bot.say(BOB, BOB, f"/start {token}")
    assert "already used" in other.text
    assert await delegates_of(bot, "DLK") == [ALICE]


async def test_a_second_approval_and_a_late_refusal_change_nothing(bot: Harness) -> None:
    add_people(bot)
    await set_up(bot, "DLK")
    await bot.say(bot.group, CAROL, "/join")
    await bot.press(bot.group, CAROL, text="DLK")
    request = bot.last(bot.group)
    approve = request.button("✅").callback_data
    refuse = request.button("✖️").callback_data
    assert approve and refuse
    await bot.press(bot.group, ADMIN, message_id=request.message_id, text="✅")
    before = await table_dump(bot)
    for who, data in ((EVE, approve), (EVE, refuse), (ADMIN, refuse)):
        query = bot.emu.press_forged(bot.group, who, request.message_id, data)
        await bot.settle()
        assert "đã được xử lý" in (bot.emu.answer_for(query) or {}).get("text", "")
    assert await table_dump(bot) == before
    assert await delegates_of(bot, "DLK") == [CAROL]


async def test_an_old_units_page_after_units_were_removed(bot: Harness) -> None:
    await set_up(bot)
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None
    for n in range(10):
        await bot.services.units.add(bloc.id, f"U{n:02d}", f"Đơn vị {n}", bot.clock.now())
    [page] = await bot.say(bot.group, CAROL, "/units")
    [pick] = await bot.say(bot.group, CAROL, "/join")
    for unit in await bot.services.units.list(bloc.id):  # other admins remove them all
        await bot.services.units.delete_unused(unit.id)
    await bot.press(bot.group, CAROL, message_id=page.message_id, text="▶️")
    shown = next(m for m in bot.emu.bot_messages(bot.group) if m.message_id == page.message_id)
    assert "chưa có đơn vị" in shown.text and not shown.buttons
    stale = await bot.press(bot.group, CAROL, message_id=pick.message_id, text="U03")
    assert stale is not None and "Nút này đã cũ" in stale["text"]
    bot.emu.press_forged(bot.group, CAROL, pick.message_id, f"v1:join:page:{CAROL}:1")
    await bot.settle()
    shown = next(m for m in bot.emu.bot_messages(bot.group) if m.message_id == pick.message_id)
    assert "chưa có đơn vị" in shown.text and not shown.buttons
    assert apologies(bot, bot.group) == []


async def test_a_bot_or_a_stranger_cannot_use_join_buttons(bot: Harness) -> None:
    add_people(bot)
    await set_up(bot, "DLK")
    [pick] = await bot.say(bot.group, CAROL, "/join")
    before = await table_dump(bot)
    answer = await bot.press(bot.group, DAVE, message_id=pick.message_id, text="DLK")
    assert answer is not None and answer.get("text")
    assert await table_dump(bot) == before


async def test_a_preview_confirmed_after_the_group_became_a_supergroup(bot: Harness) -> None:
    await set_up(bot, "DLK")
    [pick] = await bot.say(bot.group, CAROL, "/join")
    [preview] = await bot.say(bot.group, ADMIN, "/addunit DLK Ban Quản lý KCN Đắk Lắk")
    new_id = bot.emu.migrate_to_supergroup(bot.group)
    await bot.settle()
    answer = await bot.press(bot.group, ADMIN, message_id=preview.message_id, text="✅")
    assert answer is not None
    bloc = await bot.services.blocs.by_chat(new_id)
    assert bloc is not None
    unit = await bot.services.units.by_code(bloc.id, "DLK")
    assert unit is not None and unit.name == "Ban Quản lý KCN Đắk Lắk", answer
    assert bot.last(new_id).text.startswith("✅ Đã lưu: đổi tên 1.")
    await bot.press(bot.group, CAROL, message_id=pick.message_id, text="DLK")
    [request] = [m for m in bot.emu.bot_messages(new_id) if "Mai xin làm cán bộ đầu mối" in m.text]
    assert "DLK" in request.text
    await bot.press(new_id, ADMIN, message_id=request.message_id, text="✅")
    assert await bot.services.units.delegates(unit.id) == [CAROL]
    assert apologies(bot, bot.group, new_id) == []


async def test_a_double_press_on_store_stores_once(bot: Harness) -> None:
    add_people(bot)
    await set_up(bot, "DLK")
    [preview] = await bot.say(bot.group, ADMIN, "/addunit DLK Ban Quản lý KCN Đắk Lắk")
    ok = preview.button("✅").callback_data
    assert ok is not None
    first = bot.emu.press_forged(bot.group, ADMIN, preview.message_id, ok)
    second = bot.emu.press_forged(bot.group, EVE, preview.message_id, ok)
    await bot.settle()
    assert bot.emu.answer_for(first) is not None
    # the group keeps the outcome of the first press; the second hears why in a pop-up
    assert (
        (bot.emu.answer_for(second) or {})
        .get("text", "")
        .startswith("Việc này đã được thực hiện khi Anh/Chị (hoặc người khác) bấm lần trước")
    )
    assert "Nút này đã cũ" not in preview.text and not preview.buttons
    assert preview.text.startswith("✅ Đã lưu")
    assert apologies(bot, bot.group) == []


async def test_the_bot_removed_from_the_group_still_binds_and_tells_in_private(
    bot: Harness,
) -> None:
    await set_up(bot, "DLK")
    token = await invite_link(bot, "DLK")
    bot.emu.remove_bot_from_group(bot.group, ADMIN)
    await bot.settle()
    [welcome] = await bot.say(ALICE, ALICE, f"/start {token}")
    assert "Chào mừng" in welcome.text
    await bot.say(ALICE, ALICE, "/leave")
    await bot.press(ALICE, ALICE, text="✅")
    assert await delegates_of(bot, "DLK") == []
    assert apologies(bot, ALICE) == []


async def test_a_failed_button_answer_does_not_hide_what_was_stored(bot: Harness) -> None:
    await set_up(bot, "DLK")
    await bot.say(CAROL, CAROL, "/start")
    await bot.say(bot.group, CAROL, "/join")
    await bot.press(bot.group, CAROL, text="DLK")
    request = bot.last(bot.group)
    bot.emu.faults.fail_next(1, status=502, methods={"answerCallbackQuery"})
    await bot.press(bot.group, ADMIN, text="✅")
    assert await delegates_of(bot, "DLK") == [CAROL]
    edited = next(m for m in bot.emu.bot_messages(bot.group) if m.message_id == request.message_id)
    assert "đã trở thành cán bộ đầu mối" in edited.text and not edited.buttons
    assert "đã được duyệt" in bot.last(CAROL).text


async def test_a_unit_with_many_delegates_is_listed_and_shown_in_one_message(
    bot: Harness,
) -> None:
    await set_up(bot, "DLK")
    unit_id = (await bot.services.units.list(1))[0].id
    for person in range(3000, 3040):
        bot.emu.add_user(person, "Trần Thị Thanh Hương" * 3, last_name="Nguyễn " * 9)
        await bot.services.users.seen(
            user_id=person,
            username=None,
            first_name="Trần Thị Thanh Hương" * 3,
            last_name="Nguyễn " * 9,
            language_code="vi",
            private=False,
            now=bot.clock.now(),
        )
        await bot.services.units.add_delegate(unit_id, person, by=ADMIN, now=bot.clock.now())
    [page] = await bot.say(bot.group, CAROL, "/units")
    [card] = await bot.say(bot.group, ADMIN, "/unit DLK")
    assert apologies(bot, bot.group) == []
    assert "người nữa" in page.text and "người nữa" in card.text
    assert len(card.buttons) == 41


async def test_a_join_request_lost_on_its_way_to_the_group_can_be_sent_again(
    bot: Harness,
) -> None:
    await set_up(bot, "DLK")
    [pick] = await bot.say(bot.group, CAROL, "/join")
    bot.emu.faults.fail_next(1, status=500, methods={"sendMessage"})
    await bot.press(bot.group, CAROL, text="DLK")
    assert not any("xin làm cán bộ đầu mối" in m.text for m in bot.emu.bot_messages(bot.group))
    again = await bot.press(bot.group, CAROL, message_id=pick.message_id, text="DLK")
    assert again is not None and "đang chờ" not in (again.get("text") or "") + pick.text
    assert "Mai xin làm cán bộ đầu mối của DLK" in bot.last(bot.group).text
    await bot.press(bot.group, ADMIN, text="✅")
    assert await delegates_of(bot, "DLK") == [CAROL]


async def test_joining_is_stored_with_the_groups_line_or_not_at_all(
    bot: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Queueing the group's "joined" line fails (as a crash or a full disk would stop it): the
    person is not made a delegate either, and the link still works; opened again, both are."""
    await set_up(bot, "DLK")
    token = await invite_link(bot, "DLK")
    bot.emu.start_bot(ALICE)
    notifier = bot.services.notifier
    queue = notifier.enqueue_all

    async def failing(messages: list[object]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(notifier, "enqueue_all", failing)
    await bot.say(ALICE, ALICE, f"/start {token}")
    assert await delegates_of(bot, "DLK") == []
    monkeypatch.setattr(notifier, "enqueue_all", queue)
    before = len(bot.emu.bot_messages(bot.group))
    await bot.say(ALICE, ALICE, f"/start {token}")
    await bot.settle()
    assert await delegates_of(bot, "DLK") == [ALICE]
    lines = [m for m in bot.emu.bot_messages(bot.group)[before:] if "DLK" in m.text]
    assert len(lines) == 1

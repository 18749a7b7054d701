"""Private /help fits the caller (QA vi-first #7): a delegate sees the delegate's commands;
someone who acts for no unit is first told how to become a delegate, as /me tells them, and
is not offered /pledge, /assess, /vote, /review or /leave, which would refuse them; a bloc
admin is pointed to the admin commands in the group. A group command typed in private names
the command and the bloc's group (QA vi-first #8)."""

from __future__ import annotations

import pytest

from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.year_setup import make_bloc

DELEGATES = ("/pledge", "/assess", "/vote", "/review", "/leave")
EVERYONE = ("/start", "/me", "/help", "/lang", "/cancel")
BLOC = "Khối thi đua Tây Nguyên"

SAID = {
    "vi": {
        "none": "Anh/Chị chưa là cán bộ đầu mối của đơn vị nào.\nĐề nghị xin quản trị Khối",
        "everyone": "Trong tin nhắn riêng với tôi, Anh/Chị có thể:",
        "delegate": "Là cán bộ đầu mối của DLK, Anh/Chị có thêm các lệnh:",
        "admin_none": f"Anh/Chị là quản trị Khối của {BLOC}, chưa là cán bộ đầu mối",
        "admin": "Các lệnh quản trị Khối",
        "admin_where": "Anh/Chị gõ /help trong nhóm của Khối để xem đủ",
        "group_footer": "Các lệnh của nhóm (như /setup, /units) dùng trong nhóm của Khối.",
    },
    "en": {
        "none": "You are not a delegate of any unit yet.\nAsk your bloc admin",
        "everyone": "In a private chat with me you can:",
        "delegate": "As the delegate of DLK you can also:",
        "admin_none": f"You are a bloc admin of {BLOC}, not a delegate of any unit",
        "admin": "The bloc admins' commands",
        "admin_where": "type /help in the bloc's group to see them all",
        "group_footer": "Group commands (such as /setup, /units) work in the bloc's group.",
    },
}


def _lists(text: str, commands: tuple[str, ...]) -> list[str]:
    """Which of `commands` the help text lists as a line of its own."""
    return [c for c in commands if f"\n{c} — " in text]


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_private_help_fits_the_caller(bot: Harness, lang: str) -> None:
    said = SAID[lang]
    await make_bloc(bot, language=lang, delegates={"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, f"/lang {lang}")
    await bot.say(CAROL, CAROL, f"/lang {lang}")
    await bot.say(ADMIN, ADMIN, f"/lang {lang}")

    [nobody] = await bot.say(CAROL, CAROL, "/help")  # a member of the group with no unit
    assert nobody.text.startswith(said["none"]), nobody.text
    assert _lists(nobody.text, EVERYONE) == list(EVERYONE)
    assert _lists(nobody.text, DELEGATES) == [] and "/pledge" not in nobody.text
    assert nobody.text.endswith(said["group_footer"]) and said["admin"] not in nobody.text

    [delegate] = await bot.say(ALICE, ALICE, "/help")
    assert delegate.text.startswith(said["everyone"]), delegate.text
    assert said["delegate"] in delegate.text and said["none"] not in delegate.text
    assert _lists(delegate.text, EVERYONE + DELEGATES) == list(EVERYONE + DELEGATES)
    assert said["admin"] not in delegate.text

    [admin] = await bot.say(ADMIN, ADMIN, "/help")  # an admin who acts for no unit
    assert admin.text.startswith(said["admin_none"]), admin.text
    assert _lists(admin.text, DELEGATES) == [] and "/pledge" not in admin.text
    assert said["admin"] in admin.text and said["admin_where"] in admin.text
    assert said["group_footer"] not in admin.text  # the admins' pointer says where instead


async def test_a_delegate_who_is_an_admin_sees_both_parts(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ADMIN], "DNG": [ADMIN]})
    [both] = await bot.say(ADMIN, ADMIN, "/help")
    assert both.text.startswith(SAID["vi"]["everyone"])
    assert "Là cán bộ đầu mối của DLK, DNG, Anh/Chị có thêm các lệnh:" in both.text
    assert _lists(both.text, DELEGATES) == list(DELEGATES)
    assert SAID["vi"]["admin_where"] in both.text


async def test_a_pending_join_request_is_said_as_in_me(bot: Harness) -> None:
    await make_bloc(bot)
    await bot.say(bot.group, CAROL, "/join")
    await bot.press(bot.group, CAROL, text="DNG")
    [told] = await bot.say(CAROL, CAROL, "/help")
    assert "⏳ Đang chờ duyệt: yêu cầu làm cán bộ đầu mối của DNG." in told.text
    assert "/pledge" not in told.text


GROUP_COMMANDS = ("/status", "/year", "/scale", "/units", "/deadline pledge 15/01/2027", "/join")


async def test_a_group_command_in_private_names_itself_and_the_blocs_group(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE]})
    for typed in GROUP_COMMANDS:
        command = typed.split()[0]
        [told] = await bot.say(ALICE, ALICE, typed)
        assert told.text == (
            f"Lệnh {command} dùng trong nhóm của {BLOC}, không dùng trong tin nhắn riêng:"
            f" Anh/Chị gõ {command} trong nhóm đó."
        ), told.text
    [admin] = await bot.say(ADMIN, ADMIN, "/deadline pledge 15/01/2027")  # the bloc he runs
    assert f"Lệnh /deadline dùng trong nhóm của {BLOC}" in admin.text
    [nobody] = await bot.say(CAROL, CAROL, "/status")  # in no bloc the bot knows of
    assert nobody.text == (
        "Lệnh /status dùng trong nhóm của Khối, không dùng trong tin nhắn riêng:"
        " Anh/Chị gõ /status trong nhóm đó."
    )
    [english] = await bot.say(BOB, BOB, "/year")
    assert english.text == (
        "/year works in the bloc's group, not in a private chat: type /year in that group."
    )


async def test_someone_in_several_blocs_is_told_their_names(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE]})
    other = bot.emu.add_group("Khối Duyên hải", members=[ALICE], admins=[])
    now = bot.clock.now()
    second = await bot.services.blocs.create(
        chat_id=other,
        name="Khối thi đua Duyên hải",
        language="vi",
        timezone="Asia/Ho_Chi_Minh",
        by=ADMIN,
        now=now,
    )
    unit = await bot.services.units.add(second.id, "QNM", "Ban Quản lý KKT Quảng Nam", now)
    await bot.services.units.add_delegate(unit.id, ALICE, by=ADMIN, now=now)
    [told] = await bot.say(ALICE, ALICE, "/status")
    said, _, names = told.text.partition(" (")
    assert said == (
        "Lệnh /status dùng trong nhóm của Khối, không dùng trong tin nhắn riêng: Anh/Chị gõ"
        " /status trong nhóm của Khối tương ứng"
    ), told.text
    assert sorted(names.removesuffix(").").split(", ")) == sorted([BLOC, "Khối thi đua Duyên hải"])

"""A private command typed in the group (QA: Mai): someone who is no delegate of the bloc is
told what the command is for, that delegates use it and how to become one, not pointed to a
private chat where it would refuse them; a delegate keeps the pointer to the private chat."""

from __future__ import annotations

import pytest

from tests.flows.conftest import ALICE, CAROL, Harness
from tests.flows.year_setup import make_bloc

SAID = {
    "vi": {
        "pledge": (
            "Lệnh /pledge dùng để đăng ký thi đua của đơn vị: danh hiệu phấn đấu và nội dung cam"
            " kết. Lệnh này dành cho cán bộ đầu mối của các đơn vị thành viên"
        ),
        "vote": "Lệnh /vote dùng để bỏ phiếu kín của đơn vị",
        "assess": "Lệnh /assess dùng để tự chấm điểm của đơn vị",
        "me": "Lệnh /me dùng để xem Anh/Chị là cán bộ đầu mối của đơn vị nào",
        "how": "đề nghị quản trị Khối gửi đường dẫn mời (/invite), hoặc gõ /join tại đây",
        "not_yet": "Anh/Chị chưa là cán bộ đầu mối của đơn vị nào trong Khối này",
        "private": "Lệnh /pledge dùng trong tin nhắn riêng với tôi",
    },
    "en": {
        "pledge": (
            "/pledge is for registering a unit's pledge: the titles it aims for and its"
            " commitments. It is used by the units' delegates"
        ),
        "vote": "/vote is for a unit's secret ballots",
        "assess": "/assess is for a unit's self-assessment",
        "me": "/me is for seeing which unit you are the delegate of",
        "how": "ask a bloc admin for an invite link (/invite), or send /join here",
        "not_yet": "you are not a delegate of any unit of this bloc",
        "private": "/pledge works in a private chat with me",
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_member_who_is_no_delegate_is_told_who_uses_it(bot: Harness, lang: str) -> None:
    said = SAID[lang]
    await make_bloc(bot, language=lang, delegates={"DLK": [ALICE]})
    for command in ("pledge", "vote", "assess", "me"):
        [answer] = await bot.say(bot.group, CAROL, f"/{command}")
        assert said[command] in answer.text, command
        assert said["not_yet"] in answer.text and said["how"] in answer.text
        assert not answer.buttons  # no "open private chat": she could do nothing there
    [delegate] = await bot.say(bot.group, ALICE, "/pledge")
    assert delegate.text.startswith(said["private"]) and delegate.buttons


async def test_a_group_that_is_no_bloc_keeps_the_pointer(bot: Harness) -> None:
    [answer] = await bot.say(bot.group, CAROL, "/pledge")
    assert "tin nhắn riêng với tôi" in answer.text

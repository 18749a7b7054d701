"""🔍 under a group /status of a round, pressed by someone it does not serve, states the rule
(the unit's own delegates and the bloc admins) instead of "only bloc admins" (QA qa-roles, #11)."""

from __future__ import annotations

from tests.flows.assess_kit import ready, submit
from tests.flows.conftest import ALICE, BOB, CAROL, Harness


async def test_the_magnifier_states_who_may_read_the_scores(bot: Harness) -> None:
    await ready(bot, {"DLK": [ALICE], "DNG": [BOB]})
    await submit(bot, ALICE)
    [status] = await bot.say(bot.group, CAROL, "/status midyear")
    for person in (CAROL, BOB):  # a member; another unit's delegate
        said = await bot.press(bot.group, person, message_id=status.message_id, text="🔍 DLK")
        assert (said or {}).get("text") == (
            "Chỉ cán bộ đầu mối của DLK và quản trị Khối xem được bảng điểm chi tiết;"
            " nhóm xem tổng điểm ở trên."
        )
    seen = len(bot.emu.bot_messages(ALICE))
    await bot.press(bot.group, ALICE, message_id=status.message_id, text="🔍 DLK")
    assert len(bot.emu.bot_messages(ALICE)) == seen + 1  # the unit's own delegate reads it

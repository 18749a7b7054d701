"""An out-of-date button names the command to type again (QA qa-roles, defect 10)."""

from __future__ import annotations

from handlers import stale
from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.membership_kit import make_delegate, set_up


async def test_a_stale_button_names_its_command(bot: Harness) -> None:
    await set_up(bot, "DLK")
    await make_delegate(bot, ALICE, "DLK")
    [shown] = await bot.say(ALICE, ALICE, "/me")
    for data, said in (
        ("v1:pledge:zap", "Nút này đã cũ hoặc không còn dùng được. Anh/Chị gõ lại /pledge."),
        ("v1:assess:zap:1", "Nút này đã cũ hoặc không còn dùng được. Anh/Chị gõ lại /assess."),
        ("junk", "Nút này đã cũ hoặc không còn dùng được. Đề nghị gõ lại lệnh."),
    ):
        query = bot.emu.press_forged(ALICE, ALICE, shown.message_id, data)
        await bot.settle()
        assert (bot.emu.answer_for(query) or {}).get("text") == said, data
    # a well-formed button whose request is gone (a use case's NotFound) names it too
    [units] = await bot.say(bot.group, ADMIN, "/units")
    query = bot.emu.press_forged(bot.group, ADMIN, units.message_id, "v1:join:yes:777")
    await bot.settle()
    assert (bot.emu.answer_for(query) or {}).get("text", "").endswith("gõ lại /join.")


async def test_every_button_kind_names_a_command_of_the_bot(bot: Harness) -> None:
    registry = bot.app.bot_data.registry  # type: ignore[union-attr]
    kinds = {kind for kind, _ in registry.button_table}
    assert kinds <= set(stale.COMMANDS), kinds - set(stale.COMMANDS)
    assert set(stale.COMMANDS.values()) <= {name for name, _ in registry.commands}

"""/invite when Telegram fails (issue 17, finding 8): a link that may have been delivered is
never revoked, and the admin hears that Telegram failed, not "press Start"."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.membership_kit import LINK_RE, delegates_of, set_up

PRESS_START = "bấm Bắt đầu"
TELEGRAM_FAILED = "Telegram đang gặp lỗi"


async def _revoked(bot: Harness) -> list[bool]:
    rows = await bot.services.db.fetch_all("SELECT revoked_at FROM invites ORDER BY id")
    return [r["revoked_at"] is not None for r in rows]


async def test_a_5xx_on_the_private_send_keeps_the_link_and_says_telegram_failed(
    bot: Harness,
) -> None:
    await set_up(bot, "DLK")
    bot.emu.start_bot(ADMIN)
    bot.emu.faults.fail_next(1, status=502, methods={"sendMessage"})
    await bot.say(bot.group, ADMIN, "/invite DLK")
    said = bot.last(bot.group).text
    assert TELEGRAM_FAILED in said and "/invite DLK" in said and PRESS_START not in said
    assert await _revoked(bot) == [False]
    await bot.say(bot.group, ADMIN, "/invite DLK")  # trying again works
    assert "đã gửi đường dẫn mời" in bot.last(bot.group).text
    found = LINK_RE.search(bot.last(ADMIN).text)
    assert found and await _revoked(bot) == [False, False]


async def test_a_link_delivered_after_a_time_out_still_works(bot: Harness) -> None:
    """The private send answers after the bot gave up waiting (PTB's 5 s read time-out): the
    link arrives late, and it must not have been revoked meanwhile."""
    await set_up(bot, "DLK")
    bot.emu.start_bot(ADMIN)
    bot.emu.faults.delay_next(1, 5.5, methods={"sendMessage"})
    await bot.say(bot.group, ADMIN, "/invite DLK")
    await bot.settle()
    assert TELEGRAM_FAILED in bot.last(bot.group).text
    found = LINK_RE.search(bot.last(ADMIN).text)
    assert found, "the link arrived late"
    assert await _revoked(bot) == [False]
    bot.emu.start_bot(ALICE)
    await bot.say(ALICE, ALICE, f"/start {found.group(1)}")
    assert await delegates_of(bot, "DLK") == [ALICE]

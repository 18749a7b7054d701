"""/invite and /start <token>: one-time links, expiry, revocation, forged and reused tokens."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.domain.membership import token_digest
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.membership_kit import (
    LINK_RE,
    UNITS,
    bot_en,
    delegates_of,
    invite_link,
    set_up,
    table_dump,
)

__all__ = ["bot_en"]


async def test_invite_sends_a_one_time_link_in_private_and_binds_its_opener(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await set_up(bot, "DLK")
    bot.emu.start_bot(ADMIN)
    [notice] = await bot.say(bot.group, ADMIN, "/invite dlk")
    assert "tin nhắn riêng" in notice.text and "start=" not in notice.text
    link = bot.last(ADMIN)
    found = LINK_RE.search(link.text)
    assert found and "DLK" in link.text and UNITS["DLK"] in link.text
    token = found.group(1)
    assert 32 <= len(token) <= 64
    assert link.button_texts() == ["✖️ Thu hồi đường dẫn"]
    stored = await bot.services.db.fetch_all("SELECT token_hash FROM invites")
    assert [row["token_hash"] for row in stored] == [token_digest(token)]
    [welcome] = await bot.say(ALICE, ALICE, f"/start {token}")
    assert welcome.text.startswith("✅") and "DLK" in welcome.text
    assert await delegates_of(bot, "DLK") == [ALICE]
    assert bot.last(bot.group).text == "👤 Lan đã trở thành cán bộ đầu mối của DLK."
    [used] = await bot.say(BOB, BOB, f"/start {token}")
    assert "already used" in used.text
    assert await delegates_of(bot, "DLK") == [ALICE]
    assert token not in caplog.text


async def test_tokens_are_random_and_distinct(bot: Harness) -> None:
    await set_up(bot, "DLK")
    tokens = {await invite_link(bot, "DLK") for _ in range(3)}
    assert len(tokens) == 3


async def test_expired_forged_and_revoked_links_bind_nothing(bot: Harness) -> None:
    await set_up(bot, "DLK")
    old = await invite_link(bot, "DLK")
    bot.clock.move(timedelta(days=7, seconds=1))
    fresh = await invite_link(bot, "DLK")
    await bot.press(ADMIN, ADMIN, text="✖️")
    assert "Đã thu hồi" in bot.last(ADMIN).text and not bot.last(ADMIN).buttons
    before = await table_dump(bot)
    [expired] = await bot.say(ALICE, ALICE, f"/start {old}")
    assert "hết hạn" in expired.text
    [revoked] = await bot.say(ALICE, ALICE, f"/start {fresh}")
    assert "thu hồi" in revoked.text
    [forged] = await bot.say(ALICE, ALICE, "/start " + "A" * 32)
    assert "không hợp lệ" in forged.text
    [odd] = await bot.say(ALICE, ALICE, "/start ../../etc?x=1")
    assert "không hợp lệ" in odd.text
    assert await table_dump(bot) == before
    [plain] = await bot.say(ALICE, ALICE, "/start")
    assert "Xin chào" in plain.text


async def test_a_link_opened_by_a_delegate_of_the_unit_stays_usable(bot: Harness) -> None:
    await set_up(bot, "DLK")
    first = await invite_link(bot, "DLK")
    await bot.say(ALICE, ALICE, f"/start {first}")
    second = await invite_link(bot, "DLK")
    [already] = await bot.say(ALICE, ALICE, f"/start {second}")
    assert "đã là cán bộ đầu mối" in already.text
    [joined] = await bot.say(CAROL, CAROL, f"/start {second}")
    assert joined.text.startswith("✅")
    assert sorted(await delegates_of(bot, "DLK")) == [ALICE, CAROL]


async def test_revoking_a_used_link_is_refused(bot: Harness) -> None:
    await set_up(bot, "DLK")
    token = await invite_link(bot, "DLK")
    await bot.say(ALICE, ALICE, f"/start {token}")
    answer = await bot.press(ADMIN, ADMIN, text="✖️")
    assert answer is not None and "đã được dùng" in answer["text"]
    assert await delegates_of(bot, "DLK") == [ALICE]


async def test_an_admin_who_never_started_the_bot_is_told_to_open_the_chat(bot: Harness) -> None:
    await set_up(bot, "DLK")
    [answer] = await bot.say(bot.group, ADMIN, "/invite DLK")
    assert "chưa nhắn riêng" in answer.text
    assert answer.buttons[0][0].url == "https://t.me/bloc_assistant_bot"
    rows = await bot.services.db.fetch_all("SELECT revoked_at FROM invites")
    assert len(rows) == 1 and rows[0]["revoked_at"] is not None


async def test_invite_bad_inputs(bot: Harness) -> None:
    await set_up(bot, "DLK")
    bot.emu.start_bot(ADMIN)
    [usage] = await bot.say(bot.group, ADMIN, "/invite")
    assert "/invite MÃ" in usage.text
    [unknown] = await bot.say(bot.group, ADMIN, "/invite QNG")
    assert "không có đơn vị" in unknown.text
    [bad] = await bot.say(bot.group, ADMIN, "/invite q")
    assert "không hợp lệ" in bad.text
    [private] = await bot.say(ADMIN, ADMIN, "/invite DLK")
    assert "dùng trong nhóm" in private.text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM invites") == 0


async def test_invites_in_english(bot_en: Harness) -> None:
    bot = bot_en
    await bot.say(bot.group, ADMIN, "/setup Highlands")
    await bot.say(bot.group, ADMIN, "/addunit DNG Da Nang board")
    bot.emu.start_bot(ADMIN)
    [notice] = await bot.say(bot.group, ADMIN, "/invite DNG")
    assert "I sent you the invite link for DNG" in notice.text
    found = LINK_RE.search(bot.last(ADMIN).text)
    assert found
    [welcome] = await bot.say(BOB, BOB, f"/start {found.group(1)}")
    assert welcome.text.startswith("✅ Welcome! You are now the delegate of DNG")
    assert bot.last(bot.group).text == "👤 Bob has become a delegate of DNG."
    [used] = await bot.say(CAROL, CAROL, f"/start {found.group(1)}")
    assert "đã được dùng" in used.text

"""/cancel typed in the group shows nothing of the person's private work and changes none of
it (QA qa9 #1): their pledge draft stays active, their ballot keeps its buttons; the group hears
only that /cancel pauses work in the private chat, with a button to open it. The private
/cancel still pauses the draft and closes the ballot."""

from __future__ import annotations

from bot.emulator import SentMessage
from tests.flows.conftest import ALICE, BOB, Harness
from tests.flows.test_election import open_vote, ready
from tests.flows.year_setup import set_deadline


async def _draft_and_ballot(bot: Harness, user: int, title: str) -> int:
    """A pledge draft at step 2 and a head ballot on screen; the ballot's message id."""
    await set_deadline(bot, "pledge 31/01/2026")
    await open_vote(bot, "head")
    await bot.say(user, user, "/pledge")
    await bot.press(user, user, text=title)
    await bot.press(user, user, text="Tiếp" if user != BOB else "Next")
    await bot.say(user, user, "Cam kết thử")
    [ballot] = await bot.say(user, user, "/vote")
    return ballot.message_id


def _message(bot: Harness, chat: int, message_id: int) -> SentMessage:
    return next(m for m in bot.emu.bot_messages(chat) if m.message_id == message_id)


async def test_cancel_in_the_group_shows_and_changes_nothing_private(bot: Harness) -> None:
    await ready(bot)
    ballot_id = await _draft_and_ballot(bot, ALICE, "Cờ thi đua")
    before = await bot.services.flows.active(ALICE)
    assert before is not None and before.name == "pledge"
    [told] = await bot.say(bot.group, ALICE, "/cancel")
    assert told.text.startswith("Trong nhóm, /cancel không tạm dừng việc gì.")
    assert "tin nhắn riêng với tôi (nếu có) được tạm dừng bằng /cancel" in told.text
    for private in ("Bản nháp", "/pledge", "phiếu đang bỏ dở", "DLK", "Đã hủy"):
        assert private not in told.text
    assert told.button_texts() == ["💬 Mở tin nhắn riêng"]
    assert told.buttons[0][0].url is not None and told.buttons[0][0].url.startswith("https://t.me/")
    # The draft is untouched and still the active flow; the ballot keeps its buttons and casts.
    after = await bot.services.flows.active(ALICE)
    assert after is not None and (after.name, after.step, after.data) == (
        before.name,
        before.step,
        before.data,
    )
    ballot = _message(bot, ALICE, ballot_id)
    assert not ballot.text.startswith("✖️") and "DNG" in ballot.button_texts()
    await bot.press(ALICE, ALICE, message_id=ballot_id, text="DNG")
    await bot.press(ALICE, ALICE, message_id=ballot_id, text="✅")
    assert "Mã phiếu:" in _message(bot, ALICE, ballot_id).text
    # The private /cancel still pauses the draft.
    [paused] = await bot.say(ALICE, ALICE, "/cancel")
    assert paused.text.startswith("Đã tạm dừng. Bản nháp của Anh/Chị vẫn được giữ")
    assert await bot.services.flows.active(ALICE) is None


async def test_cancel_in_an_english_group_shows_nothing_private(bot: Harness) -> None:
    await ready(bot, language="en")
    ballot_id = await _draft_and_ballot(bot, BOB, "Emulation flag")
    [told] = await bot.say(bot.group, BOB, "/cancel")
    assert told.text.startswith("In the group, /cancel pauses nothing.")
    assert "private chat with me (if any) is paused by typing /cancel" in told.text
    for private in ("draft", "/pledge", "ballot", "DNG", "Cancelled"):
        assert private not in told.text
    assert told.button_texts() == ["💬 Open private chat"]
    active = await bot.services.flows.active(BOB)
    assert active is not None and active.name == "pledge"
    ballot = _message(bot, BOB, ballot_id)
    assert not ballot.text.startswith("✖️") and "DLK" in ballot.button_texts()
    # The private /cancel closes the ballot and pauses the draft, as before.
    [said] = await bot.say(BOB, BOB, "/cancel")
    assert "Your draft is kept" in said.text and "The ballot in progress above" in said.text
    assert _message(bot, BOB, ballot_id).buttons == []

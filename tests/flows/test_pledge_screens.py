"""Issue 10 §2.2 and §2.4 through the emulator, in both languages: a pledge whose title an admin
removed says what changed and goes back to a screen with its way on; step 1 refuses going on
without a title; 🗑 asks before deleting the commitments."""

from __future__ import annotations

import pytest

from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.year_setup import make_bloc, open_year, pledge_of

WORDS = {
    "vi": {
        "next": "Tiếp",
        "review": "Xem lại",
        "merit": "Bằng khen của Bộ trưởng Bộ Tài chính",
        "flag": "Cờ thi đua của Bộ Tài chính",
        "removed": "Quản trị Khối đã gỡ Bằng khen của Bộ trưởng Bộ Tài chính khỏi danh sách",
        "step1": "Bước 1/3",
        "step2": "Bước 2/3",
        "no_title": "ít nhất một danh hiệu",
        "ask": "Xóa toàn bộ nội dung cam kết đã gửi (18 ký tự)?",
        "clear_ok": "✅ Xóa nội dung",
        "keep": "✖️ Giữ lại",
        "count": "Hiện có 18/3.000 ký tự",
        "empty": "Hiện có 0/3.000 ký tự",
    },
    "en": {
        "next": "Next",
        "review": "Review",
        "merit": "Certificate of merit of the Minister of Finance",
        "flag": "Emulation flag of the Ministry of Finance",
        "removed": "A bloc admin removed Certificate of merit of the Minister of Finance from",
        "step1": "Step 1/3",
        "step2": "Step 2/3",
        "no_title": "at least one title",
        "ask": "Delete all the commitments sent so far (18 characters)?",
        "clear_ok": "✅ Delete the text",
        "keep": "✖️ Keep it",
        "count": "So far 18/3,000 characters",
        "empty": "So far 0/3,000 characters",
    },
}


async def _ready(bot: Harness, lang: str) -> object:
    bloc = await make_bloc(bot, language=lang, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await bot.say(ALICE, ALICE, f"/lang {lang}")
    await bot.say(ADMIN, ADMIN, f"/lang {lang}")
    return bloc


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_removed_title_is_said_and_the_pledge_goes_on(bot: Harness, lang: str) -> None:
    w = WORDS[lang]
    bloc = await _ready(bot, lang)
    await bot.say(ALICE, ALICE, "/pledge")
    answer = await bot.press(ALICE, ALICE, text=w["next"])
    assert answer is not None and w["no_title"] in answer["text"]
    assert w["step1"] in bot.last(ALICE).text
    await bot.press(ALICE, ALICE, text=w["merit"])
    await bot.press(ALICE, ALICE, text=w["next"])
    await bot.say(ALICE, ALICE, "Cam kết đầy đủ nhé")
    await bot.press(ALICE, ALICE, text=w["review"])
    review = bot.last(ALICE)
    await bot.say(bot.group, ADMIN, "/titles remove 2")
    await bot.press(bot.group, ADMIN, text="✅")

    answer = await bot.press(ALICE, ALICE, message_id=review.message_id, text="✅")
    assert answer is not None and answer["text"] is None  # the screen says it, once
    [now] = [m for m in bot.emu.bot_messages(ALICE) if m.message_id == review.message_id]
    assert w["removed"] in now.text and w["step1"] in now.text
    assert f"⬜ {w['flag']}" in now.button_texts() and f"{w['next']} ➡️" in now.button_texts()
    assert await pledge_of(bot, bloc, "DLK") is None  # type: ignore[arg-type]

    await bot.press(ALICE, ALICE, message_id=now.message_id, text=w["flag"])
    await bot.press(ALICE, ALICE, text=w["next"])
    assert w["count"] in bot.last(ALICE).text  # the commitments were kept
    await bot.press(ALICE, ALICE, text=w["review"])
    await bot.press(ALICE, ALICE, text="✅")
    stored = await pledge_of(bot, bloc, "DLK")  # type: ignore[arg-type]
    assert stored is not None and stored.commitments == "Cam kết đầy đủ nhé"


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_clear_text_asks_first(bot: Harness, lang: str) -> None:
    w = WORDS[lang]
    await _ready(bot, lang)
    await bot.say(ALICE, ALICE, "/pledge")
    await bot.press(ALICE, ALICE, text=w["flag"])
    await bot.press(ALICE, ALICE, text=w["next"])
    [saved] = await bot.say(ALICE, ALICE, "Cam kết đầy đủ nhé")
    await bot.press(ALICE, ALICE, message_id=saved.message_id, text="🗑")
    [asked] = [m for m in bot.emu.bot_messages(ALICE) if m.message_id == saved.message_id]
    assert w["ask"] in asked.text and asked.button_texts() == [w["clear_ok"], w["keep"]]
    await bot.press(ALICE, ALICE, message_id=saved.message_id, text="✖️")
    state = await bot.services.flows.get(ALICE, "pledge")
    assert state is not None and state.data["drafts"]["1"]["parts"] == ["Cam kết đầy đủ nhé"]
    assert w["count"] in bot.last(ALICE).text
    await bot.press(ALICE, ALICE, message_id=saved.message_id, text="🗑")
    await bot.press(ALICE, ALICE, message_id=saved.message_id, text="✅")
    assert w["empty"] in bot.last(ALICE).text
    state = await bot.services.flows.get(ALICE, "pledge")
    assert state is not None and state.data["drafts"]["1"]["parts"] == []

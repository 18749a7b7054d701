"""Editing a registered pledge, step 2 shows the commitments as the unit registered them,
quoted, with how to change them (before, the person had to retype them from memory); a text too
long to show whole stays within Telegram's limit and says not to copy it."""

from __future__ import annotations

import pytest

from tests.flows.conftest import ALICE, Harness
from tests.flows.year_setup import make_bloc, open_year, pledge_of

REGISTERED = "Hoàn thành 100% kế hoạch <thu hút> đầu tư & việc làm.\nKhông vi phạm môi trường."
CORRECTED = "Hoàn thành 110% kế hoạch thu hút đầu tư.\nKhông vi phạm môi trường."

WORDS = {
    "vi": {
        "flag": "Cờ thi đua của Bộ Tài chính",
        "next": "Tiếp",
        "review": "Xem lại",
        "label": "Nội dung cam kết đơn vị đã đăng ký:",
        "draft": "Nội dung cam kết đã gửi:",
        "how": "Để sửa nội dung: sao chép nội dung dưới đây, bấm 🗑 Xóa nội dung",
        "count": "Hiện có 79/3.000 ký tự",
        "cut": "không sao chép từ nội dung dưới đây",
        "shortened": "đã rút gọn",
    },
    "en": {
        "flag": "Emulation flag of the Ministry of Finance",
        "next": "Next",
        "review": "Review",
        "label": "The commitments the unit registered:",
        "draft": "The commitments sent so far:",
        "how": "To change the text: copy it from below, press 🗑 Clear text",
        "count": "So far 79/3,000 characters",
        "cut": "do not copy it from there",
        "shortened": "shortened to fit one message",
    },
}


def units16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def _registered(bot: Harness, lang: str, text: str):  # type: ignore[no-untyped-def]
    w = WORDS[lang]
    bloc = await make_bloc(bot, language=lang, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await bot.say(ALICE, ALICE, f"/lang {lang}")
    await bot.say(ALICE, ALICE, "/pledge")
    await bot.press(ALICE, ALICE, text=w["flag"])
    await bot.press(ALICE, ALICE, text=w["next"])
    await bot.say(ALICE, ALICE, text)
    await bot.press(ALICE, ALICE, text=w["review"])
    await bot.press(ALICE, ALICE, text="✅")
    stored = await pledge_of(bot, bloc, "DLK")
    assert stored is not None and stored.commitments == text
    return bloc


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_step_two_quotes_the_registered_text_to_copy_and_change(
    bot: Harness, lang: str
) -> None:
    w = WORDS[lang]
    bloc = await _registered(bot, lang, REGISTERED)

    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    await bot.press(ALICE, ALICE, message_id=screen.message_id, text=w["next"])
    step2 = bot.last(ALICE)
    assert w["count"] in step2.text and w["how"] in step2.text
    assert f"{w['label']}\n{REGISTERED}" in step2.text  # as registered: nothing escaped twice
    [quote] = [e for e in step2.entities if e["type"] == "blockquote"]
    start = len(step2.text[: step2.text.index(REGISTERED)].encode("utf-16-le")) // 2
    assert (quote["offset"], quote["length"]) == (start, units16(REGISTERED))

    # copy, 🗑, send the corrected text: it replaces the registered one, not added to it
    await bot.press(ALICE, ALICE, message_id=step2.message_id, text="🗑")
    await bot.press(ALICE, ALICE, message_id=step2.message_id, text="✅")
    await bot.say(ALICE, ALICE, CORRECTED)
    await bot.press(ALICE, ALICE, text=w["review"])
    await bot.press(ALICE, ALICE, text="✅")
    stored = await pledge_of(bot, bloc, "DLK")
    assert stored is not None and stored.commitments == CORRECTED


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_changed_draft_is_quoted_as_sent_so_far(bot: Harness, lang: str) -> None:
    w = WORDS[lang]
    await _registered(bot, lang, REGISTERED)
    await bot.say(ALICE, ALICE, "/pledge")
    await bot.press(ALICE, ALICE, text=w["next"])
    await bot.say(ALICE, ALICE, "Thêm một ý.")
    await bot.press(ALICE, ALICE, text="⬅️")
    await bot.press(ALICE, ALICE, text=w["next"])
    assert f"{w['draft']}\n{REGISTERED}\nThêm một ý." in bot.last(ALICE).text


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_text_too_long_to_show_whole_fits_and_says_not_to_copy(
    bot: Harness, lang: str
) -> None:
    """2,999 emoji are 5,998 UTF-16 code units, as Telegram counts them: the quote is shortened
    within 4096, and the screen says copying it would lose its end."""
    w = WORDS[lang]
    await _registered(bot, lang, "😀" * 2999)
    await bot.say(ALICE, ALICE, "/pledge")
    await bot.press(ALICE, ALICE, text=w["next"])
    step2 = bot.last(ALICE)
    assert units16(step2.text) <= 4096
    assert w["cut"] in step2.text and w["shortened"] in step2.text and w["how"] not in step2.text
    assert "😀" * 500 in step2.text

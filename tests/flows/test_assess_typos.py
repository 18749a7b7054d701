"""Scores and notes mistyped in /assess (QA qa8, item 9): "7," at a score step is asked about
(7, or 7,5?) rather than taken as 7; "7.5.1" at a note step is asked about (a mistyped score,
or the note?) rather than kept silently as the note; refusals quote the words typed and end
as sentences, in the wizard, the paste and the review alike."""

from __future__ import annotations

from decimal import Decimal

from tests.flows.assess_kit import press_exact, ready, scores_of, with_buttons
from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.results_kit import midyear_under_review


async def test_a_score_with_its_decimals_cut_off_is_asked_about(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")  # 1.1, up to 10
    [asked] = await bot.say(ALICE, ALICE, "7,")
    assert asked.text == (
        "Anh/Chị vừa gõ «7,» cho tiêu chí 1.1: điểm là 7, hay còn thiếu phần lẻ sau dấu phẩy"
        " (ví dụ 7,5)? Anh/Chị bấm nút dưới đây, hoặc gõ lại điểm đầy đủ; chưa có gì được lưu"
        " cho đến khi Anh/Chị bấm nút."
    )
    assert asked.button_texts()[:2] == ["Chấm 1.1: 7 điểm", "Chấm 1.1: 7,5 điểm"]
    assert "1.1" not in await scores_of(bot, bloc, "DLK")
    await bot.press(ALICE, ALICE, text="Chấm 1.1: 7,5 điểm")
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].value == Decimal("7.5")
    assert "Tiêu chí 1.1" in bot.last(ALICE).text  # on to 1.1's note, as after any score


async def test_only_the_readings_the_criterion_takes_are_offered(bot: Harness) -> None:
    await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, "1.1 10\n1.2 9")
    await bot.press(ALICE, ALICE, text="Tổng quan")
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")  # the first missing: 1.3
    assert "Tiêu chí 1.3" in with_buttons(bot, ALICE).text
    [only] = await bot.say(ALICE, ALICE, "8,")  # 1.3 goes up to 8: "8," can only mean 8
    assert only.button_texts()[0] == "Chấm 1.3: 8 điểm"
    assert "Chấm 1.3: 8,5 điểm" not in only.button_texts()


async def test_a_score_cut_short_in_english(bot: Harness) -> None:
    await ready(bot, {"DNG": [BOB]})
    await bot.say(BOB, BOB, "/assess")
    await bot.press(BOB, BOB, text="Score each criterion")
    [asked] = await bot.say(BOB, BOB, "7.")
    assert asked.text.startswith(
        "You typed “7.” for criterion 1.1: is the score 7, or are its decimals missing (e.g. 7.5)?"
    )
    assert asked.button_texts()[:2] == ["Score 1.1: 7", "Score 1.1: 7.5"]


async def test_a_mistyped_score_at_the_note_step_is_asked_about(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")
    await press_exact(bot, ALICE, ALICE, "10")  # 1.1 scored: its note step
    [asked] = await bot.say(ALICE, ALICE, "7.5.1")
    assert asked.text.startswith(
        "Anh/Chị vừa gõ 7.5.1 ở bước ghi chú của tiêu chí 1.1 (điểm đã chấm: 10)."
        " Đây không phải là số điểm hợp lệ của tiêu chí này. «7.5.1» không phải là một số.\n"
    )
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].note is None  # nothing kept yet
    await bot.press(ALICE, ALICE, text="📝 Lưu «7.5.1» làm ghi chú")
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].note == "7.5.1"


async def test_refusals_quote_the_words_and_end_as_sentences(bot: Harness) -> None:
    await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")
    [wizard] = await bot.say(ALICE, ALICE, "mười")
    assert wizard.text == "Tiêu chí 1.1: «mười» không phải là một số."
    [pasted] = await bot.say(ALICE, ALICE, "1.1 9\n9.9 3\n1.3 9")
    assert "• Dòng 2: thang điểm không có tiêu chí 9.9.\n" in pasted.text
    assert "• Tiêu chí 1.3 (dòng 3): điểm phải từ 0 đến 8.\n" in pasted.text


async def test_review_refusals_end_as_sentences(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]}, deadline=False)
    await bot.say(ADMIN, ADMIN, "/start")
    await midyear_under_review(bot, bloc, ("DLK",))
    await bot.say(bot.group, ADMIN, "/review midyear")
    await bot.press(ADMIN, ADMIN, text="DLK")
    [refused, _screen] = await bot.say(ADMIN, ADMIN, "1.2 11 Thiếu\n9.9 3 Không có\n1.3 mười X")
    assert refused.text.splitlines() == [
        "Tiêu chí 1.2 (dòng 1): điểm phải từ 0 đến 10.",
        "Dòng 2: thang điểm không có tiêu chí 9.9.",
        "Tiêu chí 1.3 (dòng 3): «mười» không phải là một số.",
    ]

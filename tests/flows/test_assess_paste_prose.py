"""/assess: a paste that opens with prose (a greeting, a spreadsheet's header row) keeps its
score lines, and every other line is named as not a score line (QA assess, defects 2 and 6)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from tests.flows.assess_kit import at_first_note, ready, scores_of, with_buttons
from tests.flows.conftest import ALICE, BOB, Harness


async def test_a_greeting_first_keeps_the_score_lines(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    [answer] = await bot.say(ALICE, ALICE, "Kính gửi Khối\n2.2 4,5 Có 2 điển hình\n2.3 5")
    assert "Đã lưu: 2.2 = 4,5, 2.3 = 5" in answer.text
    # the greeting is set aside, not counted as a line refused
    assert "Dòng 1 không phải là dòng điểm (lời chào, tiêu đề…) nên được bỏ qua." in answer.text
    assert "chưa nhận" not in answer.text and "Dòng 1:" not in answer.text
    scores = await scores_of(bot, bloc, "DLK")
    assert scores["2.2"].value == Decimal("4.5") and scores["2.2"].note == "Có 2 điển hình"
    assert scores["2.3"].value == Decimal(5)


async def test_a_prose_line_in_the_middle_is_not_called_a_criterion(bot: Harness) -> None:
    await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    [answer] = await bot.say(ALICE, ALICE, "2.2 4,5\nKính gửi Khối\n2.9 5\n😀")
    assert "Dòng 2: không phải là dòng điểm" in answer.text
    assert "Dòng 3: thang điểm không có tiêu chí 2.9" in answer.text
    assert "Dòng 4: không phải là dòng điểm" in answer.text
    assert "tiêu chí Kính" not in answer.text


async def test_a_header_row_at_the_note_step_is_no_note(bot: Harness) -> None:
    """Three columns copied with their header row while 1.1 waits for its note."""
    bloc = await at_first_note(bot, ALICE, "DLK", "9")
    [answer] = await bot.say(ALICE, ALICE, "Mã\tĐiểm\tGhi chú\n4.3\t2,5\tđóng góp đủ\nT2\t1")
    assert "Đã lưu: 4.3 = 2,5, T2 = 1" in answer.text
    assert "Dòng 1 không phải là dòng điểm (lời chào, tiêu đề…) nên được bỏ qua." in answer.text
    assert "Đã lưu ghi chú" not in answer.text
    scores = await scores_of(bot, bloc, "DLK")
    assert scores["1.1"].note is None
    assert scores["4.3"].note == "đóng góp đủ" and scores["T2"].value == Decimal(1)


async def test_a_greeting_first_in_english_at_the_note_step(bot: Harness) -> None:
    bloc = await at_first_note(bot, BOB, "DNG", "9", "Score each criterion")
    [answer] = await bot.say(BOB, BOB, "Dear bloc, our scores:\n1.2 8.5 Three new projects")
    assert "Stored: 1.2 = 8.5" in answer.text
    assert "Line 1 is not a score line (a greeting, a title…), so it was left out." in answer.text
    assert "not taken" not in answer.text
    scores = await scores_of(bot, bloc, "DNG")
    assert scores["1.1"].note is None and scores["1.2"].note == "Three new projects"
    assert "↩️ Back to the criterion" in with_buttons(bot, BOB).button_texts()


async def test_a_half_point_on_a_whole_point_item_says_whole_number(bot: Harness) -> None:
    """D1 is scored in steps of 1: "chấm lẻ đến 1 (bội số của 1)" said nothing (defect 10)."""
    await ready(bot, {"DLK": [ALICE], "DNG": [BOB]})
    await bot.say(ALICE, ALICE, "/assess")
    [vi] = await bot.say(ALICE, ALICE, "D1 1,5")
    assert "Tiêu chí D1 (dòng 1): điểm phải là số nguyên (tiêu chí này không chấm lẻ)" in vi.text
    await bot.say(BOB, BOB, "/assess")
    [en] = await bot.say(BOB, BOB, "D1 1.5")
    assert "the score must be a whole number" in en.text and "steps of" not in en.text


async def test_an_unchanged_line_is_named_beside_a_refused_one(bot: Harness) -> None:
    """`1.1 5` then `1.1 5⏎1.1 6`: line 1 is unchanged, not lost (QA assess, defect 14)."""
    await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, "1.1 5")
    [answer] = await bot.say(ALICE, ALICE, "1.1 5\n1.1 6")
    assert "1 tiêu chí không đổi" in answer.text and "1 dòng chưa nhận" in answer.text
    assert "Không lưu điểm nào" not in answer.text


async def test_the_score_it_already_has_typed_at_the_note_step(bot: Harness) -> None:
    """ "Change 1.1's score to 9" when it is 9 offered a change that changes nothing (defect 16)."""
    await at_first_note(bot, ALICE, "DLK", "9")
    [asked] = await bot.say(ALICE, ALICE, "9")
    assert "Tiêu chí 1.1 đã có điểm 9" in asked.text
    assert not any(label.startswith("✏️ Sửa điểm") for label in asked.button_texts())
    assert "📝 Lưu «9» làm ghi chú" in asked.button_texts()


async def test_prose_in_a_locked_round_is_told_the_lock(bot: Harness) -> None:
    """Not "press Score each criterion", a button a locked round does not have (defect 16)."""
    await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    bot.clock.set(datetime(2026, 6, 30, 11, 0, tzinfo=UTC))  # 18:00 in Vietnam: locked
    [answer] = await bot.say(ALICE, ALICE, "Kính gửi Khối")
    assert "Đã hết thời hạn tự chấm điểm" in answer.text
    assert "Chấm từng tiêu chí" not in answer.text


async def test_a_score_line_after_words_is_named_not_lost(bot: Harness) -> None:
    """`Báo cáo: 2.4 3` was neither taken nor named: the overview's hint, or the note of the
    criterion at hand. It is named with the form, and no score is guessed out of it (QA assess,
    defect 2)."""
    bloc = await ready(bot, {"DLK": [ALICE], "DNG": [BOB]})
    await bot.say(ALICE, ALICE, "/assess")
    [answer] = await bot.say(ALICE, ALICE, "Báo cáo: 2.4 3")
    assert (
        "Dòng 1: «Báo cáo: 2.4 3» chưa được nhận: dòng điểm phải bắt đầu bằng mã tiêu chí, "
        "ví dụ 2.4 3" in answer.text
    )
    assert "Chấm từng tiêu chí hoặc dán" not in answer.text
    # among good lines, the same line is named the same way
    [mixed] = await bot.say(ALICE, ALICE, "2.2 4,5\nĐiểm tiêu chí 2.4 3,5 đã đủ")
    assert "Đã lưu: 2.2 = 4,5" in mixed.text
    assert "Dòng 2: «Điểm tiêu chí 2.4 3,5 đã đủ» chưa được nhận" in mixed.text
    assert "ví dụ 2.4 3,5" in mixed.text
    assert "2.4" not in await scores_of(bot, bloc, "DLK")
    await bot.say(BOB, BOB, "/assess")
    [en] = await bot.say(BOB, BOB, "Report: 2.4 3")
    assert (
        "Line 1: “Report: 2.4 3” was not taken: a score line starts with the criterion's code, "
        "e.g. 2.4 3" in en.text
    )


async def test_a_score_line_after_words_at_the_note_step_is_asked_about(bot: Harness) -> None:
    """At 1.1's note step the line is named, and kept as the note only if the delegate says so."""
    bloc = await at_first_note(bot, ALICE, "DLK", "9")
    [answer] = await bot.say(ALICE, ALICE, "Báo cáo: 2.4 3")
    assert "«Báo cáo: 2.4 3» chưa được nhận" in answer.text
    assert "Đã lưu ghi chú" not in answer.text
    assert any(label.startswith("📝") for label in answer.button_texts())
    scores = await scores_of(bot, bloc, "DLK")
    assert scores["1.1"].note is None and "2.4" not in scores

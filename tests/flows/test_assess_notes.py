"""/assess through the emulator: what is typed at a criterion's note or evidence step.

A line that starts with one of the scale's codes is a score line, stored or refused line by line,
never the note; a bare number right after scoring is asked about (the score meant to be
corrected, or the note?); a note that is saved is said so on the next screen.
"""

from __future__ import annotations

from decimal import Decimal

from tests.flows.assess_kit import press_exact, ready, scores_of, with_buttons
from tests.flows.conftest import ALICE, BOB, Harness


async def _at_note_of_1_1(bot: Harness, user: int, start: str) -> None:
    """The wizard at 1.1's note step, 1.1 scored 10 (`start`: the wizard's button)."""
    await bot.say(user, user, "/assess")
    await bot.press(user, user, text=start)
    await press_exact(bot, user, user, "10")


async def _at_note_of_1_2(bot: Harness, user: int, start: str) -> None:
    """The wizard at 1.2's note step (1.2 asks for evidence), 1.1 scored 10 with no note."""
    await _at_note_of_1_1(bot, user, start)
    await bot.press(user, user, data=with_buttons(bot, user).buttons[0][0].callback_data)
    await press_exact(bot, user, user, "9")


async def test_a_line_of_a_criterion_with_a_bad_score_is_refused_not_noted(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await _at_note_of_1_2(bot, ALICE, "Chấm từng tiêu chí")
    [refused] = await bot.say(ALICE, ALICE, "2.2 abc")  # the QA's line: at 1.2's note step
    assert "Tiêu chí 2.2 (dòng 1): «abc» không phải là một số." in refused.text
    assert "Ghi chú:" not in refused.text
    scores = await scores_of(bot, bloc, "DLK")
    assert scores["1.2"].note is None and "2.2" not in scores
    [stored] = await bot.say(ALICE, ALICE, "2.2 4 Đã tổ chức hội nghị điển hình")
    assert "Đã lưu: 2.2 = 4" in stored.text
    assert (await scores_of(bot, bloc, "DLK"))["2.2"].note == "Đã tổ chức hội nghị điển hình"
    await bot.press(ALICE, ALICE, text="Về tiêu chí đang chấm")
    [noted] = await bot.say(ALICE, ALICE, "Thu hút 12 dự án mới")  # a note: on to evidence
    assert noted.text.startswith("✅ Đã lưu ghi chú cho tiêu chí 1.2.")
    [again] = await bot.say(ALICE, ALICE, "2,2: chưa có số liệu")  # at the evidence step
    assert "Tiêu chí 2.2 (dòng 1): «chưa» không phải là một số." in again.text
    scores = await scores_of(bot, bloc, "DLK")
    assert scores["1.2"].evidence == () and scores["2.2"].value == Decimal(4)


async def test_notes_that_start_with_a_number_stay_notes(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await _at_note_of_1_1(bot, ALICE, "Chấm từng tiêu chí")
    [next_item] = await bot.say(ALICE, ALICE, "2 hội nghị đã tổ chức")
    assert next_item.text.startswith("✅ Đã lưu ghi chú cho tiêu chí 1.1.\n\n")
    assert "Tiêu chí 1.2" in next_item.text
    await press_exact(bot, ALICE, ALICE, "9")
    await bot.say(ALICE, ALICE, "15/6 đã nộp báo cáo")
    scores = await scores_of(bot, bloc, "DLK")
    assert scores["1.1"].note == "2 hội nghị đã tổ chức"
    assert scores["1.2"].note == "15/6 đã nộp báo cáo"


async def test_a_bad_score_line_in_english(bot: Harness) -> None:
    bloc = await ready(bot, {"DNG": [BOB]})
    await _at_note_of_1_2(bot, BOB, "Score each criterion")
    [refused] = await bot.say(BOB, BOB, "2.2 abc")
    assert "Criterion 2.2 (line 1): “abc” is not a number." in refused.text
    assert "2.2" not in await scores_of(bot, bloc, "DNG")
    await bot.press(BOB, BOB, text="📝 Keep “2.2 abc” as the note")
    assert (await scores_of(bot, bloc, "DNG"))["1.2"].note == "2.2 abc"
    assert bot.last(BOB).text.startswith("✅ Note saved for criterion 1.2.")


async def test_a_bare_number_at_the_note_step_is_asked_about(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, "1.1 10\n1.2 9\n1.3 8\n1.4 7")
    await bot.press(ALICE, ALICE, text="Tổng quan")
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")  # the first missing: 1.5
    await press_exact(bot, ALICE, ALICE, "8")
    [asked] = await bot.say(ALICE, ALICE, "7")
    assert "Tiêu chí 1.5 đang có điểm 8; Anh/Chị vừa gõ 7 ở bước ghi chú." in asked.text
    assert asked.button_texts()[:2] == ["✏️ Sửa điểm 1.5 thành 7", "📝 Lưu «7» làm ghi chú"]
    held = (await scores_of(bot, bloc, "DLK"))["1.5"]
    assert (held.value, held.note) == (Decimal(8), None)  # nothing saved before a press
    await bot.press(ALICE, ALICE, text="✏️ Sửa điểm 1.5 thành 7")
    held = (await scores_of(bot, bloc, "DLK"))["1.5"]
    assert (held.value, held.note) == (Decimal(7), None)
    assert "Điểm đã chấm: 7" in bot.last(ALICE).text  # still 1.5, at its note step
    [asked] = await bot.say(ALICE, ALICE, "7,5")
    assert "📝 Lưu «7,5» làm ghi chú" in asked.button_texts()
    await bot.press(ALICE, ALICE, text="📝 Lưu «7,5» làm ghi chú")
    held = (await scores_of(bot, bloc, "DLK"))["1.5"]
    assert (held.value, held.note) == (Decimal(7), "7,5")
    shown = bot.last(ALICE).text
    assert shown.startswith("✅ Đã lưu ghi chú cho tiêu chí 1.5.") and "Tiêu chí 1.6" in shown


async def test_a_number_no_score_can_be_is_offered_as_the_note_only(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, "1.1 10\n1.2 9\n1.3 8\n1.4 7\n1.5 8")
    await bot.press(ALICE, ALICE, text="Tổng quan")
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")  # 1.6, maximum 7
    await press_exact(bot, ALICE, ALICE, "7")
    [asked] = await bot.say(ALICE, ALICE, "12")
    assert "Điểm phải từ 0 đến 7." in asked.text
    assert not any("Sửa điểm 1.6" in label for label in asked.button_texts())
    first = with_buttons(bot, ALICE)
    await bot.say(ALICE, ALICE, "2026")  # another number asked about: the first button is old
    old = next(b for row in first.buttons for b in row if b.text == "📝 Lưu «12» làm ghi chú")
    answer = await bot.press(ALICE, ALICE, message_id=first.message_id, data=old.callback_data)
    assert answer is not None and "Nút này đã cũ" in answer["text"]
    assert (await scores_of(bot, bloc, "DLK"))["1.6"].note is None
    await bot.press(ALICE, ALICE, text="📝 Lưu «2026» làm ghi chú")
    assert (await scores_of(bot, bloc, "DLK"))["1.6"].note == "2026"


async def test_a_bare_number_at_the_note_step_in_english(bot: Harness) -> None:
    bloc = await ready(bot, {"DNG": [BOB]})
    await bot.say(BOB, BOB, "/assess")
    await bot.say(BOB, BOB, "1.1 10\n1.2 9\n1.3 8\n1.4 7")
    await bot.press(BOB, BOB, text="Overview")
    await bot.press(BOB, BOB, text="Score each criterion")
    await press_exact(bot, BOB, BOB, "8")
    [asked] = await bot.say(BOB, BOB, "6.5")
    assert "Criterion 1.5 is scored 8; you typed 6.5 at the note step." in asked.text
    assert asked.button_texts()[:2] == ["✏️ Change 1.5's score to 6.5", "📝 Keep “6.5” as the note"]
    await bot.press(BOB, BOB, text="✏️ Change 1.5's score to 6.5")
    assert (await scores_of(bot, bloc, "DNG"))["1.5"].value == Decimal("6.5")
    [asked] = await bot.say(BOB, BOB, "9")
    assert "The score must be between 0 and 8." in asked.text


async def test_a_bare_number_at_the_evidence_step_is_asked_about(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await _at_note_of_1_2(bot, ALICE, "Chấm từng tiêu chí")
    await bot.press(ALICE, ALICE, text="Không ghi chú")  # 1.2 asks for evidence: its step
    [asked] = await bot.say(ALICE, ALICE, "8,5")
    assert "Tiêu chí 1.2 đang có điểm 9; Anh/Chị vừa gõ 8,5 ở bước minh chứng." in asked.text
    assert asked.button_texts()[:2] == ["✏️ Sửa điểm 1.2 thành 8,5", "📎 Lưu «8,5» làm minh chứng"]
    held = (await scores_of(bot, bloc, "DLK"))["1.2"]
    assert (held.value, held.evidence) == (Decimal(9), ())  # nothing saved before a press
    await bot.press(ALICE, ALICE, text="✏️ Sửa điểm 1.2 thành 8,5")
    assert (await scores_of(bot, bloc, "DLK"))["1.2"].value == Decimal("8.5")
    await bot.press(ALICE, ALICE, text="Không ghi chú")  # back at 1.2's evidence step
    [asked] = await bot.say(ALICE, ALICE, "8")
    await bot.press(ALICE, ALICE, text="📎 Lưu «8» làm minh chứng")
    held = (await scores_of(bot, bloc, "DLK"))["1.2"]
    assert (held.value, [e.name for e in held.evidence]) == (Decimal("8.5"), ["8"])


async def test_a_number_no_score_can_be_at_the_evidence_step_in_english(bot: Harness) -> None:
    bloc = await ready(bot, {"DNG": [BOB]})
    await _at_note_of_1_2(bot, BOB, "Score each criterion")
    await bot.press(BOB, BOB, text="No note")
    [asked] = await bot.say(BOB, BOB, "12")
    assert "You typed 12 at the evidence step of criterion 1.2 (score given: 9)." in asked.text
    assert "If “12” is evidence, press 📎 below" in asked.text
    assert not any("Change 1.2" in label for label in asked.button_texts())
    assert (await scores_of(bot, bloc, "DNG"))["1.2"].evidence == ()
    await bot.press(BOB, BOB, text="↩️ Back to the criterion")
    assert "Criterion 1.2" in with_buttons(bot, BOB).text
    assert (await scores_of(bot, bloc, "DNG"))["1.2"].evidence == ()

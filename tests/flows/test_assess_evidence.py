"""/assess through the emulator: a file or photo sent at the note step of a criterion that asks
for evidence is its evidence (the caption its note); elsewhere the answer says what the step
takes."""

from __future__ import annotations

from bot.domain.assessment import EvidenceKind
from tests.flows.assess_kit import FULL, PHOTO, press_exact, ready, scores_of, with_buttons
from tests.flows.conftest import ALICE, BOB, Harness


async def _at_note_of_1_2(bot: Harness, user: int, wizard: str, no_note: str) -> None:
    """The wizard past 1.1 (scored, no note) with 1.2 scored 9: at 1.2's note step."""
    await bot.say(user, user, "/assess")
    await bot.press(user, user, text=wizard)
    await press_exact(bot, user, user, "10")
    await bot.press(user, user, text=no_note)
    await press_exact(bot, user, user, "9")


async def test_a_file_at_the_note_step_of_an_evidence_criterion_is_its_evidence(
    bot: Harness,
) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await _at_note_of_1_2(bot, ALICE, "Chấm từng tiêu chí", "Không ghi chú")
    asked = with_buttons(bot, ALICE).text
    assert "Tiêu chí 1.2" in asked
    assert "không bắt buộc" not in asked
    assert "Tiêu chí này cần tài liệu minh chứng" in asked
    # the button moves on to the evidence step; "Không ghi chú, tiếp" said the proof was optional
    assert "Không ghi chú, sang gửi minh chứng ➡️" in with_buttons(bot, ALICE).button_texts()
    assert "Không ghi chú, tiếp ➡️" not in with_buttons(bot, ALICE).button_texts()
    [shown] = await bot.send_file(
        ALICE, ALICE, "bien-ban.pdf", b"%PDF-1.4 minutes", caption="Biên bản ký kết 12 dự án"
    )
    assert "mẫu Excel" not in shown.text
    assert "Tài liệu minh chứng (1): bien-ban.pdf" in shown.text
    assert "Ghi chú: Biên bản ký kết 12 dự án" in shown.text
    assert "Tiếp" in shown.button_texts()[0]  # the evidence step: more files, or on
    held = (await scores_of(bot, bloc, "DLK"))["1.2"]
    assert held.value == 9 and held.note == "Biên bản ký kết 12 dự án"
    assert [(e.kind, e.name) for e in held.evidence] == [(EvidenceKind.FILE, "bien-ban.pdf")]
    await bot.press(ALICE, ALICE, text="Tiếp")
    assert "Tiêu chí 1.3" in with_buttons(bot, ALICE).text


async def test_a_photo_at_the_note_step_in_english(bot: Harness) -> None:
    bloc = await ready(bot, {"DNG": [BOB]})
    await _at_note_of_1_2(bot, BOB, "Score each criterion", "No note")
    asked = with_buttons(bot, BOB).text
    assert "(optional)" not in asked and "This criterion needs evidence" in asked
    assert "No note, on to the evidence ➡️" in with_buttons(bot, BOB).button_texts()
    bot.emu.send_photo(BOB, BOB, PHOTO, caption="Signing ceremony")
    await bot.settle()
    assert "Note: Signing ceremony" in with_buttons(bot, BOB).text
    held = (await scores_of(bot, bloc, "DNG"))["1.2"]
    assert held.note == "Signing ceremony"
    assert [(e.kind, e.name) for e in held.evidence] == [(EvidenceKind.PHOTO, "Signing ceremony")]


async def test_a_file_where_no_evidence_is_asked_says_what_the_step_takes(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")
    await press_exact(bot, ALICE, ALICE, "10")  # 1.1 asks for no evidence: its note step
    [answer] = await bot.send_file(ALICE, ALICE, "anh.pdf", b"%PDF-1.4 x", caption="Ảnh")
    assert "bước minh chứng" not in answer.text
    assert "ghi chú" in answer.text and "Tiêu chí 1.1" in answer.text
    bot.emu.send_photo(ALICE, ALICE, PHOTO)
    await bot.settle()
    photo_answer = bot.last(ALICE).text
    assert "ghi chú" in photo_answer and "Tiêu chí 1.1" in photo_answer
    held = (await scores_of(bot, bloc, "DLK"))["1.1"]
    assert held.note is None and held.evidence == ()


async def test_the_review_leads_to_each_criterion_that_lacks_evidence(bot: Harness) -> None:
    """Everything scored, 1.2 without evidence: submitting is refused, and the review offers a
    way to 1.2's evidence step (QA assess, defect 8)."""
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, FULL.replace("1.2 9,5 Thu hút 12 dự án mới", "1.2 9,5"))
    await bot.press(ALICE, ALICE, text="Xem lại")
    review = with_buttons(bot, ALICE)
    assert "Thiếu tài liệu minh chứng: 1.2" in review.text
    assert "📎 Bổ sung minh chứng 1.2" in review.button_texts()
    await bot.press(ALICE, ALICE, text="📎 Bổ sung minh chứng 1.2")
    step = with_buttons(bot, ALICE)
    assert "Tiêu chí 1.2" in step.text and "tài liệu minh chứng" in step.text
    await bot.say(ALICE, ALICE, "Biên bản ký kết 12 dự án")
    held = (await scores_of(bot, bloc, "DLK"))["1.2"]
    assert [e.kind for e in held.evidence] == [EvidenceKind.NOTE]


async def test_the_review_s_evidence_path_leads_back_to_the_review(bot: Harness) -> None:
    """📎 from the review, evidence given, done: the review again (with the way to submit), not
    the next criterion; the way back is in the stored place, so a restart keeps it (QA assess,
    defect 8)."""
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, FULL.replace("1.2 9,5 Thu hút 12 dự án mới", "1.2 9,5"))
    await bot.press(ALICE, ALICE, text="Xem lại")
    await bot.press(ALICE, ALICE, text="📎 Bổ sung minh chứng 1.2")
    await bot.restart()
    [shown] = await bot.send_file(ALICE, ALICE, "bien-ban.pdf", b"%PDF-1.4 minutes")
    assert "Tài liệu minh chứng (1): bien-ban.pdf" in shown.text
    assert "Xong, về trang Xem lại ↩️" in shown.button_texts()
    assert "Tiếp ➡️" not in shown.button_texts()
    # the ask names the button that is there (it said «bấm Tiếp» with no Tiếp to press)
    assert "gửi đủ rồi thì bấm Xong, về trang Xem lại ↩️." in shown.text
    await bot.press(ALICE, ALICE, text="Xong, về trang Xem lại ↩️")
    review = with_buttons(bot, ALICE)
    assert "Tiêu chí 1.3" not in review.text and "Thiếu tài liệu minh chứng" not in review.text
    assert "Gửi bản tự chấm điểm…" in review.button_texts()
    held = (await scores_of(bot, bloc, "DLK"))["1.2"]
    assert [(e.kind, e.name) for e in held.evidence] == [(EvidenceKind.FILE, "bien-ban.pdf")]

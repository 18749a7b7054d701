"""/assess through the emulator: a line naming a criterion the scale does not have, at any
step; an old button the delegate made old themselves; a paste where nothing could be stored."""

from __future__ import annotations

from decimal import Decimal

from tests.flows.assess_kit import press_exact, ready, scores_of, with_buttons
from tests.flows.conftest import ALICE, BOB, Harness


async def test_a_line_with_a_criterion_the_scale_does_not_have(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")
    await press_exact(bot, ALICE, ALICE, "10")  # 1.1: its note step
    [refused] = await bot.say(ALICE, ALICE, "2.9 3")
    assert "thang điểm không có tiêu chí 2.9" in refused.text
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].note is None
    # starts with the code 1.5: refused as a score line, kept as the note only on request
    [asked] = await bot.say(ALICE, ALICE, "1.5 tỷ đồng vốn đầu tư")
    assert "Tiêu chí 1.5 (dòng 1): «tỷ» không phải là một số." in asked.text
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].note is None
    await bot.press(ALICE, ALICE, text="📝 Lưu «1.5 tỷ đồng vốn đầu tư» làm ghi chú")
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].note == "1.5 tỷ đồng vốn đầu tư"
    await press_exact(bot, ALICE, ALICE, "9")  # 1.2
    await bot.say(ALICE, ALICE, "Đã hoàn thành 100% kế hoạch")
    assert (await scores_of(bot, bloc, "DLK"))["1.2"].note == "Đã hoàn thành 100% kế hoạch"
    await bot.press(ALICE, ALICE, text="Tiếp")  # 1.2's evidence step: the note is its proof
    assert "Tiêu chí 1.3" in with_buttons(bot, ALICE).text
    [at_score] = await bot.say(ALICE, ALICE, "2,9 3")
    assert "thang điểm không có tiêu chí 2,9" in at_score.text
    assert "không phải là một số" not in at_score.text
    assert "1.3" not in await scores_of(bot, bloc, "DLK")


async def test_an_unknown_criterion_at_the_note_step_in_english(bot: Harness) -> None:
    bloc = await ready(bot, {"DNG": [BOB]})
    await bot.say(BOB, BOB, "/assess")
    await bot.press(BOB, BOB, text="Score each criterion")
    await press_exact(bot, BOB, BOB, "10")
    [refused] = await bot.say(BOB, BOB, "2.9 3")
    assert "the scale has no criterion 2.9" in refused.text
    assert (await scores_of(bot, bloc, "DNG"))["1.1"].note is None


async def test_an_old_button_made_old_by_oneself_blames_no_colleague(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE]})
    await bot.say(ALICE, ALICE, "/assess")
    await bot.press(ALICE, ALICE, text="Chấm từng tiêu chí")
    first = with_buttons(bot, ALICE)  # 1.1's screen with its value buttons
    await bot.say(ALICE, ALICE, "8,5")
    old = next(b for row in first.buttons for b in row if b.text == "5")
    answer = await bot.press(ALICE, ALICE, message_id=first.message_id, data=old.callback_data)
    assert answer is not None
    assert "cán bộ đầu mối khác" not in answer["text"]
    assert "Tiêu chí 1.1 đã được cập nhật sau khi màn hình này hiện ra" in answer["text"]
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].value == Decimal("8.5")


async def test_a_paste_where_nothing_could_be_stored_says_so(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE], "DNG": [BOB]})
    await bot.say(ALICE, ALICE, "/assess")
    [answer] = await bot.say(ALICE, ALICE, "1.3 9")
    assert answer.text.splitlines()[0] == (
        "Không lưu điểm nào: 1 dòng không nhận được, lý do dưới đây."
    )
    assert await scores_of(bot, bloc, "DLK") == {}
    await bot.say(BOB, BOB, "/assess")
    [english] = await bot.say(BOB, BOB, "1.3 9\n1.4 abc")
    assert english.text.splitlines()[0] == (
        "Nothing was stored: 2 lines were not taken; see why below."
    )
    [one] = await bot.say(BOB, BOB, "Báo cáo: 2.4 3")
    assert one.text.splitlines()[0] == "Nothing was stored: 1 line was not taken; see why below."
    assert await scores_of(bot, bloc, "DNG") == {}

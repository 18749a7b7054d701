"""A command or press that opens a flow over another says which one was paused and how to
carry it on; with no flow under way, every paused flow is named with its command. Nothing of
the paused flow is lost (each flow keeps its own draft; one is active)."""

from __future__ import annotations

from tests.flows.assess_kit import ready
from tests.flows.conftest import ALICE, BOB, Harness

PAUSED_ASSESS = (
    "Việc đang dở đã được tạm dừng: Tự chấm điểm. Nội dung đã nhập vẫn được giữ;"
    " gõ /assess để làm tiếp."
)


async def test_opening_the_pledge_during_the_assessment_says_the_assessment_waits(
    bot: Harness,
) -> None:
    await ready(bot, {"DLK": [ALICE], "DNG": [BOB]})
    await bot.say(ALICE, ALICE, "/assess")
    assessing = await bot.services.flows.active(ALICE)
    assert assessing is not None and assessing.name == "assess"

    answer = await bot.say(ALICE, ALICE, "/pledge")
    # told first; the pledge's screen, what Alice answers now, is the last message
    assert answer[0].text == PAUSED_ASSESS
    assert "Đăng ký thi đua năm 2026" in answer[-1].text
    kept = await bot.services.flows.get(ALICE, "assess")
    assert kept is not None and not kept.active and kept.data == assessing.data

    # The same flow going on, or /cancel, pauses nothing new.
    again = await bot.say(ALICE, ALICE, "/pledge")
    assert all("tạm dừng" not in m.text for m in again)
    [cancelled] = await bot.say(ALICE, ALICE, "/cancel")
    assert "Tự chấm điểm" not in cancelled.text
    [hint] = await bot.say(ALICE, ALICE, "xin chào")
    assert "Việc đang tạm dừng: Đăng ký thi đua. Gõ /pledge để tiếp tục." in hint.text
    assert "Việc đang tạm dừng: Tự chấm điểm. Gõ /assess để tiếp tục." in hint.text

    # Back to the assessment (nothing was active: nothing to say), then the pledge over it.
    back = await bot.say(ALICE, ALICE, "/assess")
    assert all("tạm dừng" not in m.text for m in back)
    over = await bot.say(ALICE, ALICE, "/pledge")
    assert over[0].text == PAUSED_ASSESS
    back = await bot.say(ALICE, ALICE, "/assess")
    assert back[0].text.startswith("Việc đang dở đã được tạm dừng: Đăng ký thi đua.")
    assert "/pledge" in back[0].text

    await bot.say(BOB, BOB, "/assess")
    over = await bot.say(BOB, BOB, "/pledge")
    assert over[0].text == (
        "The self-assessment you had under way is paused; what you entered is kept."
        " Type /assess to carry on."
    )

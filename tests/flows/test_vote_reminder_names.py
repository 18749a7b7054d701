"""The reminders before the votes' deadline name the open votes the delegate's unit has not cast
(a runoff with its own deadline), not only the phase: "Đơn vị GLI chưa bỏ phiếu: Bầu Khối
trưởng năm 2027; Bình xét, suy tôn năm 2026".
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_binh_xet import _pledges
from tests.flows.test_election import close_vote, open_vote, ready, vote
from tests.flows.test_runoff_notice import at
from tests.flows.year_setup import set_deadline

#: Tuesday 13/01/2026 17:00 in Vietnam: the 7-day reminder of a deadline on 20/01 17:00.
SEVEN_DAYS_BEFORE = datetime(2026, 1, 13, 10, 0, tzinfo=UTC)


def reminders(bot: Harness, user: int) -> list[SentMessage]:
    """The phase's reminders a person got privately (not a runoff's own)."""
    return [
        m
        for m in bot.emu.bot_messages(user)
        if m.text.startswith(("🔔 Nhắc hạn — Khối", "🔔 Reminder — Khối"))
    ]


async def _cast(bot: Harness, user: int, which: str, labels: list[str]) -> None:
    """/vote, the vote `which` from the unit's list, these buttons, ✅."""
    [screen] = await bot.say(user, user, "/vote")
    for label in [which, *labels, "✅"]:
        await bot.press(user, user, message_id=screen.message_id, text=label)
    assert "Mã phiếu" in screen.text or "Receipt code" in screen.text


async def test_the_reminder_names_only_the_votes_the_unit_has_not_cast(bot: Harness) -> None:
    bloc = await ready(bot)  # DLK Lan (vi), DNG Bob (en), GLI Mai (vi)
    await _pledges(bot, bloc)
    await set_deadline(bot, "election 20/01/2026 17:00")
    await open_vote(bot, "head")
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    # DLK: the head's cast, the bình xét not; DNG: the bình xét cast, the head's not
    await _cast(bot, ALICE, "🗳 Bầu Khối trưởng năm 2027", ["DNG"])
    await _cast(bot, BOB, "🗳 Commendation vote (bình xét) 2026", ["1·DLK", "Review"])
    await at(bot, SEVEN_DAYS_BEFORE)
    [lan] = reminders(bot, ALICE)
    assert "Còn 7 ngày nữa đến thời hạn Bầu Khối trưởng, Khối phó và bình xét" in lan.text
    assert "(Thứ Ba, 20/01/2026 17:00)" in lan.text
    assert "Đơn vị DLK chưa bỏ phiếu: Bình xét, suy tôn năm 2026. Kính đề nghị" in lan.text
    assert "Khối trưởng năm 2027" not in lan.text  # cast already
    [mai] = reminders(bot, CAROL)
    assert (
        "Đơn vị GLI chưa bỏ phiếu: Bầu Khối trưởng năm 2027; Bình xét, suy tôn năm 2026."
        in mai.text
    )
    [bob] = reminders(bot, BOB)
    assert "Unit DNG has yet to cast the ballot: Election of the bloc head for 2027." in bob.text
    assert "Commendation" not in bob.text
    assert mai.button_texts() == ["🗳 Bỏ phiếu"]


async def test_a_runoff_is_not_in_the_phase_reminder(bot: Harness) -> None:
    """A runoff has its own deadline and reminders (tests/flows/test_runoff_remind.py): the
    phase's reminder, under the year's later deadline, no longer names it (QA qa9 #2)."""
    await ready(bot)
    await set_deadline(bot, "election 20/01/2026 17:00")
    await open_vote(bot, "head")
    for user, code in ((ALICE, "DLK"), (BOB, "DNG"), (CAROL, "GLI")):
        await vote(bot, user, code)
    await close_vote(bot)  # a runoff among all three, closing Wednesday 07/01 17:00
    await vote(bot, ALICE, "DLK")
    await bot.say(bot.group, ADMIN, "/remind now")
    await at(bot, bot.clock.now())
    assert not any(reminders(bot, u) for u in (ALICE, BOB, CAROL))
    assert "20/01" not in bot.last(CAROL).text and "07/01/2026 17:00" in bot.last(CAROL).text

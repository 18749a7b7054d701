"""A unit that submitted, then changed its self-assessment without submitting it again
(QA qa-regress, defect 2): its delegates are reminded in words of their own (the changes count
only once sent again), it is never named as "not submitted" in the group, and once locked its
screen says the changes were not sent in time and do not count (no "draft being edited")."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.calendar import Phase
from tests.flows.assess_kit import ready, submit
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.nudge_kit import Nudges
from tests.flows.year_setup import make_bloc, open_year, set_deadline


async def test_unsent_changes_are_reminded_and_said_lost_after_the_lock(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [ALICE, CAROL], "DNG": [BOB]})
    await bot.say(CAROL, CAROL, "/lang en")  # Mai reads English: both catalogs
    await submit(bot, ALICE)
    await bot.say(ALICE, ALICE, "/assess")
    [edited] = await bot.say(ALICE, ALICE, "1.2 8 bớt điểm")
    assert "bản đang sửa 97 điểm (chưa gửi lại, chưa được tính)" in edited.text

    [answer] = await bot.say(bot.group, ADMIN, "/remind now midyear")
    assert "cho 3 cán bộ đầu mối của 2 đơn vị" in answer.text
    # the admin's answer counts it apart; the group's digest neither names nor counts it:
    # DLK alone submitted, so the count would name it (QA qa9 #5)
    assert (
        "Tin nhắn riêng cũng nhắc 1 đơn vị đã nộp nhưng có thay đổi chưa gửi lại; bản tin"
        " trong nhóm không nêu tên các đơn vị này." in answer.text
    )
    await bot.settle()
    lan, mai, minh = (bot.last(user).text for user in (ALICE, CAROL, BOB))
    assert "Đơn vị DLK có thay đổi sau khi gửi bản tự chấm điểm nhưng chưa gửi lại" in lan
    assert "chỉ được tính khi gửi lại trước thời hạn" in lan
    assert "Unit DLK changed its self-assessment after submitting it but has not yet" in mai
    assert "resubmitted it; the changes count only if it is resubmitted before" in mai
    assert "Unit DNG has yet to submit" in minh
    n = Nudges(bot)
    bot.clock.set(datetime(2026, 1, 5, 2, 5, tzinfo=UTC))
    await n.tick(bloc, Phase.MIDYEAR)
    digest = n.group_texts(bloc)[-1]
    assert digest.splitlines() == [
        "⏰ Còn 176 ngày nữa đến thời hạn Sơ kết 6 tháng (30/06/2026 17:00): 2 đơn vị chưa nộp"
        " bản tự chấm điểm: DNG, GLI",
        "Chưa có cán bộ đầu mối: GLI.",
    ]
    assert "DLK" not in digest and "thay đổi" not in digest

    # the deadline passes with the change unsent: DLK counts as submitted, its changes do not
    bot.clock.set(datetime(2026, 6, 30, 10, 1, tzinfo=UTC))
    await n.tick(bloc, Phase.MIDYEAR)
    after = n.group_texts(bloc)[-1]
    assert "1/3" in after and "DLK" not in after
    [screen, *_] = await bot.say(ALICE, ALICE, "/assess midyear")
    assert "bản đang sửa" not in screen.text
    assert (
        "Đã gửi 98,5 điểm; các thay đổi sau khi gửi (97 điểm) không được gửi lại trước thời "
        "hạn nên không được tính" in screen.text
    )
    [screen, *_] = await bot.say(CAROL, CAROL, "/assess midyear")
    assert "the changes made since (97) were not resubmitted before the deadline" in (screen.text)


async def test_with_every_unit_submitted_only_the_changed_unit_hears_of_its_draft(
    bot: Harness,
) -> None:
    """Every unit submitted, DNG changed its own since: its delegate is reminded privately, and
    the group gets no digest (a unit's unsent draft alone is no matter for the group)."""
    bloc = await ready(bot, {"DLK": [ALICE], "DNG": [BOB], "GLI": [CAROL]})
    await bot.say(BOB, BOB, "/lang vi")  # the presses of `submit` are in Vietnamese
    for person in (ALICE, BOB, CAROL):
        await submit(bot, person)
    await bot.say(BOB, BOB, "/assess")
    await bot.say(BOB, BOB, "1.2 8 bớt điểm")
    await bot.say(BOB, BOB, "/lang en")
    heard = {p: len(bot.emu.bot_messages(p)) for p in (ALICE, BOB, CAROL)}
    bot.clock.set(datetime(2026, 6, 23, 10, 0, tzinfo=UTC))  # 7 days before
    n = Nudges(bot)
    await n.tick(bloc, Phase.MIDYEAR)
    await n.tick(bloc, Phase.MIDYEAR)  # once
    assert {p: len(bot.emu.bot_messages(p)) - heard[p] for p in heard} == {
        ALICE: 0,
        BOB: 1,
        CAROL: 0,
    }
    assert "Unit DNG changed its self-assessment after submitting it" in bot.last(BOB).text
    assert not [t for t in n.group_texts(bloc) if t.startswith("⏰")]


async def test_english_says_the_changes_are_not_yet_resubmitted(bot: Harness) -> None:
    """QA qa-last #5e: "Units that submitted but have changes not sent again: 1." read as a
    translation; the admin's answer and the group's digest now say "not yet resubmitted"."""
    bloc = await make_bloc(bot, language="en", delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    await set_deadline(bot, "midyear 30/06/2026")
    for user in (ALICE, BOB):
        await bot.say(user, user, "/start")
    await submit(bot, ALICE)  # Lan reads Vietnamese: the presses of `submit`
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, "1.2 8 bớt điểm")
    status = "\n".join(m.text for m in await bot.say(bot.group, ADMIN, "/status"))
    assert "DLK: Submitted (total 98.5); changed since, not yet resubmitted, so not" in status
    [answer] = await bot.say(bot.group, ADMIN, "/remind now midyear")
    assert "reminder privately to 2 delegates of 2 units." in answer.text
    assert (
        "The private reminders also go to units with changes not yet resubmitted: 1; the"
        " group's digest does not name them." in answer.text
    )
    n = Nudges(bot)
    bot.clock.set(datetime(2026, 1, 5, 2, 5, tzinfo=UTC))
    await n.tick(bloc, Phase.MIDYEAR)
    digest = n.group_texts(bloc)[-1].splitlines()
    assert not [line for line in digest if "Units with changes" in line]  # it names DLK
    assert not [line for line in digest if "sent again" in line]

"""A closed score review holds its round's reminders (QA qa8, after #1).

Closed before the self-assessment deadline, the round is locked: no unit can submit, so no
reminder tells one to. The nudges due meanwhile go neither privately nor to the group, a
round begun before the close ends without its digest, the after-deadline line is not posted
(not even once the review is reopened), and `/remind now` says why nothing goes and the way
back. Reopened before the deadline, the scheduler plans the round again: the next nudge goes
(the ones missed meanwhile are not caught up).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.calendar import Phase
from bot.nudge_jobs import job_id
from bot.nudging import FOLLOW_UP
from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.nudge_kit import Nudges
from tests.flows.test_review_closed_lock import WORDS as LOCK
from tests.flows.test_review_closed_lock import _bloc, _close, _submit

#: The mid-year deadline, Tuesday 30/06/2026 17:00 in Vietnam, and its nudges with the
#: default settings: 7 days before, Monday 07:30 (3 days before, out of the weekend and the
#: quiet hours), 1 day before, the deadline's morning.
DUE = datetime(2026, 6, 30, 10, 0, tzinfo=UTC)
SEVEN = datetime(2026, 6, 23, 10, 0, tzinfo=UTC)
THREE = datetime(2026, 6, 29, 0, 30, tzinfo=UTC)
ONE = datetime(2026, 6, 29, 10, 0, tzinfo=UTC)
MORNING = datetime(2026, 6, 30, 1, 0, tzinfo=UTC)

WORDS = {
    "vi": {
        "now_refused": "🔒 Sơ kết 6 tháng đã kết thúc thẩm định nên các đơn vị không nộp bản tự"
        " chấm điểm được nữa; bot không gửi nhắc hạn. Muốn cho đơn vị nộp lại (nhắc hạn sẽ tiếp"
        " tục theo lịch), Anh/Chị mở lại thẩm định bằng /review reopen midyear.",
        "schedule": "• Sơ kết 6 tháng — thời hạn 30/06/2026 17:00; đã kết thúc thẩm định nên các"
        " đơn vị không nộp được nữa và bot không nhắc hạn (mở lại thẩm định bằng /review reopen"
        " midyear để đơn vị nộp được).",
        "started": "✅ Đang gửi nhắc hạn Sơ kết 6 tháng",
        "again": "Nhắc lại ngay",
        "private": "Còn 1 ngày nữa đến thời hạn Sơ kết 6 tháng (Thứ Ba, 30/06/2026 17:00).\n"
        "Đơn vị DNG chưa nộp bản tự chấm điểm.",
        "digest": "⏰ Còn 1 ngày nữa đến thời hạn Sơ kết 6 tháng (30/06/2026 17:00): 2"
        " đơn vị chưa nộp bản tự chấm điểm: DNG, GLI",
    },
    "en": {
        "now_refused": "🔒 The score review of the Mid-year review is closed, so units can no"
        " longer submit their self-assessment and no reminder is sent. To let them submit again"
        " (the reminders then resume on schedule), reopen the review with /review reopen"
        " midyear.",
        "schedule": "• Mid-year review — deadline 30/06/2026 17:00; its score review is closed,"
        " so units can no longer submit and no reminder goes (/review reopen midyear lets them"
        " submit again).",
        "started": "✅ Sending the Mid-year review reminder",
        "again": "Send again",
        "private": "1 day to the Mid-year review deadline (Tuesday, 30/06/2026 17:00).\n"
        "Unit DNG has yet to submit the self-assessment.",
        "digest": "⏰ 1 day to the Mid-year review deadline (30/06/2026 17:00): 2 units"
        " still to submit the self-assessment: DNG, GLI",
    },
}


def _heard(bot: Harness) -> tuple[int, int]:
    """How many messages Bob (DNG's delegate, not submitted) and the group have had so far."""
    return len(bot.emu.bot_messages(BOB)), len(bot.emu.bot_messages(bot.group))


async def _at(bot: Harness, moment: datetime) -> None:
    """The clock at `moment`, the jobs due then run, and again once a digest's wait is over."""
    for when in (moment, moment + FOLLOW_UP):
        bot.clock.set(when)
        await bot.services.scheduler.run_due()
        await bot.settle()


def _planned(bot: Harness) -> list[tuple[str, datetime]]:
    return [(j.id, j.at) for j in bot.services.scheduler.planned("nudge:")]


async def _reopen(bot: Harness) -> None:
    await bot.say(bot.group, ADMIN, "/review reopen midyear")
    await bot.press(bot.group, ADMIN, text="✅")


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_closed_before_the_deadline_nobody_is_reminded_until_reopened(
    bot: Harness, lang: str
) -> None:
    words = WORDS[lang]
    bloc = await _bloc(bot, lang)
    await _submit(bot, ALICE, LOCK[lang])  # DLK submitted: DNG and GLI have not
    job = job_id(bloc.id, Phase.MIDYEAR)
    assert _planned(bot) == [(job, SEVEN)]

    # a round begun just before the close: its private messages went, its digest never goes
    [begun] = await bot.say(bot.group, ADMIN, "/remind now midyear")
    assert begun.text.startswith(words["started"])
    bot.clock.move(timedelta(minutes=2))  # once more: asked first, ✅ pressed after the close
    [ask] = await bot.say(bot.group, ADMIN, "/remind now midyear")
    await _close(bot)
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text=words["again"])
    [asked] = [m for m in bot.emu.bot_messages(bot.group) if m.message_id == ask.message_id]
    assert asked.text == words["now_refused"] and not asked.buttons
    heard = _heard(bot)
    assert _planned(bot) == [(job, bot.clock.now())]  # planned again: it ends that round

    # the clock moves past two nudge times: nothing to the units, nothing to the group
    for moment in (bot.clock.now(), SEVEN, THREE):
        await _at(bot, moment)
        assert _planned(bot) == [(job, DUE)]  # only the deadline's own tick is left
    await Nudges(bot).tick(bloc, Phase.MIDYEAR)  # a tick all the same (a job run late): nothing
    assert _heard(bot) == heard

    # `/remind now` says why nothing goes, and the way back; `/remind` shows the round held
    bot.clock.set(THREE + timedelta(hours=1))
    [refused] = await bot.say(bot.group, ADMIN, "/remind now midyear")
    assert refused.text == words["now_refused"]
    [schedule] = await bot.say(bot.group, ADMIN, "/remind")
    assert words["schedule"] in schedule.text.splitlines()
    assert len(bot.emu.bot_messages(BOB)) == heard[0]

    # reopened before the deadline: the nudge missed meanwhile is not caught up, the next goes
    await _reopen(bot)
    assert _planned(bot) == [(job, ONE)]
    await _at(bot, bot.clock.now())
    assert len(bot.emu.bot_messages(BOB)) == heard[0]
    await _at(bot, ONE)
    assert words["private"] in bot.last(BOB).text
    assert bot.emu.bot_messages(bot.group)[-1].text.startswith(words["digest"])
    assert _planned(bot) == [(job, MORNING)]


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_closed_at_the_deadline_no_line_is_posted_even_once_reopened(
    bot: Harness, lang: str
) -> None:
    bloc = await _bloc(bot, lang)
    await _submit(bot, ALICE, LOCK[lang])
    await _close(bot)
    heard = _heard(bot)
    for moment in (SEVEN, THREE, ONE, MORNING, DUE):
        await _at(bot, moment)
    assert _heard(bot) == heard  # no nudge, and no "1/3 units were in time" in the group
    assert _planned(bot) == []  # the deadline's line is recorded as done, without a message

    # the review reopened after the deadline (to change a score): no stale line then either
    bot.clock.set(DUE + timedelta(hours=2))
    await _reopen(bot)
    await _at(bot, bot.clock.now())
    assert len(bot.emu.bot_messages(BOB)) == heard[0]
    assert not [m for m in bot.emu.bot_messages(bot.group)[heard[1] :] if "📌" in m.text]
    assert _planned(bot) == []
    await Nudges(bot).tick(bloc, Phase.MIDYEAR)
    assert not [m for m in bot.emu.bot_messages(bot.group)[heard[1] :] if "📌" in m.text]


async def test_a_reminder_still_waiting_to_be_sent_at_the_close_is_taken_back(
    bot: Harness,
) -> None:
    """Telegram failed Bob's reminder (502): the notifier would send it again a little later,
    but the review was closed meanwhile, so it is taken back from the outbox."""
    await _bloc(bot, "vi")
    await _submit(bot, ALICE, LOCK["vi"])
    bot.clock.set(SEVEN)
    bot.emu.faults.fail_next(2, status=502, methods={"sendMessage"})  # Bob's, tried twice
    heard = _heard(bot)
    await bot.services.scheduler.run_due()
    await bot.settle()
    assert _heard(bot)[0] == heard[0]
    await _close(bot)
    bot.clock.move(timedelta(minutes=5))
    await bot.services.scheduler.run_due()
    await bot.settle()
    assert len(bot.emu.bot_messages(BOB)) == heard[0]

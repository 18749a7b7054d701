"""Nudge rounds through the running bot and the emulator with a moved clock: who gets what,
when, exactly once, through the notifier."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.domain.calendar import Phase
from bot.domain.reminders import ReminderSettings
from bot.nudging import Nudger
from storage.reminders import ReminderRepo
from tests.flows.conftest import Harness
from tests.flows.nudge_kit import ADMIN, Nudges, days
from views.remind import nudge_texts

# The clock starts on Monday 05/01/2026 09:00 in Vietnam; the deadline is Friday 16/01 17:00.
DUE = datetime(2026, 1, 16, 10, 0, tzinfo=UTC)
SEVEN = DUE - days(7)  # Friday 09/01 17:00
THREE = DUE - days(3)  # Tuesday 13/01 17:00
ONE = DUE - days(1)  # Thursday 15/01 17:00


async def test_the_pending_delegates_at_each_nudge_time_and_nobody_who_is_done(
    bot: Harness,
) -> None:
    n = Nudges(bot)
    bloc, year, units = await n.bloc(1, 3)
    await n.deadline(year, DUE)
    await n.pledge(year, units[0])
    people = [10_001, 10_002, 10_003]

    bot.clock.set(SEVEN - timedelta(minutes=1))
    assert (await n.tick(bloc)).point is None
    bot.clock.set(SEVEN)
    done = await n.tick(bloc)
    assert (done.point, done.queued, done.group) == ("7d", 2, True)
    assert n.per_person(people) == {10_001: 0, 10_002: 1, 10_003: 1}
    assert "Còn 7 ngày nữa đến thời hạn Đăng ký thi đua" in n.private_texts(10_002)[0]
    assert "Đơn vị U1X01 chưa đăng ký thi đua" in n.private_texts(10_002)[0]
    assert n.group_texts(bloc)[-1].endswith("2 đơn vị chưa đăng ký thi đua: U1X01, U1X02")
    again = await n.tick(bloc)
    assert (again.queued, again.group) == (0, False)

    await n.pledge(year, units[1])
    bot.clock.set(THREE + timedelta(minutes=5))
    done = await n.tick(bloc)
    assert (done.point, done.queued) == ("3d", 1)
    assert n.per_person(people) == {10_001: 0, 10_002: 1, 10_003: 2}
    assert "1 đơn vị chưa đăng ký thi đua: U1X02" in n.group_texts(bloc)[-1]

    await n.pledge(year, units[2])
    bot.clock.set(ONE)
    done = await n.tick(bloc)
    assert (done.queued, done.group) == (0, False)
    assert len(n.group_texts(bloc)) == 2  # no digest when everyone is done

    bot.clock.set(DUE)
    done = await n.tick(bloc)
    assert done.point == "after" and done.group
    assert n.group_texts(bloc)[-1] == (
        "📌 Đã hết thời hạn Đăng ký thi đua (16/01/2026 17:00): tất cả các đơn vị (3/3) đã đăng ký"
        " thi đua đúng hạn. Trân trọng cảm ơn Anh/Chị!"
    )
    assert (await n.tick(bloc)).group is False


async def test_after_the_deadline_the_group_learns_who_did_not(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, units = await n.bloc(1, 3)
    await n.deadline(year, DUE)
    await n.pledge(year, units[1])
    bot.clock.set(DUE + timedelta(hours=3))  # the bot was down at the deadline
    assert (await n.tick(bloc)).group
    text = n.group_texts(bloc)[-1]
    assert "Đã hết thời hạn Đăng ký thi đua (16/01/2026 17:00): 1/3 đơn vị" in text
    assert "Chưa đăng ký thi đua: U1X00, U1X02." in text
    assert not n.private_texts(10_001)  # no nudge once the deadline has passed
    bot.clock.set(DUE + timedelta(hours=25))
    assert (await n.tick(bloc)).group is False


async def test_a_unit_that_acts_after_the_deadline_gets_no_line_of_the_nudges(
    bot: Harness,
) -> None:
    """Its action's own line is the one the group gets (tests/flows/test_late_after_reopen)."""
    n = Nudges(bot)
    bloc, year, units = await n.bloc(1, 3)
    await n.deadline(year, DUE)
    bot.clock.set(DUE)
    assert (await n.tick(bloc)).group
    bot.clock.set(DUE + timedelta(hours=5))
    await n.pledge(year, units[2])  # an admin reopened it; the unit registered late
    assert not (await n.tick(bloc)).group
    assert len(n.group_texts(bloc)) == 1


async def test_down_through_two_nudges_sends_the_latest_once(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, _ = await n.bloc(1, 2)
    await n.deadline(year, DUE)
    bot.clock.set(THREE + timedelta(hours=20))  # 7d and 3d went by while down
    done = await n.tick(bloc)
    assert (done.point, done.queued) == ("3d", 2)
    assert "Còn 2 ngày nữa" in n.private_texts(10_001)[0]  # said as of now
    await n.tick(bloc)
    assert n.per_person([10_001, 10_002]) == {10_001: 1, 10_002: 1}
    assert len(n.group_texts(bloc)) == 1


async def test_a_deadline_set_after_a_nudge_time_does_not_catch_it_up(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, _ = await n.bloc(1, 1)
    bot.clock.set(THREE + timedelta(hours=1))
    await n.deadline(year, DUE)  # set 3 days minus one hour before
    assert (await n.tick(bloc)).point is None


async def test_quiet_hours_and_weekends(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, _ = await n.bloc(1, 1)
    monday = datetime(2026, 1, 19, 1, 30, tzinfo=UTC)  # Monday 19/01 08:30
    await n.deadline(year, monday)
    sunday = monday - days(1)
    bot.clock.set(sunday)  # 1d before falls on Sunday: moved to Monday 07:30
    assert (await n.tick(bloc)).point == "3d"  # Friday 08:30 is the latest due
    bot.clock.set(datetime(2026, 1, 19, 0, 30, tzinfo=UTC))  # Monday 07:30
    assert (await n.tick(bloc)).queued == 0  # the same morning as the 08:00 nudge: merged
    bot.clock.set(datetime(2026, 1, 19, 0, 59, tzinfo=UTC))
    assert (await n.tick(bloc)).queued == 0
    bot.clock.set(datetime(2026, 1, 19, 1, 0, tzinfo=UTC))  # Monday 08:00
    assert (await n.tick(bloc)).point == "morning"
    assert len(n.private_texts(10_001)) == 2


async def test_weekends_on_sends_on_sunday(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, _ = await n.bloc(1, 1)
    async with bot.services.db.transaction():
        await ReminderRepo(bot.services.db).save(
            bloc.id, ReminderSettings(weekends=True), by=ADMIN, now=bot.clock.now()
        )
    monday = datetime(2026, 1, 19, 1, 30, tzinfo=UTC)
    await n.deadline(year, monday)
    bot.clock.set(monday - days(1))
    assert (await n.tick(bloc)).point == "1d"


async def test_restart_in_the_middle_of_a_round_doubles_and_loses_nothing(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, _ = await n.bloc(1, 12)
    await n.deadline(year, DUE)
    bot.clock.set(SEVEN)
    bot.emu.faults.fail_next(16, status=500, methods={"sendMessage"})
    first = await n.fresh().tick(bloc.id, Phase.PLEDGE)
    assert first.queued == 12
    await bot.settle()
    people = [10_001 + i for i in range(12)]
    assert 0 < sum(n.per_person(people).values()) < 12  # some wait for a retry
    await bot.restart()
    n.fresh()
    bot.clock.move(timedelta(minutes=10))
    await bot.settle()
    after = await n.tick(bloc)
    assert after.queued == 0 and after.group
    assert set(n.per_person(people).values()) == {1}
    assert len(n.group_texts(bloc)) == 1


async def test_429_and_5xx_are_retried_and_every_nudge_arrives_once(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, _ = await n.bloc(1, 6)
    await n.deadline(year, DUE)
    bot.clock.set(SEVEN)
    bot.emu.faults.fail_next(2, status=429, retry_after=3, methods={"sendMessage"})
    bot.emu.faults.fail_next(2, status=502, methods={"sendMessage"})
    first = await n.fresh().tick(bloc.id, Phase.PLEDGE)
    await bot.settle()
    assert first.queued == 6
    bot.clock.move(timedelta(seconds=5))
    await bot.settle()
    done = await n.tick(bloc)
    assert done.group
    assert set(n.per_person([10_001 + i for i in range(6)]).values()) == {1}


async def test_people_the_bot_cannot_reach_are_mentioned_in_the_digest(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, _ = await n.bloc(1, 2, started=False)
    bot.emu.start_bot(10_002)
    await bot.services.users.seen(
        user_id=10_001,
        username=None,
        first_name="Trần Thị Lan",
        last_name=None,
        language_code="vi",
        private=False,
        now=bot.clock.now(),
    )
    await n.deadline(year, DUE)
    bot.clock.set(SEVEN)
    done = await n.tick(bloc)
    assert done.queued == 2 and done.reports[-1].unreachable == 1
    digest = n.group_texts(bloc)[-1]
    assert "Chưa gửi tin nhắn riêng được cho: Trần Thị Lan (U1X00)" in digest
    assert 'href="tg://user?id=10001"' in bot.emu.bot_messages(bloc.chat_id)[-1].html
    repo = ReminderRepo(bot.services.db)
    assert await repo.unreachable_in_bloc(bloc.id) == [("U1X00", 10_001)]
    calls = len(bot.emu.calls("sendMessage"))
    bot.clock.set(THREE)
    done = await n.tick(bloc)
    assert done.queued == 1  # not tried again privately
    assert len(bot.emu.calls("sendMessage")) == calls + 2
    assert "Trần Thị Lan (U1X00)" in n.group_texts(bloc)[-1]


async def test_two_overlapping_rounds_send_each_nudge_once(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, _ = await n.bloc(1, 10, per_unit=2)
    await n.deadline(year, DUE)
    bot.clock.set(SEVEN)
    one, two = n.fresh(), n.fresh()
    first, second = await asyncio.gather(
        one.tick(bloc.id, Phase.PLEDGE), two.tick(bloc.id, Phase.PLEDGE)
    )
    assert first.queued + second.queued == 20
    await n.tick(bloc)
    assert set(n.per_person([10_001 + i for i in range(20)]).values()) == {1}
    assert len(n.group_texts(bloc)) == 1


async def test_nudge_now_twice_in_a_minute_sends_once(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, _ = await n.bloc(1, 2)
    await n.deadline(year, DUE)
    nudger = n.fresh()
    state = await nudger.state(bloc.id, Phase.PLEDGE)
    assert state is not None
    assert (await nudger.nudge_now(state)).queued == 2
    await bot.settle()
    assert (await n.tick(bloc)).group  # the next tick posts the round's digest
    assert "2 đơn vị chưa đăng ký thi đua" in n.group_texts(bloc)[-1]
    again = await nudger.nudge_now(state)
    assert (again.queued, again.group) == (0, False)
    bot.clock.move(timedelta(minutes=1))
    assert (await nudger.nudge_now(state)).queued == 2
    await bot.settle()
    assert n.per_person([10_001, 10_002]) == {10_001: 2, 10_002: 2}


async def test_a_clock_set_back_neither_doubles_nor_holds_nudges(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, _ = await n.bloc(1, 2)
    await n.deadline(year, DUE)
    bot.clock.set(THREE)
    assert (await n.tick(bloc)).queued == 2
    bot.clock.set(SEVEN)  # back four days: the 7d nudge is due again by the clock
    assert (await n.tick(bloc)).queued == 2  # a nudge of its own, not the 3d one again
    bot.clock.set(THREE + timedelta(minutes=1))
    assert (await n.tick(bloc)).queued == 0  # 3d was sent already
    assert n.per_person([10_001, 10_002]) == {10_001: 2, 10_002: 2}


async def test_a_phase_no_feature_provides_is_not_nudged(bot: Harness) -> None:
    n = Nudges(bot)
    bloc, year, _ = await n.bloc(1, 2)
    await n.deadline(year, DUE, Phase.MIDYEAR)
    bot.clock.set(SEVEN)
    n.nudger = Nudger(bot.services, {}, nudge_texts())  # a registry where nobody declares it
    done = await n.tick(bloc, Phase.MIDYEAR)
    assert done.reports[0].no_provider and not n.group_texts(bloc)

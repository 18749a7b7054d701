"""Nudge rounds against the emulator with a moved clock: who gets what, when, exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.calendar import Phase
from bot.domain.reminders import ReminderSettings
from bot.nudging import Outcome, Outgoing
from storage.reminders import ReminderRepo
from tests.flows.nudge_kit import ADMIN, Scene, days, scene_fixture  # noqa: F401

# The clock starts on Monday 05/01/2026 09:00 in Vietnam; the deadline is Friday 16/01 17:00.
DUE = datetime(2026, 1, 16, 10, 0, tzinfo=UTC)
SEVEN = DUE - days(7)  # Friday 09/01 17:00
THREE = DUE - days(3)  # Tuesday 13/01 17:00
ONE = DUE - days(1)  # Thursday 15/01 17:00
MORNING = datetime(2026, 1, 16, 1, 0, tzinfo=UTC)  # Friday 16/01 08:00
AFTER_GRACE_AND_A_BIT = timedelta(hours=25)


def _per_person(scene: Scene, people: list[int]) -> Counter[int]:
    return Counter({p: len(scene.private_texts(p)) for p in people})


async def test_the_pending_delegates_at_each_nudge_time_and_nobody_who_is_done(
    scene: Scene,
) -> None:
    bloc, year, units = await scene.bloc(1, 3)
    await scene.deadline(year, DUE)
    await scene.pledge(year, units[0])
    nudger = scene.make_nudger()
    people = [10_001, 10_002, 10_003]
    assert await nudger.next_run(bloc.id, Phase.PLEDGE) == SEVEN

    scene.clock.set(SEVEN - timedelta(minutes=1))
    assert (await nudger.tick(bloc.id, Phase.PLEDGE)).point is None
    scene.clock.set(SEVEN)
    report = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert (report.point, report.sent, report.group) == ("7d", 2, True)
    assert _per_person(scene, people) == Counter({10_001: 0, 10_002: 1, 10_003: 1})
    assert "Còn 7 ngày nữa đến thời hạn Đăng ký thi đua" in scene.private_texts(10_002)[0]
    assert "Đơn vị U1X01 chưa đăng ký thi đua" in scene.private_texts(10_002)[0]
    assert scene.group_texts(bloc)[-1].endswith("2 đơn vị chưa đăng ký thi đua: U1X01, U1X02")
    again = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert (again.sent, again.already, again.group) == (0, 0, False)
    assert await nudger.next_run(bloc.id, Phase.PLEDGE) == THREE

    await scene.pledge(year, units[1])
    scene.clock.set(THREE + timedelta(minutes=5))
    report = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert (report.point, report.sent) == ("3d", 1)
    assert _per_person(scene, people) == Counter({10_001: 0, 10_002: 1, 10_003: 2})
    assert "1 đơn vị chưa đăng ký thi đua: U1X02" in scene.group_texts(bloc)[-1]

    await scene.pledge(year, units[2])
    scene.clock.set(ONE)
    report = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert (report.sent, report.pending_units, report.group) == (0, 0, False)
    assert len(scene.group_texts(bloc)) == 2  # no digest when everyone is done

    scene.clock.set(DUE)
    report = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert report.point == "after" and report.group
    assert "3/3" in scene.group_texts(bloc)[-1]
    assert (await nudger.tick(bloc.id, Phase.PLEDGE)).group is False
    assert await nudger.next_run(bloc.id, Phase.PLEDGE) is None


async def test_after_the_deadline_the_group_learns_who_did_not(scene: Scene) -> None:
    bloc, year, units = await scene.bloc(1, 3)
    await scene.deadline(year, DUE)
    await scene.pledge(year, units[1])
    nudger = scene.make_nudger()
    scene.clock.set(DUE + timedelta(hours=3))  # the bot was down at the deadline
    assert (await nudger.tick(bloc.id, Phase.PLEDGE)).group
    text = scene.group_texts(bloc)[-1]
    assert "Đã hết thời hạn Đăng ký thi đua (16/01/2026 17:00): 1/3 đơn vị" in text
    assert "Chưa đăng ký thi đua: U1X00, U1X02." in text
    assert not scene.private_texts(10_001)  # no nudge once the deadline has passed


async def test_down_through_two_nudges_sends_the_latest_once(scene: Scene) -> None:
    bloc, year, _ = await scene.bloc(1, 2)
    await scene.deadline(year, DUE)
    scene.clock.set(THREE + timedelta(hours=20))  # 7d and 3d went by while down
    nudger = scene.make_nudger()
    assert await nudger.recover() == 0
    report = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert (report.point, report.sent) == ("3d", 2)
    assert "Còn 2 ngày nữa" in scene.private_texts(10_001)[0]  # said as of now
    await nudger.tick(bloc.id, Phase.PLEDGE)
    assert _per_person(scene, [10_001, 10_002]) == Counter({10_001: 1, 10_002: 1})
    assert len(scene.group_texts(bloc)) == 1
    # the next one still comes on time
    assert await nudger.next_run(bloc.id, Phase.PLEDGE) == ONE
    scene.clock.set(DUE + AFTER_GRACE_AND_A_BIT)
    assert (await nudger.tick(bloc.id, Phase.PLEDGE)).group is False  # too late for the line


async def test_a_deadline_set_after_a_nudge_time_does_not_catch_it_up(scene: Scene) -> None:
    bloc, year, _ = await scene.bloc(1, 1)
    scene.clock.set(THREE + timedelta(hours=1))
    await scene.deadline(year, DUE)  # set 3 days minus one hour before
    nudger = scene.make_nudger()
    assert (await nudger.tick(bloc.id, Phase.PLEDGE)).point is None
    assert await nudger.next_run(bloc.id, Phase.PLEDGE) == ONE


async def test_quiet_hours_and_weekends(scene: Scene) -> None:
    bloc, year, _ = await scene.bloc(1, 1)
    monday = datetime(2026, 1, 19, 1, 30, tzinfo=UTC)  # Monday 19/01 08:30
    await scene.deadline(year, monday)
    nudger = scene.make_nudger()
    sunday = monday - days(1)
    scene.clock.set(sunday)  # 1d before falls on Sunday: moved to Monday 07:30
    assert (await nudger.tick(bloc.id, Phase.PLEDGE)).point == "3d"  # Friday 08:30
    monday_0730 = datetime(2026, 1, 19, 0, 30, tzinfo=UTC)
    assert await nudger.next_run(bloc.id, Phase.PLEDGE) == monday_0730
    scene.clock.set(monday_0730)
    assert (await nudger.tick(bloc.id, Phase.PLEDGE)).point == "1d"
    # with weekends on, it would have gone on Sunday
    async with scene.services.db.transaction():
        await ReminderRepo(scene.services.db).save(
            bloc.id, ReminderSettings(weekends=True), by=ADMIN, now=sunday - days(2)
        )
    scene.clock.set(sunday - days(1))
    assert await nudger.next_run(bloc.id, Phase.PLEDGE) == sunday


async def test_restart_in_the_middle_of_a_round_doubles_and_loses_nothing(scene: Scene) -> None:
    bloc, year, _ = await scene.bloc(1, 12)
    await scene.deadline(year, DUE)
    scene.clock.set(SEVEN)
    dying = scene.make_nudger()
    dying.concurrency = 1  # one message at a time: the kill falls between two of them
    real, five = dying.send, asyncio.Event()
    sent: list[int] = []

    async def send_then_freeze(message: Outgoing) -> Outcome:
        if len(sent) >= 5:
            five.set()
            await asyncio.Event().wait()  # the process is about to be killed
        sent.append(message.chat_id)
        return await real(message)

    dying.send = send_then_freeze
    round_task = asyncio.create_task(dying.tick(bloc.id, Phase.PLEDGE))
    await five.wait()
    round_task.cancel()  # kill -9: claims made, messages not sent
    with pytest.raises(asyncio.CancelledError):
        await round_task
    people = [10_001 + i for i in range(12)]
    assert sum(_per_person(scene, people).values()) == 5
    restarted = scene.make_nudger()
    assert await restarted.recover() >= 1  # claimed but never sent
    scene.clock.move(timedelta(minutes=2))
    report = await restarted.tick(bloc.id, Phase.PLEDGE)
    assert report.sent == 7 and report.group
    assert set(_per_person(scene, people).values()) == {1}
    assert len(scene.group_texts(bloc)) == 1


async def test_429_and_5xx_are_retried_and_every_nudge_arrives_once(scene: Scene) -> None:
    bloc, year, _ = await scene.bloc(1, 6)
    await scene.deadline(year, DUE)
    scene.clock.set(SEVEN)
    nudger = scene.make_nudger()
    scene.emu.faults.fail_next(2, status=429, retry_after=3, methods={"sendMessage"})
    scene.emu.faults.fail_next(2, status=502, methods={"sendMessage"})
    report = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert (report.sent, report.failed, report.group) == (6, 0, True)
    assert scene.waits.count(3.0) == 2  # retry_after honoured
    people = [10_001 + i for i in range(6)]
    assert set(_per_person(scene, people).values()) == {1}


async def test_a_send_that_keeps_failing_is_given_back_and_sent_by_the_next_tick(
    scene: Scene,
) -> None:
    bloc, year, _ = await scene.bloc(1, 2)
    await scene.deadline(year, DUE)
    scene.clock.set(SEVEN)
    nudger = scene.make_nudger()
    scene.emu.faults.fail_next(30, status=500, methods={"sendMessage"})
    report = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert report.failed >= 1
    scene.emu.faults.clear()
    retry = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert retry.sent + report.sent == 2 and (retry.group or report.group)
    assert set(_per_person(scene, [10_001, 10_002]).values()) == {1}
    assert len(scene.group_texts(bloc)) == 1


async def test_people_the_bot_cannot_reach_are_mentioned_in_the_digest(scene: Scene) -> None:
    bloc, year, _ = await scene.bloc(1, 2, started=False)
    scene.emu.start_bot(10_002)
    scene.emu.start_bot(ADMIN)
    await scene.services.users.seen(
        user_id=10_001,
        username=None,
        first_name="Trần Thị Lan",
        last_name=None,
        language_code="vi",
        private=False,
        now=scene.clock.now(),
    )
    await scene.deadline(year, DUE)
    scene.clock.set(SEVEN)
    nudger = scene.make_nudger()
    report = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert (report.sent, report.unreachable) == (1, 1)
    digest = scene.emu.bot_messages(bloc.chat_id)[-1]
    assert "Chưa gửi tin nhắn riêng được cho: Trần Thị Lan (U1X00)" in digest.text
    repo = ReminderRepo(scene.services.db)
    assert await repo.unreachable_in_bloc(bloc.id) == [("U1X00", 10_001)]
    calls = len(scene.emu.calls("sendMessage"))
    scene.clock.set(THREE)
    report = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert (report.sent, report.unreachable) == (1, 0)  # not tried again privately
    assert len(scene.emu.calls("sendMessage")) == calls + 2
    assert "Trần Thị Lan (U1X00)" in scene.group_texts(bloc)[-1]


async def test_two_overlapping_rounds_send_each_nudge_once(scene: Scene) -> None:
    bloc, year, _ = await scene.bloc(1, 10, per_unit=2)
    await scene.deadline(year, DUE)
    scene.clock.set(SEVEN)
    one, two = scene.make_nudger(), scene.make_nudger()
    first, second = await asyncio.gather(
        one.tick(bloc.id, Phase.PLEDGE), two.tick(bloc.id, Phase.PLEDGE)
    )
    assert first.sent + second.sent == 20
    assert set(_per_person(scene, [10_001 + i for i in range(20)]).values()) == {1}
    assert len(scene.group_texts(bloc)) == 1


async def test_a_deadline_changed_during_a_round_stops_it_without_doubling(
    scene: Scene,
) -> None:
    bloc, year, _ = await scene.bloc(1, 80)
    await scene.deadline(year, DUE)
    scene.clock.set(SEVEN)
    nudger = scene.make_nudger()
    real, changed = nudger.send, []

    async def change_after_three(message: Outgoing) -> Outcome:
        outcome = await real(message)
        if len(scene.emu.calls("sendMessage")) >= 3 and not changed:
            changed.append(True)
            await scene.deadline(year, DUE + days(7))
        return outcome

    nudger.send = change_after_three
    report = await nudger.tick(bloc.id, Phase.PLEDGE)
    assert report.stopped and report.sent < 80 and not report.group
    nudger.send = real
    assert (await nudger.tick(bloc.id, Phase.PLEDGE)).point is None  # 7d of the new one is ahead
    assert await nudger.next_run(bloc.id, Phase.PLEDGE) == DUE
    people = [10_001 + i for i in range(80)]
    assert max(_per_person(scene, people).values()) == 1


async def test_nudge_now_twice_in_a_minute_sends_once(scene: Scene) -> None:
    bloc, year, _ = await scene.bloc(1, 2)
    await scene.deadline(year, DUE)
    nudger = scene.make_nudger()
    state = await nudger.state(bloc.id, Phase.PLEDGE)
    assert state is not None
    assert (await nudger.nudge_now(state)).sent == 2
    assert (await nudger.nudge_now(state)).sent == 0
    scene.clock.move(timedelta(minutes=1))
    assert (await nudger.nudge_now(state)).sent == 2


async def test_a_phase_no_feature_provides_is_not_nudged(scene: Scene) -> None:
    bloc, year, _ = await scene.bloc(1, 2)
    await scene.deadline(year, DUE, Phase.MIDYEAR)
    scene.clock.set(SEVEN)
    report = await scene.make_nudger().tick(bloc.id, Phase.MIDYEAR)
    assert report.no_provider and not scene.group_texts(bloc)

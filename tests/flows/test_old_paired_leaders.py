"""Votes closed before the rule "one unit is never head and deputy of the same year" was
checked: DNG elected head AND deputy of 2027, both tallies stored as elected, both seats
recorded. The bot now decides so for a vote closing (election_close._record_leader): the head's
seat stands and the deputy's is empty. Old data reads alike wherever the tallies are shown
(/summary, the workbook, the minutes of the count) and wherever the seats are (/head, /units).

The old state is written straight through the repositories, as the older version left it.
"""

from __future__ import annotations

from bot.domain.ballots import ElectionKind, tally_head
from bot.domain.bloc import Bloc
from bot.domain.elections import NO_TITLE, LeaderSource, Role
from tests.flows.conftest import ADMIN, Harness
from tests.flows.test_election import ready
from tests.flows.test_vote_records import _minutes, _text, _vote_rows, _vote_tab
from tests.flows.year_setup import UNITS


async def _both_seats_to_dng(bot: Harness, bloc: Bloc) -> None:
    """A head vote and a deputy vote of 2026, each closed with DNG elected by 3 of 3, and DNG
    recorded in both seats of 2027."""
    year = await bot.services.years.current(bloc.id)
    assert year is not None
    units = await bot.services.units.list(bloc.id)
    ids = [u.id for u in units]
    dng = next(u.id for u in units if u.code == "DNG")
    rules = await bot.services.elections.rules(bloc.id)
    for kind in (ElectionKind.DEPUTY, ElectionKind.HEAD):
        now = bot.clock.now()
        election = await bot.services.elections.open(
            bloc_id=bloc.id, year_id=year.id, kind=kind, rules=rules,
            candidates={NO_TITLE: ids}, roll=ids, by=ADMIN, now=now,
        )  # fmt: skip
        tally = tally_head(ids, [dng, dng, dng], roll=3, rules=rules).sealed()
        result = {"tally": tally.model_dump(mode="json"), "voiceless": []}
        assert await bot.services.elections.close(election.id, by=ADMIN, now=now, result=result)
        await bot.services.elections.set_leader(
            bloc.id, 2027, Role(kind.value), dng, source=LeaderSource.ELECTION,
            election_id=election.id, by=ADMIN, now=now,
        )  # fmt: skip


async def test_old_tallies_of_one_unit_in_both_seats_leave_the_deputy_seat_empty(
    bot: Harness,
) -> None:
    bloc = await ready(bot)
    await _both_seats_to_dng(bot, bloc)

    tab = await _vote_tab(bot)
    head, deputy = tab.split("Bầu Khối trưởng —")[1], tab.split("Bầu Khối phó —")[1]
    assert "• DNG: 3 phiếu ✅" in head.split("Bầu Khối phó")[0]
    deputy = deputy.split("Bầu Khối trưởng")[0]
    assert "• DNG: 3 phiếu ✅" not in deputy and "• DNG: 3 phiếu" in deputy
    assert "DNG có nhiều phiếu nhất nhưng đã là Khối trưởng năm 2027" in deputy
    assert "Khối trưởng năm 2027: DNG (được bầu) · Khối phó năm 2027: chưa có" in tab

    rows = await _vote_rows(bot)
    assert ("Bầu Khối trưởng", "DNG", 3, "Được bầu") in rows
    [dng] = [r for r in rows if r[0] == "Bầu Khối phó" and r[1] == "DNG"]
    assert dng[3] == "Đã là Khối trưởng năm 2027, không làm Khối phó"

    text = _text(await _minutes(bot, "Biên bản kiểm phiếu bầu Khối trưởng, Khối phó"))
    name = UNITS["DNG"]
    assert text.count(f"{name} được bầu làm") == 1
    assert f"{name} được bầu làm Khối trưởng năm 2027" in text
    assert f"{name} có nhiều phiếu nhất (3/3 phiếu hợp lệ) nhưng đã là Khối trưởng năm 2027" in text

    [board] = await bot.say(bot.group, ADMIN, "/head")
    assert "Năm 2027: Khối trưởng DNG" in board.text and "Khối phó chưa có" in board.text
    [units] = await bot.say(bot.group, ADMIN, "/units")
    assert "Khối phó năm 2027" not in units.text

    # the deputy vote elected no unit: no second vote, the bloc records one in its meeting
    [refused] = await bot.say(bot.group, ADMIN, "/election open deputy")
    assert "Bầu Khối phó năm 2027 đã kết thúc lúc" in refused.text
    assert "mà không có đơn vị được bầu" in refused.text and not refused.buttons
    [ask] = await bot.say(bot.group, ADMIN, "/deputy set GLI")
    assert "Thay cho" not in ask.text  # no deputy stands to be replaced

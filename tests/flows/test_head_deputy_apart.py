"""One unit is never head and deputy of the same year, whichever vote comes first: the head's
vote does not open while the deputy's runs, next year's deputy is no candidate for head, /head
set refuses a candidate of the deputy's open vote (and /deputy set one of the head's), and a
vote opened before these checks (both running at once) still never leaves one unit in both
seats: the group is told which seat it keeps.
"""

from __future__ import annotations

import pytest

from bot.domain.ballots import ElectionKind
from bot.domain.bloc import Bloc
from bot.domain.elections import NO_TITLE, Role
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import open_vote, ready, vote


async def _leaders(bot: Harness, bloc: Bloc) -> dict[Role, str]:
    found = await bot.services.elections.leaders(bloc.id, 2027)
    codes = {u.id: u.code for u in await bot.services.units.list(bloc.id)}
    return {role: codes[leader.unit_id] for role, leader in found.items()}


async def _close(bot: Harness, title: str) -> str:
    """/election close, ✅ on the vote whose title holds `title`; what the group was told."""
    before = len(bot.emu.bot_messages(bot.group))
    [ask] = await bot.say(bot.group, ADMIN, "/election close")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text=title)
    return "\n".join(m.text for m in bot.emu.bot_messages(bot.group)[before + 1 :])


async def _everyone_votes(bot: Harness, code: str) -> None:
    for user in (ALICE, BOB, CAROL):
        await vote(bot, user, code)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "Đang bầu Khối phó"), ("en", "The election of the deputy is still open")],
)
async def test_the_head_vote_does_not_open_while_the_deputy_vote_runs(
    bot: Harness, language: str, expected: str
) -> None:
    await ready(bot, language=language)
    await open_vote(bot, "deputy")
    [refused] = await bot.say(bot.group, ADMIN, "/election open head")
    assert expected in refused.text and not refused.buttons


async def test_next_years_deputy_is_no_candidate_for_head(bot: Harness) -> None:
    bloc = await ready(bot)
    await open_vote(bot, "deputy")
    await _everyone_votes(bot, "DNG")
    assert "được bầu làm Khối phó năm 2027" in await _close(bot, "Khối phó")
    [ask] = await bot.say(bot.group, ADMIN, "/election open head")
    assert "DNG là Khối phó năm sau nên không được giới thiệu làm Khối trưởng" in ask.text
    assert "Đơn vị được giới thiệu: 2/2" in ask.text
    assert not [b for b in ask.button_texts() if "DNG" in b]
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    [ballot] = await bot.say(ALICE, ALICE, "/vote")
    assert "DNG" not in ballot.button_texts()
    await _everyone_votes(bot, "GLI")
    await _close(bot, "Khối trưởng")
    assert await _leaders(bot, bloc) == {Role.HEAD: "GLI", Role.DEPUTY: "DNG"}


async def test_next_years_deputy_is_no_candidate_for_head_in_english(bot: Harness) -> None:
    await ready(bot, language="en")
    await open_vote(bot, "deputy")
    await _everyone_votes(bot, "DNG")
    await _close(bot, "deputy")
    [ask] = await bot.say(bot.group, ADMIN, "/election open head")
    assert "DNG is next year's deputy, so it is no candidate for head" in ask.text


async def test_head_set_refuses_a_candidate_of_the_open_deputy_vote(bot: Harness) -> None:
    bloc = await ready(bot)
    await open_vote(bot, "deputy")
    [refused] = await bot.say(bot.group, ADMIN, "/head set DNG")
    assert "DNG là ứng viên của cuộc bầu Khối phó đang mở" in refused.text
    assert not refused.buttons
    await _everyone_votes(bot, "DNG")
    await _close(bot, "Khối phó")
    [ask] = await bot.say(bot.group, ADMIN, "/head set DLK")  # not DNG: DLK may be head
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    assert await _leaders(bot, bloc) == {Role.HEAD: "DLK", Role.DEPUTY: "DNG"}


async def test_deputy_set_refuses_a_candidate_of_the_open_head_vote_in_english(
    bot: Harness,
) -> None:
    await ready(bot, language="en")
    await open_vote(bot, "head")
    [refused] = await bot.say(bot.group, ADMIN, "/deputy set GLI")
    assert "GLI is a candidate in the open election of the head" in refused.text


async def _both_open(bot: Harness, bloc: Bloc) -> None:
    """A head vote and a deputy vote running at once, as a bot before the check opened them."""
    await open_vote(bot, "deputy")
    year = await bot.services.years.current(bloc.id)
    assert year is not None
    units = [u.id for u in await bot.services.units.list(bloc.id)]
    await bot.services.elections.open(
        bloc_id=bloc.id,
        year_id=year.id,
        kind=ElectionKind.HEAD,
        rules=await bot.services.elections.rules(bloc.id),
        candidates={NO_TITLE: units},
        roll=units,
        by=ADMIN,
        now=bot.clock.now(),
    )
    for user in (ALICE, BOB, CAROL):
        for title in ("Khối trưởng", "Khối phó") if user != BOB else ("head", "deputy"):
            [listing] = await bot.say(user, user, "/vote")
            await bot.press(user, user, message_id=listing.message_id, text=title)
            await bot.press(user, user, text="DNG")
            await bot.press(user, user, text="✅")


async def test_a_head_elected_who_was_deputy_leaves_the_deputy_seat(bot: Harness) -> None:
    bloc = await ready(bot)
    await _both_open(bot, bloc)
    assert "được bầu làm Khối phó năm 2027" in await _close(bot, "Khối phó")
    told = await _close(bot, "Khối trưởng")
    assert "DNG — Ban Quản lý các KCN Đà Nẵng được bầu làm Khối trưởng năm 2027" in told
    assert "nên DNG thôi làm Khối phó. Khối phó năm 2027 chưa có" in told
    assert await _leaders(bot, bloc) == {Role.HEAD: "DNG"}


async def test_a_deputy_elected_who_is_head_stays_head_in_english(bot: Harness) -> None:
    bloc = await ready(bot, language="en")
    await _both_open(bot, bloc)
    assert "is elected bloc head for 2027" in await _close(bot, "head")
    told = await _close(bot, "deputy")
    assert "is elected bloc deputy" not in told
    assert "but is already the bloc head for 2027" in told and "/deputy set CODE" in told
    assert await _leaders(bot, bloc) == {Role.HEAD: "DNG"}

"""Scenery for the year, scale and pledge flows: a bloc with units and delegates, made directly
through the repositories (membership's commands are tested on their own), and the open year.
"""

from __future__ import annotations

from bot.domain.bloc import Bloc
from tests.flows.conftest import ADMIN, BOB, Harness

UNITS = {
    "DLK": "Ban Quản lý các KCN tỉnh Đắk Lắk",
    "DNG": "Ban Quản lý các KCN Đà Nẵng",
    "GLI": "Ban Quản lý Khu kinh tế tỉnh Gia Lai",
}


async def make_bloc(
    bot: Harness, *, language: str = "vi", delegates: dict[str, list[int]] | None = None
) -> Bloc:
    """The group as a bloc (ADMIN its first admin) with three units and their delegates."""
    services, now = bot.services, bot.clock.now()
    bloc = await services.blocs.create(
        chat_id=bot.group,
        name="Khối thi đua Tây Nguyên",
        language=language,
        timezone="Asia/Ho_Chi_Minh",
        by=ADMIN,
        now=now,
    )
    for code, name in UNITS.items():
        unit = await services.units.add(bloc.id, code, name, now)
        for user_id in (delegates or {}).get(code, []):
            await services.units.add_delegate(unit.id, user_id, by=ADMIN, now=now)
    return bloc


async def open_year(bot: Harness, number: int = 2026) -> None:
    """`/year <number>` and ✅, as the admin."""
    [ask] = await bot.say(bot.group, ADMIN, f"/year {number}")
    assert str(number) in ask.text
    await bot.press(bot.group, ADMIN, text="✅")
    assert "✅" in bot.last(bot.group).text


async def set_deadline(bot: Harness, args: str) -> str:
    """`/deadline <args>` and ✅; the text of the confirmation."""
    await bot.say(bot.group, ADMIN, f"/deadline {args}")
    await bot.press(bot.group, ADMIN, text="✅")
    return bot.last(bot.group).text


async def pledges_due(bot: Harness, delegates: dict[str, list[int]]) -> Bloc:
    """The bloc with these delegates, its year open, pledges due 31/01/2026."""
    bloc = await make_bloc(bot, delegates=delegates)
    await open_year(bot)
    await set_deadline(bot, "pledge 31/01/2026")
    return bloc


async def register_pledge(bot: Harness, user: int, title: str, text: str) -> None:
    """/pledge, one title, one message of commitments, review, ✅ (Bob's labels in English)."""
    en = user == BOB
    await bot.say(user, user, "/pledge")
    await bot.press(user, user, text=title)
    await bot.press(user, user, text="Next" if en else "Tiếp")
    await bot.say(user, user, text)
    await bot.press(user, user, text="Review" if en else "Xem lại")
    await bot.press(user, user, text="✅")


async def pledge_of(bot: Harness, bloc: Bloc, code: str):  # type: ignore[no-untyped-def]
    """The registered pledge of unit `code` in the bloc's current year, as stored."""
    year = await bot.services.years.current(bloc.id)
    unit = await bot.services.units.by_code(bloc.id, code)
    assert year is not None and unit is not None
    return await bot.services.pledges.get(year.id, unit.id)


async def pledge_first_titles(bot: Harness, bloc: Bloc, code: str, count: int, by: int):  # type: ignore[no-untyped-def]
    """Register unit `code`'s pledge for the first `count` titles of the list (stored directly);
    the titles chosen."""
    year = await bot.services.years.current(bloc.id)
    unit = await bot.services.units.by_code(bloc.id, code)
    assert year is not None and unit is not None
    chosen = (await bot.services.titles.active(bloc.id))[:count]
    await bot.services.pledges.save(
        year.id, unit.id, title_ids=[t.id for t in chosen], commitments="x", by=by,
        now=bot.clock.now(),
    )  # fmt: skip
    return chosen

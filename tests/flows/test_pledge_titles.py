"""/titles: the list units pledge from; every change shown first and stored on ✅."""

from __future__ import annotations

from tests.flows.conftest import ADMIN, ALICE, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year


async def _names(bot: Harness, bloc_id: int) -> list[str]:
    return [t.name for t in await bot.services.titles.active(bloc_id)]


async def test_admins_edit_the_titles_after_confirmation(bot: Harness) -> None:
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE]})
    [shown] = await bot.say(bot.group, ADMIN, "/titles")
    assert "1. Cờ thi đua" in shown.text and "4. Tập thể lao động tiên tiến" in shown.text
    assert shown.button_texts() == ["🗑 1", "🗑 2", "🗑 3", "🗑 4"]
    [ask] = await bot.say(bot.group, ADMIN, "/titles add  Cờ thi đua của   UBND tỉnh ")
    assert "Cờ thi đua của UBND tỉnh" in ask.text
    assert len(await _names(bot, bloc.id)) == 4
    await bot.press(bot.group, ADMIN, text="✅")
    assert "5. Cờ thi đua của UBND tỉnh" in ask.text
    await bot.say(bot.group, ADMIN, "/titles rename 2 Bằng khen của Bộ trưởng")
    await bot.press(bot.group, ADMIN, text="✖️")
    assert (await _names(bot, bloc.id))[1] == "Bằng khen của Bộ trưởng Bộ Tài chính"
    await bot.say(bot.group, ADMIN, "/titles rename 2 Bằng khen của Bộ trưởng")
    await bot.press(bot.group, ADMIN, text="✅")
    assert (await _names(bot, bloc.id))[1] == "Bằng khen của Bộ trưởng"
    [listing] = await bot.say(bot.group, ADMIN, "/titles")
    await bot.press(bot.group, ADMIN, text="🗑 4")
    assert "Tập thể lao động tiên tiến" in listing.text and "✅ Xóa" in listing.button_texts()
    await bot.press(bot.group, ADMIN, text="✅")
    assert "Tập thể lao động tiên tiến" not in await _names(bot, bloc.id)

    await open_year(bot)
    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    assert "☑️" not in screen.text and "⬜ Cờ thi đua của UBND tỉnh" in screen.button_texts()
    assert "⬜ Tập thể lao động tiên tiến" not in screen.button_texts()


async def test_bad_title_changes_are_refused(bot: Harness) -> None:
    bloc = await make_bloc(bot, language="en")
    [refused] = await bot.say(bot.group, CAROL, "/titles")
    assert "Only bloc admins" in refused.text
    flag = "/titles add emulation FLAG of the ministry of finance"
    [duplicate] = await bot.say(bot.group, ADMIN, flag)
    assert "already a title" in duplicate.text
    [long] = await bot.say(bot.group, ADMIN, "/titles add " + "x" * 81)
    assert "80 characters" in long.text
    [number] = await bot.say(bot.group, ADMIN, "/titles rename 9 New")
    assert "from 1 to 4" in number.text
    [usage] = await bot.say(bot.group, ADMIN, "/titles frobnicate")
    assert "/titles add" in usage.text
    for n in range(6):
        await bot.say(bot.group, ADMIN, f"/titles add Extra {n}")
        await bot.press(bot.group, ADMIN, text="✅")
    [full] = await bot.say(bot.group, ADMIN, "/titles add One too many")
    assert "10 titles" in full.text
    assert len(await bot.services.titles.active(bloc.id)) == 10
    await bot.say(bot.group, ADMIN, "/titles remove 1")
    answer = await bot.press(bot.group, CAROL, text="✅")
    assert answer is not None and "Only bloc admins" in answer["text"]
    assert len(await bot.services.titles.active(bloc.id)) == 10

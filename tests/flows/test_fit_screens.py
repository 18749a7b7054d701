"""Every screen showing people's text fits one Telegram message (issue 17, finding 5).

The emulator refuses a text over 4096 UTF-16 code units, as Telegram does: before the fix the
review of the longest pledge was refused and the delegate could never reach ✅.
"""

from __future__ import annotations

from bot.domain.bloc import Bloc
from bot.domain.pledge import COMMITMENTS_MAX_CHARS, TITLE_NAME_MAX_CHARS, TITLES_MAX
from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.year_setup import open_year, pledge_of, set_deadline

LIMIT = 4096
SHORTENED = "đã rút gọn"


def units16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def _longest_bloc(bot: Harness) -> Bloc:
    """Ten titles of 80 characters and a unit named with 200, ALICE its delegate."""
    services, now = bot.services, bot.clock.now()
    bloc = await services.blocs.create(
        chat_id=bot.group, name="K", language="vi", timezone="Asia/Ho_Chi_Minh", by=ADMIN, now=now
    )
    await open_year(bot)
    await set_deadline(bot, "pledge 31/01/2026")
    for title in await services.titles.active(bloc.id):  # the defaults, renamed
        await services.titles.rename(title.id, f"{title.id}".ljust(TITLE_NAME_MAX_CHARS, "R"))
    for n in range(TITLES_MAX - len(await services.titles.active(bloc.id))):
        await services.titles.add(bloc.id, f"{n}".ljust(TITLE_NAME_MAX_CHARS, "T"), now)
    assert len(await services.titles.active(bloc.id)) == TITLES_MAX
    unit = await services.units.add(bloc.id, "UNIT_LONG", "N" * 200, now)
    await services.units.add_delegate(unit.id, ALICE, by=ADMIN, now=now)
    return bloc


async def _review(bot: Harness, parts: list[str]) -> str:
    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    for button in screen.button_texts()[:TITLES_MAX]:
        await bot.press(ALICE, ALICE, message_id=screen.message_id, text=button)
    await bot.press(ALICE, ALICE, text="Tiếp")
    for part in parts:
        await bot.say(ALICE, ALICE, part)
    await bot.press(ALICE, ALICE, text="Xem lại")
    return bot.last(ALICE).text


async def test_the_longest_pledge_review_is_shortened_and_can_be_registered(
    bot: Harness,
) -> None:
    bloc = await _longest_bloc(bot)
    review = await _review(bot, ["c" * COMMITMENTS_MAX_CHARS])
    assert "Bước 3/3" in review and units16(review) <= LIMIT
    assert SHORTENED in review and "N" * 200 in review and "5".ljust(80, "T") in review
    await bot.press(ALICE, ALICE, text="✅")
    pledge = await pledge_of(bot, bloc, "UNIT_LONG")
    assert pledge is not None and pledge.commitments == "c" * COMMITMENTS_MAX_CHARS

    # 🔍 (the admin's private view) and the published view fit the same way.
    await bot.say(ADMIN, ADMIN, "/start")
    [status] = await bot.say(bot.group, ADMIN, "/status pledge")
    await bot.press(bot.group, ADMIN, message_id=status.message_id, text="🔍 UNIT_LONG")
    view = bot.last(ADMIN)
    assert "UNIT_LONG" in view.text and SHORTENED in view.text and units16(view.text) <= LIMIT
    await bot.press(bot.group, ADMIN, text="📢 Công bố cam kết")
    await bot.press(bot.group, ADMIN, text="Công bố")
    published = bot.last(bot.group)
    assert "đã công bố" in published.text and SHORTENED in published.text
    assert units16(published.text) <= LIMIT


async def test_emoji_count_twice_as_telegram_counts_them(bot: Harness) -> None:
    """3,000 characters of emoji are 6,000 UTF-16 code units: the review is still shortened."""
    await _longest_bloc(bot)
    half = COMMITMENTS_MAX_CHARS // 2
    review = await _review(bot, ["😀" * half, "😀" * (half - 1)])
    assert "Bước 3/3" in review and SHORTENED in review and units16(review) <= LIMIT
    assert "😀" * 100 in review


async def test_me_for_a_person_of_many_units_fits(bot: Harness) -> None:
    """/me lists every unit a person acts for: 20 units named with 200 characters, before the
    fix, made a message of 8,000 characters that Telegram refused."""
    services, now = bot.services, bot.clock.now()
    bloc = await services.blocs.create(
        chat_id=bot.group,
        name="B" * 200,
        language="vi",
        timezone="Asia/Ho_Chi_Minh",
        by=ADMIN,
        now=now,
    )
    for n in range(20):
        unit = await services.units.add(bloc.id, f"U{n:02d}", f"{n}".ljust(200, "N"), now)
        await services.units.add_delegate(unit.id, ALICE, by=ADMIN, now=now)
    [me] = await bot.say(ALICE, ALICE, "/me")
    assert "U00" in me.text and SHORTENED in me.text and units16(me.text) <= LIMIT


async def test_units_with_emoji_names_and_delegates_fit_each_page(bot: Harness) -> None:
    """/units measured its pages in code points: emoji count two for Telegram."""
    services, now = bot.services, bot.clock.now()
    bloc = await services.blocs.create(
        chat_id=bot.group, name="K", language="vi", timezone="Asia/Ho_Chi_Minh", by=ADMIN, now=now
    )
    for n in range(8):
        unit = await services.units.add(bloc.id, f"U{n}", "😀" * 200, now)
        for d in range(12):
            person = 7000 + n * 100 + d
            await services.users.seen(
                user_id=person,
                username=None,
                first_name="🌟" * 60,
                last_name=None,
                language_code="vi",
                private=False,
                now=now,
            )
            await services.units.add_delegate(unit.id, person, by=ADMIN, now=now)
    [page] = await bot.say(bot.group, ADMIN, "/units")
    assert "U0" in page.text and units16(page.text) <= LIMIT

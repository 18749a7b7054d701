"""A delegate's unsent changes to the unit's registered pledge (their own draft, not put in
place with ✅: QA qa-vi-first, defect 3): the delegate who holds them is reminded privately in
words of their own, once a reminder, and no other delegate of the unit; the group never names
the unit (a digest that goes anyway only counts it); after the deadline their /pledge says the
changes were not sent in time and do not count."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.bloc import Bloc
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.nudge_kit import Nudges
from tests.flows.year_setup import (
    make_bloc,
    open_year,
    pledge_first_titles,
    pledge_of,
    pledges_due,
    register_pledge,
    set_deadline,
)

FLAG = "Cờ thi đua của Bộ Tài chính"
MERIT = "Bằng khen của Bộ trưởng Bộ Tài chính"
#: Three days before the pledge deadline (31/01/2026 17:00, Vietnam): that reminder is due.
THREE_DAYS_BEFORE = datetime(2026, 1, 28, 10, 0, tzinfo=UTC)


async def _change_unsent(bot: Harness, user: int, merit: str = MERIT) -> None:
    """/pledge on the registered pledge, one more title, and left there (no ✅)."""
    await bot.say(user, user, "/pledge")
    await bot.press(user, user, text=merit)


async def _ready(bot: Harness) -> Bloc:
    """DLK registered by Lan, then changed by Mai without ✅; DNG registered and changed by Bob
    (English) without ✅; GLI, with no delegate, not registered."""
    bloc = await pledges_due(bot, {"DLK": [ALICE, CAROL], "DNG": [BOB]})
    await register_pledge(bot, ALICE, FLAG, "Cam kết của Lan.")
    await register_pledge(bot, BOB, FLAG, "Bob's pledge.")
    await _change_unsent(bot, CAROL)
    await _change_unsent(bot, BOB)
    await bot.say(ALICE, ALICE, "/pledge")  # opened, nothing changed: no unsent change
    return bloc


async def test_the_holder_of_unsent_changes_is_reminded_and_told_they_were_lost(
    bot: Harness,
) -> None:
    bloc = await _ready(bot)
    heard = {p: len(bot.emu.bot_messages(p)) for p in (ALICE, BOB, CAROL)}
    bot.clock.set(THREE_DAYS_BEFORE)
    n = Nudges(bot)
    await n.tick(bloc)
    await n.tick(bloc)  # the same reminder: nobody hears it twice
    assert {p: len(bot.emu.bot_messages(p)) - heard[p] for p in heard} == {
        ALICE: 0,  # she registered; the change is Mai's
        BOB: 1,
        CAROL: 1,
    }
    mai, bob = bot.last(CAROL).text, bot.last(BOB).text
    assert "Còn 3 ngày nữa đến thời hạn Đăng ký thi đua" in mai
    assert "Anh/Chị có thay đổi bản đăng ký thi đua của đơn vị DLK chưa gửi" in mai
    assert "bấm ✅ ở bước Xem lại để thay bản đã đăng ký" in mai
    assert "chưa đăng ký" not in mai
    assert "You have changes to the pledge of unit DNG that you have not sent" in bob
    assert bot.last(CAROL).button_texts() == ["📝 Đăng ký thi đua"]
    # the group: GLI named as not registered; the changes neither named nor counted: both
    # registered units have some, so "2" would say it of each (QA qa9 #5)
    digest = n.group_texts(bloc)[-1]
    assert digest.splitlines() == [
        "⏰ Còn 3 ngày nữa đến thời hạn Đăng ký thi đua (31/01/2026 17:00): 1 đơn vị chưa"
        " đăng ký thi đua: GLI",
        "Chưa có cán bộ đầu mối: GLI.",
    ]
    assert "DLK" not in digest and "DNG" not in digest and "thay đổi" not in digest

    # the deadline passes with the changes unsent: the registered pledges are what count
    bot.clock.set(datetime(2026, 1, 31, 10, 1, tzinfo=UTC))
    await n.tick(bloc)
    after = n.group_texts(bloc)[-1]
    assert "2/3" in after and "DLK" not in after and "DNG" not in after
    [screen] = await bot.say(CAROL, CAROL, "/pledge")
    assert "🔒 Đã hết thời hạn đăng ký" in screen.text
    assert (
        "Các thay đổi của Anh/Chị đối với bản đăng ký chưa được gửi trước thời hạn nên không"
        " được tính" in screen.text
    )
    assert MERIT not in screen.text  # what counts: the pledge as Lan registered it
    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    assert "🔒" in screen.text and "Các thay đổi của Anh/Chị" not in screen.text
    [screen] = await bot.say(BOB, BOB, "/pledge")
    assert "Your changes to the pledge were not sent before the deadline" in screen.text
    pledge = await pledge_of(bot, bloc, "DLK")
    assert pledge is not None and len(pledge.title_ids) == 1


async def test_with_every_unit_registered_only_the_holder_hears_and_the_group_nothing(
    bot: Harness,
) -> None:
    bloc = await _ready(bot)
    await pledge_first_titles(bot, bloc, "GLI", 1, by=ADMIN)
    [answer] = await bot.say(bot.group, ADMIN, "/remind now pledge")
    assert "cho 2 cán bộ đầu mối của 2 đơn vị" in answer.text
    assert (
        "Tin nhắn riêng cũng nhắc 2 đơn vị đã đăng ký nhưng có thay đổi chưa gửi; bản tin"
        " trong nhóm không nêu tên các đơn vị này." in answer.text
    )
    assert "Trong đó" not in answer.text
    await bot.settle()
    assert "Anh/Chị có thay đổi bản đăng ký thi đua của đơn vị DLK" in bot.last(CAROL).text
    assert "Nhắc hạn" not in bot.last(ALICE).text
    n = Nudges(bot)
    await n.tick(bloc)
    assert not [t for t in n.group_texts(bloc) if t.startswith("⏰")]

    # ✅ puts Mai's change in place: no longer unsent, nobody is reminded of it
    await bot.say(CAROL, CAROL, "/pledge")
    await bot.press(CAROL, CAROL, text="Tiếp")
    await bot.press(CAROL, CAROL, text="Xem lại")
    await bot.press(CAROL, CAROL, text="✅")
    heard = len(bot.emu.bot_messages(CAROL))
    bot.clock.set(THREE_DAYS_BEFORE)
    await n.tick(bloc)
    assert len(bot.emu.bot_messages(CAROL)) == heard
    assert "You have changes to the pledge of unit DNG" in bot.last(BOB).text


@pytest.mark.parametrize(
    ("language", "counted"),
    [
        ("vi", "1 đơn vị đã đăng ký nhưng có thay đổi chưa gửi."),
        ("en", "Units that registered but have changes not yet sent: 1."),
    ],
)
async def test_the_group_counts_unsent_changes_only_among_enough_registered_units(
    bot: Harness, language: str, counted: str
) -> None:
    """QA qa9 #5: the group's digest counted "1 unit registered but has unsent changes" when
    DLK alone had registered, which named it. Among one or two registered units, or when every
    registered unit has some, the count is left out; among three or more it stays."""
    bloc = await make_bloc(bot, language=language, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    await set_deadline(bot, "pledge 31/01/2026")
    en = language == "en"
    flag = "Emulation flag of the Ministry of Finance" if en else FLAG
    await register_pledge(bot, ALICE, flag, "Cam kết của Lan.")
    await _change_unsent(bot, ALICE, "Certificate of merit of the Minister" if en else MERIT)
    n = Nudges(bot)
    bot.clock.set(THREE_DAYS_BEFORE)
    await n.tick(bloc)
    digest = n.group_texts(bloc)[-1]
    assert digest.startswith("⏰") and counted not in digest and "DLK" not in digest
    for code, name in (("KTM", "Ban Quản lý Khu kinh tế tỉnh Kon Tum"), ("PYN", "Ban Phú Yên")):
        await bot.services.units.add(bloc.id, code, name, bot.clock.now())
        await pledge_first_titles(bot, bloc, code, 1, by=ADMIN)
    await pledge_first_titles(bot, bloc, "GLI", 1, by=ADMIN)
    # four registered, one of them with unsent changes, DNG still to register: counted
    bot.clock.set(datetime(2026, 1, 30, 10, 0, tzinfo=UTC))
    await n.tick(bloc)
    digest = n.group_texts(bloc)[-1]
    assert digest.splitlines()[1] == counted and "DLK" not in digest

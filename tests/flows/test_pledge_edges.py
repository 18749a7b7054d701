"""/pledge at the edges: Telegram failing around ✅, two delegates of one unit, texts at the
limits (HTML-special characters, emoji, the longest names), a delegate removed mid-flow."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.bloc import Bloc
from bot.domain.pledge import COMMITMENTS_MAX_CHARS, TITLE_NAME_MAX_CHARS, TITLES_MAX
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.year_setup import open_year, pledge_of, pledges_due, set_deadline

LIMIT = 4096


async def _ready(bot: Harness, delegates: dict[str, list[int]] | None = None) -> Bloc:
    return await pledges_due(bot, delegates or {"DLK": [ALICE], "DNG": [BOB]})


async def _to_review(bot: Harness, user: int, title: str, text: str) -> None:
    await bot.say(user, user, "/pledge")
    await bot.press(user, user, text=title)
    await bot.press(user, user, text="Tiếp")
    await bot.say(user, user, text)
    await bot.press(user, user, text="Xem lại")


async def test_telegram_failing_at_the_press_of_register_loses_nothing(bot: Harness) -> None:
    bloc = await _ready(bot)
    await _to_review(bot, ALICE, "Bằng khen", "Cam kết của DLK")
    review = bot.last(ALICE)
    bot.emu.faults.fail_next(1, status=500, methods={"answerCallbackQuery"})
    await bot.press(ALICE, ALICE, text="✅")
    assert await pledge_of(bot, bloc, "DLK") is not None
    assert "✅ Đã đăng ký thi đua cho DLK" in review.text
    assert bot.last(bot.group).text == "✅ DLK đã đăng ký thi đua — 1/3 đơn vị"

    await _to_review(bot, ALICE, "Cờ thi đua", "Thêm")
    review = bot.last(ALICE)
    bot.emu.faults.fail_next(1, status=502, methods={"editMessageText"})
    await bot.press(ALICE, ALICE, text="✅")
    pledge = await pledge_of(bot, bloc, "DLK")
    assert pledge is not None and pledge.commitments.endswith("Thêm")
    assert "Đã đăng ký thi đua cho DLK" in bot.last(ALICE).text
    assert "xin lỗi" not in bot.last(ALICE).text.lower()


async def test_the_group_line_failing_keeps_the_pledge_and_says_so(bot: Harness) -> None:
    bloc = await _ready(bot)
    await _to_review(bot, ALICE, "Bằng khen", "Cam kết")
    review = bot.last(ALICE)
    before = len(bot.emu.bot_messages(bot.group))
    bot.emu.faults.fail_next(5, status=500, methods={"sendMessage"})
    await bot.press(ALICE, ALICE, text="✅")
    bot.emu.faults.clear()
    assert await pledge_of(bot, bloc, "DLK") is not None
    assert "✅ Đã đăng ký thi đua cho DLK" in review.text
    assert len(bot.emu.bot_messages(bot.group)) == before
    [status] = await bot.say(bot.group, CAROL, "/status")
    assert "1/3" in status.text


async def test_two_delegates_of_one_unit_never_overwrite_each_other_silently(
    bot: Harness,
) -> None:
    bloc = await _ready(bot, delegates={"DLK": [ALICE, CAROL]})
    await _to_review(bot, ALICE, "Bằng khen", "Bản của Lan")
    await _to_review(bot, CAROL, "Cờ thi đua", "Bản của Mai")
    await bot.press(ALICE, ALICE, text="✅")
    answer = await bot.press(CAROL, CAROL, text="✅")
    pledge = await pledge_of(bot, bloc, "DLK")
    assert pledge is not None and pledge.commitments == "Bản của Lan"
    assert answer is not None and "DLK" in answer["text"] and "✅" in answer["text"]
    # Carol has been told; her draft is kept and a second ✅ registers it knowingly.
    await bot.press(CAROL, CAROL, text="✅")
    pledge = await pledge_of(bot, bloc, "DLK")
    assert pledge is not None and pledge.commitments == "Bản của Mai"
    assert pledge.updated_by == CAROL


async def test_the_longest_pledge_fits_every_screen(bot: Harness) -> None:
    services, now = bot.services, bot.clock.now()
    bloc = await services.blocs.create(
        chat_id=bot.group, name="K", language="vi", timezone="Asia/Ho_Chi_Minh", by=ADMIN, now=now
    )
    await open_year(bot)
    await set_deadline(bot, "pledge 31/01/2026")
    for n in range(TITLES_MAX - 4):
        await services.titles.add(bloc.id, f"{n}" + "<&>" * (TITLE_NAME_MAX_CHARS // 3 - 1), now)
    await services.titles.rename(1, "T&" * (TITLE_NAME_MAX_CHARS // 2))
    long_name = "Ban Quản lý <các> KCN & KKT " * 8
    units = []
    for n in range(16):
        unit = await services.units.add(bloc.id, f"UNIT_LONG_{n:02d}", long_name[:200], now)
        units.append(unit)
        await services.units.add_delegate(unit.id, ALICE if n == 0 else 5000 + n, by=ADMIN, now=now)
    titles = [t.id for t in await services.titles.active(bloc.id)]
    year = await services.years.current(bloc.id)
    assert year is not None and len(titles) == TITLES_MAX
    for unit in units[1:]:
        await services.pledges.save(
            year.id, unit.id, title_ids=titles, commitments="x", by=ADMIN, now=now
        )
    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    for button in screen.button_texts()[:TITLES_MAX]:
        await bot.press(ALICE, ALICE, message_id=screen.message_id, text=button)
    await bot.press(ALICE, ALICE, text="Tiếp")
    chunk = "<b>&amp;</b> 😀 " * 90 + "x"
    for part in (chunk, chunk):
        await bot.say(ALICE, ALICE, part)
    room = COMMITMENTS_MAX_CHARS - 2 * len(chunk) - 2
    [over] = await bot.say(ALICE, ALICE, "y" * (room + 1))
    assert "chưa được lưu" in over.text and "sẽ dài 3.001 ký tự, quá mức 3.000" in over.text
    await bot.say(ALICE, ALICE, "y" * room)
    await bot.press(ALICE, ALICE, text="Xem lại")
    review = bot.last(ALICE)
    assert "Bước 3/3" in review.text and len(review.text) <= LIMIT, len(review.text)
    await bot.press(ALICE, ALICE, text="✅")
    pledge = await services.pledges.get(year.id, units[0].id)
    assert pledge is not None and len(pledge.commitments) == COMMITMENTS_MAX_CHARS
    assert "<b>&amp;</b> 😀" in pledge.commitments
    [again] = await bot.say(ALICE, ALICE, "/pledge")
    assert len(again.text) <= LIMIT
    [status] = await bot.say(bot.group, CAROL, "/status")
    assert len(status.text) <= LIMIT and "UNIT_LONG_14" in status.text
    await bot.press(bot.group, ADMIN, text="Công bố")
    await bot.press(bot.group, ADMIN, text="✅")
    assert len(status.text) <= LIMIT and "<b>&amp;</b> 😀" in status.text
    bot.clock.move(timedelta(days=30))
    await services.users.set_language(ALICE, "en", bot.clock.now())
    [locked] = await bot.say(ALICE, ALICE, "/pledge")
    assert locked.text.startswith("🔒") and len(locked.text) <= LIMIT, len(locked.text)
    await bot.say(ADMIN, ADMIN, "/start")
    await services.users.set_language(ADMIN, "en", bot.clock.now())
    [status] = await bot.say(bot.group, ADMIN, "/status pledge")
    await bot.press(bot.group, ADMIN, message_id=status.message_id, text="UNIT_LONG_00")
    view = bot.last(ADMIN)
    assert "UNIT_LONG_00" in view.text and len(view.text) <= LIMIT, len(view.text)


async def test_a_delegate_removed_mid_flow_is_told_and_nothing_is_stored(bot: Harness) -> None:
    bloc = await _ready(bot)
    await _to_review(bot, ALICE, "Bằng khen", "Cam kết")
    dlk = await bot.services.units.by_code(bloc.id, "DLK")
    assert dlk is not None
    await bot.services.units.remove_delegate(dlk.id, ALICE)
    answer = await bot.press(ALICE, ALICE, text="✅")
    assert answer is not None and "cán bộ đầu mối" in answer["text"]
    [typed] = await bot.say(ALICE, ALICE, "thêm một dòng")
    assert "/pledge" in typed.text
    assert await pledge_of(bot, bloc, "DLK") is None


async def test_titles_with_html_characters_read_as_typed(bot: Harness) -> None:
    bloc = await _ready(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/titles add Giấy khen <UBND> & “Sở”")
    assert "Giấy khen <UBND> & “Sở”" in ask.text
    await bot.press(bot.group, ADMIN, text="✅")
    assert "5. Giấy khen <UBND> & “Sở”" in bot.last(bot.group).text
    await _to_review(bot, ALICE, "Giấy khen <UBND>", "Cam kết <i>không</i> & đủ")
    review = bot.last(ALICE)
    assert "• Giấy khen <UBND> & “Sở”" in review.text
    assert "Cam kết <i>không</i> & đủ" in review.text
    await bot.press(ALICE, ALICE, text="✅")
    [status] = await bot.say(bot.group, CAROL, "/status")
    assert "✅ DLK — Giấy khen <UBND> & “Sở”" in status.text
    pledge = await pledge_of(bot, bloc, "DLK")
    assert pledge is not None and pledge.commitments == "Cam kết <i>không</i> & đủ"


async def test_a_press_after_the_year_was_closed_stores_nothing(bot: Harness) -> None:
    bloc = await _ready(bot)
    await _to_review(bot, ALICE, "Bằng khen", "Cam kết")
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    answer = await bot.press(ALICE, ALICE, text="✅")
    assert answer is not None and "Năm thi đua 2026 đã kết thúc" in answer["text"]
    year = await bot.services.years.latest(bloc.id)
    assert year is not None and await bot.services.pledges.of_year(year.id) == {}


async def test_an_answer_telegram_lost_is_sent_later_unless_the_person_acted_since(
    bot: Harness,
) -> None:
    await _ready(bot)
    await bot.say(ALICE, ALICE, "/pledge")
    await bot.press(ALICE, ALICE, text="Bằng khen")
    await bot.press(ALICE, ALICE, text="Tiếp")
    bot.emu.faults.fail_next(1, status=502, methods={"sendMessage"})  # the answer is lost
    await bot.say(ALICE, ALICE, "Cam kết thứ nhất")
    bot.clock.move(timedelta(seconds=10))
    await bot.services.notifier.run_due()
    await bot.settle()
    assert "Đã lưu" in bot.last(ALICE).text  # its safety net told her

    bot.emu.faults.fail_next(1, status=502, methods={"sendMessage"})  # lost again
    await bot.say(ALICE, ALICE, "Cam kết thứ hai")
    await bot.press(ALICE, ALICE, text="Xem lại")  # she moved on before the net was due
    review = bot.last(ALICE).text
    bot.clock.move(timedelta(seconds=10))
    await bot.services.notifier.run_due()
    await bot.settle()
    assert bot.last(ALICE).text == review  # no stale "saved" after her newer screen
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM outbox") == 0

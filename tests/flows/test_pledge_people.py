"""A pledge draft is the person's, the registration the unit's: two delegates of one unit each
open /pledge from what the unit registered unless their own draft is newer (and then are told
it differs, with ↩️ to start again from the registration); score lines pasted at the
commitments are pointed to /assess, not kept."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.bloc import Bloc
from tests.flows.conftest import ALICE, BOB, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year, pledge_of, pledges_due

FLAG = "Cờ thi đua của Bộ Tài chính"
MERIT = "Bằng khen của Bộ trưởng Bộ Tài chính"
LAN = "Phần 1: Hoàn thành 100% kế hoạch thu hút đầu tư năm 2026."


async def _ready(bot: Harness) -> Bloc:
    """DLK with two delegates (Lan = ALICE, Mai = CAROL), DNG with Bob; pledges due 31/01."""
    return await pledges_due(bot, {"DLK": [ALICE, CAROL], "DNG": [BOB]})


async def _draft(bot: Harness, user: int, title: str, text: str) -> None:
    """/pledge, one title, Next, one message of commitments (left there, not registered)."""
    await bot.say(user, user, "/pledge")
    await bot.press(user, user, text=title)
    await bot.press(user, user, text="Next" if user == BOB else "Tiếp")
    await bot.say(user, user, text)


async def _register(bot: Harness, user: int, title: str, text: str) -> None:
    await _draft(bot, user, title, text)
    await bot.press(user, user, text="Review" if user == BOB else "Xem lại")
    await bot.press(user, user, text="✅")


async def _parts(bot: Harness, user: int, bloc: Bloc, code: str) -> list[str]:
    state = await bot.services.flows.get(user, "pledge")
    unit = await bot.services.units.by_code(bloc.id, code)
    assert state is not None and unit is not None
    return state.data["drafts"][str(unit.id)]["parts"]


async def test_a_draft_older_than_the_units_registration_opens_as_registered(
    bot: Harness,
) -> None:
    bloc = await _ready(bot)
    await _draft(bot, CAROL, MERIT, "Phần 3 (Mai thêm): Tổ chức 4 hội nghị.")
    bot.clock.move(timedelta(minutes=5))
    await _register(bot, ALICE, FLAG, LAN)

    [screen] = await bot.say(CAROL, CAROL, "/pledge")
    assert "Anh/Chị đang sửa bản đăng ký" in screen.text
    assert "soạn trước lần đăng ký gần nhất" in screen.text  # her old draft gave way, said once
    assert f"☑️ {FLAG}" in screen.button_texts() and f"⬜ {MERIT}" in screen.button_texts()
    assert "↩️ Theo bản đã đăng ký" not in screen.button_texts()
    await bot.press(CAROL, CAROL, text="Tiếp")
    assert f"Hiện có {len(LAN)}/3.000" in screen.text
    assert "soạn trước" not in screen.text
    # ✅ cannot put her old fragment in place of the unit's pledge any more.
    await bot.press(CAROL, CAROL, text="Xem lại")
    assert LAN in bot.last(CAROL).text and "Mai thêm" not in bot.last(CAROL).text
    await bot.press(CAROL, CAROL, text="✅")
    pledge = await pledge_of(bot, bloc, "DLK")
    assert pledge is not None and pledge.commitments == LAN and pledge.title_ids == (1,)


async def test_a_newer_own_draft_is_kept_and_said_to_differ_with_a_way_back(
    bot: Harness,
) -> None:
    bloc = await _ready(bot)
    await _register(bot, ALICE, FLAG, LAN)
    bot.clock.move(timedelta(minutes=5))
    await bot.say(CAROL, CAROL, "/pledge")
    await bot.press(CAROL, CAROL, text="Tiếp")
    await bot.say(CAROL, CAROL, "Phần 2 (Mai thêm).")
    await bot.say(CAROL, CAROL, "/cancel")

    [screen] = await bot.say(CAROL, CAROL, "/pledge")
    assert "bản nháp riêng của mình" in screen.text and "chưa được lưu" in screen.text
    assert f"{len(LAN) + len('Phần 2 (Mai thêm).') + 1}/3.000" in screen.text
    assert "↩️ Theo bản đã đăng ký" in screen.button_texts()
    await bot.press(CAROL, CAROL, text="↩️ Theo bản đã đăng ký")
    assert "Bỏ bản nháp của Anh/Chị" in screen.text
    await bot.press(CAROL, CAROL, text="Giữ bản nháp")  # nothing goes
    assert "bản nháp riêng" in screen.text
    assert await _parts(bot, CAROL, bloc, "DLK") == [LAN, "Phần 2 (Mai thêm)."]
    await bot.press(CAROL, CAROL, text="↩️ Theo bản đã đăng ký")
    await bot.press(CAROL, CAROL, text="Làm lại")
    assert "Bước 1/3" in screen.text and "Anh/Chị đang sửa bản đăng ký" in screen.text
    assert "↩️ Theo bản đã đăng ký" not in screen.button_texts()
    assert await _parts(bot, CAROL, bloc, "DLK") == [LAN]

    # A draft begun before a registration but changed after it is the person's newer work:
    # kept, said to differ, and ✅ still warns before it replaces the registration.
    await _draft(bot, ALICE, MERIT, "Lần hai của Lan.")
    bot.clock.move(timedelta(minutes=5))
    await bot.press(CAROL, CAROL, text="Tiếp")
    await bot.say(CAROL, CAROL, "Bản của Mai.")
    await bot.press(CAROL, CAROL, text="Xem lại")
    await bot.press(CAROL, CAROL, text="✅")
    bot.clock.move(timedelta(minutes=5))
    await bot.say(ALICE, ALICE, "Thêm sau khi Mai đăng ký.")
    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    assert "bản nháp riêng của mình" in screen.text
    await bot.press(ALICE, ALICE, text="Xem lại")
    answer = await bot.press(ALICE, ALICE, text="✅")
    assert answer is not None and "đã đăng ký trong lúc Anh/Chị soạn" in answer["text"]
    pledge = await pledge_of(bot, bloc, "DLK")
    assert pledge is not None and pledge.commitments.endswith("Bản của Mai.")


async def test_the_english_screens_say_the_same(bot: Harness) -> None:
    bloc = await make_bloc(bot, delegates={"DNG": [BOB, CAROL]})
    await open_year(bot)
    await _register(bot, CAROL, FLAG, "Mai's pledge.")
    bot.clock.move(timedelta(minutes=5))
    await bot.say(BOB, BOB, "/pledge")
    await bot.press(BOB, BOB, text=MERIT)
    [screen] = await bot.say(BOB, BOB, "/pledge")
    assert "your own draft" in screen.text and "not stored" in screen.text
    await bot.press(BOB, BOB, text="↩️ Start from the registered one")
    assert "Drop your draft" in screen.text
    await bot.press(BOB, BOB, text="Start again")
    assert "you are editing its pledge" in screen.text
    assert await pledge_of(bot, bloc, "DNG") is not None


async def test_score_lines_pasted_as_commitments_are_pointed_to_assess(bot: Harness) -> None:
    bloc = await _ready(bot)
    await _draft(bot, ALICE, FLAG, "Thu hút 3 dự án")
    [answer] = await bot.say(ALICE, ALICE, "1.3 4 Đã tổ chức 2 hội nghị")
    assert "giống các dòng tự chấm điểm" in answer.text and "/assess" in answer.text
    [answer] = await bot.say(ALICE, ALICE, "1.1 10\n1,2 8,5 Thu hút 12 dự án")
    assert "chưa được lưu" in answer.text
    assert await _parts(bot, ALICE, bloc, "DLK") == ["Thu hút 3 dự án"]
    for text in ("1. Hoàn thành kế hoạch", "1.1 Thu hút đầu tư", "1.1 3 dự án\nPhần 2: khác"):
        [saved] = await bot.say(ALICE, ALICE, text)
        assert saved.text.startswith("Đã lưu"), text
    assert len(await _parts(bot, ALICE, bloc, "DLK")) == 4
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM assessments") == 0

    await _draft(bot, BOB, MERIT, "Attract 3 projects.")
    [answer] = await bot.say(BOB, BOB, "T1 2 Initiative")
    assert answer.text.startswith("This message looks like self-assessment lines")
    assert await _parts(bot, BOB, bloc, "DNG") == ["Attract 3 projects."]

"""The Excel template belongs to one unit and one round: another unit's, or the other round's,
is refused whole, saying whose it is and how to get the right one (QA assess, defect 3)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.domain.assessment import Round
from tests.flows.assess_kit import ready, scores_of
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_assess_stale_template import _filled
from tests.flows.year_setup import set_deadline

LAN, MAI = ALICE, CAROL  # Lan is DLK's delegate, Mai DNG's


async def _dlk_midyear_template(bot: Harness) -> bytes:
    """Lan's mid-year template of DLK, 3.3 and 4.3 filled in."""
    await bot.say(LAN, LAN, "/assess")
    await bot.press(LAN, LAN, text="Tải mẫu Excel")
    sent = bot.last(LAN)
    assert sent.document is not None
    filled, _ = _filled(sent.document[1], {"3.3": "4,5", "4.3": 2.5})
    return filled


async def test_another_unit_s_template_is_refused(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [LAN], "DNG": [MAI]})
    filled = await _dlk_midyear_template(bot)
    await bot.say(MAI, MAI, "/assess")
    [refused] = await bot.send_file(MAI, MAI, "tu-cham.xlsx", filled)
    assert "Đây là mẫu tự chấm điểm của đơn vị DLK, không phải của đơn vị DNG" in refused.text
    assert "không có điểm nào được lưu" in refused.text and "Tải mẫu Excel" in refused.text
    # qa-regress #9: Mai acts for DNG only; no advice she cannot follow, no "please fix it"
    assert "chọn DLK" not in refused.text and "điểm của DLK do cán bộ đầu mối" in refused.text
    assert refused.text.startswith("Tệp chưa được chấp nhận; không có gì thay đổi:")
    assert await scores_of(bot, bloc, "DNG") == {}
    # the same file in DLK's own assessment is taken
    await bot.say(LAN, LAN, "/assess")
    [taken] = await bot.send_file(LAN, LAN, "tu-cham.xlsx", filled)
    assert "Đã lưu: 3.3 = 4,5, 4.3 = 2,5" in taken.text


async def test_the_mid_year_template_is_refused_in_the_year_end(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [LAN]})
    await set_deadline(bot, "yearend 31/12/2026")
    filled = await _dlk_midyear_template(bot)
    await bot.say(LAN, LAN, "/assess yearend")
    [refused] = await bot.send_file(LAN, LAN, "tu-cham.xlsx", filled)
    assert "Đây là mẫu tự chấm điểm Sơ kết 6 tháng, còn Anh/Chị đang chấm Tổng kết năm" in (
        refused.text
    )
    assert "/assess midyear" in refused.text and "không đổi" not in refused.text
    assert await scores_of(bot, bloc, "DLK", Round.YEAREND) == {}


async def test_a_delegate_of_both_units_is_told_to_choose_the_other(bot: Harness) -> None:
    await ready(bot, {"DLK": [LAN], "DNG": [LAN]})
    await bot.say(LAN, LAN, "/assess")
    await bot.press(LAN, LAN, text="DLK")
    await bot.press(LAN, LAN, text="Tải mẫu Excel")
    sent = bot.last(LAN)
    assert sent.document is not None
    filled, _ = _filled(sent.document[1], {"3.3": "4,5"})
    await bot.say(LAN, LAN, "/assess")
    await bot.press(LAN, LAN, text="DNG")
    [refused] = await bot.send_file(LAN, LAN, "tu-cham.xlsx", filled)
    assert "gõ /assess, chọn DLK rồi gửi lại tệp" in refused.text


async def test_the_template_of_a_locked_round_says_it_is_locked(bot: Harness) -> None:
    """qa-regress #9: "type /assess midyear" after the mid-year deadline leads to a refusal."""
    await ready(bot, {"DLK": [LAN]})
    await set_deadline(bot, "yearend 31/12/2026")
    filled = await _dlk_midyear_template(bot)
    bot.clock.set(datetime(2026, 6, 30, 11, 0, tzinfo=UTC))  # 18:00 in Vietnam: locked
    await bot.say(LAN, LAN, "/assess yearend")
    [refused] = await bot.send_file(LAN, LAN, "tu-cham.xlsx", filled)
    assert "bản tự chấm điểm Sơ kết 6 tháng đã khóa nên không sửa được nữa" in refused.text
    assert "/assess midyear" not in refused.text


async def test_a_template_sent_with_no_assess_open_is_taken_into_its_own_round(
    bot: Harness,
) -> None:
    """qa-regress #9: "I don't know what this file is for" to the template the bot made. The
    sender's own unit's template of an open round is taken as if /assess had been typed."""
    bloc = await ready(bot, {"DLK": [LAN], "DNG": [MAI]})
    filled = await _dlk_midyear_template(bot)
    await bot.say(LAN, LAN, "/cancel")
    [taken] = await bot.send_file(LAN, LAN, "tu-cham.xlsx", filled)
    assert taken.text.startswith(
        "Đây là mẫu tự chấm điểm Sơ kết 6 tháng của DLK; bot đã nhận như khi Anh/Chị gõ"
        " /assess midyear.\n\nĐã nhận: lưu 2 tiêu chí."
    )
    assert "Đã lưu: 3.3 = 4,5, 4.3 = 2,5" in taken.text and "không biết" not in taken.text
    scores = await scores_of(bot, bloc, "DLK")
    assert scores["3.3"].value == Decimal("4.5")
    # /assess midyear is open now: what follows goes there
    [after] = await bot.say(LAN, LAN, "1.1 5")
    assert "Đã lưu: 1.1 = 5" in after.text
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].value == 5


@pytest.mark.parametrize(
    ("person", "said"),
    [
        (LAN, "Đây là mẫu tự chấm điểm Sơ kết 6 tháng của DLK; bot đã nhận như khi Anh/Chị gõ"
              " /assess midyear.\n\nMẫu này chưa có điểm nào nên chưa lưu gì."),
        (BOB, "This is DLK's Mid-year review self-assessment template; the bot took it as if"
              " you had typed /assess midyear.\n\nThe template has no scores in it yet, so"
              " nothing was stored."),
    ],
)  # fmt: skip
async def test_an_empty_template_with_no_assess_open_is_said_once(
    bot: Harness, person: int, said: str
) -> None:
    """qa-regress2 #3: the lead said the round and unit twice, then "Đã nhận" came again."""
    bloc = await ready(bot, {"DLK": [person]})
    await bot.say(person, person, "/assess")
    await bot.press(person, person, text="📥")
    sent = bot.last(person)
    assert sent.document is not None
    await bot.say(person, person, "/cancel")
    [taken] = await bot.send_file(person, person, sent.document[0], sent.document[1])
    assert taken.text.startswith(said)
    assert taken.text.count("Đã nhận") + taken.text.count("Received") == 0
    assert await scores_of(bot, bloc, "DLK") == {}


async def test_another_unit_s_template_with_no_assess_open_says_whose(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [LAN], "DNG": [MAI]})
    filled = await _dlk_midyear_template(bot)
    [refused] = await bot.send_file(MAI, MAI, "tu-cham.xlsx", filled)
    assert refused.text == (
        "Đây là mẫu tự chấm điểm Sơ kết 6 tháng của đơn vị DLK; Anh/Chị không phải là cán bộ "
        "đầu mối của DLK nên không có điểm nào được lưu. Điểm của DLK do cán bộ đầu mối của DLK "
        "nhập. Để lấy mẫu của đơn vị mình, Anh/Chị gõ /assess rồi bấm 📥 Tải mẫu Excel."
    )
    assert await scores_of(bot, bloc, "DNG") == {}
    # someone who acts for no unit is not told to fetch "their own" template
    [admin] = await bot.send_file(ADMIN, ADMIN, "tu-cham.xlsx", filled)
    assert "Đây là mẫu tự chấm điểm Sơ kết 6 tháng của đơn vị DLK" in admin.text
    assert "Tải mẫu Excel" not in admin.text
    # any other workbook still gets the answer of an unknown file
    [other] = await bot.send_file(MAI, MAI, "bang.xlsx", _plain_workbook())
    assert other.text.startswith("Tôi chưa biết tệp này dùng để làm gì")


async def test_a_locked_round_s_template_with_no_assess_open_says_locked(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [LAN]})
    filled = await _dlk_midyear_template(bot)
    await bot.say(LAN, LAN, "/cancel")
    bot.clock.set(datetime(2026, 6, 30, 11, 0, tzinfo=UTC))  # 18:00 in Vietnam: locked
    [refused] = await bot.send_file(LAN, LAN, "tu-cham.xlsx", filled)
    # DLK never submitted: it is told how to submit late, not how to change (QA qa8)
    assert "đã hết thời hạn mà DLK chưa gửi bản tự chấm điểm Sơ kết 6 tháng" in refused.text
    assert "Cần nộp muộn thì đề nghị quản trị Khối mở lại." in refused.text
    assert "/assess midyear" not in refused.text
    assert "3.3" not in await scores_of(bot, bloc, "DLK")


async def test_last_year_s_template_with_no_assess_open_names_its_year(bot: Harness) -> None:
    """Not "I don't know what this file is for": whose and which year it is, and where this
    year's template comes from."""
    await ready(bot, {"DLK": [LAN]})
    filled = await _dlk_midyear_template(bot)
    await bot.say(LAN, LAN, "/cancel")
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅ Kết thúc năm thi đua")
    await bot.say(bot.group, ADMIN, "/year 2027")
    await bot.press(bot.group, ADMIN, text="✅ Mở năm thi đua")
    [refused] = await bot.send_file(LAN, LAN, "tu-cham.xlsx", filled)
    assert refused.text == (
        "Đây là mẫu tự chấm điểm Sơ kết 6 tháng năm 2026 của đơn vị DLK, không phải của năm thi"
        " đua đang mở (2027) nên không có điểm nào được lưu. Để lấy mẫu năm 2027, Anh/Chị gõ"
        " /assess rồi bấm 📥 Tải mẫu Excel."
    )


def _plain_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Mã", "Điểm"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""An old template sent back through the emulator: Lan downloads DLK's template while 1.1 is
8,5, Mai (the unit's other delegate) then stores 1.1 = 10. Lan's file never undoes Mai's 10:
a row she left as it was is not written, a row she changed is refused with the score now
stored, and her other rows are stored."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from tests.flows.assess_kit import ready, scores_of
from tests.flows.conftest import ALICE, CAROL, Harness

LAN, MAI = ALICE, CAROL


async def _lan_template_then_mai_changes(bot: Harness) -> bytes:
    """Lan's template made while 1.1 = 8,5; then Mai stores 1.1 = 10."""
    await bot.say(LAN, LAN, "/assess")
    await bot.say(LAN, LAN, "1.1 8,5")
    await bot.say(LAN, LAN, "/assess")
    await bot.press(LAN, LAN, text="Tải mẫu Excel")
    sent = bot.last(LAN)
    assert sent.document is not None
    await bot.say(MAI, MAI, "/assess")
    [saved] = await bot.say(MAI, MAI, "1.1 10 Mai sửa")
    assert "Đã lưu: 1.1 = 10" in saved.text
    return sent.document[1]


def _filled(data: bytes, scores: dict[str, Any]) -> tuple[bytes, dict[str, int]]:
    """The template with `code -> score` typed in, and the row of each criterion."""
    book = load_workbook(io.BytesIO(data))
    rows: dict[str, int] = {}
    for row in book.active.iter_rows(min_row=4):
        code = row[0].value
        rows[str(code)] = row[0].row
        if code in scores:
            row[6].value = scores[code]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), rows


async def test_a_row_left_as_it_was_keeps_the_newer_score(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [LAN, MAI]})
    template = await _lan_template_then_mai_changes(bot)
    filled, _ = _filled(template, {"1.2": 9})  # row 1.1 still says 8,5
    [report] = await bot.send_file(LAN, LAN, "tu-cham.xlsx", filled)
    assert "Đã nhận: lưu 1 tiêu chí, 1 tiêu chí không đổi." in report.text
    assert "Đã lưu: 1.2 = 9" in report.text and "1.1 = 8,5" not in report.text
    scores = await scores_of(bot, bloc, "DLK")
    assert (scores["1.1"].value, scores["1.1"].note) == (Decimal(10), "Mai sửa")
    assert scores["1.2"].value == 9


async def test_a_changed_row_is_refused_and_the_other_rows_are_stored(bot: Harness) -> None:
    bloc = await ready(bot, {"DLK": [LAN, MAI]})
    template = await _lan_template_then_mai_changes(bot)
    filled, rows = _filled(template, {"1.1": 9, "1.2": 9, "1.3": "7,5"})
    [report] = await bot.send_file(LAN, LAN, "tu-cham.xlsx", filled)
    assert "Đã nhận: lưu 2 tiêu chí, 1 dòng chưa nhận." in report.text
    assert "Đã lưu: 1.2 = 9, 1.3 = 7,5" in report.text
    assert (
        f"Tiêu chí 1.1 (hàng {rows['1.1']}): điểm đã được cập nhật thành 10 sau khi Anh/Chị"
        " tải mẫu nên dòng này chưa được lưu" in report.text
    )
    scores = await scores_of(bot, bloc, "DLK")
    assert (scores["1.1"].value, scores["1.1"].note) == (Decimal(10), "Mai sửa")
    assert (scores["1.2"].value, scores["1.3"].value) == (Decimal(9), Decimal("7.5"))
    # a new template shows Mai's 10, and changing 1.1 on it is stored
    await bot.say(LAN, LAN, "/assess")
    await bot.press(LAN, LAN, text="Tải mẫu Excel")
    fresh = bot.last(LAN).document
    assert fresh is not None
    again, _ = _filled(fresh[1], {"1.1": 9})
    [stored] = await bot.send_file(LAN, LAN, "tu-cham.xlsx", again)
    assert "Đã lưu: 1.1 = 9" in stored.text
    assert (await scores_of(bot, bloc, "DLK"))["1.1"].value == 9

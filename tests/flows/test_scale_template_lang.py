"""Issue 10 §2.11 through the emulator: `/scale template` in the bloc's language behind an
instructions sheet, and a new scale's preview listing what it adds, removes and changes."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, Harness
from tests.flows.year_setup import make_bloc, open_year


async def _template(bot: Harness) -> bytes:
    [template] = await bot.say(bot.group, ADMIN, "/scale template")
    assert template.document is not None
    return template.document[1]


async def _send(bot: Harness, book: Workbook) -> SentMessage:
    """The edited workbook sent back with the caption /scale; the bot's one answer."""
    edited = io.BytesIO()
    book.save(edited)
    [answer] = await bot.send_file(bot.group, ADMIN, "s.xlsx", edited.getvalue(), caption="/scale")
    return answer


async def test_the_english_template_and_its_changes(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    await open_year(bot)
    book = load_workbook(io.BytesIO(await _template(bot)))
    assert book.sheetnames == ["Instructions", "Scale"]
    assert book["Instructions"]["A1"].value == "How to fill in the scale template"
    sheet = book["Scale"]
    assert [c.value for c in sheet[2]][:5] == ["kind", "section", "code", "title", "max"]
    assert (sheet["A4"].value, sheet["C4"].value, sheet["E4"].value) == ("criterion", "1.1", 10)
    sheet["E4"] = 12
    sheet.delete_rows(5)
    preview = await _send(bot, book)
    assert "Changes from version 1 (2):" in preview.text
    assert "✏️ criterion 1.1: maximum 10 → 12" in preview.text
    assert "➖ Removed criterion 1.2:" in preview.text
    assert "✅" in preview.button_texts()[0]


async def test_the_vietnamese_template_read_back_with_its_changes(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot)
    book = load_workbook(io.BytesIO(await _template(bot)))
    assert book.sheetnames == ["Hướng dẫn", "Thang điểm"]
    sheet = book["Thang điểm"]
    assert sheet["A2"].value == "Loại" and sheet["A4"].value == "tiêu chí"
    sheet["E4"] = 9.5
    sheet["G4"] = "x"
    preview = await _send(bot, book)
    assert "Thay đổi so với phiên bản 1 (1):" in preview.text
    assert "✏️ Sửa tiêu chí 1.1: điểm tối đa 10 → 9,5, nay cần tài liệu minh chứng" in preview.text

"""A roster sent with the caption /scale, a scale sent with /addunit: the bot says which caption
the file is for, instead of the other reader's errors (QA qa-vi-first #12)."""

from __future__ import annotations

import io

import openpyxl

from bot.formats.scale_sheet import scale_to_xlsx
from bot.usecases.scale import sample_scale
from tests.conftest import SHARED
from tests.flows.conftest import ADMIN, Harness
from tests.flows.membership_kit import table_dump
from tests.flows.year_setup import make_bloc, open_year

ROSTER_YAML = (SHARED / "data" / "roster-tay-nguyen-duyen-hai.yaml").read_bytes()
SCALE_YAML = (SHARED / "data" / "scale-sample.yaml").read_bytes()
AGAIN = "đề nghị gửi lại tệp kèm chú thích"
FOR_ADDUNIT = f"Tệp này có vẻ là danh sách đơn vị, không phải thang điểm: {AGAIN} /addunit"
FOR_SCALE = f"Tệp này có vẻ là thang điểm, không phải danh sách đơn vị: {AGAIN} /scale"


def _roster_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["STT", "Mã đơn vị", "Tên đơn vị"], [1, "BDI", "Bình Định"]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_a_roster_sent_with_scale_is_sent_to_addunit(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot)
    before = await table_dump(bot)
    for name, data in [
        ("don-vi.yaml", ROSTER_YAML),
        ("don-vi.xlsx", _roster_xlsx()),
        ("don-vi.csv", "code,name\nBDI,Bình Định\n".encode()),
    ]:
        [answer] = await bot.send_file(bot.group, ADMIN, name, data, "/scale")
        assert answer.text.splitlines() == [
            "Tệp chưa được chấp nhận; không có gì thay đổi:",
            f"• {FOR_ADDUNIT}",
        ], name
    assert await table_dump(bot) == before


async def test_a_roster_sent_with_scale_before_any_year_is_not_told_to_open_one(
    bot: Harness,
) -> None:
    await make_bloc(bot)
    [answer] = await bot.send_file(bot.group, ADMIN, "don-vi.yaml", ROSTER_YAML, "/scale")
    assert FOR_ADDUNIT in answer.text and "/year" not in answer.text


async def test_a_scale_sent_with_addunit_is_sent_to_scale(bot: Harness) -> None:
    await make_bloc(bot)
    before = await table_dump(bot)
    workbook = scale_to_xlsx(sample_scale(), "vi", ["Hướng dẫn"])
    for name, data in [("thang-diem.yaml", SCALE_YAML), ("thang-diem.xlsx", workbook)]:
        [answer] = await bot.send_file(bot.group, ADMIN, name, data, "/addunit")
        assert answer.text.splitlines()[-1] == f"• {FOR_SCALE}", name
    assert await table_dump(bot) == before


async def test_a_field_a_scale_does_not_use_is_named_as_such(bot: Harness) -> None:
    """ "không phải là trường hợp lệ" read as "is not a valid case"."""
    await make_bloc(bot)
    await open_year(bot)
    scale = SCALE_YAML.replace(b"sections:", b"bloc: x\nsections:", 1)
    [answer] = await bot.send_file(bot.group, ADMIN, "thang-diem.yaml", scale, "/scale")
    assert "trường bloc: không dùng trong tệp thang điểm; đề nghị xóa hoặc sửa lại tên trường" in (
        answer.text
    )

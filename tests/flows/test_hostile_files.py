"""Hostile files through the emulator (issue 17.2, 17.4, 17.10): refused with a clear message,
while the other chats keep being answered."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from bot.constants import PENDING_CHANGE_TTL_DAYS
from tests.flows.conftest import ADMIN, ALICE, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year
from tests.formats.hostile import xlsx

HUGE = "K" * 5000


async def test_a_23_kb_workbook_of_empty_strings_is_refused_and_others_are_answered(
    bot: Harness,
) -> None:
    await make_bloc(bot)
    hostile = xlsx(shared=b"<si/>" * 3_000_000)
    assert len(hostile) < 30_000
    before = len(bot.emu.bot_messages(bot.group))
    started = time.monotonic()
    bot.emu.send_document(bot.group, ADMIN, "units.xlsx", hostile, caption="/addunit")
    bot.emu.send_text(ALICE, ALICE, "/help")
    await asyncio.wait_for(bot.settle(), timeout=10)
    assert time.monotonic() - started < 10
    [help_text] = bot.emu.bot_messages(ALICE)
    assert "/lang" in help_text.text
    [refusal] = bot.emu.bot_messages(bot.group)[before:]
    assert "giải nén vượt quá 8 MB" in refusal.text
    assert "không phải dung lượng tệp gửi lên" in refusal.text


async def test_a_scale_workbook_with_a_million_empty_rows_is_refused(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    await open_year(bot)
    rows = b"<row/>" * 1_000_000
    [refusal] = await asyncio.wait_for(
        bot.send_file(bot.group, ADMIN, "scale.xlsx", xlsx(rows), caption="/scale"), timeout=10
    )
    assert "too many rows (at most 5,000)" in refusal.text


async def test_a_yaml_roster_with_a_repeated_key_gets_its_error_list(bot: Harness) -> None:
    """Issue 17.4: the renderer raised a TypeError (its own `key` met the param `key`)."""
    await make_bloc(bot, language="en")
    roster = b"units:\n  - code: AA\n    code: BB\n    name: Unit A\n"
    [refusal] = await bot.send_file(bot.group, ADMIN, "units.yaml", roster, caption="/addunit")
    assert "Line 3: the key code is given twice" in refusal.text


async def test_a_scale_with_a_huge_unknown_key_gets_its_error_list(bot: Harness) -> None:
    """Issue 17.10: the field name was not clipped, so the list never fit a message."""
    await make_bloc(bot, language="en")
    await open_year(bot)
    scale = (
        f'name: "S"\n? {HUGE}\n: 1\nsections:\n  - code: "I"\n    title: "T"\n'
        '    criteria:\n      - {code: "1", title: "C", max: 1}\n'
    ).encode()
    [refusal] = await bot.send_file(bot.group, ADMIN, "scale.yaml", scale, caption="/scale")
    assert "The file was not accepted because it has 1 error; nothing" in refusal.text
    assert "is not used in a scale file" in refusal.text


async def test_a_file_without_a_caption_in_the_group_is_explained_to_an_admin(
    bot: Harness,
) -> None:
    """Issue 10 §2.10: it was silently ignored; `.xls` is asked to be saved as `.xlsx`."""
    await make_bloc(bot)
    roster = b"code,name\nAA,Unit A\n"
    [hint] = await bot.send_file(bot.group, ADMIN, "don-vi.csv", roster)
    assert "kèm chú thích /addunit" in hint.text and "/scale" in hint.text
    [xls] = await bot.send_file(bot.group, ADMIN, "don-vi.xls", b"\xd0\xcf\x11\xe0")
    assert "Lưu dưới dạng (Save As), định dạng .xlsx" in xls.text
    [refused] = await bot.send_file(bot.group, ADMIN, "don-vi.xls", b"\xd0\xcf", caption="/addunit")
    assert "Tệp Excel cũ (.xls) chưa được hỗ trợ" in refused.text
    assert await bot.send_file(bot.group, CAROL, "bao-cao.xlsx", roster) == []
    assert await bot.send_file(bot.group, ADMIN, "cong-van.pdf", b"%PDF-1.4") == []


async def _pending_rows(bot: Harness) -> int:
    return int(await bot.services.db.fetch_value("SELECT COUNT(*) FROM pending_changes"))


async def test_a_preview_that_never_arrived_leaves_no_row_forever(bot: Harness) -> None:
    """Issue 17 (smaller): a failed preview's `pending_changes` row stayed forever."""
    await make_bloc(bot)
    roster = b"code,name\nAA,Unit A\n"
    bot.emu.faults.fail_next(1, status=500, methods={"sendMessage"})
    await bot.send_file(bot.group, ADMIN, "units.csv", roster, caption="/addunit")
    assert await _pending_rows(bot) == 1  # the orphan: nobody saw its ✅
    bot.clock.move(timedelta(days=PENDING_CHANGE_TTL_DAYS, minutes=1))
    [preview] = await bot.send_file(bot.group, ADMIN, "units.csv", roster, caption="/addunit")
    assert await _pending_rows(bot) == 1  # the new preview's row only
    bot.clock.move(timedelta(days=PENDING_CHANGE_TTL_DAYS, minutes=1))
    answer = await bot.press(bot.group, ADMIN, message_id=preview.message_id, text="✅")
    assert answer is not None and "Nút này đã cũ" in preview.text
    assert (
        await bot.services.units.by_code(
            (await bot.services.blocs.by_chat(bot.group)).id,
            "AA",  # type: ignore[union-attr]
        )
        is None
    )

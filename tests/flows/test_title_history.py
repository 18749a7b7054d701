"""A closed year keeps its titles: with 2027 closed and 2028 open, `/titles rename` refuses a
title 2027 pledged for and voted on (nothing changes), and removing it keeps 2027's pledges, its
bình xét results, its summary, export and documents naming it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.domain.documents import DocName
from bot.usecases import documents
from tests.documents.year import full_year
from tests.flows.conftest import ADMIN, ALICE, Harness
from tests.flows.year_setup import make_bloc, open_year, pledge_first_titles, set_deadline

FLAG = "Cờ thi đua của Bộ Tài chính"
NEW = "Cờ thi đua của UBND tỉnh Đắk Lắk"
SAID = {
    "vi": "Không đổi tên được danh hiệu «Cờ thi đua của Bộ Tài chính»",
    "en": "The title “Cờ thi đua của Bộ Tài chính” cannot be renamed",
}


def _docx_text(body: bytes) -> str:
    doc = Document(io.BytesIO(body))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _xlsx_text(body: bytes) -> str:
    book = load_workbook(io.BytesIO(body), read_only=True)
    return "\n".join(
        str(v) for s in book.worksheets for r in s.iter_rows(values_only=True) for v in r
    )


async def _closed_2027_open_2028(bot: Harness, lang: str):  # type: ignore[no-untyped-def]
    year = await full_year(bot.services, bot.clock, chat_id=bot.group, admin_id=ADMIN)
    bloc_id = year.seeded.bloc.id  # the seeded bloc is Vietnamese; no command changes that
    await bot.services.db.execute("UPDATE blocs SET language = ? WHERE id = ?", (lang, bloc_id))
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    [summary] = await bot.say(bot.group, ADMIN, "/summary")  # 2027's, its tabs name the year
    await open_year(bot, 2028)
    return year, summary


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_title_a_closed_year_used_cannot_be_renamed(bot: Harness, lang: str) -> None:
    year, _ = await _closed_2027_open_2028(bot, lang)
    bloc = year.seeded.bloc
    before = await bot.services.titles.all(bloc.id)
    [refused] = await bot.say(bot.group, ADMIN, f"/titles rename 1 {NEW}")
    assert SAID[lang] in refused.text and "2027" in refused.text and "/titles add" in refused.text
    assert not refused.buttons
    assert await bot.services.titles.all(bloc.id) == before
    [pledges] = await bot.say(bot.group, ADMIN, "/status pledge 2027")
    assert FLAG in pledges.text and NEW not in pledges.text
    # A title only the open year (or no year) uses can still be renamed.
    await bot.say(bot.group, ADMIN, "/titles add Tập thể lao động xuất sắc")
    await bot.press(bot.group, ADMIN, text="✅")
    await bot.say(bot.group, ADMIN, "/titles rename 3 Tập thể lao động xuất sắc năm 2028")
    await bot.press(bot.group, ADMIN, text="✅")
    names = [t.name for t in await bot.services.titles.active(bloc.id)]
    assert names == [FLAG, "Bằng khen của Bộ trưởng Bộ Tài chính", names[2]]
    assert names[2] == "Tập thể lao động xuất sắc năm 2028"


async def test_a_removed_title_stays_in_the_closed_years_records(bot: Harness) -> None:
    year, summary = await _closed_2027_open_2028(bot, "vi")
    bloc, closed = year.seeded.bloc, year.seeded.year
    await bot.say(bot.group, ADMIN, "/titles remove 1")
    await bot.press(bot.group, ADMIN, text="✅")
    assert FLAG not in [t.name for t in await bot.services.titles.active(bloc.id)]

    [pledges] = await bot.say(bot.group, ADMIN, "/status pledge 2027")
    assert FLAG in pledges.text
    await bot.press(bot.group, ADMIN, message_id=summary.message_id, text="📝 Đăng ký")
    assert FLAG in bot.last(bot.group).text
    await bot.press(bot.group, ADMIN, message_id=summary.message_id, text="🗳 Bầu, bình xét")
    assert FLAG in bot.last(bot.group).text
    drafted, _ = await documents.draft_year(bot.services, bloc, closed, "vi")
    by_name = {d.name: _docx_text(d.body) for d in drafted}
    count = by_name[DocName.COUNT_BINHXET]
    assert f"{FLAG}:" in count or FLAG in count.split("Kết quả bình xét:")[1]
    assert FLAG in by_name[DocName.PROPOSAL] and FLAG in by_name[DocName.MEETING]
    from bot.usecases.results import export_files

    files = await export_files(bot.services, bloc, closed, "vi")
    assert FLAG in _xlsx_text(files.workbook)


async def test_a_removed_title_stays_in_the_open_years_read_only_pledge(bot: Harness) -> None:
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await set_deadline(bot, "pledge 31/01/2026")
    first, second = await pledge_first_titles(bot, bloc, "DLK", 2, by=ALICE)
    bot.clock.move(timedelta(days=30))
    await bot.say(bot.group, ADMIN, "/titles remove 1")
    await bot.press(bot.group, ADMIN, text="✅")
    [screen] = await bot.say(ALICE, ALICE, "/pledge")
    assert screen.text.startswith("🔒 Đã hết thời hạn đăng ký")
    assert first.name in screen.text and second.name in screen.text


async def test_a_rename_proposed_before_the_year_closed_is_refused_at_the_press(
    bot: Harness,
) -> None:
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE]})
    await open_year(bot)
    [first] = await pledge_first_titles(bot, bloc, "DLK", 1, by=ALICE)
    [ask] = await bot.say(bot.group, ADMIN, f"/titles rename 1 {NEW}")
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    answer = await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    said = ((answer or {}).get("text") or "") + ask.text
    assert "Không đổi tên được danh hiệu" in said and "2026" in said
    assert (await bot.services.titles.get(first.id)) == first

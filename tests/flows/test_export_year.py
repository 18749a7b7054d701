"""`/export <year>`: the year named, once the next one is open (QA: `/export 2026` exported the
open 2027 without a word), read as `/summary 2026` reads it; a year the bloc never had is
refused with the years it has; the command line writes the same workbook. A year with nothing
ranked sends its workbook without a chart that would only say so, to the group as in private.
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.__main__ import main
from tests.flows.conftest import ADMIN, CAROL, Harness
from tests.flows.test_results_flow import CASTS, _scene
from tests.flows.year_setup import open_year

WORDS = {
    "vi": {
        "ask_2026": "📦 Bảng tính (XLSX) và biểu đồ xếp hạng (PNG) năm 2026: gửi vào đâu?",
        "ask_2027": "📦 Bảng tính (XLSX) năm 2027: gửi vào đâu? Chưa đơn vị nào nộp bản tự chấm"
        " điểm nên chưa có biểu đồ xếp hạng.",
        "ranking": "Xếp hạng",
        "no_chart": "Chưa có kết quả xếp hạng nên chưa có biểu đồ.",
        "unknown": "Khối không có năm thi đua 2025. Các năm thi đua của Khối: 2026, 2027.",
    },
    "en": {
        "ask_2026": "📦 The 2026 workbook (XLSX) and ranking chart (PNG): where to send them?",
        "ask_2027": "📦 The 2027 workbook (XLSX): where to send it? No unit has submitted a"
        " self-assessment yet, so there is no ranking chart.",
        "ranking": "Ranking",
        "no_chart": "Nothing is ranked yet, so there is no chart.",
        "unknown": "The bloc has no emulation year 2025. Its emulation years: 2026, 2027.",
    },
}


def _documents(bot: Harness, chat: int) -> list[tuple[str, bytes, str]]:
    """(file name, body, caption) of each document the bot sent to `chat`."""
    return [
        (m.document[0], m.document[1], m.caption or "")
        for m in bot.emu.bot_messages(chat)
        if m.document
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_export_of_a_closed_year_after_the_next_opened(
    bot: Harness, lang: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cast, words = CASTS[lang], WORDS[lang]
    bloc, _ = await _scene(bot, cast)  # 2026: a mid-year round with four submissions
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    await open_year(bot, 2027)

    [ask] = await bot.say(bot.group, ADMIN, "/export 2026")
    assert ask.text.startswith(words["ask_2026"] + "\n")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="📎")
    sent = _documents(bot, bot.group)
    assert [name for name, _, _ in sent] == ["ket-qua-thi-dua-2026.xlsx", "xep-hang-2026.png"]
    book = load_workbook(io.BytesIO(sent[0][1]))
    ranking = {row[0]: row for row in book[words["ranking"]].iter_rows(values_only=True)}
    assert ranking[cast.head][2:5] == (3, 99, 99)  # 2026's ranking, not 2027's empty one

    # the command line gives the same workbook for the same year
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(bot.settings.database_path))
    out = tmp_path / "cli" / "khoi-2026.xlsx"
    args = ["export", "--bloc", str(bloc.id), "--year", "2026", "--out", str(out)]
    assert await asyncio.to_thread(main, args) == 0
    assert out.read_bytes() == sent[0][1]
    assert out.with_suffix(".png").read_bytes() == sent[1][1]  # and the same chart beside it

    [never] = await bot.say(bot.group, ADMIN, "/export 2025")
    assert never.text == words["unknown"] and not never.buttons
    [bad] = await bot.say(bot.group, ADMIN, "/export năm")
    assert "năm" in bad.text and not bad.buttons
    [refused] = await bot.say(bot.group, CAROL, "/export 2026")  # not an admin
    assert not refused.buttons
    assert len(_documents(bot, bot.group)) == 2


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_year_with_nothing_ranked_sends_the_workbook_without_a_chart(
    bot: Harness, lang: str
) -> None:
    cast, words = CASTS[lang], WORDS[lang]
    await _scene(bot, cast)
    await bot.say(bot.group, ADMIN, "/year close")
    await bot.press(bot.group, ADMIN, text="✅")
    await open_year(bot, 2027)
    await bot.say(ADMIN, ADMIN, "/start")

    [ask] = await bot.say(bot.group, ADMIN, "/export")  # the open year, 2027: nothing submitted
    assert ask.text.startswith(words["ask_2027"] + "\n")
    # the group in its language, the admin privately in theirs (Vietnamese)
    for chat, button, said in ((bot.group, "📎", words), (ADMIN, "🔒", WORDS["vi"])):
        await bot.press(bot.group, ADMIN, message_id=ask.message_id, text=button)
        [(name, _, caption)] = _documents(bot, chat)
        assert name == "ket-qua-thi-dua-2027.xlsx"
        assert caption.endswith(said["no_chart"])
    assert len(_documents(bot, bot.group)) == 1  # the private press sent nothing to the group

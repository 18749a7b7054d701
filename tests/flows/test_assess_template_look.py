"""The Excel template as a delegate opens it: a sheet named in their language, no machine codes
on screen (the marker row is hidden, not gone), and a template sent out before that change,
with its visible marker row and its sheet "assessment", still read (QA qa8 #10)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.flows.assess_kit import ready, scores_of
from tests.flows.conftest import ALICE, BOB, Harness

WORDS = {
    "vi": {"who": ALICE, "code": "DLK", "button": "Tải mẫu Excel", "sheet": "Tự chấm điểm",
           "title": "Tự chấm điểm — Sơ kết 6 tháng 2026", "taken": "Đã lưu: 1.5 = 7,5"},
    "en": {"who": BOB, "code": "DNG", "button": "Excel template", "sheet": "Self-assessment",
           "title": "Self-assessment — Mid-year review 2026", "taken": "Stored: 1.5 = 7.5"},
}  # fmt: skip
CODES = ("eba-assessment", "midyear", "yearend")


def _seen(sheet: Worksheet) -> list[list[Any]]:
    """The rows a person sees: hidden rows left out, empty cells dropped."""
    return [
        [c.value for c in row if c.value is not None]
        for row in sheet.iter_rows()
        if not sheet.row_dimensions[row[0].row].hidden
    ]


def _with_score(book: Any, code: str, value: str) -> bytes:
    for row in book.worksheets[0].iter_rows(min_row=4):
        if row[0].value == code:
            row[6].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _template(bot: Harness, lang: str) -> bytes:
    words = WORDS[lang]
    who = words["who"]
    await bot.say(who, who, "/assess")
    await bot.press(who, who, text=words["button"])
    sent = bot.last(who)
    assert sent.document is not None
    return sent.document[1]


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_the_template_shows_no_machine_codes(bot: Harness, lang: str) -> None:
    words = WORDS[lang]
    bloc = await ready(bot, {"DLK": [ALICE], "DNG": [BOB]})
    book = load_workbook(io.BytesIO(await _template(bot, lang)))
    shown = [s for s in book.worksheets if s.sheet_state == "visible"]
    assert [s.title for s in shown] == [words["sheet"]]
    seen = _seen(shown[0])
    assert seen[0][0].startswith(words["title"])  # the first row on screen is the title
    on_screen = " ".join(str(v) for row in seen for v in row)
    assert not any(code in on_screen for code in CODES)
    assert words["code"] in on_screen
    # the marker is still there, in the hidden first row, and the filled template is taken
    assert shown[0].cell(row=1, column=1).value == "eba-assessment"
    who = words["who"]
    [taken] = await bot.send_file(who, who, "t.xlsx", _with_score(book, "1.5", "7,5"))
    assert words["taken"] in taken.text
    assert str((await scores_of(bot, bloc, words["code"]))["1.5"].value) == "7.5"


async def test_a_template_sent_out_before_is_still_read(bot: Harness) -> None:
    """As templates were until now: the sheet "assessment", the marker row on screen."""
    bloc = await ready(bot, {"DLK": [ALICE]})
    book = load_workbook(io.BytesIO(await _template(bot, "vi")))
    sheet = book.worksheets[0]
    sheet.title = "assessment"
    sheet.row_dimensions[1].hidden = False
    [taken] = await bot.send_file(ALICE, ALICE, "cu.xlsx", _with_score(book, "1.5", "7,5"))
    assert "Đã lưu: 1.5 = 7,5" in taken.text
    assert str((await scores_of(bot, bloc, "DLK"))["1.5"].value) == "7.5"

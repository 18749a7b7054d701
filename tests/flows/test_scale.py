"""/scale: the sample at opening, pages of criteria, the XLSX template, a bloc's own file."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from openpyxl import load_workbook

from bot.formats.scale_sheet import load_scale_xlsx
from bot.registry import Feature
from bot.services import Services
from bot.usecases import scale as scales
from tests.flows.conftest import ADMIN, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year

BROKEN = """\
name: "Thang điểm lỗi"
sections:
  - code: "I"
    title: "Mục một"
    criteria:
      - code: "1.1"
        title: "Tiêu chí A"
        max: 0
      - code: "1.1"
        title: "Tiêu chí B"
        max: 10
        step: 3
  - code: "II"
    title: ""
    criteria: []
""".encode()

GOOD = """\
name: "Thang điểm riêng của Khối"
sections:
  - code: "A"
    title: "Nhiệm vụ chính"
    criteria:
      - {code: "A1", title: "Thu hút đầu tư", max: 60, step: 0.25}
      - {code: "A2", title: "Cải cách hành chính", max: 40, evidence: true}
bonus:
  - {code: "B1", title: "Sáng kiến", max: 2.5}
""".encode()


def _huge(count: int) -> bytes:
    lines = ['name: "Rất dài"', "sections:", '  - code: "I"', '    title: "Mục"', "    criteria:"]
    lines += [f'      - {{code: "C{n}", title: "Tiêu chí {n}", max: 1}}' for n in range(count)]
    return "\n".join(lines).encode()


async def _scale_version(bot: Harness) -> int:
    bloc = await bot.services.blocs.by_chat(bot.group)
    year = await bot.services.years.current(bloc.id) if bloc else None
    stored = await bot.services.scales.current(year.id) if year else None
    assert stored is not None
    return stored.version


async def test_the_sample_scale_page_by_page(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot)
    [shown] = await bot.say(bot.group, CAROL, "/scale")
    assert "Thang điểm chuẩn thi đua năm (mẫu)" in shown.text
    assert "I. Thực hiện nhiệm vụ chính trị được giao — 50 điểm (6 tiêu chí)" in shown.text
    assert "Tổng điểm chuẩn: 100 điểm (17 tiêu chí)" in shown.text
    assert shown.button_texts() == ["I", "II", "III", "IV", "➕ Điểm thưởng", "➖ Điểm trừ"]
    await bot.press(bot.group, CAROL, text="I")
    page = bot.last(bot.group)
    assert "1.1" in page.text and "1.8" not in page.text and "1.2" in page.text
    assert "cần tài liệu minh chứng" in page.text and "Ghi số dự án mới" in page.text
    await bot.press(bot.group, CAROL, text="Các mục")
    assert "Tổng điểm chuẩn" in page.text
    await bot.press(bot.group, CAROL, text="Điểm trừ")
    assert "D1" in page.text and "chấm điểm nguyên" in page.text and "tối đa 8 điểm" in page.text
    assert "chấm lẻ đến 1" not in page.text  # "lẻ" (parts of a point) is wrong for a step of 1


async def test_a_file_with_errors_lists_every_one_and_changes_nothing(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot)
    answers = await bot.send_file(bot.group, ADMIN, "thang-diem.yaml", BROKEN, caption="/scale")
    text = "\n".join(a.text for a in answers)
    assert "5 lỗi" in text
    assert "Mục I, tiêu chí 1.1 (dòng 8), trường «Điểm tối đa»: phải lớn hơn 0" in text
    assert "Mục I, tiêu chí 1.1 (dòng 9), trường «Mã»: mã 1.1 bị trùng" in text
    assert (
        "(dòng 12), trường «Chấm lẻ đến»: điểm tối đa 10 không chia hết cho mức chấm lẻ 3" in text
    )
    assert "Mục II (dòng 14), trường «Nội dung»: không được để trống" in text
    assert "Mục II (dòng 15), trường «Danh sách tiêu chí»: mục cần có ít nhất một tiêu chí" in text
    assert await _scale_version(bot) == 1
    [huge] = await bot.send_file(bot.group, ADMIN, "big.yaml", _huge(201), caption="/scale")
    assert "tối đa 200" in huge.text
    [txt] = await bot.send_file(bot.group, ADMIN, "scale.txt", b"name: x", caption="/scale")
    assert ".yaml, .yml, .xlsx" in txt.text
    [refused] = await bot.send_file(bot.group, CAROL, "s.yaml", GOOD, caption="/scale")
    assert "quản trị Khối" in refused.text
    assert await _scale_version(bot) == 1


async def test_a_good_file_becomes_the_next_version_after_confirmation(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot)
    [ask] = await bot.send_file(bot.group, ADMIN, "khoi.yaml", GOOD, caption="/scale")
    assert "Thang điểm riêng của Khối" in ask.text and "100" in ask.text
    assert "phiên bản 1" in ask.text
    await bot.press(bot.group, ADMIN, text="✖️")
    assert await _scale_version(bot) == 1
    await bot.send_file(bot.group, ADMIN, "khoi.yaml", GOOD, caption="/scale")
    await bot.press(bot.group, ADMIN, text="✅")
    assert "phiên bản 2" in bot.last(bot.group).text
    assert await _scale_version(bot) == 2
    [shown] = await bot.say(bot.group, CAROL, "/scale")
    assert "phiên bản 2 (khoi.yaml)" in shown.text and "tối đa 2,5 điểm" in shown.text
    await bot.press(bot.group, CAROL, text="A")
    assert "A1 Thu hút đầu tư — điểm tối đa 60, chấm lẻ đến 0,25" in bot.last(bot.group).text


async def test_the_same_scale_typed_with_combining_marks_changes_nothing(bot: Harness) -> None:
    """Unikey's "Unicode tổ hợp" writes "ệ" as e + two marks: the same file from another
    computer is the same scale, stored composed, not one with every wording changed."""
    await make_bloc(bot)
    await open_year(bot)
    typed = unicodedata.normalize("NFD", GOOD.decode()).encode()
    assert typed != GOOD
    await bot.send_file(bot.group, ADMIN, "khoi.yaml", typed, caption="/scale")
    await bot.press(bot.group, ADMIN, text="✅")
    assert await _scale_version(bot) == 2
    bloc = await bot.services.blocs.by_chat(bot.group)
    year = await bot.services.years.current(bloc.id) if bloc else None
    stored = await bot.services.scales.current(year.id) if year else None
    assert stored is not None and stored.body["sections"][0]["title"] == "Nhiệm vụ chính"
    [again] = await bot.send_file(bot.group, ADMIN, "khoi.yaml", GOOD, caption="/scale")
    assert "giống hệt thang điểm hiện hành (phiên bản 2)" in again.text
    assert await _scale_version(bot) == 2


async def test_a_long_section_is_paged(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    await open_year(bot)
    await bot.send_file(bot.group, ADMIN, "long.yaml", _huge(20), caption="/scale")
    await bot.press(bot.group, ADMIN, text="✅")
    await bot.say(bot.group, CAROL, "/scale")
    await bot.press(bot.group, CAROL, text="I")
    page = bot.last(bot.group)
    assert "C0 " in page.text and "C8 " not in page.text
    assert page.button_texts() == ["1/3", "▶️", "⬅️ Sections"]
    await bot.press(bot.group, CAROL, text="▶️")
    assert "C8 " in page.text and "C0 " not in page.text
    assert page.button_texts() == ["◀️", "2/3", "▶️", "⬅️ Sections"]


async def test_the_template_round_trips_and_an_old_page_button_is_refused(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot)
    await bot.say(bot.group, CAROL, "/scale")
    overview = bot.last(bot.group)
    [refused] = await bot.say(bot.group, CAROL, "/scale template")
    assert "quản trị Khối" in refused.text
    [template] = await bot.say(bot.group, ADMIN, "/scale template")
    assert template.document is not None
    name, data = template.document
    assert name == "scale-2026-v1.xlsx"
    assert load_scale_xlsx(data) == scales.sample_scale()
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Hướng dẫn", "Thang điểm"]
    assert book["Thang điểm"]["E2"].value == "Điểm tối đa"
    book["Thang điểm"]["E4"] = "mười"
    edited = io.BytesIO()
    book.save(edited)
    [bad] = await bot.send_file(bot.group, ADMIN, "t.xlsx", edited.getvalue(), caption="/scale")
    assert "Mục I, tiêu chí 1.1 (hàng 4), cột Điểm tối đa: «mười» không phải là một số" in bad.text
    [same] = await bot.send_file(bot.group, ADMIN, name, data, caption="/scale")
    assert "giống hệt thang điểm hiện hành (phiên bản 1)" in same.text
    assert await _scale_version(bot) == 1
    book = load_workbook(io.BytesIO(data))
    book["Thang điểm"]["E4"] = 12
    changed = io.BytesIO()
    book.save(changed)
    await bot.send_file(bot.group, ADMIN, name, changed.getvalue(), caption="/scale")
    await bot.press(bot.group, ADMIN, text="✅")
    assert await _scale_version(bot) == 2
    answer = await bot.press(bot.group, CAROL, message_id=overview.message_id, text="II")
    assert answer is not None and "phiên bản mới" in answer["text"]


class _Submitted:
    """An assessments table with two submitted assessments (until issue 6 brings the real one)."""

    def __init__(self) -> None:
        self.reopened = 0

    async def submitted(self, services: Services, year_id: int) -> int:
        return 0 if self.reopened else 2

    async def reopen_all(self, services: Services, year_id: int, *, by: int, now: datetime) -> int:
        self.reopened = 2
        return 2


@pytest.fixture
async def submitted(harness: Harness) -> AsyncIterator[_Submitted]:
    """A feature whose records depend on the scale: two units have submitted."""
    fake = _Submitted()
    harness.features.append(Feature("assessments", scale_guard=fake))
    await harness.start()
    yield fake


async def test_replacing_after_submissions_needs_the_admins_confirmation(
    harness: Harness, submitted: _Submitted
) -> None:
    bot = harness
    await make_bloc(bot, language="en")
    await open_year(bot)
    [ask] = await bot.send_file(bot.group, ADMIN, "own.yaml", GOOD, caption="/scale")
    assert "submitted a self-assessment this year: 2" in ask.text
    assert ask.button_texts() == ["✅ Replace and re-open the assessments (2)", "✖️ Cancel"]
    answer = await bot.press(bot.group, CAROL, text="✅")
    assert answer is not None and "Only bloc admins" in answer["text"]
    assert submitted.reopened == 0
    await bot.press(bot.group, ADMIN, text="✅")
    done = bot.last(bot.group).text
    assert "Scale version 2 saved" in done and "against the new scale: 2." in done
    assert submitted.reopened == 2


async def test_scale_in_english(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    [none] = await bot.say(bot.group, CAROL, "/scale")
    assert "no emulation year" in none.text
    await open_year(bot)
    [shown] = await bot.say(bot.group, CAROL, "/scale")
    assert "version 1 (the sample scale, in Vietnamese)" in shown.text
    assert "Standard total: 100" in shown.text
    answers = await bot.send_file(bot.group, ADMIN, "bad.yaml", BROKEN, caption="/scale")
    text = "\n".join(a.text for a in answers)
    assert "The file was not accepted because it has 5 errors; nothing has changed." in text
    assert "Section I, criterion 1.1 (line 8), field max: must be greater than 0" in text
    [usage] = await bot.say(bot.group, CAROL, "/scale foo")
    assert "/scale template" in usage.text


async def test_a_very_long_error_list_comes_as_a_file(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot)
    broken = _huge(190).replace(b"max: 1}", b"max: 0}")
    answers = await bot.send_file(bot.group, ADMIN, "zero.yaml", broken, caption="/scale")
    assert len(answers) == 2
    assert "190 lỗi" in answers[0].text and "… và 170 lỗi khác" in answers[0].text
    assert answers[1].document is not None
    name, listing = answers[1].document
    assert name == "errors.txt"
    assert listing.decode().count("phải lớn hơn 0") == 190


ONE_CRITERION = b"""\
name: "Bloc scale"
sections:
  - code: "A"
    title: "Main tasks"
    criteria:
      - {code: "A1", title: "Investment", max: 60}
      - {code: "A2", title: "Reform", max: 30}
  - code: "B"
    title: "Movements"
    criteria:
      - {code: "B1", title: "Emulation movements", max: 10}
"""


async def test_english_counts_the_criteria_with_the_noun_after_the_number(bot: Harness) -> None:
    """QA qa-last #5c: "— 50 points (criteria: 6)" read as a form; "(6 criteria)", and a
    section of one criterion says "(1 criterion)"."""
    await make_bloc(bot, language="en")
    await open_year(bot)
    [shown] = await bot.say(bot.group, CAROL, "/scale")
    assert "I. Thực hiện nhiệm vụ chính trị được giao — 50 points (6 criteria)" in shown.text
    assert "Standard total: 100 points (17 criteria)" in shown.text
    assert "criteria:" not in shown.text
    [ask] = await bot.send_file(bot.group, ADMIN, "bloc.yaml", ONE_CRITERION, caption="/scale")
    assert "A. Main tasks — 90 points (2 criteria)" in ask.text
    assert "B. Movements — 10 points (1 criterion)" in ask.text
    assert "Standard total: 100 points (3 criteria)" in ask.text

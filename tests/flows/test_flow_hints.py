"""What a private message that reaches no step is told: a file or photo in a flow that takes
text (the flow named, its step's request repeated, nothing stored), score lines with no /assess
open (pointed to /assess, nothing stored), and a paused flow named with its command."""

from __future__ import annotations

from bot.domain.bloc import Bloc
from tests.flows.conftest import ALICE, BOB, Harness
from tests.flows.year_setup import make_bloc, open_year, pledge_of, set_deadline

PHOTO = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4 cam ket"


async def _ready(bot: Harness) -> Bloc:
    bloc = await make_bloc(bot, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    await set_deadline(bot, "pledge 31/01/2026")
    return bloc


async def _draft(bot: Harness, user: int) -> dict[str, object]:
    state = await bot.services.flows.get(user, "pledge")
    assert state is not None
    return state.data


async def test_a_file_or_photo_during_the_pledge_is_told_the_step_takes_text(
    bot: Harness,
) -> None:
    bloc = await _ready(bot)
    await bot.say(ALICE, ALICE, "/pledge")
    [answer] = await bot.send_file(ALICE, ALICE, "cam-ket.pdf", PDF, caption="Cam kết của DLK")
    assert answer.text.startswith("Đăng ký thi đua chỉ nhận nội dung bằng chữ")
    assert "chú thích" in answer.text  # the caption was not kept either
    assert "Bước 1/3." in answer.text  # what the step asks, again
    assert "/scale" not in answer.text
    before = await _draft(bot, ALICE)

    await bot.press(ALICE, ALICE, text="Bằng khen")
    await bot.press(ALICE, ALICE, text="Tiếp")
    bot.emu.send_photo(ALICE, ALICE, PHOTO, caption="Cam kết bằng ảnh")
    await bot.settle()
    answer = bot.last(ALICE)
    assert answer.text.startswith("Đăng ký thi đua chỉ nhận nội dung bằng chữ")
    assert "Bước 2/3." in answer.text and "Xem lại" in answer.text
    assert "Tôi chỉ đọc được" not in answer.text
    [uncaptioned] = await bot.send_file(ALICE, ALICE, "cam-ket.pdf", PDF)
    assert uncaptioned.text.startswith("Đăng ký thi đua") and "chú thích" not in uncaptioned.text

    drafts = (await _draft(bot, ALICE))["drafts"]
    assert isinstance(drafts, dict) and before["drafts"] != drafts  # the title press, only
    assert [d["parts"] for d in drafts.values()] == [[]]  # no caption taken as commitments
    state = await bot.services.flows.active(ALICE)
    assert state is not None and (state.name, state.step) == ("pledge", "commitments")
    assert await pledge_of(bot, bloc, "DLK") is None

    await bot.say(BOB, BOB, "/pledge")
    [answer] = await bot.send_file(BOB, BOB, "pledge.pdf", PDF)
    assert answer.text.startswith("The pledge takes text only") and "Step 1/3." in answer.text


async def test_a_sticker_in_a_flow_gets_the_steps_hint_and_without_one_what_is_read(
    bot: Harness,
) -> None:
    await _ready(bot)
    await bot.say(ALICE, ALICE, "/pledge")
    bot.emu.send_sticker(ALICE, ALICE)
    await bot.settle()
    hint = bot.last(ALICE).text
    assert hint.startswith("Đăng ký thi đua chỉ nhận nội dung bằng chữ") and "Bước 1/3." in hint
    await bot.say(ALICE, ALICE, "/cancel")
    bot.emu.send_sticker(ALICE, ALICE)
    await bot.settle()
    assert bot.last(ALICE).text == "Tôi chỉ đọc được tin nhắn văn bản và tệp đính kèm."


async def test_score_lines_with_no_flow_are_pointed_to_assess(bot: Harness) -> None:
    await _ready(bot)
    [answer] = await bot.say(ALICE, ALICE, "1.1 10 Đã hoàn thành\n1.2 8,5")
    assert answer.text.startswith("Điểm tự chấm được nhập qua /assess")
    assert "dán lại" in answer.text and "không chờ" not in answer.text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM assessment_scores") == 0
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM assessments") == 0
    [answer] = await bot.say(BOB, BOB, "1,2\t9")
    assert answer.text.startswith("Scores are entered through /assess")
    [chat] = await bot.say(ALICE, ALICE, "Xin 5 phút")
    assert chat.text.startswith("Hiện tôi không chờ thông tin nào") and "/assess" not in chat.text


async def test_with_no_flow_under_way_a_paused_one_is_named_with_its_command(
    bot: Harness,
) -> None:
    await _ready(bot)
    [fresh] = await bot.say(ALICE, ALICE, "xin chào")
    assert "tạm dừng" not in fresh.text  # nothing was ever left
    await bot.say(ALICE, ALICE, "/pledge")
    await bot.say(ALICE, ALICE, "/cancel")
    [answer] = await bot.say(ALICE, ALICE, "xin chào")
    assert answer.text.startswith("Hiện tôi không chờ thông tin nào")
    assert "Việc đang tạm dừng: Đăng ký thi đua. Gõ /pledge để tiếp tục." in answer.text
    [file] = await bot.send_file(ALICE, ALICE, "a.pdf", PDF)
    assert "Gõ /pledge để tiếp tục." in file.text
    [lines] = await bot.say(ALICE, ALICE, "1.1 10")
    assert "/assess" in lines.text and "Gõ /pledge để tiếp tục." in lines.text
    state = await bot.services.flows.get(ALICE, "pledge")
    assert state is not None and not state.active  # the hint resumes nothing by itself

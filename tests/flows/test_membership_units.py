"""/addunit (one unit, renames, roster files), /units, and /unit with its remove buttons."""

from __future__ import annotations

import io

import openpyxl

from tests.conftest import SHARED
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.membership_kit import UNITS, bot_en, make_delegate, set_up, table_dump

__all__ = ["bot_en"]

ROSTER_YAML = (SHARED / "data" / "roster-tay-nguyen-duyen-hai.yaml").read_bytes()


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def codes(bot: Harness) -> dict[str, str]:
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None
    return {u.code: u.name for u in await bot.services.units.list(bloc.id)}


async def test_addunit_adds_one_unit_and_upper_cases_its_code(bot: Harness) -> None:
    await set_up(bot)
    [added] = await bot.say(bot.group, ADMIN, f"/addunit dlk   {UNITS['DLK']}")
    assert added.text.startswith("✅") and "DLK" in added.text and "/invite DLK" in added.text
    assert await codes(bot) == {"DLK": UNITS["DLK"]}


async def test_addunit_bad_inputs_change_nothing(bot: Harness) -> None:
    await set_up(bot, "DLK")
    before = await table_dump(bot)
    cases = {
        "/addunit": "/addunit MÃ Tên đầy đủ",
        "/addunit D Đắk Lắk": "Mã đơn vị <code>D</code> không hợp lệ",
        "/addunit ĐLK Đắk Lắk": "không hợp lệ",
        "/addunit TOO_LONG_CODE1 Tên": "không hợp lệ",
        "/addunit DNG": "/addunit MÃ Tên đầy đủ",  # a code without a name: the usage
        # the length typed, and what to do (as the pledge's too-long text says)
        "/addunit DNG " + "x" * 250: "Tên dài 250 ký tự, quá mức 200; đề nghị rút gọn.",
        f"/addunit DLK {UNITS['DLK']}": "đã có đúng tên này",
    }
    for command, expected in cases.items():
        [answer] = await bot.say(bot.group, ADMIN, command)
        assert expected in answer.html, (command, answer.html)
    assert await table_dump(bot) == before


async def test_addunit_on_an_existing_code_renames_after_confirmation(bot: Harness) -> None:
    await set_up(bot, "DLK")
    [preview] = await bot.say(bot.group, ADMIN, "/addunit DLK Ban Quản lý KCN Đắk Lắk")
    assert "Đổi tên (1)" in preview.text and "→ Ban Quản lý KCN Đắk Lắk" in preview.text
    assert "Giữ nguyên" not in preview.text
    assert await codes(bot) == {"DLK": UNITS["DLK"]}
    answer = await bot.press(bot.group, ADMIN, text="✅")
    assert answer is not None
    assert bot.last(bot.group).text.startswith("✅ Đã lưu: đổi tên 1.")
    assert await codes(bot) == {"DLK": "Ban Quản lý KCN Đắk Lắk"}


async def test_a_roster_file_is_previewed_then_stored_and_a_second_import_changes_nothing(
    bot: Harness,
) -> None:
    await set_up(bot, "DLK")
    [preview] = await bot.send_file(bot.group, ADMIN, "roster.yaml", ROSTER_YAML, "/addunit")
    assert "Thêm mới (10)" in preview.text and "QNG" in preview.text
    assert "Giữ nguyên: 1." in preview.text.splitlines()  # nothing about 0 units kept
    assert [b.text for b in preview.buttons[0]] == ["✅ Lưu", "✖️ Hủy"]
    assert len(await codes(bot)) == 1
    await bot.press(bot.group, ADMIN, text="✅")
    assert bot.last(bot.group).text.splitlines() == [
        "✅ Đã lưu: thêm 10. Khối hiện có 11 đơn vị.",
        "Tiếp theo, mời cán bộ đầu mối của từng đơn vị bằng /invite MÃ (ví dụ /invite BDI), "
        "hoặc để cán bộ đầu mối gõ /join trong nhóm này và chọn đơn vị của mình.",
    ]
    assert len(await codes(bot)) == 11
    before = await table_dump(bot)
    note = "/addunit danh sách 11 đơn vị\ngửi lại"  # a note after the command is fine
    [again] = await bot.send_file(bot.group, ADMIN, "roster.yaml", ROSTER_YAML, note)
    assert "Không có gì thay đổi: 11 đơn vị" in again.text and not again.buttons
    assert await table_dump(bot) == before


async def test_roster_as_csv_and_xlsx_with_a_rename(bot: Harness) -> None:
    await set_up(bot, "DLK")
    csv = "code,name\nDLK,BQL KCN Đắk Lắk\ndng,Đà Nẵng\n".encode()
    [preview] = await bot.send_file(bot.group, ADMIN, "units.csv", csv, "/addunit")
    assert "Thêm mới (1)" in preview.text and "Đổi tên (1)" in preview.text
    await bot.press(bot.group, ADMIN, text="✅")
    done = bot.last(bot.group).text.splitlines()
    assert done[0] == "✅ Đã lưu: thêm 1, đổi tên 1. Khối hiện có 2 đơn vị."
    assert "/invite DNG" in done[1] and "/join" in done[1]
    assert await codes(bot) == {"DLK": "BQL KCN Đắk Lắk", "DNG": "Đà Nẵng"}
    sheet = xlsx([["Danh sách đơn vị"], ["STT", "code", "name"], [1, "LDG", "Lâm Đồng"]])
    [preview] = await bot.send_file(
        bot.group, ADMIN, "units.xlsx", sheet, "/addunit@bloc_assistant_bot"
    )
    assert "LDG" in preview.text
    kept = "2 đơn vị không có trong tệp vẫn được giữ nguyên: DLK, DNG."
    assert kept in preview.text.splitlines()
    assert "Giữ nguyên" not in preview.text
    await bot.press(bot.group, ADMIN, text="✅")
    assert set(await codes(bot)) == {"DLK", "DNG", "LDG"}


async def test_a_bad_roster_lists_every_error_and_imports_nothing(bot: Harness) -> None:
    await set_up(bot)
    csv = "code,name\nDLK,Đắk Lắk\nx,Sai mã\nDNG,\nDLK,Trùng\n".encode()
    [refused] = await bot.send_file(bot.group, ADMIN, "units.csv", csv, "/addunit")
    assert "3 lỗi" in refused.text
    assert "Hàng 3, cột code" in refused.text
    assert "Hàng 4, cột name" in refused.text
    assert "Hàng 5, cột code" in refused.text
    assert await codes(bot) == {}
    vietnamese = "Mã,Tên đơn vị\nDLK,Đắk Lắk\nx,Sai mã\nDNG,\n".encode()
    [refused] = await bot.send_file(bot.group, ADMIN, "don-vi.csv", vietnamese, "/addunit")
    assert "Hàng 3, cột Mã: " in refused.text and "Hàng 4, cột Tên đơn vị: " in refused.text
    assert "cột code" not in refused.text and "cột name" not in refused.text
    [not_roster] = await bot.send_file(bot.group, ADMIN, "notes.csv", b"a,b\n1,2\n", "/addunit")
    assert "cột «Mã đơn vị» và cột «Tên đơn vị»" in not_roster.text and await codes(bot) == {}
    [wrong_type] = await bot.send_file(bot.group, ADMIN, "photo.png", b"\x89PNG", "/addunit")
    assert ".xlsx" in wrong_type.text
    downloads = len(bot.emu.calls("getFile"))
    big = b"code,name\n" + b"A" * (1024 * 1024 + 1)
    [too_big] = await bot.send_file(bot.group, ADMIN, "big.csv", big, "/addunit")
    assert "1 MB" in too_big.text
    assert len(bot.emu.calls("getFile")) == downloads, "a file over 1 MB is not downloaded"
    assert await codes(bot) == {}


async def test_roster_cancel_stale_and_outdated_confirmations(bot: Harness) -> None:
    await set_up(bot)
    await bot.send_file(bot.group, ADMIN, "roster.yaml", ROSTER_YAML, "/addunit")
    first = bot.last(bot.group)
    await bot.press(bot.group, ADMIN, text="✖️")
    assert "Đã hủy" in bot.last(bot.group).text and await codes(bot) == {}
    forged = bot.emu.press_forged(bot.group, ADMIN, first.message_id, "v1:roster:ok:999")
    await bot.settle()
    assert (bot.emu.answer_for(forged) or {}).get("text") is None  # said in the message
    assert "Nút này đã cũ" in first.text
    [roster] = await bot.send_file(bot.group, ADMIN, "roster.yaml", ROSTER_YAML, "/addunit")
    await bot.say(bot.group, ADMIN, "/addunit BDI Bình Định")
    await bot.press(bot.group, ADMIN, message_id=roster.message_id, text="✅")
    assert "đã thay đổi" in roster.text and not roster.buttons
    assert await codes(bot) == {"BDI": "Bình Định"}


async def test_a_roster_in_private_is_pointed_to_the_group(bot: Harness) -> None:
    [answer] = await bot.send_file(ADMIN, ADMIN, "roster.yaml", ROSTER_YAML, "/addunit")
    assert "dùng trong nhóm" in answer.text


async def test_units_lists_delegates_head_and_deputy_with_pages(bot: Harness) -> None:
    await set_up(bot, "DLK", "DNG")
    await bot.send_file(bot.group, ADMIN, "roster.yaml", ROSTER_YAML, "/addunit")
    await bot.press(bot.group, ADMIN, text="✅")
    await make_delegate(bot, ALICE, "DLK")
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None
    dlk = await bot.services.units.by_code(bloc.id, "DLK")
    dng = await bot.services.units.by_code(bloc.id, "DNG")
    assert dlk and dng
    await bot.services.blocs.set_head(bloc.id, head=dlk.id, deputy=dng.id)
    [page] = await bot.say(bot.group, CAROL, "/units")
    assert "(11)" in page.text and "Lan" in page.text and "Khối trưởng" in page.text
    assert "Khối phó" in page.text and "chưa có cán bộ đầu mối" in page.text
    assert "QNG" not in page.text
    assert [b.text for b in page.buttons[0]] == ["1/2", "▶️"]
    await bot.press(bot.group, BOB, text="▶️")
    second = bot.last(bot.group)
    assert "QNG" in second.text and "DLK" not in second.text
    assert [b.text for b in second.buttons[0]] == ["◀️", "2/2"]
    answer = await bot.press(bot.group, BOB, text="2/2")
    assert answer is not None


async def test_units_with_a_page_number_opens_that_page(bot: Harness) -> None:
    await set_up(bot, "DLK", "DNG")
    await bot.send_file(bot.group, ADMIN, "roster.yaml", ROSTER_YAML, "/addunit")
    await bot.press(bot.group, ADMIN, text="✅")
    [second] = await bot.say(bot.group, CAROL, "/units 2")
    assert "QNG" in second.text and "DLK" not in second.text
    assert [b.text for b in second.buttons[0]] == ["◀️", "2/2"]
    [last] = await bot.say(bot.group, CAROL, "/units 9")  # past the end: the last page
    assert [b.text for b in last.buttons[0]] == ["◀️", "2/2"]
    [first] = await bot.say(bot.group, CAROL, "/units trang")  # not a number: the first
    assert [b.text for b in first.buttons[0]] == ["1/2", "▶️"]


async def test_units_in_english_and_an_empty_bloc(bot_en: Harness) -> None:
    bot = bot_en
    await bot.say(bot.group, ADMIN, "/setup Highlands")
    [empty] = await bot.say(bot.group, CAROL, "/units")
    assert "no member units yet" in empty.text
    await bot.say(bot.group, ADMIN, "/addunit DLK Dak Lak board")
    [page] = await bot.say(bot.group, CAROL, "/units")
    assert "Member units of Highlands" in page.text and "no delegate yet" in page.text
    assert page.reply_markup is None


async def test_removing_a_unit_names_its_delegates_in_plain_words(bot_en: Harness) -> None:
    """qa-last #3b: not "Its delegates (people: 0)": none, one and two read as sentences."""
    bot = bot_en
    await set_up(bot, "DLK", "DNG", "LDG")
    await make_delegate(bot, ALICE, "DNG")
    await make_delegate(bot, BOB, "LDG")
    await make_delegate(bot, CAROL, "LDG")
    asked = {}
    for code in ("DLK", "DNG", "LDG"):
        await bot.say(bot.group, ADMIN, f"/unit {code}")
        await bot.press(bot.group, ADMIN, text="🗑")
        asked[code] = bot.last(bot.group).text.split("? ", 1)[1]
        await bot.press(bot.group, ADMIN, text="Cancel")
    assert asked == {
        "DLK": "It has no delegate; its open invite links go with it.",
        "DNG": "Its 1 delegate and its open invite links go with it.",
        "LDG": "Its 2 delegates and its open invite links go with it.",
    }


async def test_a_roster_with_nothing_new_says_how_many_units_in_english(bot_en: Harness) -> None:
    """QA qa-last #5: not "every unit of the file (units: 1)"."""
    bot = bot_en
    await set_up(bot, "DLK", "DNG")
    said = {}
    for codes in (["DLK"], ["DLK", "DNG"]):
        rows = "".join(f"{code},{UNITS[code]}\n" for code in codes)
        csv = f"code,name\n{rows}".encode()
        [answer] = await bot.send_file(bot.group, ADMIN, "units.csv", csv, "/addunit")
        said[len(codes)] = answer.text
    assert said == {
        1: "Nothing to change: the file has 1 unit, already in the bloc with the same name.",
        2: "Nothing to change: the file has 2 units, all already in the bloc with the same names.",
    }


async def test_unit_card_removes_a_delegate_after_confirmation(bot: Harness) -> None:
    await set_up(bot, "DLK")
    await make_delegate(bot, ALICE, "DLK")
    [card] = await bot.say(bot.group, ADMIN, "/unit dlk")
    assert "Lan" in card.text and "➖ Lan" in card.button_texts()
    await bot.press(bot.group, ADMIN, text="➖ Lan")
    confirm = bot.last(bot.group)
    assert "Gỡ <b>Lan</b>" in confirm.html
    await bot.press(bot.group, ADMIN, text="✖️")
    assert "➖ Lan" in bot.last(bot.group).button_texts()
    await bot.press(bot.group, ADMIN, text="➖ Lan")
    await bot.press(bot.group, ADMIN, text="✅")
    assert "Lan không còn là cán bộ đầu mối" in bot.last(bot.group).text
    assert "gỡ Anh/Chị khỏi danh sách cán bộ đầu mối" in bot.last(ALICE).text
    [me] = await bot.say(ALICE, ALICE, "/me")
    assert "chưa là cán bộ đầu mối" in me.text


async def test_unit_card_removes_a_unit_without_data_but_not_one_with_data(bot: Harness) -> None:
    await set_up(bot, "DLK", "DNG")
    await make_delegate(bot, ALICE, "DLK")
    await bot.say(bot.group, ADMIN, "/unit DLK")
    await bot.press(bot.group, ADMIN, text="🗑")
    asked = bot.last(bot.group).text
    assert "Đắk Lắk? 1 cán bộ đầu mối và các đường dẫn mời còn hiệu lực" in asked
    await bot.press(bot.group, ADMIN, text="✅")
    assert "Đã xóa đơn vị DLK" in bot.last(bot.group).text
    assert set(await codes(bot)) == {"DNG"}
    bloc = await bot.services.blocs.by_chat(bot.group)
    dng = await bot.services.units.by_code(bloc.id, "DNG") if bloc else None
    assert bloc and dng
    await bot.services.blocs.set_head(bloc.id, head=dng.id, deputy=None)
    [card] = await bot.say(bot.group, ADMIN, "/unit DNG")
    answer = await bot.press(bot.group, ADMIN, text="🗑")  # refused before asking
    assert answer is not None and "Không thể xóa" in answer["text"]
    assert bot.last(bot.group).message_id == card.message_id and "✅" not in card.html
    assert set(await codes(bot)) == {"DNG"}


async def test_unit_card_bad_inputs(bot: Harness) -> None:
    await set_up(bot, "DLK")
    [usage] = await bot.say(bot.group, ADMIN, "/unit")
    assert "/unit MÃ" in usage.text
    [unknown] = await bot.say(bot.group, ADMIN, "/unit XYZ")
    assert "không có đơn vị <b>XYZ</b>" in unknown.html
    [bad] = await bot.say(bot.group, ADMIN, "/unit x")
    assert "không hợp lệ" in bad.text


async def test_a_long_roster_preview_fits_one_message(bot: Harness) -> None:
    await set_up(bot)
    rows = "".join(f"U{n:02d},{'Ban Quản lý <KCN> & KKT ' * 8}{n}\n" for n in range(40))
    [preview] = await bot.send_file(
        bot.group, ADMIN, "units.csv", f"code,name\n{rows}".encode(), "/addunit"
    )
    assert len(preview.text) < 4096 and "Thêm mới (40)" in preview.text
    assert "dòng nữa" in preview.text and "<KCN> & KKT" in preview.text
    await bot.press(bot.group, ADMIN, text="✅")
    assert len(await codes(bot)) == 40

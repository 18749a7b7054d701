"""/documents through Telegram: the overview in the group and in private, the letterhead and
meeting forms, a document received and checked against the database, a template sent and
replaced (then used), the refusals, and an English draft."""

from __future__ import annotations

import io

from docx import Document

from bot.actor import Actor
from bot.domain.documents import DocName
from bot.domain.review import Round
from bot.formats.documents.render import default_template
from bot.formats.report import number_text
from bot.usecases import documents
from bot.usecases.results import year_report
from storage.documents import DocumentRepo
from tests.documents.year import Year, full_year
from tests.flows.conftest import ADMIN, CAROL, Harness
from views.documents import overview

FORM = """Cơ quan chủ quản: BỘ TÀI CHÍNH
Cơ quan ban hành: KHỐI THI ĐUA CÁC KCN, KKT PHÍA NAM
Địa danh: Đồng Nai
Chức vụ người ký: TRƯỞNG BAN QUẢN LÝ CÁC KCN SỐ 1
Họ tên người ký: Nguyễn Văn Bình
Ký hiệu: KTĐ
Nơi nhận: Hội đồng Thi đua - Khen thưởng Bộ Tài chính; Các đơn vị thành viên; Lưu: VT"""


async def _year(bot: Harness) -> Year:
    return await full_year(
        bot.services, bot.clock, chat_id=bot.group, admin_id=ADMIN, letterhead=False
    )


def _docs(bot: Harness, chat: int) -> list[tuple[str, bytes]]:
    return [m.document for m in bot.emu.bot_messages(chat) if m.document]


async def _in_group(bot: Harness) -> str:
    """/documents in the group, the list asked for in the group: its text."""
    await bot.say(bot.group, ADMIN, "/documents")
    await bot.press(bot.group, ADMIN, text="📎 Gửi vào nhóm")
    return bot.last(bot.group).text


def _edited(extra: str) -> bytes:
    doc = Document(io.BytesIO(default_template(DocName.PROPOSAL, "vi")))
    doc.paragraphs[0].insert_paragraph_before(extra)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


async def test_documents_from_the_group_and_in_private(bot: Harness) -> None:
    year = await _year(bot)
    await bot.say(bot.group, ADMIN, "/documents")
    told = await bot.press(bot.group, ADMIN, text="📎 Gửi vào nhóm")
    shown = bot.last(bot.group).text
    assert "Văn bản cuối năm 2027" in shown
    assert "⏳ Biên bản họp bình xét: chưa nhập ngày và địa điểm họp bình xét" in shown
    # No letterhead yet: nothing reads "lập được ngay" when no 📄 button is there.
    assert "⏳ Bảng tổng hợp điểm: chưa khai báo thông tin ban hành văn bản" in shown
    assert "lập được ngay" not in shown and "📄" not in " ".join(bot.last(bot.group).button_texts())
    # what to do about it is the admin's: a pop-up to them, not a line in the group
    assert told is not None and "gửi /documents trong tin nhắn riêng" in told["text"]
    assert "/documents" not in shown
    # The letterhead and the meeting, entered once in private.
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Thông tin ban hành")
    # the example is this bloc's (its name, its unit's name), generic where nothing of it fits
    form = bot.last(ADMIN).text.splitlines()
    assert f"Cơ quan ban hành: {year.seeded.bloc.name.upper()}" in form
    assert f"Chức vụ người ký: TRƯỞNG {year.units[0].name.upper()}" in form
    assert (
        "Cơ quan chủ quản: TÊN CƠ QUAN CHỦ QUẢN" in form and "Địa danh: Tên tỉnh, thành phố" in form
    )
    [bad] = await bot.say(ADMIN, ADMIN, "Cơ quan chủ quản: BỘ TÀI CHÍNH")
    assert "Cần đủ 7 dòng" in bad.text
    [saved, listed] = await bot.say(ADMIN, ADMIN, FORM)
    assert saved.text == "✅ Đã lưu thông tin ban hành văn bản."
    # the list again, as /documents shows it: not "gửi /documents" (QA wording)
    assert "Văn bản cuối năm 2027" in listed.text and "/documents" not in saved.text
    assert "⏳ Bảng tổng hợp điểm" not in listed.text
    assert "✏️ Ngày, địa điểm họp" in listed.button_texts()
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Thông tin ban hành")
    assert FORM in bot.last(ADMIN).text  # once saved, the form shows the bloc's letterhead
    await bot.say(ADMIN, ADMIN, FORM)
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Ngày, địa điểm họp")
    # the example is this bloc's: its year and its first unit codes, not another bloc's data
    example = "20/12/2027; Hội trường cơ quan Khối trưởng; U01 U02"
    assert example in bot.last(ADMIN).text and "DNI" not in bot.last(ADMIN).text
    [met, listed] = await bot.say(
        ADMIN, ADMIN, "20/12/2027; Hội trường Ban Quản lý các KCN Đồng Nai; U06"
    )
    assert met.text == "✅ Đã lưu ngày và địa điểm họp bình xét."
    await bot.say(ADMIN, ADMIN, "/documents")
    assert listed.text == bot.last(ADMIN).text and "⏳" not in listed.text
    assert listed.button_texts() == bot.last(ADMIN).button_texts()
    # Back in the group: every document can be drafted; the score table arrives as a file.
    assert "⏳" not in await _in_group(bot)
    await bot.press(bot.group, ADMIN, text="📄 Bảng tổng hợp điểm")
    [(name, body)] = _docs(bot, bot.group)
    assert name == "bangdiem-2027.docx"
    table = Document(io.BytesIO(body)).tables[1]
    report = await year_report(bot.services, year.seeded.bloc, year.seeded.year)
    ranking = report.round(Round.YEAREND).ranking  # type: ignore[union-attr]
    assert [row.cells[8].text for row in table.rows[1 : 1 + len(ranking.rows)]] == [
        number_text("vi", r.total) for r in ranking.rows
    ]
    await bot.press(bot.group, ADMIN, text="📄 Biên bản họp bình xét")
    minutes = Document(io.BytesIO(_docs(bot, bot.group)[-1][1]))
    assert any(p.text == "Thời gian: ngày 20 tháng 12 năm 2027." for p in minutes.paragraphs)


ADMIN_ONLY = ("Nguyễn Văn Bình", "Thay mẫu", "/documents template", "Cơ quan ban hành", "ký hiệu")


async def test_the_group_gets_the_documents_only(bot: Harness) -> None:
    """📎 Gửi vào nhóm: the list and the drafts in the group carry no letterhead, signer or
    template instructions (QA qa8 #10); the admin's private list keeps them."""
    year = await _year(bot)
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Thông tin ban hành")
    await bot.say(ADMIN, ADMIN, FORM)
    before = len(bot.emu.bot_messages(bot.group))
    shown = await _in_group(bot)
    assert "✅ Bảng tổng hợp điểm: lập được ngay" in shown
    await bot.press(bot.group, ADMIN, text="📄 Bảng tổng hợp điểm")
    posted = bot.emu.bot_messages(bot.group)[before:]
    assert posted[-1].document is not None
    assert posted[-1].caption == "Bảng tổng hợp điểm (bản dự thảo do bot lập từ số liệu của Khối)"
    for message in posted:
        seen = " ".join([message.text or "", message.caption or "", *message.button_texts()])
        assert not any(word in seen for word in ADMIN_ONLY), seen
    [private] = await bot.say(ADMIN, ADMIN, "/documents")
    assert "Nguyễn Văn Bình" in private.text and "/documents template" in private.text
    # English: the same list, read through the view the group's copy is drawn by
    actor = Actor(user_id=ADMIN, chat_id=ADMIN, private=True)
    found = await documents.overview(bot.services, actor, year.seeded.bloc, year.seeded.year)
    english = bot.services.catalog.for_lang("en")
    group_text, _ = overview(english, found, private=False)
    own_text, _ = overview(english, found, private=True)
    assert "Final score table: can be drafted now" in group_text
    for words in ("Nguyễn Văn Bình", "Issuing body", "To replace a template", "/documents"):
        assert words not in group_text and words in own_text


async def test_a_template_sent_back_replaces_the_default(bot: Harness) -> None:
    await _year(bot)
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Thông tin ban hành")
    await bot.say(ADMIN, ADMIN, FORM)
    await bot.say(bot.group, ADMIN, "/documents template totrinh")
    [(name, body)] = _docs(bot, bot.group)
    assert name == "mau-totrinh.docx" and body == default_template(DocName.PROPOSAL, "vi")
    caption = "/documents template totrinh"
    [refused] = await bot.send_file(bot.group, ADMIN, "x.docx", b"not a word file", caption)
    assert "không phải tệp Word" in refused.text
    [refused] = await bot.send_file(bot.group, ADMIN, "x.docx", _edited("{{ ai_bau_ai }}"), caption)
    assert "Không có trong văn bản này: ai_bau_ai" in refused.text
    [asked] = await bot.send_file(bot.group, ADMIN, "mau.docx", _edited("MẪU CỦA KHỐI"), caption)
    assert "hợp lệ" in asked.text
    await bot.press(bot.group, ADMIN, text="✅ Thay mẫu")
    assert "Đã thay mẫu «Tờ trình đề nghị khen thưởng»" in bot.last(bot.group).text
    await _in_group(bot)
    await bot.press(bot.group, ADMIN, text="📄 Tờ trình đề nghị khen thưởng")
    drafted = Document(io.BytesIO(_docs(bot, bot.group)[-1][1]))
    assert drafted.paragraphs[0].text == "MẪU CỦA KHỐI"


async def test_refusals_and_english(bot: Harness) -> None:
    await _year(bot)
    [refused] = await bot.say(bot.group, CAROL, "/documents")
    assert refused.text and not _docs(bot, bot.group)
    [refused] = await bot.send_file(
        bot.group, CAROL, "mau.docx", _edited("x"), "/documents template totrinh"
    )
    assert refused.text and "hợp lệ" not in refused.text
    [unknown] = await bot.say(bot.group, ADMIN, "/documents template thu-moi")
    assert "Không có văn bản «thu-moi»" in unknown.text
    await bot.say(ADMIN, ADMIN, "/lang en")
    await bot.say(ADMIN, ADMIN, "/documents")
    assert "The bloc's document details are not entered yet" in bot.last(ADMIN).text
    assert "⏳ Final score table: the document details are not entered yet" in bot.last(ADMIN).text
    await bot.press(ADMIN, ADMIN, text="✏️ Document details")
    [saved, listed] = await bot.say(ADMIN, ADMIN, FORM)
    assert saved.text == "✅ Document details saved." and "Year-end documents" in listed.text
    [shown] = await bot.say(ADMIN, ADMIN, "/documents")
    assert "✅ Minutes of the count: head and deputy election: can be drafted now" in shown.text
    await bot.press(ADMIN, ADMIN, text="📄 Minutes of the count: head and deputy election")
    [(name, body)] = _docs(bot, ADMIN)
    text = "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)
    assert name == "kiemphieu-bau-2027.docx" and "is elected bloc head for 2028" in text


async def test_a_unit_that_voted_is_not_taken_as_present_without_voting(bot: Harness) -> None:
    year = await _year(bot)  # U01…U05 cast a bình xét ballot, U06 did not
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Thông tin ban hành")
    await bot.say(ADMIN, ADMIN, FORM)
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Ngày, địa điểm họp")
    [refused] = await bot.say(ADMIN, ADMIN, "20/12/2027; Hội trường A; U06 u02, U03")
    assert "U02, U03 đã bỏ phiếu bình xét" in refused.text and "U06" not in refused.text
    assert "Đã lưu" not in refused.text
    assert await DocumentRepo(bot.services.db).meeting(year.seeded.year.id) is None
    [met, _] = await bot.say(
        ADMIN, ADMIN, "20/12/2027; Hội trường A; U06"
    )  # the form is still open
    assert "Đã lưu ngày và địa điểm" in met.text
    meeting = await DocumentRepo(bot.services.db).meeting(year.seeded.year.id)
    assert meeting is not None and meeting.extra_unit_ids == (year.units[5].id,)
    await bot.say(ADMIN, ADMIN, "/lang en")
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Meeting date and place")
    [refused] = await bot.say(ADMIN, ADMIN, "20/12/2027; Hall A; U01")
    assert "U01 cast a ballot in the commendation vote" in refused.text


async def test_documents_carries_on_a_form_left_with_cancel(bot: Harness) -> None:
    """QA: /cancel said "gõ /documents để tiếp tục", but /documents showed the list only and
    the date typed after it got "Hiện tôi không chờ thông tin nào", round in a loop."""
    year = await _year(bot)
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Thông tin ban hành")
    await bot.say(ADMIN, ADMIN, FORM)
    await bot.press(ADMIN, ADMIN, text="✏️ Ngày, địa điểm họp")
    [paused] = await bot.say(ADMIN, ADMIN, "/cancel")
    assert "gõ /documents để tiếp tục" in paused.text
    [listed, form] = await bot.say(ADMIN, ADMIN, "/documents")
    assert "Văn bản cuối năm 2027" in listed.text and listed.buttons
    assert "20/12/2027; Hội trường cơ quan Khối trưởng; U01 U02" in form.text
    [met, _] = await bot.say(ADMIN, ADMIN, "20/12/2027; Hội trường A")
    assert met.text == "✅ Đã lưu ngày và địa điểm họp bình xét."
    assert await DocumentRepo(bot.services.db).meeting(year.seeded.year.id) is not None
    # nothing waits any more: /documents is the list alone
    [alone] = await bot.say(ADMIN, ADMIN, "/documents")
    assert "Văn bản cuối năm 2027" in alone.text


async def test_documents_carries_on_a_form_left_with_cancel_in_english(bot: Harness) -> None:
    await _year(bot)
    await bot.say(ADMIN, ADMIN, "/lang en")
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Document details")
    [paused] = await bot.say(ADMIN, ADMIN, "/cancel")
    assert "/documents" in paused.text
    [listed, form] = await bot.say(ADMIN, ADMIN, "/documents")
    assert "Year-end documents" in listed.text
    assert form.text.startswith("Please send back in one message, keeping the labels")
    [saved, _] = await bot.say(ADMIN, ADMIN, FORM)
    assert saved.text == "✅ Document details saved."
    await bot.press(ADMIN, ADMIN, text="✏️ Meeting date and place")
    await bot.say(ADMIN, ADMIN, "/cancel")
    [_, form] = await bot.say(ADMIN, ADMIN, "/documents")
    assert form.text.startswith("Please send the meeting date, the place")

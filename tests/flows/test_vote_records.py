"""How votes are recorded after they close, read where people read them: /summary's 🗳 tab, the
workbook's sheet of votes and the minutes of the count (kiemphieu-*.docx), and the group's
result of a bình xét among tied units.

Ballots that chose no unit are rows of their own (the rows add up to the ballots counted); a
void vote reads as received and not counted everywhere; votes of one kind held again in a year
are told apart («lần 1», «lần 2», «Bình xét lại»); units tied at a quota line are marked; a
unit with no delegate is not counted among the ballots issued.
"""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook

from bot.domain.ballots import ElectionKind, ElectionRules, Share
from bot.domain.bloc import Bloc
from tests.documents.year import full_year, settle_tie
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_binh_xet import FLAG, _approve, _pledges
from tests.flows.test_documents_flow import FORM
from tests.flows.test_election import close_vote, open_vote, progress, ready, vote
from tests.flows.year_setup import UNITS, make_bloc, open_year

VOTES = "Bầu và bình xét"


async def _vote_tab(bot: Harness) -> str:
    [summary] = await bot.say(bot.group, ADMIN, "/summary")
    await bot.press(bot.group, ADMIN, message_id=summary.message_id, text="🗳")
    return bot.last(bot.group).text


async def _vote_rows(
    bot: Harness, sheet_name: str = VOTES, first: int = 2
) -> list[tuple[object, ...]]:
    """The rows of the workbook's sheet of votes, as /export sends it into the group (from
    the row `first`: 1 with the headers)."""
    await bot.say(bot.group, ADMIN, "/export")
    await bot.press(bot.group, ADMIN, text="📎")
    files = [m.document for m in bot.emu.bot_messages(bot.group) if m.document]
    book = [f for f in files if f[0].endswith(".xlsx")][-1]
    sheet = load_workbook(io.BytesIO(book[1]))[sheet_name]
    return [r for r in sheet.iter_rows(min_row=first, values_only=True) if any(r)]


async def _minutes(bot: Harness, name: str) -> Document:
    """A minutes of the count drafted by the admin in private (the letterhead entered first)."""
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Thông tin ban hành")
    await bot.say(ADMIN, ADMIN, FORM)
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text=f"📄 {name}")
    body = [m.document for m in bot.emu.bot_messages(ADMIN) if m.document][-1][1]
    return Document(io.BytesIO(body))


def _text(doc: Document) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


async def test_ballots_for_no_unit_are_rows_that_add_up_to_the_ballots(bot: Harness) -> None:
    await ready(bot)
    await open_vote(bot, "head")
    await vote(bot, ALICE, "DNG")
    await vote(bot, CAROL, "DNG")
    await vote(bot, BOB, None)
    posted = "\n".join(m.text for m in await close_vote(bot))
    assert "Không chọn đơn vị nào: 1 phiếu" in posted  # the group heard it
    tab = await _vote_tab(bot)
    assert "đã bỏ phiếu 3/3 đơn vị, 3 phiếu được kiểm" in tab
    assert "• DNG: 2 phiếu ✅" in tab and "• Không chọn đơn vị nào: 1 phiếu" in tab
    rows = [r for r in await _vote_rows(bot) if r[0] == "Bầu Khối trưởng"]
    assert ("Bầu Khối trưởng", "Không chọn đơn vị nào", 1, None) in rows
    assert sum(r[2] for r in rows if isinstance(r[2], int)) == 3  # the ballots counted


async def test_a_void_vote_held_again_reads_alike_everywhere(bot: Harness) -> None:
    """GLI has no delegate: one ballot of three is no quorum, so the first head vote is void;
    it is held again and elects DLK. Each vote is named apart, the void one is received and
    not counted, and GLI got no ballot to cast."""
    await make_bloc(bot, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    for user in (ALICE, BOB):
        await bot.say(user, user, "/start")
    await open_vote(bot, "head")
    assert "Bầu Khối trưởng năm 2027\n" in progress(bot).text + "\n"  # the only one so far
    await vote(bot, ALICE, "DNG")
    posted = "\n".join(m.text for m in await close_vote(bot))
    assert "Cuộc bỏ phiếu không có giá trị" in posted and "Mã phiếu đã nhận (1)" in posted
    await open_vote(bot, "head")
    assert "Bầu Khối trưởng năm 2027 (lần 2)" in progress(bot).text
    await vote(bot, ALICE, "DLK")
    await vote(bot, BOB, "DLK")
    posted = "\n".join(m.text for m in await close_vote(bot))
    assert "Kết quả kiểm phiếu — Bầu Khối trưởng năm 2027 (lần 2)" in posted

    tab = await _vote_tab(bot)
    assert "Bầu Khối trưởng (lần 1) — đã bỏ phiếu 1/3 đơn vị; đã nhận 1 phiếu, không kiểm" in tab
    assert "Bầu Khối trưởng (lần 2) — đã bỏ phiếu 2/3 đơn vị, 2 phiếu được kiểm" in tab
    assert "1 phiếu được kiểm" not in tab

    rows = await _vote_rows(bot)
    first = [r for r in rows if r[0] == "Bầu Khối trưởng (lần 1)"]
    assert str(first.pop()[1]).startswith("Mã phiếu đã nhận (không kiểm): ")
    assert first == [
        (
            "Bầu Khối trưởng (lần 1)",
            "Đã bỏ phiếu 1/3 đơn vị; đã nhận 1 phiếu, không kiểm phiếu",
            None,
            "Không có giá trị (không đủ số đơn vị tham gia; không kiểm phiếu)",
        )
    ]
    assert ("Bầu Khối trưởng (lần 2)", "DLK", 2, "Được bầu") in rows

    doc = await _minutes(bot, "Biên bản kiểm phiếu bầu Khối trưởng, Khối phó")
    text = _text(doc)
    assert "Bầu Khối trưởng năm 2027 (lần 1)" in text and "(lần 2)" in text
    assert "ít nhất 0 phiếu" not in text
    assert "Số phiếu đã nhận: 1 (theo mã xác nhận" in text
    assert "Số mã xác nhận phiếu đã được kiểm: 1 " not in text
    assert "Số mã xác nhận phiếu đã được kiểm: 2 " in text
    assert text.count("Số phiếu không chọn đơn vị nào") == 1  # the counted vote only
    # the letterhead, the second vote's count, the signatures: no empty table for the first
    assert len(doc.tables) == 3
    issued = (
        f"số phiếu phát ra: 2 (không phát phiếu cho đơn vị chưa có cán bộ đầu mối: {UNITS['GLI']})"
    )
    assert text.count(issued) == 2


async def _tied_binh_xet(bot: Harness, language: str = "vi") -> Bloc:
    """The flag (quota 2): GLI proposed, DLK and DNG tied for the last seat. The bloc's rules
    here ask at least 1/3 of the units that voted, so one approval reaches the share."""
    bloc = await ready(bot, language=language)
    rules = ElectionRules(approval_share=Share(num=1, den=3))
    await bot.services.elections.set_rules(bloc.id, rules, by=ADMIN, now=bot.clock.now())
    await _pledges(bot, bloc)
    [ask] = await bot.say(bot.group, ADMIN, "/election open commendation")
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="➕")  # the flag: 2
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    await _approve(bot, ALICE, ["1·DNG", "1·GLI"], "Xem lại")
    await _approve(bot, BOB, ["1·DLK", "1·GLI"], "Review")
    posted = "\n".join(m.text for m in await close_vote(bot))
    tied = "DLK và DNG bằng phiếu cho 1 suất" if language == "vi" else "DLK and DNG are tied for"
    assert tied in posted
    return bloc


async def test_the_refusal_in_english_offers_the_new_binh_xet_among_the_tied(
    bot: Harness,
) -> None:
    """/election open commendation while units are tied carries the tie's ✅ (the result's
    message may be far up the chat, or deleted)."""
    await _tied_binh_xet(bot, language="en")
    [refused] = await bot.say(bot.group, ADMIN, "/election open commendation")
    assert "Units are still tied at a quota line" in refused.text
    await bot.press(bot.group, ADMIN, message_id=refused.message_id, text="New commendation vote")
    assert "Open the vote: New commendation vote 2026" in refused.text  # its confirmation
    await bot.press(bot.group, ADMIN, message_id=refused.message_id, text="✅")
    assert "0/3 units have voted" in progress(bot).text


async def test_a_tie_at_the_quota_line_and_its_new_bình_xét(bot: Harness) -> None:
    await _tied_binh_xet(bot)
    tab = await _vote_tab(bot)
    assert "• GLI: 2 phiếu ✅" in tab
    assert "• DLK: 1 phiếu ⚖️ bằng phiếu, chờ bình xét lại hoặc Khối quyết định" in tab
    rows = await _vote_rows(bot)
    pending = "Bằng phiếu tại ngưỡng chỉ tiêu — chờ bình xét lại hoặc Khối quyết định"
    flag = f"Bình xét: {FLAG}"
    assert (flag, "DLK", 1, pending) in rows and (flag, "DNG", 1, pending) in rows
    # qa-votes #14: the quota and the approvals needed, in the minutes' words, first
    quota = f"{FLAG} — chỉ tiêu đề nghị: 2 đơn vị; cần ít nhất 1 phiếu đồng ý."
    assert next(r for r in rows if r[0] == flag) == (flag, quota, None, None)

    [tie] = [m for m in bot.emu.bot_messages(bot.group) if "Có đơn vị bằng phiếu" in m.text]
    await bot.press(bot.group, ADMIN, message_id=tie.message_id, text="🗳")
    await bot.press(bot.group, ADMIN, message_id=tie.message_id, text="✅")
    assert "Bình xét lại năm 2026 (giữa các đơn vị bằng phiếu)" in progress(bot).text
    await _approve(bot, ALICE, ["1·DNG"], "Xem lại")
    await _approve(bot, CAROL, ["1·DNG"], "Xem lại")
    posted = "\n".join(m.text for m in await close_vote(bot))
    # the bloc's whole outcome for the flag: GLI from the first bình xét, DNG from this one
    assert f"• {FLAG}: GLI, DNG (GLI: đề nghị từ lần bình xét trước)" in posted

    tab = await _vote_tab(bot)
    assert f"Bình xét lại: {FLAG} — đã bỏ phiếu 2/3 đơn vị" in tab
    assert "• DLK: 1 phiếu ⚖️ bằng phiếu, đã bình xét lại" in tab
    rows = await _vote_rows(bot)
    again = f"Bình xét lại: {FLAG}"
    assert (again, "DNG", 2, "Được đề nghị") in rows
    revoted = "Bằng phiếu tại ngưỡng chỉ tiêu — đã bình xét lại"
    assert (flag, "DLK", 1, revoted) in rows

    text = _text(await _minutes(bot, "Biên bản kiểm phiếu bình xét"))
    assert "Bình xét lại năm 2026 (giữa các đơn vị bằng phiếu)" in text
    assert quota in text  # the workbook's words are the minutes'
    gli, dng = UNITS["GLI"], UNITS["DNG"]
    assert f"- {FLAG}: {gli}, {dng} ({gli}: đề nghị từ lần bình xét trước)." in text


async def test_the_binh_xet_receipts_are_listed_once_for_all_its_titles(bot: Harness) -> None:
    """QA votes #13: the bình xét's receipt codes stood under its first title only, as if they
    were that title's ballots, and each title repeated the turnout. One ballot a unit covers
    every title: the turnout and the codes are rows of the bình xét itself, once; and the
    column of units is not headed "Đơn vị được đề cử" (that fits an election only)."""
    bed = await full_year(bot.services, bot.clock, chat_id=bot.group, admin_id=ADMIN)
    await settle_tie(bed)
    votes = await bot.services.elections.of_year(bed.seeded.year.id)
    first, again = [
        sorted(await bot.services.elections.receipts(v.id))
        for v in votes
        if v.kind is ElectionKind.COMMENDATION
    ]
    header, *rows = await _vote_rows(bot, first=1)
    assert header == ("Cuộc bỏ phiếu", "Đơn vị", "Số phiếu", "Kết quả")
    binhxet = [r for r in rows if str(r[0]).startswith("Bình xét")]
    info = [r for r in binhxet if str(r[1]).startswith(("Đã bỏ phiếu", "Mã phiếu"))]
    assert info == [
        ("Bình xét", "Đã bỏ phiếu 5/6 đơn vị, 5 phiếu được kiểm", None, None),
        ("Bình xét", "Mã phiếu đã kiểm: " + ", ".join(first), None, None),
        ("Bình xét lại", "Đã bỏ phiếu 5/6 đơn vị, 5 phiếu được kiểm", None, None),
        ("Bình xét lại", "Mã phiếu đã kiểm: " + ", ".join(again), None, None),
    ]
    names = list(dict.fromkeys(str(r[0]) for r in binhxet))
    assert names == [
        "Bình xét",
        "Bình xét: Cờ thi đua của Bộ Tài chính",
        "Bình xét: Bằng khen của Bộ trưởng Bộ Tài chính",
        "Bình xét lại",
        "Bình xét lại: Bằng khen của Bộ trưởng Bộ Tài chính",
    ]

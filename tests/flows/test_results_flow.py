"""Review, summary and export through Telegram, in both languages: a mid-year round reviewed
with two adjustments, a deduction and an exclusion, the unit's answer, `/review close`,
`/summary` with a tie, `/export` received as two documents whose numbers are the database's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook

from bot.domain.bloc import Bloc
from bot.domain.scale import Scale
from bot.i18n import plain_text
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.results_kit import current_scale, submit_midyear
from tests.flows.year_setup import make_bloc, open_year


@dataclass(frozen=True)
class Cast:
    """Who leads and who is reviewed, per language (each reviewer reads their own language)."""

    lang: str
    head: str
    reviewer: int
    reviewed: str
    reviewed_delegate: int


CASTS = {
    "vi": Cast("vi", head="DLK", reviewer=ALICE, reviewed="DNG", reviewed_delegate=BOB),
    "en": Cast("en", head="DNG", reviewer=BOB, reviewed="DLK", reviewed_delegate=ALICE),
}
WORDS = {
    "vi": {
        "sent": "tin nhắn riêng",
        "taken": "Đã lưu 3 quyết định",
        "tie": "đồng hạng",
        "no_pledges": "Chưa đơn vị nào đăng ký",
        "closed": "Đã kết thúc thẩm định",
        "here": "Gửi vào nhóm",
        "after_close": "đã kết thúc",
        "ranking": "Xếp hạng",
        "buttons": ["↩️ Bỏ điều chỉnh 1.1", "↩️ Bỏ điều chỉnh 1.3", "🗑 Xóa −0,5"],
        "untouched": "• {code}: tự chấm 99 → sau thẩm định 99\n",
        # the unit's answer (giải trình) is waiting: marked until a reviewer opens the unit
        "adjusted": "• {code}: tự chấm 100 → sau thẩm định 98 (3 điều chỉnh)"
        " — ✍️ có giải trình mới\n",
    },
    "en": {
        "sent": "private chat",
        "taken": "Decisions stored: 3",  # not "1 decisions stored" for one
        "tie": "tied",
        "no_pledges": "No unit has registered",
        "closed": "✅ Scoring of the Mid-year review 2026 is closed",
        "here": "To the group",
        "after_close": "closed",
        "ranking": "Ranking",
        "buttons": ["↩️ Undo 1.1", "↩️ Undo 1.3", "🗑 Remove −0.5"],
        "untouched": "• {code}: self 99 → reviewed 99\n",
        "adjusted": "• {code}: self 100 → reviewed 98 (3 changes) — ✍️ new answer\n",
    },
}


async def _scene(h: Harness, cast: Cast) -> tuple[Bloc, Scale]:
    bloc = await make_bloc(h, language=cast.lang, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await h.services.units.add(
        bloc.id, "KTM", "Ban Quản lý Khu kinh tế tỉnh Kon Tum", h.clock.now()
    )
    await open_year(h)
    units = {u.code: u.id for u in await h.services.units.list(bloc.id)}
    other = "DNG" if cast.head == "DLK" else "DLK"
    await h.services.blocs.set_head(bloc.id, head=units[cast.head], deputy=units[other])
    for user in (ADMIN, ALICE, BOB, CAROL):
        await h.say(user, user, "/start")
    scale = await current_scale(h, bloc)
    await submit_midyear(h, bloc, cast.head, scale, {"1.1": "9"})  # 99
    await submit_midyear(h, bloc, cast.reviewed, scale, {})  # 100, reviewed down to 98
    await submit_midyear(h, bloc, "GLI", scale, {"1.3": "6"})  # 98: ties with the reviewed unit
    await submit_midyear(h, bloc, "KTM", scale, {})  # 100, excluded
    return bloc, scale


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_review_close_summary_and_export(bot: Harness, lang: str) -> None:
    cast, words = CASTS[lang], WORDS[lang]
    await _scene(bot, cast)
    reviewer, delegate = cast.reviewer, cast.reviewed_delegate

    # the reviewer gets the list privately and opens the reviewed unit
    [told] = await bot.say(bot.group, reviewer, "/review")
    assert words["sent"] in told.text
    assert cast.reviewed in bot.last(reviewer).text
    await bot.press(reviewer, reviewer, text=cast.reviewed)
    assert "1.1" in bot.last(reviewer).text
    decisions = "1.1 9,5 Thiếu biên bản\n1.3 7 Chưa đủ minh chứng\n- 0,5 Chậm nộp báo cáo\n1.2 11 X"
    replies = await bot.say(reviewer, reviewer, decisions)
    assert words["taken"] in replies[0].text and "4" in replies[0].text  # line 4 refused
    assert "98" in replies[-1].text  # the unit screen with the total after review
    labels = replies[-1].button_texts()  # each says what it undoes, not a bare "↩️ 1.1"
    assert all(label in labels for label in words["buttons"])

    # the unit is told privately, with its adjustments and reasons, and answers
    notice = bot.last(delegate)
    assert "Thiếu biên bản" in notice.text and ("9,5" in notice.text or "9.5" in notice.text)
    await bot.press(delegate, delegate, text="✍️")
    [saved] = await bot.say(delegate, delegate, "Đơn vị đã bổ sung biên bản họp quý II")
    assert saved.text.startswith("✅") and "quý II" in saved.text  # in the delegate's language

    # the reviewer's list counts the changes only where there are some
    await bot.say(bot.group, reviewer, "/review")
    listed = bot.last(reviewer).text
    assert words["untouched"].format(code=cast.head) in listed
    assert words["adjusted"].format(code=cast.reviewed) in listed

    # an admin excludes KTM with a reason
    await bot.say(bot.group, ADMIN, "/review midyear")
    await bot.press(ADMIN, ADMIN, text="KTM")
    await bot.press(ADMIN, ADMIN, text="⛔")
    [screen] = await bot.say(ADMIN, ADMIN, "Vi phạm an toàn lao động")
    assert "Vi phạm an toàn lao động" in screen.text  # asked, with the reason
    await bot.press(ADMIN, ADMIN, text="✅")

    # the admin closes the round; decisions after that are refused
    await bot.say(bot.group, ADMIN, "/review close midyear")
    await bot.press(bot.group, ADMIN, text="✅")
    assert words["closed"] in bot.last(bot.group).text
    [late] = await bot.say(reviewer, reviewer, "1.4 6 Muộn")
    assert words["after_close"] in late.text
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM review_scores") == 2

    # /summary: the tie shares rank 2, KTM is listed apart
    [summary] = await bot.say(bot.group, CAROL, "/summary")
    text = summary.text
    assert f"1. {cast.head}" in text
    assert f"2. {cast.reviewed}" in text and "2. GLI" in text and words["tie"] in text
    assert "KTM" in text and "Vi phạm an toàn lao động" not in text  # the reason is not the group's
    await bot.press(bot.group, CAROL, text="📝")
    assert words["no_pledges"] in bot.last(bot.group).text

    # /export: two documents in the group, the workbook's totals are the database's
    await bot.say(bot.group, ADMIN, "/export")
    await bot.press(bot.group, ADMIN, text=words["here"])
    documents = [m.document for m in bot.emu.bot_messages(bot.group) if m.document]
    assert [name for name, _ in documents] == ["ket-qua-thi-dua-2026.xlsx", "xep-hang-2026.png"]
    book = load_workbook(io.BytesIO(documents[0][1]))
    rows = book[words["ranking"]].iter_rows(min_row=2, values_only=True)
    ranking = {row[0]: row for row in rows}
    assert ranking[cast.head][2:5] == (1, 99, 99)
    assert ranking[cast.reviewed][2:5] == (2, 100, 98)
    assert ranking["GLI"][2:5] == (2, 98, 98)
    assert ranking["KTM"][2] is None
    assert documents[1][1].startswith(b"\x89PNG")


async def test_review_refusals(bot: Harness) -> None:
    await _scene(bot, CASTS["vi"])
    [refused] = await bot.say(bot.group, CAROL, "/review")  # neither head, deputy nor admin
    assert "Khối trưởng" in refused.text
    [refused] = await bot.say(bot.group, ALICE, "/review close midyear")  # not an admin
    assert refused.text.startswith("Chỉ quản trị Khối mới dùng được chức năng này: Hùng")
    [refused] = await bot.say(bot.group, CAROL, "/export")
    assert refused.text and not any(m.document for m in bot.emu.bot_messages(bot.group))
    await bot.say(bot.group, ALICE, "/review")
    assert "DLK" in bot.last(ALICE).text
    buttons = bot.last(ALICE).button_texts()
    assert "DLK" not in buttons and "DNG" in buttons  # never one's own unit


async def test_without_a_year_summary_and_export_say_so(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE]})
    no_year = plain_text(bot.services.catalog.t("vi", "year.none_next", next=2026))
    [answer] = await bot.say(bot.group, CAROL, "/summary")
    assert answer.text == no_year
    [answer] = await bot.say(bot.group, ADMIN, "/export")
    assert answer.text == no_year
    [answer] = await bot.say(bot.group, ADMIN, "/review")
    assert answer.text == plain_text(bot.services.catalog.t("vi", "year.none_open_next", next=2026))


async def test_export_of_a_year_without_submissions_says_what_is_missing(bot: Harness) -> None:
    await make_bloc(bot, delegates={"DLK": [ALICE]})
    await open_year(bot)
    await bot.say(bot.group, ADMIN, "/export")
    await bot.press(bot.group, ADMIN, text="📎")
    documents = [m for m in bot.emu.bot_messages(bot.group) if m.document]
    assert len(documents) == 1  # no chart that would only say there is nothing to chart
    assert "chưa đơn vị nào nộp" in (documents[0].caption or documents[0].text)
    book = load_workbook(io.BytesIO(documents[0].document[1]))  # type: ignore[index]
    assert book["Xếp hạng"]["A2"].value == "Chưa có đơn vị nào nộp bản tự chấm điểm."


async def test_a_review_notice_that_telegram_failed_reaches_the_unit_once(bot: Harness) -> None:
    cast = CASTS["vi"]
    await _scene(bot, cast)
    reviewer, delegate = cast.reviewer, cast.reviewed_delegate
    await bot.say(bot.group, reviewer, "/review")
    await bot.press(reviewer, reviewer, text=cast.reviewed)
    before = len(bot.emu.bot_messages(delegate))
    # Telegram fails twice: the reviewer's reply, then the notice's first try
    bot.emu.faults.fail_next(2, status=502, methods={"sendMessage"})
    await bot.say(reviewer, reviewer, "1.1 9,5 Thiếu biên bản")
    await bot.settle()
    notices = [m for m in bot.emu.bot_messages(delegate)[before:] if "Thiếu biên bản" in m.text]
    assert len(notices) == 1 and "✍️" in " ".join(notices[0].button_texts())


async def test_a_review_decision_is_stored_with_its_notice_or_not_at_all(
    bot: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Queueing the unit's notice fails (as a crash or a full disk would stop it): the decision
    is not kept either, so the unit can never miss a stored decision; typed again, both are."""
    cast = CASTS["vi"]
    await _scene(bot, cast)
    reviewer, delegate = cast.reviewer, cast.reviewed_delegate
    await bot.say(bot.group, reviewer, "/review")
    await bot.press(reviewer, reviewer, text=cast.reviewed)
    notifier = bot.services.notifier
    queue = notifier.enqueue_all

    async def failing(messages: list[object]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(notifier, "enqueue_all", failing)
    await bot.say(reviewer, reviewer, "1.1 9,5 Thiếu biên bản")
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM review_scores") == 0
    monkeypatch.setattr(notifier, "enqueue_all", queue)
    before = len(bot.emu.bot_messages(delegate))
    await bot.say(reviewer, reviewer, "1.1 9,5 Thiếu biên bản")
    await bot.settle()
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM review_scores") == 1
    told = [m for m in bot.emu.bot_messages(delegate)[before:] if "Thiếu biên bản" in m.text]
    assert len(told) == 1


async def test_a_paste_with_nothing_taken_names_only_the_refusals(bot: Harness) -> None:
    await _scene(bot, CASTS["vi"])
    await bot.say(bot.group, ALICE, "/review")
    await bot.press(ALICE, ALICE, text="DNG")
    [answer, _screen] = await bot.say(ALICE, ALICE, "1.2 11 Vượt điểm tối đa")
    assert "Đã lưu" not in answer.text and "0 quyết định" not in answer.text
    assert "1.2" in answer.text  # the refused line, with its reason
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM review_scores") == 0

"""A closed score review protects the final ranking (QA qa8 #1, #2).

Once an admin closes a round's review, its results are final: no unit submits or sends again in
that round (its draft is kept, the screens say why and whom to ask), and an admin's reopening
of a unit is refused with the way out (reopen the review first). The close confirmation warns
of the deadline still ahead and of the units it stops; a round nobody submitted is not closed.
With the review reopened, a unit sent again reaches its reviewers, who can act on the notice.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bot.domain.assessment import Round
from bot.domain.bloc import Bloc
from bot.i18n import plain_text
from storage.reviews import ReviewRepo
from tests.flows.assess_kit import FULL
from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.year_setup import make_bloc, open_year, set_deadline

#: Wednesday 01/07/2026 10:00 in Vietnam: the mid-year deadline (30/06/2026 17:00) has passed.
AFTER_DEADLINE = datetime(2026, 7, 1, 3, 0, tzinfo=UTC)

WORDS = {
    "vi": {
        "review": "Xem lại",
        "to_submit": "Gửi bản tự chấm điểm",
        "due": "⚠️ Thời hạn tự chấm điểm Sơ kết 6 tháng 2026 (Thứ Ba, 30/06/2026 17:00) chưa đến;"
        " sau khi kết thúc thẩm định, các đơn vị không nộp hay gửi lại bản tự chấm điểm được"
        " nữa.",
        "unsent": "⚠️ 2 đơn vị chưa nộp (DNG, GLI) sẽ không nộp được nữa sau khi kết thúc thẩm"
        " định.",
        "after": "Bản nháp của các đơn vị vẫn được giữ. Muốn cho đơn vị nộp sau khi kết thúc,"
        " Anh/Chị mở lại thẩm định bằng /review reopen midyear.",
        "reopened": "⚠️ 1 đơn vị đang được mở lại (DLK) sẽ không gửi lại được nữa; bản đã gửi"
        " trước đó được dùng để xếp hạng.",
        "closed": "✅ Đã kết thúc thẩm định Sơ kết 6 tháng 2026",
        "refused": "🔒 Vòng này đã kết thúc thẩm định nên bản tự chấm điểm không gửi được nữa;"
        " nội dung đã nhập vẫn được giữ. Cần gửi thì đề nghị quản trị Khối mở lại thẩm định.",
        "screen": "🔒 Sơ kết 6 tháng 2026 đã kết thúc thẩm định: điểm sau thẩm định là điểm chính"
        " thức nên bản tự chấm điểm không gửi được nữa; nội dung đã nhập vẫn được giữ. Nếu đơn vị"
        " cần gửi, Anh/Chị đề nghị quản trị Khối mở lại thẩm định (gõ /admin trong nhóm của Khối"
        " để xem danh sách quản trị Khối).",
        "locked": "Đã hết thời hạn và Sơ kết 6 tháng 2026 đã kết thúc thẩm định; bản tự chấm điểm"
        " chỉ để xem.",
        "nothing": "Chưa có đơn vị nào nộp bản tự chấm điểm của vòng này nên chưa có kết quả để"
        " kết thúc thẩm định. Anh/Chị xem tình hình nộp bằng /status midyear.",
        "reopen_unit": "Mở lại cho DLK",
        "no_reopen": "🔒 Vòng này đã kết thúc thẩm định nên chưa mở lại được bản tự chấm điểm của"
        " {code}: điểm sau thẩm định đã là điểm chính thức, mở lại lúc này sẽ đưa điểm chưa được"
        " thẩm định vào kết quả. Nếu đơn vị cần sửa, Anh/Chị mở lại thẩm định trước bằng"
        " /review reopen midyear trong nhóm của Khối, rồi mở lại bản tự chấm điểm cho đơn vị;"
        " khi đơn vị gửi lại, Anh/Chị kết thúc thẩm định lại bằng /review close midyear.",
        "reopened_review": "Đã mở lại thẩm định Sơ kết 6 tháng 2026.",
        "unit_reopened": "🔓 Đã mở lại cho DLK",
        "cancel": "Thôi",
        "closed_hint": "🔒 Vòng này đã kết thúc thẩm định: không nhập được quyết định nữa. Cần"
        " điều chỉnh thì quản trị Khối mở lại thẩm định bằng /review reopen midyear trong nhóm"
        " của Khối.",
        "decision_refused": "Vòng này đã kết thúc thẩm định nên quyết định không được lưu; điểm"
        " chỉ thay đổi khi quản trị Khối mở lại thẩm định bằng /review reopen midyear trong"
        " nhóm của Khối.",
        "moved": "⚠️ DLK đã gửi lại bản tự chấm điểm Sơ kết 6 tháng 2026",
        "open_unit": "🔎 Thẩm định DLK",
        "taken": "Đã lưu 1 quyết định.",
        "export": "Gửi vào nhóm",
    },
    "en": {
        "review": "Review",
        "to_submit": "Submit…",
        "due": "⚠️ The self-assessment deadline of the Mid-year review 2026 (Tuesday, 30/06/2026"
        " 17:00) has not passed yet; once the review is closed, no unit can submit or send its"
        " self-assessment again.",
        "unsent": "⚠️ 2 units have not submitted (DNG, GLI) and can no longer submit once the"
        " review is closed.",
        "after": "The units' drafts are kept. To let a unit submit after the close, reopen the"
        " review with /review reopen midyear.",
        "reopened": "⚠️ 1 unit reopened by an admin (DLK) can no longer send again; what it sent"
        " before is ranked.",
        "closed": "✅ Scoring of the Mid-year review 2026 is closed",
        "refused": "🔒 This round's score review is closed, so the self-assessment can no longer"
        " be submitted; what you entered is kept. Ask a bloc admin to reopen the review if it"
        " must be sent.",
        "screen": "🔒 The score review of the Mid-year review 2026 is closed: the scores after"
        " review are final, so the self-assessment can no longer be submitted; what you entered"
        " is kept. If your unit must send it, ask a bloc admin to reopen the review (/admin in"
        " the bloc's group lists them).",
        "locked": "The deadline has passed and the score review of the Mid-year review 2026 is"
        " closed; the self-assessment is read-only.",
        "nothing": "No unit has submitted its self-assessment for this round, so there is no"
        " result to close the review on. /status midyear shows who has submitted.",
        "reopen_unit": "Reopen for DLK",
        "no_reopen": "🔒 This round's score review is closed, so the self-assessment of {code}"
        " cannot be reopened yet: the scores after review are final, and reopening now would put"
        " unreviewed scores into them. If the unit must change it, first reopen the review with"
        " /review reopen midyear in the bloc's group, then reopen the unit's self-assessment;"
        " once it has sent it again, close the review again with /review close midyear.",
        "reopened_review": "Scoring of the Mid-year review 2026 is open again.",
        "unit_reopened": "🔓 Reopened for DLK",
        "cancel": "Cancel",
        "closed_hint": "🔒 This round's review is closed: no more decisions can be typed. If a"
        " score must change, an admin reopens the review with /review reopen midyear in the"
        " bloc's group.",
        "decision_refused": "This round's review is closed, so the decision was not stored;"
        " scores change only if an admin reopens the review with /review reopen midyear in the"
        " bloc's group.",
        "moved": "⚠️ DLK submitted its Mid-year review 2026 self-assessment again",
        "open_unit": "🔎 Review DLK",
        "taken": "Decisions stored: 1.",
        "export": "To the group",
    },
}


async def _bloc(bot: Harness, lang: str) -> Bloc:
    """The bloc in `lang`, DLK's delegate Lan and DNG's Bob, the mid-year deadline on
    30/06/2026; everyone reads `lang` in private."""
    bloc = await make_bloc(bot, language=lang, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    await set_deadline(bot, "midyear 30/06/2026")
    for user in (ADMIN, ALICE, BOB):
        await bot.say(user, user, "/start")
        await bot.say(user, user, f"/lang {lang}")
    return bloc


async def _submit(bot: Harness, user: int, words: dict[str, str], scores: str = FULL) -> None:
    await bot.say(user, user, "/assess")
    await bot.say(user, user, scores)
    await bot.press(user, user, text=words["review"])
    await bot.press(user, user, text=words["to_submit"])
    await bot.press(user, user, text="✅")


async def _close(bot: Harness) -> str:
    """`/review close midyear` and ✅: the confirmation's text."""
    [ask] = await bot.say(bot.group, ADMIN, "/review close midyear")
    asked = ask.text  # before the ✅, which edits the question into what was done
    await bot.press(bot.group, ADMIN, text="✅")
    return asked


async def _scores(
    bot: Harness, bloc: Bloc, code: str, *, sent: bool = True
) -> dict[str, Decimal | None]:
    """What unit `code` submitted in the mid-year round (what counts), or its draft (`sent`
    False), as the database holds them."""
    services = bot.services
    year = await services.years.current(bloc.id)
    unit = await services.units.by_code(bloc.id, code)
    assert year is not None and unit is not None
    found = await services.assessments.get(year.id, unit.id, Round.MIDYEAR)
    assert found is not None
    repo = services.assessments
    held = await (repo.submitted_scores if sent else repo.scores)(found.id)
    return {c: score.value for c, score in held.items()}


async def _results(bot: Harness, words: dict[str, str]) -> tuple[str, list[list[object]]]:
    """What the group reads of the results: `/summary`, and every cell of `/export`'s workbook."""
    [summary] = await bot.say(bot.group, ADMIN, "/summary")
    await bot.say(bot.group, ADMIN, "/export")
    await bot.press(bot.group, ADMIN, text=words["export"])
    books = [m.document[1] for m in bot.emu.bot_messages(bot.group) if m.document]
    [book] = [data for data in books[-2:] if data[:2] == b"PK"]  # the workbook, not the chart
    cells = [
        [sheet.title, *row]
        for sheet in load_workbook(io.BytesIO(book)).worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    return summary.text, cells


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_closing_before_the_deadline_warns_then_nobody_can_submit(
    bot: Harness, lang: str
) -> None:
    words = WORDS[lang]
    bloc = await _bloc(bot, lang)
    await _submit(bot, ALICE, words)  # DLK submits 98,5
    await bot.say(BOB, BOB, "/assess")  # DNG scores everything, not submitted yet
    await bot.say(BOB, BOB, FULL)
    await bot.press(BOB, BOB, text=words["review"])
    dng_screen = bot.last(BOB)  # its "Submit…" made before the close
    assert any(words["to_submit"] in label for label in dng_screen.button_texts())
    await bot.say(ALICE, ALICE, "1.1 9")  # DLK changes a score, up to its confirmation
    await bot.press(ALICE, ALICE, text=words["review"])
    await bot.press(ALICE, ALICE, text=words["to_submit"])
    dlk_confirm = bot.last(ALICE)

    asked = await _close(bot)
    assert words["due"] in asked and words["unsent"] in asked and words["after"] in asked
    assert words["closed"] in bot.last(bot.group).text
    before = await _results(bot, words)

    # DLK's ✅, shown before the close: refused; the screen says why, nothing to press to send
    answer = await bot.press(ALICE, ALICE, message_id=dlk_confirm.message_id, text="✅")
    assert answer is not None and answer["text"] == plain_text(words["refused"])
    screen = bot.last(ALICE)
    assert words["screen"] in screen.text
    assert not [b for b in screen.button_texts() if words["to_submit"] in b or b.startswith("✅")]
    assert (await _scores(bot, bloc, "DLK"))["1.1"] == 10  # what counts did not move
    assert (await _scores(bot, bloc, "DLK", sent=False))["1.1"] == 9  # the draft is kept

    # DNG's "Submit…", shown before the close: refused too; its draft is kept, still editable
    answer = await bot.press(BOB, BOB, message_id=dng_screen.message_id, text=words["to_submit"])
    assert answer is not None and answer["text"] == plain_text(words["refused"])
    [overview] = await bot.say(BOB, BOB, "/assess")
    assert words["screen"] in overview.text
    draft = await _scores(bot, bloc, "DNG", sent=False)
    assert len(draft) == 17 and draft["1.2"] == Decimal("9.5")
    await bot.press(BOB, BOB, text=words["review"])
    assert words["screen"] in bot.last(BOB).text
    assert not [b for b in bot.last(BOB).button_texts() if words["to_submit"] in b]

    # the group's results are exactly what they were at the close
    assert await _results(bot, words) == before


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_round_nobody_submitted_is_not_closed(bot: Harness, lang: str) -> None:
    words = WORDS[lang]
    bloc = await _bloc(bot, lang)
    [refused] = await bot.say(bot.group, ADMIN, "/review close midyear")
    assert refused.text == words["nothing"]
    assert not refused.buttons
    year = await bot.services.years.current(bloc.id)
    assert year is not None
    assert not await ReviewRepo(bot.services.db).is_closed(year.id, Round.MIDYEAR)


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_unit_is_reopened_only_with_the_review_and_its_reviewers_can_act(
    bot: Harness, lang: str
) -> None:
    words = WORDS[lang]
    bloc = await _bloc(bot, lang)
    await _submit(bot, ALICE, words)
    bot.clock.set(AFTER_DEADLINE)
    await bot.say(bot.group, ADMIN, "/review midyear")  # the admin reviews DLK's 1.1
    await bot.press(ADMIN, ADMIN, text="DLK")
    await bot.say(ADMIN, ADMIN, "1.1 8 Thiếu minh chứng")

    asked = await _close(bot)  # after the deadline: nothing said of it, the units not sent are
    assert words["unsent"] in asked and words["due"].split("(")[0] not in asked

    # the reviewer's screen and decisions name the way to reopen, not a dead end
    await bot.say(bot.group, ADMIN, "/review midyear")
    await bot.press(ADMIN, ADMIN, text="DLK")
    assert words["closed_hint"] in bot.last(ADMIN).text
    [late] = await bot.say(ADMIN, ADMIN, "1.1 9 Xem lại biên bản")
    assert late.text == words["decision_refused"]

    # the admin's reopening of a unit: refused with the next step, from 🔍 and from 🔓
    await bot.say(ADMIN, ADMIN, "/assess midyear")
    listing = bot.last(ADMIN)
    await bot.press(ADMIN, ADMIN, message_id=listing.message_id, text="🔍 DLK")
    await bot.press(ADMIN, ADMIN, text=words["reopen_unit"])
    assert bot.last(ADMIN).text == words["no_reopen"].format(code="DLK")
    await bot.press(ADMIN, ADMIN, message_id=listing.message_id, text="🔓 DNG")
    assert bot.last(ADMIN).text == words["no_reopen"].format(code="DNG")
    assert await bot.services.flows.get(ADMIN, "assess_reopen") is None  # no reason awaited
    [locked] = await bot.say(ALICE, ALICE, "/assess midyear")
    assert words["locked"] in locked.text

    # the review reopened, the unit is reopened, and closing again would stop it: said
    await bot.say(bot.group, ADMIN, "/review reopen midyear")
    await bot.press(bot.group, ADMIN, text="✅")
    assert bot.last(bot.group).text == words["reopened_review"]
    await bot.say(ADMIN, ADMIN, "/assess midyear")
    await bot.press(ADMIN, ADMIN, text="🔍 DLK")
    await bot.press(ADMIN, ADMIN, text=words["reopen_unit"])
    await bot.say(ADMIN, ADMIN, "Đơn vị đề nghị sửa tiêu chí 1.1 do nhầm số liệu")
    await bot.press(ADMIN, ADMIN, text="✅")
    assert bot.last(ADMIN).text.startswith(words["unit_reopened"])
    [again] = await bot.say(bot.group, ADMIN, "/review close midyear")
    assert words["reopened"] in again.text
    await bot.press(bot.group, ADMIN, text=words["cancel"])

    # DLK sends again: its reviewer is told, and the notice's button works (the review is open)
    await _submit(bot, ALICE, words, "1.1 9")
    notice = bot.last(ADMIN)
    assert notice.text.startswith(words["moved"])
    await bot.press(ADMIN, ADMIN, message_id=notice.message_id, text=words["open_unit"])
    replies = await bot.say(ADMIN, ADMIN, "1.1 8,5 Xem lại biên bản")
    assert replies[0].text == words["taken"]
    assert (await _scores(bot, bloc, "DLK"))["1.1"] == 9

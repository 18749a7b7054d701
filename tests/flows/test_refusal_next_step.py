"""Refusals that name the next step: a first-round ballot pressed after the runoff opened points
to /vote, and a meeting form the bot cannot read says which part is wrong and shows the form
again (in Vietnamese and in English)."""

from __future__ import annotations

from storage.documents import DocumentRepo
from tests.documents.year import full_year
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import close_vote, open_vote, ready, vote


async def test_a_first_round_ballot_after_the_runoff_opened_points_to_vote(bot: Harness) -> None:
    await ready(bot)
    await open_vote(bot, "head")
    [mai] = await bot.say(CAROL, CAROL, "/vote")  # Mai opens her ballot, then leaves it
    [lan] = await bot.say(ALICE, ALICE, "/vote")  # as Lan does, to press it in English later
    await vote(bot, BOB, "DNG")
    await vote(bot, ALICE, "DLK")
    assert "vòng hai" in "\n".join(m.text for m in await close_vote(bot))  # DLK 1, DNG 1
    # the old ballot becomes the refusal, without its buttons (test_vote_stale_screens)
    await bot.press(CAROL, CAROL, message_id=mai.message_id, text="DLK")
    assert "Vòng hai đang mở: Anh/Chị gõ /vote để bỏ phiếu vòng hai." in mai.text
    assert "không được ghi nhận" in mai.text and mai.buttons == []
    [runoff] = await bot.say(CAROL, CAROL, "/vote")  # the step it names works
    assert "vòng 2" in runoff.text and "DLK" in runoff.button_texts()
    await bot.say(ALICE, ALICE, "/lang en")
    await bot.press(ALICE, ALICE, message_id=lan.message_id, text="GLI")
    assert "The runoff is open: type /vote" in lan.text


async def test_a_meeting_form_refusal_says_which_part_and_shows_the_form_again(
    bot: Harness,
) -> None:
    year = await full_year(
        bot.services, bot.clock, chat_id=bot.group, admin_id=ADMIN, letterhead=False
    )
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Ngày, địa điểm họp")
    example = "<code>20/12/2027; Hội trường cơ quan Khối trưởng; U01 U02</code>"
    [refused] = await bot.say(ADMIN, ADMIN, "32/12/2026; Hội trường")
    assert "tháng 12/2026 chỉ có 31 ngày" in refused.html  # the date, and why
    assert "cách nhau bởi dấu chấm phẩy" in refused.html and example in refused.html
    [refused] = await bot.say(ADMIN, ADMIN, "20/12/2027; Hội trường; U06 XYZ")
    assert "Khối không có đơn vị mang mã: XYZ." in refused.html and example in refused.html
    [refused] = await bot.say(ADMIN, ADMIN, "20/12/2027 Hội trường")
    assert "Chưa đọc được ngày và địa điểm họp" in refused.html and example in refused.html
    assert await DocumentRepo(bot.services.db).meeting(year.seeded.year.id) is None
    [met, _] = await bot.say(ADMIN, ADMIN, "31/12/2027; Hội trường")  # the form is still open
    assert "Đã lưu ngày và địa điểm" in met.text
    await bot.say(ADMIN, ADMIN, "/lang en")
    await bot.say(ADMIN, ADMIN, "/documents")
    await bot.press(ADMIN, ADMIN, text="✏️ Meeting date and place")
    [refused] = await bot.say(ADMIN, ADMIN, "20/13/2027; Hall A")
    assert "there is no month 13" in refused.text
    assert "separated by semicolons" in refused.text and "20/12/2027; " in refused.text

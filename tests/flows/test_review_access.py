"""A unit gets back to its review result without the notice (QA assess 5): `/assess <round>`
shows the total after review and 🔎 opens the notice's screen with ✍️; a delegate's `/review`
reads the unit's review in private and is pointed there in the group; another unit's delegate
reads nothing of it, forged buttons included."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.callback_data import encode
from bot.domain.review import Round
from bot.i18n import plain_text
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.results_kit import midyear_under_review
from tests.flows.year_setup import make_bloc, open_year
from views.review import AnswerReview, OwnUnit, SeeResult


@dataclass(frozen=True)
class Cast:
    """Per language, the reviewed unit's delegate reads in that language (Lan vi, Bob en)."""

    head: str
    reviewer: int
    reviewed: str
    delegate: int


CASTS = {
    "vi": Cast(head="DNG", reviewer=BOB, reviewed="DLK", delegate=ALICE),
    "en": Cast(head="DLK", reviewer=ALICE, reviewed="DNG", delegate=BOB),
}
OUTSIDER = CAROL  # GLI's delegate (Vietnamese): another unit, no reviewer


async def _scene(h: Harness, lang: str, *, reviewed: bool = True) -> dict[str, int]:
    """Three submitted mid-year assessments (100 each) past their deadline; the head's
    delegate reviews the other unit: 1.1 down to 9.5 and a 0.5 deduction (99 after review)."""
    cast = CASTS[lang]
    bloc = await make_bloc(
        h, language=lang, delegates={"DLK": [ALICE], "DNG": [BOB], "GLI": [OUTSIDER]}
    )
    await open_year(h)
    units = {u.code: u.id for u in await h.services.units.list(bloc.id)}
    await h.services.blocs.set_head(bloc.id, head=units[cast.head], deputy=None)
    for user in (ADMIN, ALICE, BOB, CAROL):
        await h.say(user, user, "/start")
    year = await midyear_under_review(h, bloc, ("DLK", "DNG", "GLI"))
    if reviewed:
        await h.say(h.group, cast.reviewer, "/review")
        await h.press(cast.reviewer, cast.reviewer, text=cast.reviewed)
        await h.say(cast.reviewer, cast.reviewer, "1.1 9,5 Thiếu biên bản\n- 0,5 Chậm nộp")
    return {**units, "year": year.id}


def t(h: Harness, lang: str, key: str, **params: object) -> str:
    """The catalog's text as the person sees it (tags gone)."""
    return plain_text(h.services.catalog.t(lang, key, **params))


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_assess_leads_to_the_review_and_its_answer(bot: Harness, lang: str) -> None:
    cast = CASTS[lang]
    await _scene(bot, lang)
    me = cast.delegate

    # the locked overview: the total after review beside the self total, and 🔎
    [overview] = await bot.say(me, me, "/assess midyear")
    assert t(bot, lang, "assess.reviewed", final="99", own="100") in overview.text
    assert t(bot, lang, "assess.btn_reviewed") in overview.button_texts()

    # 🔎: the notice's screen, with ✍️ and the way back to the assessment
    await bot.press(me, me, text=t(bot, lang, "assess.btn_reviewed"))
    screen = bot.last(me)
    assert "Thiếu biên bản" in screen.text and "Chậm nộp" in screen.text
    assert t(bot, lang, "review.btn_answer") in screen.button_texts()
    assert t(bot, lang, "review.btn_assessment") in screen.button_texts()

    # ✍️ from there works: the answer is stored and shown with the review
    await bot.press(me, me, message_id=screen.message_id, text=t(bot, lang, "review.btn_answer"))
    [saved] = await bot.say(me, me, "Đơn vị đã bổ sung biên bản")
    assert saved.text.startswith("✅") and "Đơn vị đã bổ sung biên bản" in saved.text
    stored = await bot.services.db.fetch_value("SELECT body FROM review_answers")
    assert stored == "Đơn vị đã bổ sung biên bản"

    # 📋 back to the overview
    back_label = t(bot, lang, "review.btn_assessment")
    await bot.press(me, me, message_id=screen.message_id, text=back_label)
    [back] = [m for m in bot.emu.bot_messages(me) if m.message_id == screen.message_id]
    assert t(bot, lang, "assess.btn_reviewed") in back.button_texts()
    assert t(bot, lang, "assess.reviewed", final="99", own="100") in back.text


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_delegates_review_command(bot: Harness, lang: str) -> None:
    cast = CASTS[lang]
    await _scene(bot, lang)
    me = cast.delegate

    # in the group (not a reviewer): pointed to the private chat, not flatly refused
    [pointer] = await bot.say(bot.group, me, "/review")
    assert pointer.text == t(bot, lang, "review.not_reviewer_delegate")

    # in private: the unit's review, with ✍️
    [result] = await bot.say(me, me, "/review")
    assert "Thiếu biên bản" in result.text and cast.reviewed in result.text
    assert t(bot, lang, "review.btn_answer") in result.button_texts()
    [same] = await bot.say(me, me, "/review midyear")
    assert same.text == result.text

    # someone who is no delegate: told what /review does here and in the group
    [nobody] = await bot.say(ADMIN, ADMIN, "/review")
    assert nobody.text == t(bot, "vi", "review.private_no_unit")


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_reviewer_in_private_is_shown_the_way_to_the_review_list(
    bot: Harness, lang: str
) -> None:
    """The head's delegate types /review in private: their own unit's page, then a button to
    the units they review (qa-regress #6); a plain delegate gets no such button."""
    cast = CASTS[lang]
    await _scene(bot, lang)
    me = cast.reviewer
    lang = "en" if lang == "vi" else "vi"  # the reviewer reads the other catalog
    answers = await bot.say(me, me, "/review")
    assert cast.head in answers[0].text  # their own unit's result (none yet) first
    way = answers[-1]
    round_name = t(bot, lang, "export.round_midyear")
    assert way.text == t(bot, lang, "review.own_reviewer", round=round_name, year=2026)
    await bot.press(me, me, message_id=way.message_id, text=t(bot, lang, "review.btn_open_list"))
    [listed] = [m for m in bot.emu.bot_messages(me) if m.message_id == way.message_id]
    assert cast.reviewed in listed.button_texts()  # the list: a unit to open and review

    other = await bot.say(cast.delegate, cast.delegate, "/review")
    assert not any("🔎" in label for m in other for label in m.button_texts())


async def test_no_result_yet_says_why_and_when(bot: Harness) -> None:
    await _scene(bot, "vi", reviewed=False)
    [none] = await bot.say(ALICE, ALICE, "/review")
    assert t(bot, "vi", "review.none_header", code="DLK", year=2026) in none.text
    assert "thường sau thời hạn tự chấm" in none.text  # the mid-year round: under review
    assert "/assess yearend" in none.text  # the year-end round: not submitted yet
    [overview] = await bot.say(ALICE, ALICE, "/assess midyear")
    assert t(bot, "vi", "assess.btn_reviewed") not in overview.button_texts()
    assert "🔎" not in overview.text


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_another_units_delegate_reads_nothing_of_it(bot: Harness, lang: str) -> None:
    cast = CASTS[lang]
    ids = await _scene(bot, lang)
    reviewed = ids[cast.reviewed]

    # GLI's delegate: no result of its own, and no 🔎 on its overview
    [none] = await bot.say(OUTSIDER, OUTSIDER, "/review")
    assert "Thiếu biên bản" not in none.text and "GLI" in none.text
    [overview] = await bot.say(OUTSIDER, OUTSIDER, "/assess midyear")
    assert t(bot, "vi", "assess.btn_reviewed") not in overview.button_texts()

    # forged presses naming the reviewed unit: refused, nothing shown, nothing stored
    for forged in (
        SeeResult(ids["year"], Round.MIDYEAR, reviewed),
        AnswerReview(ids["year"], Round.MIDYEAR, reviewed),
        OwnUnit(reviewed, "all"),
    ):
        seen = len(bot.emu.bot_messages(OUTSIDER))
        query = bot.emu.press_forged(OUTSIDER, OUTSIDER, overview.message_id, encode(forged))
        await bot.settle()
        answer = bot.emu.answer_for(query)
        assert answer is not None and answer.get("text"), forged  # refused in its pop-up
        assert "Thiếu biên bản" not in str(answer.get("text"))
        assert all("Thiếu biên bản" not in m.text for m in bot.emu.bot_messages(OUTSIDER))
        assert len(bot.emu.bot_messages(OUTSIDER)) == seen
    assert bot.last(OUTSIDER).text == overview.text  # the overview was not replaced
    assert await bot.services.db.fetch_value("SELECT COUNT(*) FROM review_answers") == 0


async def test_a_word_that_is_no_round_names_the_two_rounds(bot: Harness) -> None:
    """`/review 2027` offered pledge and election, `/review pledge` in English said only "The
    round is midyear or yearend": both now name the two rounds with the command (qa-regress
    #11)."""
    await _scene(bot, "vi", reviewed=False)
    me = CASTS["vi"].reviewer
    for lang in ("vi", "en"):
        await bot.say(me, me, f"/lang {lang}")
        for asked in ("2027", "pledge", "election"):
            for chat in (bot.group, me):  # the group reads the bloc's language
                [answer] = await bot.say(chat, me, f"/review {asked}")
                expected = t(bot, lang if chat == me else "vi", "review.bad_round", value=asked)
                assert answer.text == expected, (chat, asked)
                assert "/review midyear" in answer.text and "election (" not in answer.text
    [closing] = await bot.say(bot.group, ADMIN, "/review close 2027")
    assert "/review close midyear" in closing.text

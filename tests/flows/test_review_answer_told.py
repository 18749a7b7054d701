"""A unit's answer (giải trình) reaches the reviewers (QA qa8 #3): the reviewer who decided is
told privately once, with a button to the unit's review; the round's list marks the unit until
a reviewer opens it; closing the review counts the answers nobody read (in the group: a count,
never the text)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.i18n import plain_text
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.results_kit import headed_review

ANSWER = "Đơn vị đã gửi biên bản họp quý II qua email ngày 10/7/2026, đề nghị xem lại."


@dataclass(frozen=True)
class Cast:
    """The bloc's language; the head unit, whose delegate reviews; the unit reviewed and its
    delegate (Lan reads Vietnamese, Bob English: each reads the other's notices)."""

    head: str
    reviewer: int
    reviewer_lang: str
    reviewed: str
    delegate: int


CASTS = {
    "vi": Cast(head="DNG", reviewer=BOB, reviewer_lang="en", reviewed="DLK", delegate=ALICE),
    "en": Cast(head="DLK", reviewer=ALICE, reviewer_lang="vi", reviewed="DNG", delegate=BOB),
}


def t(h: Harness, lang: str, key: str, **params: object) -> str:
    return plain_text(h.services.catalog.t(lang, key, **params))


def told(h: Harness, user: int) -> list[str]:
    """The answer notices a person received (their text)."""
    return [m.text for m in h.emu.bot_messages(user) if ANSWER in m.text and "✍️" in m.text]


async def _scene(h: Harness, lang: str) -> Cast:
    """Three submitted mid-year assessments past their deadline; the head's delegate set the
    reviewed unit's 1.1 to 9.5."""
    cast = CASTS[lang]
    await headed_review(h, language=lang, head=cast.head, submitted=("DLK", "DNG", "GLI"))
    await h.say(h.group, cast.reviewer, "/review")
    await h.press(cast.reviewer, cast.reviewer, text=cast.reviewed)
    await h.say(cast.reviewer, cast.reviewer, "1.1 9,5 Thiếu biên bản")
    return cast


async def _answer(h: Harness, cast: Cast) -> str:
    """The reviewed unit's delegate answers from /review in private; the bot's reply."""
    me = cast.delegate
    await h.say(me, me, "/review")
    await h.press(me, me, text="✍️")
    [saved] = await h.say(me, me, ANSWER)
    return saved.text


async def _admin_list(h: Harness) -> str:
    await h.say(h.group, ADMIN, "/review")
    return h.last(ADMIN).text


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_the_deciding_reviewer_is_told_once_and_the_list_and_close_say_so(
    bot: Harness, lang: str
) -> None:
    cast = await _scene(bot, lang)
    group_before = len(bot.emu.bot_messages(bot.group))
    saved = await _answer(bot, cast)
    delegate_lang = "vi" if cast.delegate == ALICE else "en"
    assert saved.startswith(t(bot, delegate_lang, "review.answer_saved"))

    # the reviewer who decided: one private notice in their language, the answer in it
    [notice] = told(bot, cast.reviewer)
    opening = t(bot, cast.reviewer_lang, "review.answered_notice", code=cast.reviewed,
                round=t(bot, cast.reviewer_lang, "export.round_midyear"), year=2026)  # fmt: skip
    assert notice.startswith(opening)
    # nobody else: not the admin (the decider is known), not the unit, not the group
    assert told(bot, ADMIN) == [] and told(bot, cast.delegate) == [] and told(bot, CAROL) == []
    assert all(ANSWER not in m.text for m in bot.emu.bot_messages(bot.group)[group_before:])

    # a restart sends nothing again
    await bot.restart()
    await bot.settle()
    assert len(told(bot, cast.reviewer)) == 1

    # the admin's list marks the unit; closing counts the answer, in the group without its text
    mark = t(bot, "vi", "review.list_new_answers").strip()
    [line] = [x for x in (await _admin_list(bot)).splitlines() if cast.reviewed in x]
    assert line.endswith(mark)
    [ask] = await bot.say(bot.group, ADMIN, "/review close midyear")
    assert t(bot, lang, "review.confirm_close_answers_one", count=1) in ask.text
    assert ANSWER not in ask.text
    await bot.press(bot.group, ADMIN, text=t(bot, lang, "review.btn_cancel"))

    # the notice's button opens the unit's review: the answer marked new there, seen from now
    me = cast.reviewer
    await bot.press(me, me, text=t(bot, cast.reviewer_lang, "review.btn_open_unit",
                                   code=cast.reviewed))  # fmt: skip
    screen = bot.last(me).text
    assert f"🆕 {ANSWER}" in screen and "Thiếu biên bản" in screen
    seen = await bot.services.db.fetch_one("SELECT seen_at, seen_by FROM review_answers")
    assert seen is not None and seen["seen_at"] is not None and seen["seen_by"] == me

    # read: no mark in the list, nothing to count when closing, and no 🆕 any more
    assert mark not in await _admin_list(bot)
    [ask] = await bot.say(bot.group, ADMIN, "/review close midyear")
    assert "✍️" not in ask.text
    await bot.press(bot.group, ADMIN, text=t(bot, lang, "review.btn_cancel"))
    await bot.press(ADMIN, ADMIN, text=cast.reviewed)
    assert ANSWER in bot.last(ADMIN).text and "🆕" not in bot.last(ADMIN).text


async def test_a_second_answer_is_told_again_and_counted(bot: Harness) -> None:
    """Each answer is told once: a second one is a second notice, and both count when closing
    until a reviewer opens the unit."""
    cast = await _scene(bot, "vi")
    await _answer(bot, cast)
    me = cast.delegate
    await bot.press(me, me, text="✍️")
    await bot.say(me, me, ANSWER + " Bổ sung.")
    assert len(told(bot, cast.reviewer)) == 2
    [ask] = await bot.say(bot.group, ADMIN, "/review close midyear")
    assert t(bot, "vi", "review.confirm_close_answers", count=2) in ask.text


async def test_with_no_decision_left_every_reviewer_but_the_unit_is_told(bot: Harness) -> None:
    """The reviewer undid the only decision: nobody decided on the unit any more, so the
    answer goes to every reviewer of the round (the head's delegate, the admins), never to
    the unit's own delegate."""
    cast = await _scene(bot, "vi")
    me = cast.reviewer
    await bot.press(me, me, text="↩️")
    await bot.press(me, me, text="✅")
    saved = await _answer(bot, cast)
    assert saved.startswith(t(bot, "vi", "review.answer_saved"))
    assert len(told(bot, cast.reviewer)) == 1 and len(told(bot, ADMIN)) == 1
    assert told(bot, cast.delegate) == [] and told(bot, CAROL) == []

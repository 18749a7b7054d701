"""Reviewers read what the unit wrote (QA qa8 #5): the head's delegate, no admin, opens a unit
in /review and sees each criterion as submitted with its note, as the admin's 🔍 shows it; long
notes go on pages that each fit one Telegram message; none of it reaches the group."""

from __future__ import annotations

import pytest

from bot.constants import MESSAGE_MAX_CHARS
from bot.domain.assessment import Round
from bot.domain.scale import ItemKind
from bot.domain.scores import total
from bot.i18n import plain_text, telegram_length
from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.results_kit import current_scale, headed_review

NOTE = "Thu hút 12 dự án, đạt 120% kế hoạch"


def t(h: Harness, lang: str, key: str, **params: object) -> str:
    return plain_text(h.services.catalog.t(lang, key, **params))


async def _scene(h: Harness, lang: str, notes: dict[str, str] | None = None) -> None:
    """DNG heads the bloc (Bob, English, reviews); DLK and GLI submitted past the deadline; DLK
    is then submitted again with `notes` for its criteria."""
    bloc, units, year = await headed_review(h, language=lang, submitted=("DLK", "GLI"))
    if notes:
        repo, now = h.services.assessments, h.clock.now()
        scale = await current_scale(h, bloc)
        assessment = await repo.get(year.id, units["DLK"], Round.MIDYEAR)
        assert assessment is not None
        scores = {}
        for kind, _, criterion in scale.items():
            if kind is ItemKind.CRITERION:
                scores[criterion.code] = criterion.max
                await repo.put(assessment.id, criterion.code, value=criterion.max,
                               note=notes.get(criterion.code), by=ADMIN, now=now)  # fmt: skip
        current = await repo.get(year.id, units["DLK"], Round.MIDYEAR)
        assert current is not None
        assert await repo.submit(assessment.id, revision=current.revision,
                                 scale_id=assessment.scale_id,
                                 total=total(scale, scores).total, by=ADMIN, now=now)  # fmt: skip


async def _open_dlk(h: Harness) -> str:
    await h.say(h.group, BOB, "/review")
    await h.press(BOB, BOB, text="DLK")
    return h.last(BOB).text


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_reviewer_who_is_no_admin_reads_each_note(bot: Harness, lang: str) -> None:
    await _scene(bot, lang, {"1.2": NOTE, "2.3": "Gửi đủ 12 báo cáo tháng"})
    screen = await _open_dlk(bot)
    reader = "en"  # Bob's own language, whatever the bloc's
    assert t(bot, reader, "review.self_items") in screen
    item = t(bot, reader, "assess.review_item", code="1.2", value="10", max="10")
    assert f"{item} — {NOTE}" in screen  # the line the admin's 🔍 shows
    assert "2.3: 5/5 — Gửi đủ 12 báo cáo tháng" in screen
    assert "1.1: 10/10\n" in screen  # no note: the score alone

    # an admin reviewing (Vietnamese) reads them in /review too
    await bot.say(bot.group, ADMIN, "/review")
    await bot.press(ADMIN, ADMIN, text="DLK")
    admin_screen = bot.last(ADMIN).text
    assert "Điểm tự chấm và ghi chú của đơn vị:" in admin_screen
    assert f"1.2: 10/10 — {NOTE}" in admin_screen

    # the admin's 🔍 reads the same lines (one rendering)
    await bot.say(ADMIN, ADMIN, "/assess midyear")
    await bot.press(ADMIN, ADMIN, text="🔍 DLK")
    assert f"1.2: 10/10 — {NOTE}" in bot.last(ADMIN).text

    # never in the group
    assert all(NOTE not in m.text for m in bot.emu.bot_messages(bot.group))


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_long_notes_go_on_pages_that_each_fit(bot: Harness, lang: str) -> None:
    """17 notes of 1,000 characters (emoji count double in UTF-16): the items are paged with
    ◀️ ▶️, every page fits Telegram's limit with the decisions' hint at its end, and every
    criterion is on one of the pages."""
    scale_codes = ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4",
                   "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3")  # fmt: skip
    notes = {code: f"[{code}] " + "📎 Biên bản số 12 " * 55 for code in scale_codes}
    await _scene(bot, lang, notes)
    await _open_dlk(bot)
    hint_end = t(bot, "en", "review.lines_hint").splitlines()[-1]
    texts = []
    while len(texts) < 20:
        shown = bot.last(BOB)
        texts.append(shown.text)
        if "▶️" not in shown.button_texts():
            break
        await bot.press(BOB, BOB, message_id=shown.message_id, text="▶️")
    pages = len(texts)
    assert pages > 1
    for number, text in enumerate(texts, start=1):
        assert telegram_length(text) <= MESSAGE_MAX_CHARS
        assert text.endswith(hint_end)  # not cut off at the end
        assert t(bot, "en", "review.self_items_page", page=number, pages=pages) in text
    assert {code for code in scale_codes for text in texts if f"[{code}]" in text} == set(
        scale_codes
    )
    # ◀️ goes back a page
    await bot.press(BOB, BOB, text="◀️")
    assert bot.last(BOB).text == texts[-2]


async def test_long_answers_are_shortened_and_the_items_still_shown(bot: Harness) -> None:
    """Four answers of 1,000 characters (2,000 in UTF-16) above the items: shortened with the
    mark saying so, and the unit's items and the decisions' hint still on the screen."""
    await _scene(bot, "vi", {"1.2": NOTE})
    await bot.say(bot.group, BOB, "/review")
    await bot.press(BOB, BOB, text="DLK")
    await bot.say(BOB, BOB, "1.1 9,5 Thiếu biên bản")
    for n in range(4):
        await bot.press(ALICE, ALICE, text="✍️")
        await bot.say(ALICE, ALICE, f"Giải trình {n} " + "📎" * 985)
    screen = await _open_dlk(bot)
    assert telegram_length(screen) <= MESSAGE_MAX_CHARS
    assert "characters left out" in screen  # Bob reads English: fit.shortened
    assert f"1.2: 10/10 — {NOTE}" in screen
    assert screen.endswith(t(bot, "en", "review.lines_hint").splitlines()[-1])

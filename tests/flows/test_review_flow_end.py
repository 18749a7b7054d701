"""A reviewer's open unit ends with the round's review (qa-docs #8).

Closing the review ends the paused `review` drafts of that round (and the units' answers); one
open at the close still answers that the review closed, and is dropped without a word when
another flow opens over it or ended by /cancel, as is a draft left over from an older version.
Nothing offers to carry on a review that closed. A review still open is announced as paused,
before the form that paused it.
"""

from __future__ import annotations

from bot.domain.review import Round
from storage.reviews import ReviewRepo
from tests.flows.conftest import ADMIN, BOB, Harness
from tests.flows.results_kit import headed_review


async def _reviewing(bot: Harness, language: str = "vi") -> int:
    """DNG heads the bloc; its delegate Bob (who reads English) has DLK's mid-year review
    open. The year's id."""
    _, _, year = await headed_review(bot, language=language, submitted=("DLK", "DNG"))
    await bot.say(bot.group, BOB, "/review")
    await bot.press(BOB, BOB, text="DLK")
    await bot.say(BOB, BOB, "1.1 9,5 Thiếu biên bản")
    opened = await bot.services.flows.active(BOB)
    assert opened is not None and opened.name == "review"
    return year.id


async def test_a_unit_open_at_the_close_is_refused_then_dropped_unannounced(bot: Harness) -> None:
    await _reviewing(bot)
    await bot.say(bot.group, ADMIN, "/review close midyear")
    await bot.press(bot.group, ADMIN, text="✅")
    [late] = await bot.say(BOB, BOB, "1.4 6 Muộn")  # typed just after: told it closed
    assert "This round's review is closed" in late.text

    # Months later Bob opens another flow: nothing is said of a review to carry on.
    answer = await bot.say(BOB, BOB, "/pledge")
    assert all("score review" not in m.text and "paused" not in m.text for m in answer)
    assert (await bot.services.flows.active(BOB)).name == "pledge"  # type: ignore[union-attr]
    assert await bot.services.flows.get(BOB, "review") is None


async def test_closing_the_review_ends_a_paused_review(bot: Harness) -> None:
    await _reviewing(bot)
    await bot.say(BOB, BOB, "/pledge")  # the review paused (told), the pledge open
    await bot.say(bot.group, ADMIN, "/review close midyear")
    await bot.press(bot.group, ADMIN, text="✅")
    assert await bot.services.flows.get(BOB, "review") is None
    [hint] = await bot.say(BOB, BOB, "/cancel")
    assert "score review" not in hint.text


async def test_cancel_of_a_review_that_closed_leaves_nothing_to_carry_on(bot: Harness) -> None:
    await _reviewing(bot)
    await bot.say(bot.group, ADMIN, "/review close midyear")
    await bot.press(bot.group, ADMIN, text="✅")
    [told] = await bot.say(BOB, BOB, "/cancel")
    assert told.text.startswith("There is nothing unfinished to pause.")
    assert await bot.services.flows.get(BOB, "review") is None


async def test_a_left_over_review_of_a_closed_round_is_dropped_not_announced(
    bot: Harness,
) -> None:
    year_id = await _reviewing(bot, "en")
    # closed as an older version did: the reviewer's flow stayed
    await ReviewRepo(bot.services.db).set_closed(
        year_id, Round.MIDYEAR, True, by=ADMIN, now=bot.clock.now()
    )
    assert await bot.services.flows.get(BOB, "review") is not None

    answer = await bot.say(BOB, BOB, "/pledge")
    assert all("score review" not in m.text and "paused" not in m.text for m in answer)
    assert await bot.services.flows.get(BOB, "review") is None


async def test_an_open_review_is_told_paused_before_the_new_form(bot: Harness) -> None:
    await _reviewing(bot, "en")
    answer = await bot.say(BOB, BOB, "/pledge")
    assert answer[0].text == (
        "The score review you had under way is paused. The decisions you sent are all"
        " stored; to go on reviewing DLK, press the button below."
    )
    assert answer[0].button_texts() == ["🔎 Review DLK"]  # qa8 #6a: no button was left
    assert "paused" not in answer[-1].text and len(answer) >= 2
    assert await bot.services.flows.get(BOB, "review") is not None

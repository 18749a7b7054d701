"""What a unit submitted is what counts (QA qa-assess, defects 1, 4 and 7).

A change after the submission (a second delegate's included) is a draft until submitted again:
/summary, /review and the admin's 🔍 keep the submitted figure, and the delegates' answers show
both. A re-submission that moves a reviewed item's self-score is flagged to its reviewer.
"""

from __future__ import annotations

import sqlite3

from tests.flows.assess_kit import FULL, ready
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year, set_deadline


async def _submit(bot: Harness, user: int, review: str, send: str) -> None:
    await bot.say(user, user, "/assess")
    await bot.press(user, user, text=review)
    await bot.press(user, user, text=send)
    await bot.press(user, user, text="✅")


async def _lan_submits_for_two_delegates(bot: Harness) -> None:
    """DLK has Lan and Mai; Lan types FULL and submits it (98,5); the admin has /start-ed."""
    await ready(bot, {"DLK": [ALICE, CAROL]})
    await bot.say(ADMIN, ADMIN, "/start")
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, FULL)
    await _submit(bot, ALICE, "Xem lại", "Gửi bản tự chấm điểm")


async def test_an_unsubmitted_change_of_a_second_delegate_does_not_count(bot: Harness) -> None:
    await _lan_submits_for_two_delegates(bot)
    assert "tổng 98,5 điểm" in bot.last(ALICE).text

    # Mai, the second delegate, lowers 1.2 (9,5 → 8) and does not submit: she sees both figures
    await bot.say(CAROL, CAROL, "/assess")
    [edited] = await bot.say(CAROL, CAROL, "1.2 8 bớt điểm")
    assert "Đã gửi 98,5 điểm; bản đang sửa 97 điểm (chưa gửi lại, chưa được tính)" in edited.text

    # the group, the ranking, the review and the admin's view keep what was submitted
    [status] = await bot.say(bot.group, ADMIN, "/status midyear")
    assert "DLK: Đã gửi (tổng 98,5 điểm); có sửa sau khi gửi, chưa gửi lại" in status.text
    assert "97" not in status.text  # never another unit's draft
    [summary] = await bot.say(bot.group, ADMIN, "/summary")
    assert "DLK — 98,5 điểm" in summary.text and "97" not in summary.text
    await bot.say(bot.group, ADMIN, "/review")
    assert "DLK: tự chấm 98,5 → sau thẩm định 98,5" in bot.last(ADMIN).text
    await bot.press(ADMIN, ADMIN, text="DLK")
    assert "Tổng tự chấm: 98,5" in bot.last(ADMIN).text
    assert "1.2: 9,5/10" in bot.last(ADMIN).text  # the submitted item, with its note if any
    await bot.say(bot.group, ADMIN, "/status midyear")
    await bot.press(bot.group, ADMIN, text="🔍 DLK")
    view = bot.last(ADMIN).text
    assert "1.2: 9,5/10" in view and "Tổng điểm: 98,5" in view
    assert "bản đang sửa chưa được tính" in view

    # submitted again, the change counts everywhere
    await _submit(bot, CAROL, "Xem lại", "Gửi bản tự chấm điểm")
    assert "tổng 97 điểm" in bot.last(CAROL).text
    [summary] = await bot.say(bot.group, ADMIN, "/summary")
    assert "DLK — 97 điểm" in summary.text
    [status] = await bot.say(bot.group, ADMIN, "/status midyear")
    assert "DLK: Đã gửi, tổng 97 điểm" in status.text


async def test_a_resubmitted_self_score_is_flagged_to_its_reviewer(bot: Harness) -> None:
    """English reviewer (Bob, head unit DNG), Vietnamese unit (Lan, DLK): both catalogs."""
    bloc = await make_bloc(bot, language="en", delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    await set_deadline(bot, "midyear 30/06/2026")
    units = {u.code: u.id for u in await bot.services.units.list(bloc.id)}
    await bot.services.blocs.set_head(bloc.id, head=units["DNG"], deputy=None)
    for user in (ADMIN, ALICE, BOB):
        await bot.say(user, user, "/start")
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, FULL.replace("1.1 10", "1.1 7,5"))
    await _submit(bot, ALICE, "Xem lại", "Gửi bản tự chấm điểm")

    await bot.say(bot.group, BOB, "/review")
    await bot.press(BOB, BOB, text="DLK")
    await bot.say(BOB, BOB, "1.1 7 missing minutes")

    # Lan raises 1.1 to 10: not submitted, the review still reads 7.5 and flags nothing
    [edited] = await bot.say(ALICE, ALICE, "1.1 10 đủ điểm")
    assert "Đã gửi 96 điểm; bản đang sửa 98,5 điểm (chưa gửi lại" in edited.text
    await bot.say(bot.group, BOB, "/review")
    assert "self 96 → reviewed 95.5" in bot.last(BOB).text
    assert "⚠️" not in bot.last(BOB).text

    # submitted again: Bob is told, and his list and the unit's screen flag the decision
    before = len(bot.emu.bot_messages(BOB))
    await _submit(bot, ALICE, "Xem lại", "Gửi bản tự chấm điểm")
    await bot.settle()
    [told] = [m for m in bot.emu.bot_messages(BOB)[before:] if "DLK" in m.text]
    assert "DLK submitted its Mid-year review 2026 self-assessment again" in told.text
    assert "• 1.1: self 7.5 → 10 (reviewed 7)" in told.text
    assert told.button_texts() == ["🔎 Review DLK"]
    await bot.say(bot.group, BOB, "/review")
    listed = bot.last(BOB).text
    assert "self 98.5 → reviewed 95.5" in listed  # a 3-point cut now: flagged
    assert "⚠️ self-score changed since the review: 1.1" in listed
    await bot.press(BOB, BOB, text="DLK")
    screen = bot.last(BOB).text
    assert "1.1: the self-score changed from 7.5 to 10 after the review" in screen
    await bot.say(bot.group, ADMIN, "/review")  # an admin reads it in Vietnamese
    await bot.press(ADMIN, ADMIN, text="DLK")
    assert "1.1: điểm tự chấm đã đổi từ 7,5 thành 10 sau khi thẩm định" in bot.last(ADMIN).text

    # typing the decision again confirms it against the new self-score: the flag is gone
    replies = await bot.say(BOB, BOB, "1.1 7 missing minutes, checked again")
    assert "changed from" not in replies[-1].text
    await bot.say(bot.group, BOB, "/review")
    assert "⚠️" not in bot.last(BOB).text


async def test_the_migration_keeps_what_a_database_from_before_it_counted(bot: Harness) -> None:
    """A database from before 0010 (made here by the bot, then taken back to 0009): its
    submitted assessment gets its current scores as the snapshot (what the ranking counted
    then), nothing left pending, and its reviewed scores the self-score they were made on."""
    await ready(bot, {"DLK": [ALICE]})
    await bot.say(ADMIN, ADMIN, "/start")
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, FULL)
    await _submit(bot, ALICE, "Xem lại", "Gửi bản tự chấm điểm")
    await bot.say(bot.group, ADMIN, "/review")
    await bot.press(ADMIN, ADMIN, text="DLK")
    await bot.say(ADMIN, ADMIN, "1.1 9 thiếu biên bản")
    await bot.say(ALICE, ALICE, "1.2 8")  # after the submission: before 0010 this counted
    await bot.settle()
    await bot.stop()
    with sqlite3.connect(bot.settings.database_path) as raw:
        raw.execute("DROP TABLE assessment_submitted")
        raw.execute("ALTER TABLE review_scores DROP COLUMN self_score")
        raw.execute("DELETE FROM schema_version WHERE version = 10")

    await bot.start()  # applies 0010
    applied = await bot.services.db.fetch_all(
        "SELECT code, score FROM assessment_submitted ORDER BY code"
    )
    assert ("1.2", "8") in [(r["code"], r["score"]) for r in applied] and len(applied) == 17
    assert await bot.services.db.fetch_value("SELECT self_score FROM review_scores") == "10"
    [status] = await bot.say(bot.group, ADMIN, "/status midyear")
    assert "DLK: Đã gửi, tổng 97 điểm" in status.text  # the figure the ranking counted
    await bot.say(bot.group, ADMIN, "/review")
    listed = bot.last(ADMIN).text
    assert "DLK: tự chấm 97 → sau thẩm định 96" in listed and "⚠️" not in listed
    [screen] = await bot.say(ALICE, ALICE, "/assess")
    assert "Đã gửi, tổng 97 điểm" in screen.text  # nothing pending after the migration


async def test_the_admins_view_tells_the_two_submissions_apart(bot: Harness) -> None:
    """Submitted twice: the 🔍 view's log says which is first and which version is shown
    (qa-regress #10), not two bare "Gửi lúc" lines."""
    await ready(bot, {"DLK": [ALICE]})
    await bot.say(ADMIN, ADMIN, "/start")
    await bot.say(ALICE, ALICE, "/assess")
    await bot.say(ALICE, ALICE, FULL)
    await _submit(bot, ALICE, "Xem lại", "Gửi bản tự chấm điểm")
    await bot.say(ALICE, ALICE, "1.1 9")
    await _submit(bot, ALICE, "Xem lại", "Gửi bản tự chấm điểm")
    await bot.say(bot.group, ADMIN, "/status midyear")
    await bot.press(bot.group, ADMIN, text="🔍 DLK")
    view = bot.last(ADMIN).text
    assert "Gửi lúc" not in view
    assert view.count("Gửi lần đầu lúc") == 1
    assert view.rstrip().endswith("(bản đang hiển thị)") and "Gửi lại lúc" in view


async def test_a_score_set_back_to_its_submitted_value_is_no_change(bot: Harness) -> None:
    """qa-regress #7: the draft is compared with the snapshot, not with a revision counter."""
    await _lan_submits_for_two_delegates(bot)

    await bot.say(CAROL, CAROL, "/assess")
    [edited] = await bot.say(CAROL, CAROL, "1.1 9")
    assert "chưa gửi lại" in edited.text
    [back] = await bot.say(CAROL, CAROL, "1.1 10")
    assert "chưa gửi lại" not in back.text and "bản đang sửa" not in back.text

    [status] = await bot.say(bot.group, ADMIN, "/status midyear")
    assert "DLK: Đã gửi, tổng 98,5 điểm" in status.text
    assert "có sửa sau khi gửi" not in status.text
    await bot.press(bot.group, ADMIN, text="🔍 DLK")
    assert "sửa sau khi gửi" not in bot.last(ADMIN).text

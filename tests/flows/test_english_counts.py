"""An English bloc's results read in the singular where a count is 1 ("1 vote", "1 approval",
"1 unit"), in the group's result and in `/summary` (QA docs, defect 3), and a bình xét's
results are approvals on every screen (defect 5)."""

from __future__ import annotations

import re

from tests.flows.conftest import ALICE, BOB, CAROL, Harness
from tests.flows.test_binh_xet import ENGLISH, FLAG, MERIT, _approve, _pledges
from tests.flows.test_election import close_vote, open_vote, ready, vote
from tests.flows.test_vote_records import _vote_rows

#: "1 votes", "1 units", …: what an English reader must never see.
PLURAL_ONE = re.compile(r"(?<![\d.,/])1 (units|votes|ballots|approvals|seats)\b")


async def test_counts_of_one_read_in_the_singular(bot: Harness) -> None:
    bloc = await ready(bot, language="en")
    await open_vote(bot, "head")
    for user, code in ((ALICE, "DNG"), (BOB, "DLK"), (CAROL, "DNG")):
        await vote(bot, user, code)
    head = "\n".join(m.text for m in await close_vote(bot))
    assert "• DLK — Ban Quản lý các KCN tỉnh Đắk Lắk: 1 vote\n" in head
    assert "• DNG — Ban Quản lý các KCN Đà Nẵng: 2 votes" in head

    await _pledges(bot, bloc)
    await open_vote(bot, "commendation")
    flag, merit = ENGLISH[FLAG], ENGLISH[MERIT]
    await _approve(bot, ALICE, ["1·DNG", "2·DNG"], "Xem lại")  # Lan reads Vietnamese
    [ballot] = await bot.say(BOB, BOB, "/vote")
    for label in ("1·DLK", "2·DLK", "Review"):
        await bot.press(BOB, BOB, message_id=ballot.message_id, text=label)
    # qa-last #3a: not "this commendation vote ballot"
    assert "You are about to cast this ballot:\n" in bot.last(BOB).text
    await bot.press(BOB, BOB, message_id=ballot.message_id, text="✅")
    await _approve(bot, CAROL, ["1·DNG", "2·DNG"], "Xem lại")
    binh_xet = "\n".join(m.text for m in await close_vote(bot))
    assert f"{flag} — quota: 1; approvals needed: at least 2." in binh_xet
    assert "DNG — Ban Quản lý các KCN Đà Nẵng: 2 approvals ✅" in binh_xet
    assert "DLK — Ban Quản lý các KCN tỉnh Đắk Lắk: 1 approval" in binh_xet
    assert merit in binh_xet

    [summary] = await bot.say(bot.group, CAROL, "/summary")
    await bot.press(bot.group, CAROL, message_id=summary.message_id, text="📝")
    pledges = bot.last(bot.group).text
    # in the bloc's list order (the flag first), as every other screen lists titles
    assert f"• {flag}: 3 units\n• {merit}: 2 units" in pledges
    await bot.press(bot.group, CAROL, message_id=summary.message_id, text="🗳")
    votes = bot.last(bot.group).text
    assert "• DLK: 1 vote\n" in votes and "• DNG: 2 votes ✅" in votes
    # a commendation vote's results are approvals, as in its group result (QA docs, defect 5)
    commendation = votes[votes.index(f"Commendation vote: {flag}") :]
    assert "• DNG: 2 approvals ✅ proposed\n• DLK: 1 approval\n" in commendation
    # the quota in the group result's words, here and in the workbook (qa-last #2)
    quota = f"{flag} — quota: 1; approvals needed: at least 2."
    assert f"3/3 units voted; ballots counted: 3\n{quota}\n• DNG" in commendation
    assert " vote\n" not in commendation and " votes " not in commendation
    for text in (head, binh_xet, pledges, votes):
        assert not PLURAL_ONE.search(text), PLURAL_ONE.search(text)
    # the glossary's English for the bình xét (QA docs, defect 4)
    assert "Result of the count — Commendation vote (bình xét) 2026" in binh_xet
    assert f"Commendation vote: {flag} — 3/3 units voted" in votes
    assert "bình xét" not in votes.lower()

    rows = await _vote_rows(bot, "Elections, commendation votes")
    name = f"Commendation vote: {flag}"
    assert (name, quota, None, None) in rows
    assert (name, "DNG", 2, "Proposed") in rows
    # the turnout in /summary's words (qa-last #3c), not "ballots counted by receipt"; once
    # for the whole bình xét, whose one ballot a unit covers every title (qa-votes #13)
    assert ("Commendation vote", "3/3 units voted; ballots counted: 3") in [r[:2] for r in rows]

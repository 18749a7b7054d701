"""The group's count states the bloc's rules as they are, and the valid ballots they leave.

QA (qa-vi-votes #10): with the quorum "more than 1/2", the count said "tức 1/2 tổng số" (half,
not more than half); and with "no unit" ballots not valid, the result never said how many
ballots were valid, so the group could not check the majority by hand.
"""

from __future__ import annotations

from bot.domain.ballots import ElectionRules, Share
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.test_election import close_vote, open_vote, ready, vote


async def _count(bot: Harness, rules: ElectionRules | None, language: str = "vi") -> str:
    bloc = await ready(bot, language=language)
    if rules is not None:
        await bot.services.elections.set_rules(bloc.id, rules, by=ADMIN, now=bot.clock.now())
    await open_vote(bot, "head")
    for user, code in ((ALICE, "DLK"), (BOB, "DLK"), (CAROL, None)):
        await vote(bot, user, code)
    return "\n".join(m.text for m in await close_vote(bot))


async def test_the_count_names_the_quorum_rule_and_the_valid_ballots(bot: Harness) -> None:
    rules = ElectionRules(quorum=Share(num=1, den=2, strict=True), abstentions_valid=False)
    posted = await _count(bot, rules)
    assert "Số đơn vị đã bỏ phiếu: 3/3 (cần ít nhất 2 đơn vị, tức quá 1/2 tổng số)." in posted
    assert "• Phiếu hợp lệ: 2/3 (theo quy chế của Khối, phiếu không chọn đơn vị nào" in posted
    assert "được bầu làm Khối trưởng năm 2027 với 2/2 phiếu hợp lệ" in posted


async def test_the_default_rules_read_at_least_and_need_no_valid_line(bot: Harness) -> None:
    posted = await _count(bot, None, language="en")
    assert "Units that voted: 3/3 (at least 2 needed, that is at least 2/3 of all)." in posted
    assert "Valid ballots" not in posted  # every ballot received is valid

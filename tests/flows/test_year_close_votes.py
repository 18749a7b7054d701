"""`/year close` while a vote of the year is open (QA s17/s19): the close is refused, naming
each open vote with its turnout and deadline and `/election close`, asked and at ✅ (a vote
opened after the question); the ballots already cast stay and are counted at the vote's close.
A vote past its deadline is closed (and its result posted) before the question."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.test_election import close_vote, open_vote, ready, vote
from tests.flows.year_setup import set_deadline

SAID = {
    "vi": {
        "refused": "⚠️ Chưa kết thúc được năm thi đua 2026: còn cuộc bỏ phiếu đang mở.",
        "head": "• Bầu Khối trưởng năm 2027: 1/3 đơn vị đã bỏ phiếu; tự động kết thúc lúc"
        " Thứ Ba, 20/01/2026 17:00.",
        "deputy": "• Bầu Khối phó năm 2027: 0/3 đơn vị đã bỏ phiếu;",
        "how": "Đề nghị Anh/Chị kết thúc bỏ phiếu bằng /election close",
        "ask": "Kết thúc năm thi đua 2026?",
        "elected": "được bầu làm Khối trưởng năm 2027",
        "closed": "✅ Đã kết thúc năm thi đua 2026.",
    },
    "en": {
        "refused": "⚠️ Emulation year 2026 cannot be closed yet: a vote is still open.",
        "head": "• Election of the bloc head for 2027: 1/3 units have voted; it closes by"
        " itself at Tuesday, 20/01/2026 17:00.",
        "deputy": "• Election of the bloc deputy for 2027: 0/3 units have voted;",
        "how": "Close the vote with /election close",
        "ask": "Close emulation year 2026?",
        "elected": "is elected bloc head for 2027",
        "closed": "✅ Emulation year 2026 is closed.",
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_an_open_vote_holds_the_year_open_until_it_closes(bot: Harness, lang: str) -> None:
    said = SAID[lang]
    bloc = await ready(bot, language=lang)
    await set_deadline(bot, "election 20/01/2026 17:00")
    await open_vote(bot, "head")
    await vote(bot, ALICE, "DNG")

    [refused] = await bot.say(bot.group, ADMIN, "/year close")
    assert refused.text.startswith(said["refused"]) and said["head"] in refused.text
    assert said["how"] in refused.text and not refused.buttons
    assert await bot.services.years.current(bloc.id) is not None
    await vote(bot, BOB, "DNG")  # the vote goes on, and its ballots are counted at its close
    posted = "\n".join(m.text for m in await close_vote(bot))
    assert said["elected"] in posted

    [ask] = await bot.say(bot.group, ADMIN, "/year close")
    assert ask.text.startswith(said["ask"])
    await open_vote(bot, "deputy")  # opened while the question waits for ✅
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    assert ask.text.startswith(said["refused"]) and said["deputy"] in ask.text
    assert not ask.buttons and await bot.services.years.current(bloc.id) is not None

    bot.clock.move(timedelta(days=30))  # past the vote's deadline, its job not yet run
    answers = await bot.say(bot.group, ADMIN, "/year close")  # the vote closes first
    [ask] = [m for m in answers if m.text.startswith(said["ask"])]
    assert len(answers) > 1  # and its result is posted
    assert not await bot.services.elections.open_of_bloc(bloc.id)
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    assert ask.text.startswith(said["closed"])
    assert await bot.services.years.current(bloc.id) is None

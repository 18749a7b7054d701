"""`/remind now` questions (again, quiet hours): Lan (DLK) and Bob (DNG) have started the bot,
the pledge deadline is Friday 16/01/2026 17:00; what each chat received since a count."""

from __future__ import annotations

from bot.emulator import SentMessage
from tests.flows.conftest import ADMIN, ALICE, BOB, Harness
from tests.flows.nudge_kit import run_jobs
from tests.flows.year_setup import make_bloc, open_year, set_deadline

STARTED = {
    "vi": "✅ Đang gửi nhắc hạn Đăng ký thi đua cho 2 cán bộ đầu mối của 2 đơn vị.",
    "en": "✅ Sending the Pledge reminder privately to 2 delegates of 2 units.",
}


async def due(bot: Harness, lang: str = "vi") -> None:
    await make_bloc(bot, language=lang, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(bot)
    for person in (ALICE, BOB):
        await bot.say(person, person, "/start")
    await set_deadline(bot, "pledge 16/01/2026 17:00")


def count(bot: Harness) -> dict[int, int]:
    return {chat: len(bot.emu.bot_messages(chat)) for chat in (ALICE, BOB, bot.group)}


def received(bot: Harness, before: dict[int, int]) -> dict[int, list[str]]:
    return {c: [m.text for m in bot.emu.bot_messages(c)[n:]] for c, n in before.items()}


def shown(bot: Harness, message_id: int) -> SentMessage:
    return next(m for m in bot.emu.bot_messages(bot.group) if m.message_id == message_id)


async def confirmed_once(bot: Harness, ask: SentMessage, started: str) -> dict[int, list[str]]:
    """✅, then a double press (the buttons not yet gone on the admin's screen): the question
    becomes `started`, the second press is told it was done; one private message each and one
    digest. What each chat received."""
    before = count(bot)
    data = ask.button("✅").callback_data
    assert data is not None
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✅")
    assert shown(bot, ask.message_id).text.startswith(started)
    assert shown(bot, ask.message_id).buttons == []
    query = bot.emu.press_forged(bot.group, ADMIN, ask.message_id, data)
    await bot.settle()
    said = (bot.emu.answer_for(query) or {}).get("text") or ""
    assert said.startswith(("Việc này đã được thực hiện", "This was already done"))
    assert shown(bot, ask.message_id).text.startswith(started)
    await run_jobs(bot)
    got = received(bot, before)
    assert len(got[ALICE]) == 1 and len(got[BOB]) == 1
    assert len([t for t in got[bot.group] if t.startswith("⏰")]) == 1  # one new digest
    return got


async def cancelled(bot: Harness, ask: SentMessage, answer: str) -> None:
    """✖️: the question becomes `answer`, nothing is sent."""
    before = count(bot)
    await bot.press(bot.group, ADMIN, message_id=ask.message_id, text="✖️")
    assert shown(bot, ask.message_id).text == answer
    assert shown(bot, ask.message_id).buttons == []
    await run_jobs(bot)
    assert received(bot, before) == {ALICE: [], BOB: [], bot.group: []}


async def refused_to_a_delegate(bot: Harness, ask: SentMessage) -> None:
    """Lan's ✅ is refused; nothing is sent and the question stays for its admin."""
    before, text = count(bot), ask.text
    answer = await bot.press(bot.group, ALICE, message_id=ask.message_id, text="✅")
    assert answer is not None and "Chỉ quản trị Khối" in (answer["text"] or "")
    assert received(bot, before) == {ALICE: [], BOB: [], bot.group: []}
    assert shown(bot, ask.message_id).text == text

"""Scenery and moves of the /assess flow tests: a bloc in its mid-year round, exact presses."""

from __future__ import annotations

from bot.domain.assessment import Round, Score
from bot.domain.bloc import Bloc
from bot.emulator import SentMessage
from tests.flows.conftest import Harness
from tests.flows.year_setup import make_bloc, open_year, set_deadline

#: Every criterion of the sample scale at a valid score: the total is 98.5.
FULL = "\n".join(
    [
        "1.1 10",
        "1.2 9,5 Thu hút 12 dự án mới",
        "1.3 8",
        "1.4 7",
        "1.5 8",
        "1.6 7",
        "2.1 6",
        "2.2 5",
        "2.3 5 Gửi đủ 4 báo cáo quý",
        "2.4 4",
        "3.1 5",
        "3.2 5",
        "3.3 5",
        "3.4 4",
        "4.1 4",
        "4.2 3",
        "4.3 3",
    ]
)
#: A tiny JPEG header is enough for the emulator to take a photo.
PHOTO = b"\xff\xd8\xff\xe0" + b"\x00" * 64


async def ready(bot: Harness, delegates: dict[str, list[int]], *, deadline: bool = True) -> Bloc:
    """The bloc, its year open, the mid-year deadline on 30/06/2026 (unless told not to: a
    real process runs on the real date); the delegates have /start-ed the bot."""
    bloc = await make_bloc(bot, delegates=delegates)
    await open_year(bot)
    if deadline:
        await set_deadline(bot, "midyear 30/06/2026")
    for users in delegates.values():
        for user in users:
            await bot.say(user, user, "/start")
    return bloc


def with_buttons(bot: Harness, chat: int) -> SentMessage:
    """The newest bot message of the chat that has buttons (the one a press acts on)."""
    return [m for m in bot.emu.bot_messages(chat) if m.buttons][-1]


async def press_exact(bot: Harness, chat: int, user: int, label: str) -> dict | None:
    """Press the button labelled exactly `label` ("1" must not press "10")."""
    message = with_buttons(bot, chat)
    found = [b for row in message.buttons for b in row if b.text == label]
    assert found, f"no button {label!r} in {message.button_texts()}"
    return await bot.press(chat, user, message_id=message.message_id, data=found[0].callback_data)


async def scores_of(
    bot: Harness, bloc: Bloc, code: str, round_: Round = Round.MIDYEAR
) -> dict[str, Score]:
    """What the database holds for unit `code` in the round."""
    services = bot.services
    year = await services.years.current(bloc.id)
    unit = await services.units.by_code(bloc.id, code)
    assert year is not None and unit is not None
    found = await services.assessments.get(year.id, unit.id, round_)
    return await services.assessments.scores(found.id) if found else {}


async def at_first_note(
    bot: Harness, user: int, unit: str, score: str, wizard: str = "Chấm từng tiêu chí"
) -> Bloc:
    """The bloc ready with `user` the one delegate of `unit`, who opened /assess, started the
    wizard (its button labelled `wizard`) and pressed `score` on 1.1: 1.1 waits for its note."""
    bloc = await ready(bot, {unit: [user]})
    await bot.say(user, user, "/assess")
    await bot.press(user, user, text=wizard)
    await press_exact(bot, user, user, score)
    return bloc


async def submit(bot: Harness, user: int, scores: str = FULL) -> None:
    """The user opens /assess, types the scores and submits them (Xem lại → Gửi → ✅)."""
    await bot.say(user, user, "/assess")
    await bot.say(user, user, scores)
    await bot.press(user, user, text="Xem lại")
    await bot.press(user, user, text="Gửi bản tự chấm điểm")
    await bot.press(user, user, text="✅")

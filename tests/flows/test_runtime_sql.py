"""A pledge step costs few SQL statements: the reads every update repeats come from memory
while their tables are unchanged, and a flow step is one write."""

from __future__ import annotations

from tests.flows.conftest import ALICE, BOB, Harness
from tests.flows.test_pledge_edges import _ready
from tests.flows.year_setup import pledge_of

MOST = 5


async def _statements(bot: Harness, step) -> list[str]:  # type: ignore[no-untyped-def]
    """What SQLite ran while the bot handled `step` (the notifier idle, not counted)."""
    await bot.settle()
    seen: list[str] = []
    conn = bot.services.db._conn  # the one connection: SQLite's own trace of every statement
    await conn.set_trace_callback(seen.append)
    try:
        await step()
        await bot.app.update_queue.join()  # type: ignore[union-attr]
    finally:
        await conn.set_trace_callback(None)
    return [s for s in seen if "FROM outbox" not in s]


async def test_each_pledge_step_runs_at_most_five_statements(bot: Harness) -> None:
    bloc = await _ready(bot)
    await bot.say(ALICE, ALICE, "/pledge")
    steps = [
        lambda: bot.press(ALICE, ALICE, text="Bằng khen"),
        lambda: bot.press(ALICE, ALICE, text="Cờ thi đua"),
        lambda: bot.press(ALICE, ALICE, text="Tiếp"),
        lambda: bot.say(ALICE, ALICE, "Cam kết"),
        lambda: bot.press(ALICE, ALICE, text="Xem lại"),
    ]
    for step in steps:
        ran = await _statements(bot, step)
        assert len(ran) <= MOST, "\n".join(ran)
    await bot.press(ALICE, ALICE, text="✅")
    assert await pledge_of(bot, bloc, "DLK") is not None


async def test_a_change_by_someone_else_is_seen_at_once(bot: Harness) -> None:
    bloc = await _ready(bot)
    await bot.say(ALICE, ALICE, "/pledge")
    title = (await bot.services.titles.active(bloc.id))[0]
    await bot.services.titles.rename(title.id, "Cờ thi đua của Chính phủ")
    await bot.press(ALICE, ALICE, text="Tập thể lao động xuất sắc")  # step 1 needs a title
    await bot.press(ALICE, ALICE, text="Tiếp")
    await bot.press(ALICE, ALICE, text="⬅")
    assert any("Cờ thi đua của Chính phủ" in t for t in bot.last(ALICE).button_texts())
    [answer] = await bot.say(BOB, BOB, "/pledge")
    assert any("Cờ thi đua của Chính phủ" in t for t in answer.button_texts())

"""The benchmark runs both bots in their own processes and prints them side by side."""

from __future__ import annotations

from bot.bench import Plan, report, run_bench

SMOKE = Plan(
    blocs=3, people=2, think=0.4, group_commands=2, bursts=(5,), flood_seconds=0.2, steps=6
)


async def test_bench_measures_the_bare_bot_and_ours_and_prints_a_table() -> None:
    bare, ours = await run_bench(SMOKE, together=True)
    assert bare.name == "bare PTB" and ours.name == "ours (3 blocs)"
    for result in (bare, ours):
        assert result.rows["mix: updates"] == 2 * 6 + 2
        assert result.rows["mix: unanswered"] == 0
        assert result.rows["429s in all"] == 0
        assert result.rows["RSS idle (MiB)"] > 10 and result.rows["mix: CPU ms/update"] > 0
    assert ours.rows["mix: presses without the button"] == 0  # the pledge flow really ran
    lines = report([bare, ours]).splitlines()
    assert "ratio" in lines[0] and len(lines) == 1 + len(bare.rows)
    assert any(line.startswith("mix: CPU ms/update") and line.split()[-1] for line in lines)

"""The whole benchmark at tiny sizes: both bots in their own processes and every part printed."""

from __future__ import annotations

from bot.bench import Plan, run_bench
from bot.bench_report import report, sections

SMOKE = Plan(
    blocs=3,
    people=3,  # one delegate pledges, one self-assesses, one votes
    think=0.4,
    bursts=(5,),
    flood_seconds=0.2,
    nudge_blocs=2,
    nudge_units=3,
    big_units=4,
    big_criteria=6,
    repeat=1,
    mix_rounds=2,  # the median of two rounds, as the full run takes it of three
)


async def test_bench_runs_every_part_and_prints_a_table_for_each() -> None:
    run = await run_bench(SMOKE, together=True)
    bare, ours = run.bots
    assert bare.name == "bare PTB" and ours.name == "ours (3 blocs)"
    for result in (bare, ours):
        assert result.rows["mix: updates"] == 8 + 8 + 4 + 3  # pledge, assess, vote, group
        assert result.rows["mix: unanswered"] == 0
        assert result.rows["429s in all"] == 0
        assert result.rows["RSS idle (MiB)"] > 10 and result.rows["mix: CPU ms/update"] > 0
    assert ours.rows["mix: presses without the button"] == 0  # every flow really ran
    assert ours.rows["year-end bloc: unanswered"] == 0  # /status, /summary, /export's files
    assert ours.rows["database on disk (MB)"] > 0 and ours.rows["peak RSS (MB)"] > 10
    assert run.nudge["private nudges"] == 6 and run.nudge["twice"] == 0
    assert run.nudge["429s"] == 0 and run.nudge["digests"] == 2
    assert set(run.commands) == {"/summary", "/export", "/export: files alone", "/documents"}
    titles = [s.title[:2] for s in sections(run)]
    assert titles == ["1.", "2.", "3.", "4."]
    printed = report(run)
    for section in sections(run):
        assert section.title in printed
        assert all(len(line.cells) == len(section.headers) for line in section.lines)
    assert any(
        line.startswith("mix: CPU ms/update") and "≤1.3×" in line for line in printed.splitlines()
    )

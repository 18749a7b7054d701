"""The benchmark runs both bots and prints them side by side (figures, never asserted)."""

from __future__ import annotations

from bot.bench import report, run_bench


async def test_bench_measures_the_baseline_and_the_bot_in_one_run() -> None:
    figures = await run_bench(updates=15)
    assert [f.name for f in figures] == ["bare PTB echo (baseline)", "bloc assistant"]
    assert all(f.updates == 15 and f.seconds > 0 and f.peak_kib > 0 for f in figures)
    lines = report(figures).splitlines()
    assert len(lines) == 3 and "cpu ratio" in lines[0]
    assert lines[1].split()[-2:] == ["1.00", "1.00"]

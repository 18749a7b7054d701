"""`python -m bot export --bloc <id> --year <YYYY> --out file.xlsx`: the year's files, offline.

The same workbook and chart `/export <year>` sends, written from the database without Telegram
(for an operator, or a bloc whose group is gone). The chart goes beside the workbook, as
`<out>.png`; like `/export`, none while nothing is ranked, and a year the bloc never had is
refused with the years it has.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.offline_year import add_year_arguments, run_for_year
from bot.settings import Settings
from bot.usecases.results import export_files


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser("export", help="write a year's workbook (XLSX) and chart (PNG)")
    add_year_arguments(export, "the workbook to write (.xlsx)")


async def run_export(settings: Settings, args: argparse.Namespace) -> int:
    done = await run_for_year(settings, args, export_files)
    if done is None:
        return 1
    files = done[0]
    out: Path = args.out
    chart = out.with_suffix(".png")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(files.workbook)
    if files.chart is not None:
        chart.write_bytes(files.chart)
        drawn = f"{chart} ({len(files.chart)} bytes)"
    else:  # as /export: no chart that would only say there is nothing to chart
        drawn = "no chart (nothing ranked yet)"
    ranked = sum(len(part.ranking.rows) for part in files.report.rounds)
    print(f"{out} ({len(files.workbook)} bytes), {drawn};"
          f" {len(files.report.units)} units, {ranked} ranked rows")  # fmt: skip
    return 0

"""`python -m bot export --bloc <id> --year <YYYY> --out file.xlsx`: the year's files, offline.

The same workbook and chart `/export` sends, written from the database without Telegram (for an
operator, or a bloc whose group is gone). The chart goes beside the workbook, as `<out>.png`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.clock import SystemClock
from bot.errors import UserFacingError
from bot.i18n import plain_text
from bot.registry import Registry
from bot.services import Services
from bot.settings import Settings
from bot.usecases.results import export_files, year_by_number
from storage.db import open_database


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser("export", help="write a year's workbook (XLSX) and chart (PNG)")
    export.add_argument("--bloc", type=int, required=True, help="the bloc's id")
    export.add_argument("--year", type=int, required=True, help="the emulation year, e.g. 2027")
    export.add_argument("--out", type=Path, required=True, help="the workbook to write (.xlsx)")
    export.add_argument("--lang", choices=["vi", "en"], default=None, help="default: the bloc's")


async def run_export(settings: Settings, args: argparse.Namespace) -> int:
    db = await open_database(settings.database_path)
    try:
        services = Services.create(settings, db, SystemClock(), Registry([]))
        lang = args.lang or settings.bot_language
        try:
            bloc, year = await year_by_number(services, args.bloc, args.year)
            lang = args.lang or bloc.language
            files = await export_files(services, bloc, year, lang)
        except UserFacingError as exc:
            print(plain_text(services.catalog.t(lang, exc.key, **exc.params)), file=sys.stderr)
            return 1
    finally:
        await db.close()
    out: Path = args.out
    chart = out.with_suffix(".png")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(files.workbook)
    chart.write_bytes(files.chart)
    ranked = sum(len(part.ranking.rows) for part in files.report.rounds)
    print(f"{out} ({len(files.workbook)} bytes), {chart} ({len(files.chart)} bytes);"
          f" {len(files.report.units)} units, {ranked} ranked rows")  # fmt: skip
    return 0

"""Draw the README's pictures of the results: the ranking chart and the workbook's score sheet.

Run from the repository root: `python docs/make_results_pictures.py`. It seeds a throw-away
database with a small bloc (6 units, 12 criteria, both rounds, a review and an exclusion),
exports it exactly as `/export` does, and writes

- docs/results-chart.png: the chart itself, at half size;
- docs/results-workbook.png: the top-left of the year-end score sheet, read back from the real
  workbook with openpyxl and drawn as a table (a picture of the cells, not of Excel).
"""

from __future__ import annotations

import asyncio
import io
import sys
import tempfile
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.bench_export import START, seed_results  # noqa: E402
from bot.clock import MovableClock  # noqa: E402
from bot.formats.chart_png import DPI, FONT_FILE, draw_ranking  # noqa: E402
from bot.formats.export_xlsx import build_workbook  # noqa: E402
from bot.registry import Registry  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.usecases.results import year_report  # noqa: E402
from storage.db import open_database  # noqa: E402

ROWS, COLS = 12, 7


async def _report():  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(_env_file=None, DATABASE_PATH=Path(tmp) / "docs.sqlite3")
        db = await open_database(settings.database_path)
        try:
            services = Services.create(settings, db, MovableClock(START), Registry([]))
            seeded = await seed_results(services, units=6, criteria=12)
            return await year_report(services, seeded.bloc, seeded.year), services.catalog
        finally:
            await db.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    text = str(value)
    return text if len(text) <= 28 else text[:27] + "…"


def main() -> None:
    report, catalog = asyncio.run(_report())
    fig = draw_ranking(report, catalog, "vi")
    fig.savefig(ROOT / "docs" / "results-chart.png", dpi=DPI // 2, metadata={"Software": None})
    wb = load_workbook(io.BytesIO(build_workbook(report, catalog, "vi")))
    ws = wb["Điểm tổng kết năm"]
    cells = [
        [_cell_text(ws.cell(r, c).value) for c in range(1, COLS + 1)] for r in range(1, ROWS + 1)
    ]
    table_fig = Figure(figsize=(9, 3.2), dpi=80)
    FigureCanvasAgg(table_fig)
    ax = table_fig.add_subplot()
    ax.set_axis_off()
    table = ax.table(cellText=cells, loc="upper left", cellLoc="left")
    table.auto_set_font_size(False)
    font = FontProperties(fname=FONT_FILE, size=8)
    for (row, _col), cell in table.get_celld().items():
        cell.get_text().set_fontproperties(font)
        if row < 2:
            cell.set_facecolor("#DDEBF7")
    table.auto_set_column_width(list(range(COLS)))
    table_fig.savefig(ROOT / "docs" / "results-workbook.png", bbox_inches="tight", pad_inches=0.05,
                      metadata={"Software": None})  # fmt: skip
    print("wrote docs/results-chart.png and docs/results-workbook.png")


if __name__ == "__main__":
    main()

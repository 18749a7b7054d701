"""The ranking chart: horizontal bars of each unit's final total, the scale's maximum marked.

Why it is drawn this way: it is read on a phone in the group, so it is tall rather than wide,
one row per unit with the rank and the unit's code and name, the number at the end of each bar,
mid-year and year-end side by side when both exist. Unit names are Vietnamese, so every text is
drawn with DejaVu Sans from matplotlib's own data (it has the Vietnamese letters), chosen by file,
not by family name, so no system font can stand in. Matplotlib's object API with the Agg canvas
only (no pyplot, no global state): safe in a worker thread, which is where it must run.
"""

from __future__ import annotations

import io
import textwrap
from decimal import Decimal
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator

from bot.domain.review import Round
from bot.formats.export_xlsx import Labels
from bot.formats.report import YearReport, number_text
from bot.i18n import Catalog

FONT_FILE = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
DPI = 100
WIDTH_PX = 1080
ROW_PX = 56
MARGIN_PX = 240
#: Characters of a bar's label ("3. DLK — …tỉnh Đắk Lắk") that fit left of the bars.
MAX_LABEL = 34
#: Characters of a title line at its size: two lines hold a long bloc name inside the image.
TITLE_CHARS = 80
#: How text is rasterised: antialiased without FreeType's hinting, which took a third of the
#: chart's time (about 1,000 glyphs) and changes nothing a reader of a 1080-pixel chart sees.
RENDERING = {"text.hinting": "no_hinting"}
COLORS = {Round.MIDYEAR: "#9DC3E6", Round.YEAREND: "#1F4E79"}
MAX_COLOR = "#C00000"


def chart_size(rows: int) -> tuple[int, int]:
    """The PNG's size in pixels for `rows` units (at least one row, for the empty chart)."""
    return WIDTH_PX, MARGIN_PX + ROW_PX * max(rows, 1)


def distinctive(names: list[str]) -> list[str]:
    """The names without the words they all start with ("Ban Quản lý …"): what tells them apart
    is after those, usually at the end (the province), so a long one is shortened from the left."""
    split = [name.split() for name in names]
    common = 0
    if len(split) > 1:
        shortest = min(len(words) for words in split)
        while common < shortest - 1 and len({words[common] for words in split}) == 1:
            common += 1
    return [" ".join(words[common:]) for words in split]


def _tail(text: str, room: int) -> str:
    """`text`, or its last whole words after "…" within `room` characters."""
    if len(text) <= room:
        return text
    kept: list[str] = []
    for word in reversed(text.split()):
        if len("… " + " ".join([word, *kept])) > room:
            break
        kept.insert(0, word)
    return "…" + (" ".join(kept) if kept else text[-(room - 1) :])


def bar_label(rank: int | None, code: str, name: str) -> str:
    """ "3. DLK — …Khu công nghiệp tỉnh Đắk Lắk": the rank, the code (unique), and as much of
    the unit's distinctive name as fits."""
    prefix = (f"{rank}. " if rank else "– ") + code
    room = MAX_LABEL - len(prefix) - 3
    return f"{prefix} — {_tail(name, room)}" if room > 4 and name else prefix


def draw_ranking(report: YearReport, catalog: Catalog, lang: str) -> Figure:
    """The chart as a matplotlib figure (tests look at its texts; `ranking_png` saves it)."""
    tx = Labels(catalog, lang)
    font = FontProperties(fname=FONT_FILE, size=12)
    small = FontProperties(fname=FONT_FILE, size=10)
    latest = report.latest
    series = [r for r in report.rounds if not r.ranking.empty]
    order = [row.unit for row in latest.ranking.rows] if latest else []
    for part in series:
        order += [row.unit for row in part.ranking.rows if row.unit not in order]
    width, height = chart_size(len(order))
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.34, right=0.95, top=1 - 95 / height, bottom=110 / height)
    ax = fig.add_subplot()
    title = tx("chart_title", bloc=report.bloc_name[:140], year=report.year)
    fig.suptitle(
        "\n".join(textwrap.wrap(title, TITLE_CHARS)),  # a long bloc name stays inside the image
        fontproperties=FontProperties(fname=FONT_FILE, size=13, weight="bold"),
    )
    if latest is None:
        ax.set_axis_off()
        ax.text(0.5, 0.5, tx("chart_empty"), ha="center", va="center", fontproperties=font)
        return fig
    ranks = latest.ranking.by_unit()
    names = distinctive([unit.name for unit in order])
    labels = []
    for unit, name in zip(order, names, strict=True):
        rank = ranks.get(unit.unit_id)
        labels.append(bar_label(rank.rank if rank else None, unit.code, name))
    bar = 0.8 / len(series)
    top = Decimal(0)
    for k, part in enumerate(series):
        totals = {row.unit.unit_id: row.total for row in part.ranking.rows}
        ys = [i - 0.4 + bar * (k + 0.5) for i, u in enumerate(order) if u.unit_id in totals]
        values = [totals[u.unit_id] for u in order if u.unit_id in totals]
        top = max([top, *values])
        ax.barh(ys, [float(v) for v in values], height=bar * 0.92, color=COLORS[part.round],
                label=tx.round(part.round))  # fmt: skip
        for y, value in zip(ys, values, strict=True):
            ax.text(float(value), y, " " + number_text(lang, value), va="center",
                    fontproperties=small)  # fmt: skip
    maximum = latest.scale.max_total
    ax.axvline(float(maximum), color=MAX_COLOR, linestyle="--", linewidth=1.5)
    ax.text(float(maximum), -0.7, tx("chart_max", max=number_text(lang, maximum)) + " ",
            ha="right", va="center", color=MAX_COLOR, fontproperties=small,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})  # fmt: skip
    limit = float(max(top, maximum)) * 1.12
    ax.set_xlim(0, limit)
    ax.set_ylim(len(order) - 0.5, -1.0)  # rank 1 on top, room for the maximum's label
    ticks = [t for t in MaxNLocator(nbins=6).tick_values(0, limit) if 0 <= t <= limit]
    ax.set_xticks(ticks, [number_text(lang, Decimal(str(t))) for t in ticks], fontproperties=small)
    ax.set_yticks(range(len(order)), labels, fontproperties=font)
    ax.set_xlabel(tx("chart_axis"), fontproperties=font)
    ax.grid(axis="x", color="#DDDDDD")
    ax.set_axisbelow(True)
    if len(series) > 1:  # above the bars, under the title: never over a bar
        fig.legend(prop=small, loc="upper right", ncols=2, frameon=False,
                   bbox_to_anchor=(0.95, 1 - 62 / height))  # fmt: skip
    # excluded by the bloc, and not submitted: two different things, each named as it is
    notes = []
    if latest.ranking.excluded:
        excluded = ", ".join(e.unit.code for e in latest.ranking.excluded)
        notes.append(tx("chart_unranked", units=excluded))
    if latest.ranking.not_submitted:
        missing = ", ".join(u.code for u in latest.ranking.not_submitted)
        notes.append(tx("chart_not_submitted", units=missing))
    if notes:
        fig.text(0.01, 0.015, "\n".join(notes), fontproperties=small, wrap=True)
    return fig


def ranking_png(report: YearReport, catalog: Catalog, lang: str) -> bytes:
    """The chart as PNG bytes of `chart_size(...)` pixels, without a software/date stamp."""
    with matplotlib.rc_context(RENDERING):
        fig = draw_ranking(report, catalog, lang)
        out = io.BytesIO()
        # zlib level 3: as small as the default level's file here, and less of the export's time
        fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None},
                    pil_kwargs={"compress_level": 3})  # fmt: skip
    return out.getvalue()

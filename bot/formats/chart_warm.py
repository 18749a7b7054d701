"""Imported by the worker processes' fork server only: draws a small chart once, so that each
worker forked to draw `/export`'s chart starts with the font loaded and its glyphs rendered.

Why: a forked child inherits the fork server's memory, caches included; without this every
chart began by reading and hinting DejaVu Sans again, which took as long as the drawing.
"""

from __future__ import annotations

import gc
import io
import string

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from bot.formats.chart_png import DPI, FONT_FILE

#: Every letter a chart shows: Latin, digits, punctuation and Vietnamese with its marks.
_LETTERS = (
    string.ascii_letters
    + string.digits
    + string.punctuation
    + "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉ"
    "ỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ…–"
)


def warm() -> None:
    figure = Figure(figsize=(4, 2), dpi=DPI)
    FigureCanvasAgg(figure)
    for size in (10, 12, 14):
        figure.text(
            0.0, size / 20, _LETTERS, fontproperties=FontProperties(fname=FONT_FILE, size=size)
        )
    figure.savefig(io.BytesIO(), format="png", dpi=DPI)


warm()
# Everything loaded so far lives as long as the fork server: out of the collector's sight, a
# child forked from it does not touch (and so copy) those pages when it collects.
gc.collect()
gc.freeze()

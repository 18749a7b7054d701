"""The ranking chart: a valid PNG of the expected size, drawn with a font that has Vietnamese."""

from __future__ import annotations

import io
import struct

import pytest
from matplotlib.ft2font import FT2Font
from matplotlib.image import imread
from matplotlib.text import Text

from bot.formats import worker
from bot.formats.chart_png import FONT_FILE, chart_size, draw_ranking, ranking_png
from bot.i18n import Catalog
from tests.formats.reports import report_of

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def texts(fig) -> list[Text]:  # type: ignore[no-untyped-def]
    return [t for t in fig.findobj(Text) if t.get_text().strip()]


def test_png_is_valid_with_the_expected_size(catalog: Catalog) -> None:
    report = report_of(6, 4)
    data = ranking_png(report, catalog, "vi")
    ranked_units = 4  # U01, U02, U04 in both rounds; U05 at mid-year only
    assert png_size(data) == chart_size(ranked_units)
    pixels = imread(io.BytesIO(data), format="png")
    assert pixels.shape[:2] == (chart_size(ranked_units)[1], chart_size(ranked_units)[0])
    assert ranking_png(report, catalog, "vi") == data  # same data, same picture


def test_every_text_uses_dejavu_sans_which_has_every_letter(catalog: Catalog) -> None:
    fig = draw_ranking(report_of(6, 4), catalog, "vi")
    fig.canvas.draw()
    drawn = texts(fig)
    shown = "".join(t.get_text() for t in drawn)
    assert "Khối thi đua" in shown and "Đồng" in shown and "Sơ kết 6 tháng" in shown
    assert "Điểm tối đa: 30" in shown and "20,25" in shown  # decimal comma in Vietnamese
    for text in drawn:
        assert text.get_fontproperties().get_file() == str(FONT_FILE), text.get_text()
    glyphs = FT2Font(str(FONT_FILE)).get_charmap()
    missing = {c for c in shown if not c.isspace() and ord(c) not in glyphs}
    assert not missing


def test_english_and_empty_charts(catalog: Catalog) -> None:
    fig = draw_ranking(report_of(6, 4, yearend=False), catalog, "en")
    shown = " ".join(t.get_text() for t in texts(fig))
    assert "Maximum: 30" in shown and "Not ranked: U03\nNo self-assessment submitted: U06" in shown
    assert "Year-end" not in shown  # one round: no legend
    empty = report_of(3, 4).model_copy(update={"rounds": ()})
    data = ranking_png(empty, catalog, "en")
    assert png_size(data) == chart_size(0)
    assert "No results to draw yet." in [
        t.get_text() for t in texts(draw_ranking(empty, catalog, "en"))
    ]


async def test_a_worker_process_draws_the_same_chart_and_a_failed_drawing_says_so(
    catalog: Catalog,
) -> None:
    report = report_of(6, 4)
    texts_vi = Catalog({"vi": dict(catalog.texts["vi"])})  # what /export hands the worker
    drawn = await worker.render("bot.formats.chart_png", "ranking_png", report, texts_vi, "vi")
    assert drawn == ranking_png(report, catalog, "vi")
    with pytest.raises(worker.RenderFailed, match="no_such_chart"):
        await worker.render("bot.formats.chart_png", "no_such_chart", report)

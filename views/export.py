"""/export as an admin sees it: where to send the workbook and the chart, and their captions."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.formats.report import YearReport
from bot.i18n import Html, Texts
from views.keyboards import destination_keyboard

KIND = "export"


@button(KIND, "here")
class ExportHere:
    """Send the files to the group, where /export was asked."""

    year_id: int


@button(KIND, "me")
class ExportPrivately:
    """Send the files to the admin who presses, in private."""

    year_id: int


def choice(
    tx: Texts, year: int, year_id: int, charted: bool
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """Where to send the year's files; without a ranking yet, only the workbook is offered."""
    asked = tx("export.ask_where" if charted else "export.ask_where_book", year=year)
    text = Html(f"{asked}\n{tx('export.group_copy')}")
    return text, destination_keyboard(tx, ExportHere(year_id), ExportPrivately(year_id))


def file_names(report: YearReport) -> tuple[str, str]:
    """ASCII names (every phone keeps them): the workbook's and the chart's."""
    return f"ket-qua-thi-dua-{report.year}.xlsx", f"xep-hang-{report.year}.png"


def captions(tx: Texts, report: YearReport, charted: bool) -> tuple[Html, Html | None]:
    """What each file holds; a year without results says so instead of looking empty, and
    without a chart (`charted` False) the workbook's caption says why none comes."""
    rounds = ", ".join(tx(f"export.round_{r.round.value}") for r in report.rounds)
    shown = rounds or tx("export.caption_nothing")
    book = tx("export.caption_workbook", year=report.year, rounds=shown)
    if not charted:
        return Html(f"{book} {tx('export.no_chart')}"), None
    return book, tx("export.caption_chart", year=report.year, rounds=shown)

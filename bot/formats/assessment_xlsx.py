"""The self-assessment template: the scale as a workbook with a score and a note column.

Why a marker row: a delegate sends the filled workbook back days later, maybe after the scale
was replaced, maybe into another unit's or round's /assess; row 1 carries the year, the scale
version's id and its number, the unit (id and code) and the round, so a template of an older
version, of another unit or round, or a workbook that is not the template at all, is refused
whole with a clear reason instead of scores landing on the wrong criteria or assessment.
Everything else is read row by row: each filled row is taken or refused with its row number,
the way pasted lines are.

A template made before the unit and round were written in it is refused whole too, asking for a
new one: nothing in it says for sure whose it is (its title is a visible cell in the language of
whoever downloaded it, which anyone may edit), and taking one unit's scores into another's
assessment costs far more than downloading the template again.

Layout (fixed columns, the header's words are the caller's, in the user's language, the sheet
named in it too): row 1 the marker, hidden (machine codes are not for the person filling it in;
the reader finds it by position, so a template sent out before it was hidden reads the same),
row 2 a title, row 3 the header, then a row per section (bold) and per item, with the bonus and
deduction items under their own heading rows.

A hidden second sheet keeps what each criterion was pre-filled with (row 1 `PREFILLED`, then
code, points as plain digits, note), so a row the person left as it was does not undo a change
stored after the template was made (`bot.domain.template_rows`). A template without it (made
before it was written, or copied into another workbook) is read as before.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain.assessment import Round, Score, check_note, score_for
from bot.domain.bloc import Record
from bot.domain.errors import FieldError, InvalidValue, Reason, clip, error, reject
from bot.domain.scale import Criterion, Scale, parse_number, plain
from bot.domain.score_lines import ScoreLine
from bot.domain.template_rows import Prefilled
from bot.formats.reading import check_upload
from bot.formats.xlsx import Rows, read_xlsx_sheets
from bot.formats.xlsx import put as put_cell

MARKER = "eba-assessment"
#: The rounds a marker may name (the phase words of `bot.domain.assessment.Round`).
ROUNDS = frozenset(r.value for r in Round)
#: Row 1 of the hidden sheet of what the template was pre-filled with.
PREFILLED = "eba-prefilled"
#: code, title, max, step, evidence, guidance, score, note (0-based column positions).
CODE, SCORE, NOTE = 0, 6, 7
HEADER_ROW = 3
_WIDTHS = (10, 70, 8, 8, 10, 45, 10, 45)
#: The fill colour of the cells a delegate fills in.
_FILL_COLOUR = "FFF2CC"


@dataclass(frozen=True)
class Labels:
    """The words of the template in the user's language (from the catalog)."""

    title: str
    columns: Sequence[str]  # the 8 headers, in the order of the fixed columns
    bonus: str
    deductions: str
    evidence_yes: str
    keep_row: str  # "do not change this row", next to the marker
    sheet: str  # the sheet's name (at most 31 characters, none of : \ / ? * [ ])


@dataclass(frozen=True)
class Version:
    """Which scale version, unit and round a template is for: written in the marker row,
    checked on reading (the unit by its id; its code is what a refusal names)."""

    year_id: int
    scale_id: int
    number: int
    unit_id: int
    unit_code: str
    round: str  # the round's phase word: midyear, yearend
    #: On reading: the other units the sender acts for, and the rounds they may still change;
    #: a refusal suggests choosing another unit or round only when the sender can.
    choosable: frozenset[int] = frozenset()
    open_rounds: frozenset[str] = frozenset()


class TemplateResult(Record):
    """A filled template read back: rows taken (`line` is the row), rows refused, rows left
    empty (no score), and what it was pre-filled with (None: a template without that data)."""

    taken: tuple[ScoreLine, ...] = ()
    errors: tuple[FieldError, ...] = ()
    empty: int = 0
    prefilled: dict[str, Prefilled] | None = None
    #: The criteria rows left with an empty Score cell: (row, criterion code).
    blank: tuple[tuple[int, str], ...] = ()


def _item_row(item: Criterion, labels: Labels, score: Score | None) -> list[Any]:
    return [
        item.code,
        item.title,
        item.max,
        item.step,
        labels.evidence_yes if item.evidence else None,
        item.guidance,
        score.value if score is not None else None,
        score.note if score is not None else None,
    ]


def write_template(
    scale: Scale, version: Version, labels: Labels, scores: Mapping[str, Score] | None = None
) -> bytes:
    """The template, pre-filled with the scores given so far (so it also serves to edit)."""
    scores = scores or {}
    # openpyxl loads only when a workbook is written (it costs the bot's start-up 25 MiB)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = labels.sheet[:31]
    grey = Font(color="808080", size=8)
    marker = [
        MARKER,
        version.year_id,
        version.scale_id,
        version.number,
        version.unit_id,
        version.unit_code,
        version.round,
        labels.keep_row,
    ]
    for column, value in enumerate(marker, start=1):
        put_cell(sheet, 1, column, value).font = grey
    sheet.row_dimensions[1].hidden = True
    put_cell(sheet, 2, 1, labels.title).font = Font(bold=True, size=13)
    bold = Font(bold=True)
    for column, (name, width) in enumerate(zip(labels.columns, _WIDTHS, strict=True), start=1):
        cell = put_cell(sheet, HEADER_ROW, column, name)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        sheet.column_dimensions[cell.column_letter].width = width
    lines: list[tuple[list[Any], Criterion | None]] = []
    for section in scale.sections:
        lines.append(([section.code, section.title], None))
        lines += [(_item_row(c, labels, scores.get(c.code)), c) for c in section.criteria]
    for heading, items in ((labels.bonus, scale.bonus), (labels.deductions, scale.deductions)):
        if items:
            lines.append(([None, heading], None))
            lines += [(_item_row(c, labels, scores.get(c.code)), c) for c in items]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, (values, item) in enumerate(lines, start=HEADER_ROW + 1):
        for column, value in enumerate(values, start=1):
            cell = put_cell(sheet, row, column, value)
            cell.alignment = wrap
            if column == CODE + 1:
                cell.number_format = "@"
            if item is None:
                cell.font = bold
        if item is not None:
            _score_cells(sheet, row, item)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _prefilled_sheet(book, scores)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _score_cells(sheet: Any, row: int, item: Criterion) -> None:
    """Highlight the cells to fill; Excel itself refuses a score outside 0..max."""
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    for column in (SCORE, NOTE):
        sheet.cell(row=row, column=column + 1).fill = PatternFill("solid", fgColor=_FILL_COLOUR)
    check = DataValidation(
        type="decimal", operator="between", formula1="0", formula2=plain(item.max)
    )
    check.add(sheet.cell(row=row, column=SCORE + 1).coordinate)
    sheet.add_data_validation(check)


def _prefilled_sheet(book: Any, scores: Mapping[str, Score]) -> None:
    """The hidden sheet of what each scored criterion shows (see the module docstring)."""
    sheet = book.create_sheet("prefilled")
    sheet.sheet_state = "hidden"
    put_cell(sheet, 1, 1, PREFILLED)
    shown = [s for s in scores.values() if s.value is not None or s.note is not None]
    for row, score in enumerate(shown, start=2):
        value = plain(score.value) if score.value is not None else None
        for column, cell in enumerate((score.code, value, score.note), start=1):
            put_cell(sheet, row, column, cell)


def _read_prefilled(rows: Rows) -> dict[str, Prefilled]:
    """The hidden sheet read back; a row that does not read is left out (its criterion counts
    as empty, so a changed row of it cannot overwrite a stored score)."""
    found: dict[str, Prefilled] = {}
    for _, cells in rows[1:]:
        code, value, note = (_cell(cells, i) for i in range(3))
        points = parse_number(_text(value)) if value is not None else None
        if code is None or (value is not None and points is None):
            continue
        found[_text(code)] = Prefilled(value=points, note=None if note is None else _text(note))
    return found


def _cell(cells: Sequence[Any], index: int) -> Any:
    return cells[index] if index < len(cells) else None


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _check_marker(rows: list[tuple[int, list[Any]]], version: Version) -> None:
    """Refuse the whole file unless it is the template of this year, unit, round and scale."""
    number, cells = rows[0]
    if number != 1 or _cell(cells, 0) != MARKER:
        raise reject(Reason.NOT_TEMPLATE)
    year_id, scale_id, old, unit_id = (_as_int(_cell(cells, i)) for i in (1, 2, 3, 4))
    if year_id != version.year_id or scale_id is None or old is None:
        raise reject(Reason.NOT_TEMPLATE)
    unit_code, round_ = (_cell(cells, i) for i in (5, 6))
    if unit_id is None or not isinstance(unit_code, str) or round_ not in ROUNDS:
        raise reject(Reason.UNMARKED_TEMPLATE)  # made before unit and round were written
    if unit_id != version.unit_id:
        own = (
            Reason.OTHER_UNIT_TEMPLATE if unit_id in version.choosable else Reason.NOT_OWN_TEMPLATE
        )
        raise reject(own, unit=clip(unit_code), current=version.unit_code)
    if round_ != version.round and round_ not in version.open_rounds:
        raise reject(Reason.LOCKED_ROUND_TEMPLATE, round=round_, current_round=version.round)
    if round_ != version.round:
        raise reject(
            Reason.OTHER_ROUND_TEMPLATE, round=round_, current_round=version.round, command=round_
        )
    if scale_id != version.scale_id:
        raise reject(Reason.OLD_TEMPLATE, version=old, current=version.number)


class Marker(Record):
    """Whose template a workbook is, as its marker row says (the year, unit and round)."""

    year_id: int
    unit_id: int
    unit_code: str
    round: str


def read_marker(data: bytes) -> Marker | None:
    """The marker of a self-assessment template sent with no /assess open, so the answer can
    say whose it is; None for any other workbook (or one made before unit and round were
    written in it), which gets the answer any unknown file gets."""
    check_upload(data)
    sheets = [rows for rows in read_xlsx_sheets(data) if rows]
    rows = next((rows for rows in sheets if _cell(rows[0][1], 0) != PREFILLED), None)
    if rows is None or rows[0][0] != 1 or _cell(rows[0][1], 0) != MARKER:
        return None
    cells = rows[0][1]
    year_id, unit_id = _as_int(_cell(cells, 1)), _as_int(_cell(cells, 4))
    unit_code, round_ = _cell(cells, 5), _cell(cells, 6)
    if year_id is None or unit_id is None or not isinstance(unit_code, str) or round_ not in ROUNDS:
        return None
    return Marker(year_id=year_id, unit_id=unit_id, unit_code=clip(unit_code), round=round_)


def _text(value: Any) -> str:
    """A cell as the text a person would have typed ("8.5" for 8.5, never "8.5000001")."""
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def read_template(data: bytes, scale: Scale, version: Version) -> TemplateResult:
    """The filled template: FileRejected when it is not one or is of another scale version."""
    check_upload(data)
    sheets = [rows for rows in read_xlsx_sheets(data) if rows]
    hidden = [rows for rows in sheets if _cell(rows[0][1], 0) == PREFILLED]
    rows = next((rows for rows in sheets if _cell(rows[0][1], 0) != PREFILLED), sheets[0])
    _check_marker(rows, version)
    taken: list[ScoreLine] = []
    errors: list[FieldError] = []
    seen: set[str] = set()
    blank: list[tuple[int, str]] = []
    for number, cells in rows:
        code, value = _cell(cells, CODE), _cell(cells, SCORE)
        if number <= HEADER_ROW or code is None:
            continue
        item = scale.find(_text(code))
        if value is None:
            if item is not None:
                blank.append((number, item.criterion.code))
            continue
        if item is None:
            errors.append(error(Reason.UNKNOWN_ITEM, value=clip(_text(code))).at(row=number))
            continue
        try:
            points = score_for(item.criterion, _text(value))
            note = check_note(_text(_cell(cells, NOTE) or ""))
        except InvalidValue as exc:
            errors.append(exc.error.at(item=item.criterion.code, row=number))
            continue
        if item.criterion.code in seen:
            errors.append(error(Reason.REPEATED_ITEM, code=item.criterion.code).at(row=number))
            continue
        seen.add(item.criterion.code)
        taken.append(ScoreLine(line=number, code=item.criterion.code, value=points, note=note))
    prefilled = _read_prefilled(hidden[0]) if hidden else None
    return TemplateResult(
        taken=tuple(taken), errors=tuple(errors), empty=len(blank), prefilled=prefilled,
        blank=tuple(blank),
    )  # fmt: skip

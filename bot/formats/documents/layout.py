"""The layout of an administrative document (Decree 30/2020/NĐ-CP), for the template builder.

A4, margins top 20, bottom 20, left 30, right 15 mm; Times New Roman 13 pt (14 pt for the
document type); the header as a two-column borderless table (issuing body and number on the
left, the national title and motto and the place and date on the right); the signer on the
right and the recipients ("Nơi nhận") on the left at the end. Placeholders are docxtpl/Jinja:
`{{ name }}` in runs, `{%p … %}` paragraphs for loops and `{%tr … %}` rows for table rows.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
SIZE = Pt(13)
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def page(doc: DocxDocument, *, landscape: bool = False) -> None:
    section = doc.sections[0]
    long_side, short_side = Mm(297), Mm(210)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long_side, short_side
    else:
        section.page_width, section.page_height = short_side, long_side
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = SIZE
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(3)


def para(
    where: DocxDocument | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Paragraph:
    paragraph = where.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def rule(where: DocxDocument | _Cell, indent_mm: float) -> None:
    """A short centred line (the decree's line under the issuing body, the motto and the
    summary): an empty tiny paragraph with a bottom border, narrowed by its indents."""
    paragraph = where.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(2)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)


def _widths(table: Table, widths_mm: list[float]) -> None:
    """Fixed column widths, in the grid (what LibreOffice reads) and in every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def two_columns(doc: DocxDocument, left_mm: float, right_mm: float) -> tuple[_Cell, _Cell]:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [left_mm, right_mm])
    left, right = table.rows[0].cells
    for cell in (left, right):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return left, right


def header(doc: DocxDocument, motto: tuple[str, str], *, numbered: bool, number_label: str) -> None:
    """Issuing body and number (left); national title, motto, place and date (right)."""
    left, right = two_columns(doc, 62, 103)
    para(left, "{{ parent_body }}", size=12, align=CENTER)
    para(left, "{{ issuing_body }}", bold=True, size=12, align=CENTER)
    rule(left, 22)
    if numbered:
        para(left, number_label + " {{ number }}", size=13, align=CENTER)
    para(right, motto[0], bold=True, size=12, align=CENTER)
    para(right, motto[1], bold=True, size=13, align=CENTER)
    rule(right, 28)
    para(right, "{{ place_date }}", italic=True, size=13, align=CENTER)
    para(doc)


def title(doc: DocxDocument, kind: str, summary: str) -> None:
    para(doc, kind, bold=True, size=14, align=CENTER)
    para(doc, summary, bold=True, size=14, align=CENTER)
    rule(doc, 60)
    para(doc)


def loop(doc: DocxDocument | _Cell, statement: str) -> None:
    """A docxtpl paragraph tag: the whole paragraph becomes `{% statement %}`."""
    para(doc, "{%p " + statement + " %}")


def data_table(
    doc: DocxDocument,
    headers: list[str],
    cells: list[str],
    loop_over: str,
    widths_mm: list[float],
) -> Table:
    """A bordered table: a bold header row, then one row per item of `loop_over`."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    first = "{%tr for " + loop_over + " %}"
    for col, (head, cell) in enumerate(zip(headers, cells, strict=True)):
        _cell_text(table.cell(0, col), head, bold=True)
        _cell_text(table.cell(1, col), first if col == 0 else "")
        _cell_text(table.cell(2, col), cell)
        _cell_text(table.cell(3, col), "{%tr endfor %}" if col == 0 else "")
    _widths(table, widths_mm)
    return table


def _cell_text(cell: _Cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = CENTER if bold else None
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(12)


def signatures(
    doc: DocxDocument, left: list[tuple[str, bool]], right: list[tuple[str, bool]]
) -> None:
    """Two signature columns; each line is (text, bold). A blank block leaves room to sign."""
    para(doc)
    cells = two_columns(doc, 80, 85)
    for cell, lines in zip(cells, (left, right), strict=True):
        for text, bold in lines:
            para(cell, text, bold=bold, align=CENTER)


def recipients_and_signer(doc: DocxDocument, label: str, sign: list[tuple[str, bool]]) -> None:
    """ "Nơi nhận" on the left (italic bold 12, items 11), the signer on the right."""
    para(doc)
    left, right = two_columns(doc, 80, 85)
    para(left, label, bold=True, italic=True, size=12)
    loop(left, "for r in recipients")
    para(left, "- {{ r }};", size=11)
    loop(left, "endfor")
    for text, bold in sign:
        para(right, text, bold=bold, align=CENTER)

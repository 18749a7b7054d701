"""Hand-made workbooks for the attack tests: any sheet XML, shared strings, a lying dimension."""

from __future__ import annotations

import io
import zipfile

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def cells(*rows: list[str], first: int = 1) -> bytes:
    """`<row>`s of inline-string cells from row `first`."""
    out = []
    for r, values in enumerate(rows, start=first):
        row = "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
            for c, v in enumerate(values)
        )
        out.append(f'<row r="{r}">{row}</row>')
    return "".join(out).encode()


ROSTER = cells(["code", "name"], ["AA", "Unit A"], ["BB", "Unit B"])


def xlsx(
    sheet_data: bytes = ROSTER, *, shared: bytes | None = None, dimension: str = "A1:B3"
) -> bytes:
    """A minimal valid workbook with `sheet_data` inside `<sheetData>` of its only sheet."""
    files = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml"'
                f' ContentType="{_CT}.sharedStrings+xml"/>'
                if shared is not None
                else ""
            )
            + "</Types>"
        ).encode(),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/worksheet"'
            ' Target="worksheets/sheet1.xml"/>'
            + (
                f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
                if shared is not None
                else ""
            )
            + "</Relationships>"
        ).encode(),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{_NS}"><dimension ref="{dimension}"/><sheetData>'.encode()
            + sheet_data
            + b"</sheetData></worksheet>"
        ),
    }
    if shared is not None:
        files["xl/sharedStrings.xml"] = f'<sst xmlns="{_NS}">'.encode() + shared + b"</sst>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()

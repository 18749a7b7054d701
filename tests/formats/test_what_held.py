"""Issue 17, "What held": the hostile files the attack tried are refused cleanly and quickly;
kept here so they stay refused."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable

import pytest

from bot.domain.errors import Reason
from bot.formats.roster import load_roster
from bot.formats.scale import load_scale
from tests.domain.helpers import rejected
from tests.formats.hostile import xlsx

_LAUGHS = "".join(
    f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdef", "bcdefg", strict=True)
)
LAUGHS = f'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">{_LAUGHS}]>'.encode()


def _with_sheet(change: Callable[[bytes], bytes]) -> bytes:
    """The hand-made roster workbook with its sheet XML changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if "worksheets" in info.filename else data)
    return out.getvalue()


XXE = b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
CASES = {
    "xxe.xlsx": (_with_sheet(lambda d: XXE + d.replace(b"Unit A", b"&x;")), Reason.NOT_XLSX),
    "laughs.xlsx": (_with_sheet(lambda d: LAUGHS + d.replace(b"Unit A", b"&g;")), Reason.NOT_XLSX),
    "junk.xlsx": (b"PK\x03\x04" + b"\x00" * 100, Reason.NOT_XLSX),
    "ole.xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, Reason.NOT_XLSX),
    "truncated.xlsx": (xlsx()[: len(xlsx()) // 2], Reason.NOT_XLSX),
    "laughs.yaml": (
        b"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nunits: [*b,*b,*b]\n",
        Reason.YAML_ALIAS,
    ),
    "tag.yaml": (b"units: !!python/object/apply:os.system ['echo hi']\n", Reason.NOT_YAML),
    "merge.yaml": (b"base: &b {code: AA}\nunits:\n  - <<: *b\n    name: X\n", Reason.YAML_ALIAS),
    "deep.yaml": (b"units: " + b"[" * 10000 + b"]" * 10000 + b"\n", Reason.NOT_YAML),
    "multi.yaml": (b"units: []\n---\nunits: []\n", Reason.NOT_YAML),
    "utf16.csv": ("code,name\nAA,Đơn vị\n".encode("utf-16"), Reason.NOT_UTF8),
    "cp1258.csv": (b"code,name\nAA,\xd0\xf5n v\xd2\xde\n", Reason.NOT_UTF8),
    "empty.csv": (b"", Reason.EMPTY_FILE),
    "roster.docx": (b"code,name\nAA,X\n", Reason.UNSUPPORTED_TYPE),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_roster_is_refused_quickly(name: str) -> None:
    data, reason = CASES[name]
    started = time.monotonic()
    errors = rejected(load_roster, name, data)
    assert time.monotonic() - started < 2
    assert {e.reason for e in errors} == {reason}


@pytest.mark.parametrize("name", ["xxe.xlsx", "laughs.yaml", "tag.yaml", "deep.yaml", "ole.xlsx"])
def test_a_hostile_scale_is_refused(name: str) -> None:
    data, reason = CASES[name]
    assert {e.reason for e in rejected(load_scale, name, data)} == {reason}

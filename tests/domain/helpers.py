"""Helpers of the domain tests: sample files, rejected-file checks, workbooks, catalogs."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import strategies as st
from openpyxl import Workbook

from bot.domain.errors import FieldError, FileRejected
from bot.domain.scale import Criterion, Scale, Section

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bot" / "data"
LOCALES = ROOT / "bot" / "locales"
SHARED_DATA = next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
    ROOT.parent / "shared" / "data",
)


def sample_scale_bytes() -> bytes:
    return (DATA / "scale-sample.yaml").read_bytes()


def sample_roster_bytes() -> bytes:
    return (DATA / "roster-sample.yaml").read_bytes()


def rejected(load: Callable[..., Any], *args: Any) -> list[FieldError]:
    """The errors of a file that `load` must refuse."""
    with pytest.raises(FileRejected) as caught:
        load(*args)
    assert caught.value.errors, "a FileRejected without errors"
    return caught.value.errors


def only(errors: list[FieldError]) -> FieldError:
    assert len(errors) == 1, errors
    return errors[0]


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """The 1-based line of the `nth` line containing `needle`."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return found[nth]


def workbook(rows: list[list[Any]], *, first_row: int = 1) -> bytes:
    """A one-sheet workbook with `rows` from row `first_row`."""
    book = Workbook()
    sheet = book.active
    for r, values in enumerate(rows, start=first_row):
        for c, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load_catalog(lang: str, namespace: str) -> dict[str, str]:
    data = yaml.safe_load((LOCALES / lang / f"{namespace}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# --- strategies ---------------------------------------------------------------------------

TEXT_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"
) | st.sampled_from("\n\t ")
titles = st.text(TEXT_CHARS, min_size=1, max_size=40).map(str.strip).filter(bool)
code_texts = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._\-]{0,15}", fullmatch=True)
steps = st.sampled_from([Decimal(s) for s in ("0.01", "0.05", "0.1", "0.25", "0.5", "1", "2")])


@st.composite
def criteria_parts(draw: st.DrawFn, code: str) -> Criterion:
    step = draw(steps)
    multiple = draw(st.integers(min_value=1, max_value=min(40, int(Decimal(1000) / step))))
    guidance = draw(st.none() | titles)
    return Criterion(
        code=code,
        title=draw(titles),
        max=step * multiple,
        step=step,
        evidence=draw(st.booleans()),
        guidance=guidance,
    )


@st.composite
def scales(draw: st.DrawFn, max_items: int = 12) -> Scale:
    """Valid scales: unique codes (ignoring case), 1–3 sections, a few bonus/deductions."""
    n_sections = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 4)) for _ in range(n_sections)]
    n_bonus, n_deductions = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    total = n_sections + sum(sizes) + n_bonus + n_deductions
    codes = draw(st.lists(code_texts, min_size=total, max_size=total, unique_by=str.casefold))
    it = iter(codes)
    sections = []
    for size in sizes:
        code = next(it)
        items = [draw(criteria_parts(next(it))) for _ in range(size)]
        sections.append(Section(code=code, title=draw(titles), criteria=items))
    bonus = [draw(criteria_parts(next(it))) for _ in range(n_bonus)]
    deductions = [draw(criteria_parts(next(it))) for _ in range(n_deductions)]
    return Scale(name=draw(titles), sections=sections, bonus=bonus, deductions=deductions)

"""The minutes' line for a title whose seats are tied: the tied units qualified, so the line
must not say that no unit qualified (it says none is proposed yet, and who ties)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.domain.commendation import Row, Standing, TitleResult
from bot.formats.documents.votes import _title_outcome
from bot.formats.documents.words import Words
from bot.i18n import Catalog

FLAG = "Cờ thi đua của Bộ Tài chính"


def _result(standings: list[Standing]) -> TitleResult:
    rows = tuple(
        Row(unit_id=n, approvals=3, rank=1, standing=s) for n, s in enumerate(standings, start=1)
    )
    return TitleResult(title_id=7, quota=2, needed=2, rows=rows, tied_seats=2)


@pytest.mark.parametrize(
    ("lang", "none_yet", "nobody", "units"),
    [
        (
            "vi",
            "chưa có đơn vị nào được đề nghị",
            "không có đơn vị nào đủ điều kiện",
            "U1, U2 và U3",
        ),
        ("en", "no unit proposed yet", "no unit qualifies", "U1, U2 and U3"),
    ],
)
def test_a_tie_for_the_seats_is_not_called_no_unit_qualifying(
    lang: str, none_yet: str, nobody: str, units: str
) -> None:
    w = Words(Catalog.load(), lang, "Asia/Ho_Chi_Minh")
    data = SimpleNamespace(titles={7: FLAG}, unit_label=lambda u: f"U{u}")
    tied = _title_outcome(w, data, _result([Standing.TIED] * 3))  # type: ignore[arg-type]
    assert none_yet in tied and nobody not in tied and units in tied
    short = _result([Standing.SHORT] * 3).model_copy(update={"tied_seats": 0})
    assert nobody in _title_outcome(w, data, short)  # type: ignore[arg-type]

"""A roster names only what happens, in both languages: the answer to ✅ and the preview's
line about what a file leaves as it is."""

from __future__ import annotations

import pytest

from bot.domain.roster import RosterPlan, RosterRow
from bot.i18n import Catalog, plain_text
from views.roster import applied_text, kept_line

ADDED = [RosterRow(code=f"U{n}", name=f"Đơn vị {n}") for n in range(11)]
RENAMED = [("DLK", "Đắk Lắk", "BQL KCN Đắk Lắk")]


@pytest.mark.parametrize(
    ("lang", "plan", "said"),
    [
        ("vi", RosterPlan(added=ADDED), "✅ Đã lưu: thêm 11. Khối hiện có 12 đơn vị."),
        ("vi", RosterPlan(renamed=RENAMED), "✅ Đã lưu: đổi tên 1. Khối hiện có 12 đơn vị."),
        ("en", RosterPlan(added=ADDED), "✅ Stored: 11 added. Units in the bloc now: 12."),
        (
            "en",
            RosterPlan(added=ADDED, renamed=RENAMED),
            "✅ Stored: 11 added, 1 renamed. Units in the bloc now: 12.",
        ),
    ],
)
def test_a_stored_roster_leaves_out_what_did_not_happen(
    lang: str, plan: RosterPlan, said: str
) -> None:
    tx = Catalog.load().for_lang(lang)
    assert plain_text(applied_text(tx, plan, 12)) == said


@pytest.mark.parametrize(
    ("lang", "plan", "said"),
    [
        ("vi", RosterPlan(unchanged=["DLK"]), "Giữ nguyên: 1."),
        (
            "vi",
            RosterPlan(absent=["DLK", "DNG"]),
            "Các đơn vị không có trong tệp vẫn được giữ: 2.",
        ),
        (
            "vi",
            RosterPlan(unchanged=["DLK"], absent=["DNG"]),
            "Giữ nguyên: 1. Các đơn vị không có trong tệp vẫn được giữ: 1.",
        ),
        ("en", RosterPlan(unchanged=["DLK"]), "Unchanged: 1."),
        ("en", RosterPlan(absent=["DLK", "DNG"]), "Units not in the file are kept: 2."),
        ("vi", RosterPlan(), None),
        ("en", RosterPlan(), None),
    ],
)
def test_a_roster_preview_leaves_out_what_a_file_does_not_keep(
    lang: str, plan: RosterPlan, said: str | None
) -> None:
    tx = Catalog.load().for_lang(lang)
    line = kept_line(tx, plan)
    assert (line if line is None else plain_text(line)) == said

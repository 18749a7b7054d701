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
        (
            "vi",
            RosterPlan(added=ADDED),
            "✅ Đã lưu: thêm 11. Khối hiện có 12 đơn vị.\n"
            "Tiếp theo, mời cán bộ đầu mối của từng đơn vị bằng /invite MÃ (ví dụ /invite U0), "
            "hoặc để cán bộ đầu mối gõ /join trong nhóm này và chọn đơn vị của mình.",
        ),
        # only renamed: the units have their delegates already, no next step
        ("vi", RosterPlan(renamed=RENAMED), "✅ Đã lưu: đổi tên 1. Khối hiện có 12 đơn vị."),
        (
            "en",
            RosterPlan(added=ADDED, renamed=RENAMED),
            "✅ Stored: 11 added, 1 renamed. Units in the bloc now: 12.\n"
            "Next, invite each unit's delegate with /invite CODE (for example /invite U0), "
            "or let delegates type /join in this group and pick their unit.",
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
            "2 đơn vị không có trong tệp vẫn được giữ nguyên: DLK, DNG.",
        ),
        (
            "vi",
            RosterPlan(unchanged=["DLK"], absent=["AB"]),
            "Giữ nguyên: 1. 1 đơn vị không có trong tệp vẫn được giữ nguyên: AB.",
        ),
        ("en", RosterPlan(unchanged=["DLK"]), "Unchanged: 1."),
        ("en", RosterPlan(absent=["DLK", "DNG"]), "2 units not in the file are kept: DLK, DNG."),
        ("en", RosterPlan(absent=["AB"]), "1 unit not in the file is kept: AB."),
        (
            "en",
            RosterPlan(absent=[f"U{n:02}" for n in range(21)]),
            "21 units not in the file are kept: "
            + ", ".join(f"U{n:02}" for n in range(20))
            + " and 1 more.",
        ),
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

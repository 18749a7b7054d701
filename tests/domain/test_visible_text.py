"""Issue 17 (smaller): invisible or spoofing text is refused as a unit name and stripped from
names and commitments."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import InvalidValue, Reason
from bot.domain.pledge import PledgeDraft, clean_part, clean_title_name, length_with
from bot.domain.roster import plan_roster_import
from bot.domain.text import has_visible, visible_text
from bot.domain.units import check_unit_name
from bot.formats.roster import load_roster
from tests.domain.helpers import only, rejected

RLO = "\u202e"


@pytest.mark.parametrize(
    "name", ["\u200b\u200b", "\u200d", "\ufeff \u2060", RLO, "\u2066\u2069", "\u3164", "\u00ad"]
)
def test_a_name_of_only_invisible_characters_is_empty(name: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_unit_name(name)
    assert caught.value.error.reason == Reason.EMPTY_NAME


def test_direction_overrides_are_stripped_from_names() -> None:
    assert check_unit_name(f"Ban Quản lý {RLO}KLD\u202c tỉnh") == "Ban Quản lý KLD tỉnh"
    assert check_unit_name("Sở\u200b Nội vụ") == "Sở Nội vụ"


def test_emoji_joiners_are_kept() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert visible_text(f"Tổ {family}") == f"Tổ {family}"
    assert visible_text("\u200dA\u200d") == "A"


def test_commitments_lose_overrides_and_an_invisible_message_is_empty() -> None:
    assert clean_part(f"  Hoàn thành {RLO}100%  ") == "Hoàn thành 100%"
    assert clean_part("\u200b\u200b\n\u2060") == ""
    draft = PledgeDraft(year_id=1).with_part(f"{RLO}abc")
    assert draft.commitments == "abc" and length_with(draft.parts, RLO) == 3
    assert clean_title_name(f"Cờ {RLO}thi đua") == "Cờ thi đua" and clean_title_name("\u200b") == ""


def test_a_roster_row_with_an_invisible_name_is_refused_with_its_row() -> None:
    data = f"code,name\nAA,Unit A\nBB,\u200b\u200b\nCC,{RLO}Unit C\n".encode()
    err = only(rejected(load_roster, "units.csv", data))
    assert (err.reason, err.row, err.field) == (Reason.EMPTY_NAME, 3, "name")
    good = load_roster("units.csv", f"code,name\nCC,{RLO}Unit C\n".encode())
    assert good[0].name == "Unit C"


def test_vietnamese_typed_with_combining_marks_is_stored_composed() -> None:
    """Unikey's "Unicode tổ hợp" types "ệ" as e + two marks: it looks the same, and must be the
    same name, title and text as the one typed on another computer."""
    name = "Ban Quản lý các Khu công nghiệp Đồng Nai"
    typed = unicodedata.normalize("NFD", name)
    assert typed != name
    assert check_unit_name(typed) == name
    assert (
        clean_title_name(unicodedata.normalize("NFD", "Cờ thi đua của Bộ")) == "Cờ thi đua của Bộ"
    )
    assert clean_part(unicodedata.normalize("NFD", "Hoàn thành kế hoạch")) == "Hoàn thành kế hoạch"


def test_a_roster_sent_again_from_another_keyboard_renames_nothing() -> None:
    name = "Ban Quản lý các Khu kinh tế tỉnh Đắk Lắk"
    data = f"code,name\nDLK,{unicodedata.normalize('NFD', name)}\n".encode()
    rows = load_roster("units.csv", data)
    for stored in (name, unicodedata.normalize("NFD", name)):  # the latter: stored before
        plan = plan_roster_import({"DLK": stored}, rows)
        assert (plan.renamed, plan.unchanged) == ([], ["DLK"])


@given(st.text())
def test_visible_text_never_leaves_format_characters(text: str) -> None:
    cleaned = visible_text(text)
    assert all(unicodedata.category(c) != "Cf" or c in "\u200c\u200d" for c in cleaned)
    assert has_visible(cleaned) == has_visible(text)

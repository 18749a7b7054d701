"""The forms' examples are made of the bloc's own data (the meeting's: its year and unit codes;
the letterhead's: its name and its unit's name, or its saved letterhead), in both languages."""

from __future__ import annotations

import pytest

from bot.domain.documents import DocumentSettings, settings_fields
from bot.i18n import Catalog, plain_text
from bot.usecases.documents_flow import LetterheadExample, MeetingExample
from views.documents import letterhead_form, meeting_form


@pytest.mark.parametrize(
    ("lang", "codes", "example"),
    [
        ("vi", ("BDI", "DKN"), "20/12/2026; Hội trường cơ quan Khối trưởng; BDI DKN"),
        ("en", ("BDI", "DKN"), "20/12/2026; Meeting hall of the head unit; BDI DKN"),
        ("vi", (), "20/12/2026; Hội trường cơ quan Khối trưởng"),
    ],
)
def test_the_meeting_example_is_the_blocs_own(
    lang: str, codes: tuple[str, ...], example: str
) -> None:
    tx = Catalog.load().for_lang(lang)
    text = plain_text(meeting_form(tx, MeetingExample(2026, codes)))
    assert text.splitlines()[-1] == example


BLOC = "Khối thi đua Tây Nguyên"
UNIT = "Ban Quản lý các KCN Đắk Lắk"


def _form(lang: str, example: LetterheadExample) -> list[str]:
    text = plain_text(letterhead_form(Catalog.load().for_lang(lang), example))
    return text.split("\n")[1:8]


def test_the_letterhead_example_is_the_blocs_name_and_unit_generic_elsewhere() -> None:
    assert _form("vi", LetterheadExample(BLOC, UNIT, None)) == [
        "Cơ quan chủ quản: TÊN CƠ QUAN CHỦ QUẢN",
        "Cơ quan ban hành: KHỐI THI ĐUA TÂY NGUYÊN",
        "Địa danh: Tên tỉnh, thành phố",
        "Chức vụ người ký: TRƯỞNG BAN QUẢN LÝ CÁC KCN ĐẮK LẮK",
        "Họ tên người ký: Nguyễn Văn A",
        "Ký hiệu: KTĐ",
        "Nơi nhận: Hội đồng Thi đua - Khen thưởng cấp trên; Các đơn vị thành viên; Lưu: VT",
    ]
    assert _form("en", LetterheadExample(BLOC, None, None)) == [
        "Parent body: NAME OF THE PARENT BODY",
        "Issuing body: KHỐI THI ĐUA TÂY NGUYÊN",
        "Place: Province or city",
        "Signer's position: HEAD OF THE HEAD UNIT",
        "Signer's name: Nguyen Van A",
        "Symbol: KTĐ",
        "Recipients: Emulation and Commendation Council; Member units; Archive",
    ]


def test_a_saved_letterhead_is_shown_to_edit_and_reads_back_the_same() -> None:
    saved = DocumentSettings(
        issuing_body="KHỐI THI ĐUA TÂY NGUYÊN",
        place_name="Đắk Lắk",
        signer_title="TRƯỞNG BAN",
        signer_name="Trần Thị B",
        number_prefix="KTN",
        recipients=("UBND tỉnh Đắk Lắk", "Lưu: VT"),
    )
    lines = _form("vi", LetterheadExample(BLOC, UNIT, saved))
    assert lines[0] == "Cơ quan chủ quản: -" and lines[2] == "Địa danh: Đắk Lắk"
    assert lines[6] == "Nơi nhận: UBND tỉnh Đắk Lắk; Lưu: VT"
    assert DocumentSettings.model_validate(settings_fields("\n".join(lines))) == saved

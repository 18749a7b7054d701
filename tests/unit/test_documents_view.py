"""The meeting form's example is made of the bloc's own year and unit codes, in both languages."""

from __future__ import annotations

import pytest

from bot.i18n import Catalog, plain_text
from bot.usecases.documents_flow import MeetingExample
from views.documents import meeting_form


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

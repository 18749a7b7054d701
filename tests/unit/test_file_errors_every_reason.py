"""Issue 17.4 and 17.10: every file error renders, in both languages, with every parameter it
carries (names such as `key` included) and every place, and stays one short line whatever the
file held (the same through the emulator: tests/flows/test_hostile_files.py)."""

from __future__ import annotations

import pytest

from bot.domain.errors import REASON_PARAMS, FileRejected, Reason, error
from bot.i18n import Catalog, plain_text
from handlers.file_errors import domain_error_messages, render_error

catalog = Catalog.load()
HUGE = "K" * 5000


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_renders_with_all_its_params_and_places(lang: str, reason: Reason) -> None:
    tx = catalog.for_lang(lang)
    params = {name: f"<{name}>" + HUGE for name in REASON_PARAMS[reason]}
    for where in ({"line": 3}, {"row": 4}, {}):
        e = error(reason, **params).at(section=HUGE, item=HUGE, field=HUGE, **where)
        text = plain_text(render_error(tx, e))
        assert len(text) < 1000, text[:200]
        for name in params:
            assert f"<{name}>" in text  # each parameter shows, escaped and clipped


def test_a_repeated_key_renders() -> None:
    e = error(Reason.DUPLICATE_KEY, key="code").at(line=7)
    assert "code" in render_error(catalog.for_lang("en"), e)


def test_a_huge_unknown_field_still_lists_the_error() -> None:
    e = error(Reason.UNKNOWN_FIELD).at(section="I", item="1.1", line=9, field=HUGE)
    [message] = domain_error_messages(catalog.for_lang("en"), FileRejected([e]))
    assert "is not used in a scale file" in message and len(plain_text(message)) < 400

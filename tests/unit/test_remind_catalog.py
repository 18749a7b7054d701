"""Every `/remind` refusal has its text in both languages, with exactly the params it carries."""

from __future__ import annotations

import pytest

from bot.domain.calendar import Phase
from bot.domain.reminders import ReminderInputError, RemindReason, parse_remind
from bot.i18n import Catalog, placeholders

#: One input that triggers each reason.
EXAMPLES: dict[RemindReason, list[str]] = {
    RemindReason.BAD_OFFSET: ["soon"],
    RemindReason.NOT_POSITIVE: ["0h"],
    RemindReason.TOO_MANY: [f"{n}m" for n in range(1, 12)],
    RemindReason.TOO_LONG: ["400d"],
    RemindReason.BAD_QUIET: ["quiet", "late"],
    RemindReason.EMPTY_QUIET: ["quiet", "07:00-07:00"],
    RemindReason.BAD_SWITCH: ["weekends", "yes"],
    RemindReason.BAD_PHASE: ["off", "vote"],
    RemindReason.DID_YOU_MEAN: ["weekend", "on"],
}


def test_every_reason_has_an_example() -> None:
    assert set(EXAMPLES) == set(RemindReason)


@pytest.mark.parametrize("reason", list(RemindReason))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_refusal_texts_take_exactly_the_params(reason: RemindReason, lang: str) -> None:
    with pytest.raises(ReminderInputError) as caught:
        parse_remind(EXAMPLES[reason])
    error = caught.value
    assert error.reason is reason
    catalog = Catalog.load()
    template = catalog.texts[lang][error.key]
    assert placeholders(template) == set(error.params)
    assert catalog.t(lang, error.key, **error.params)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_phase_has_its_action_and_button(lang: str) -> None:
    catalog = Catalog.load()
    for phase in Phase:
        assert catalog.has(lang, f"remind.action_{phase.value}")
        assert catalog.has(lang, f"remind.btn_{phase.value}")

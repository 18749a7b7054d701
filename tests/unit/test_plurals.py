"""English plurals: "1 vote", never "1 votes" (docs/GLOSSARY.md: never "{count} units" where
the count can be 1). A count placeholder straight before a plural noun needs the key's `_one`
form, chosen by `Texts.plural`; otherwise the text is reworded ("units: {count}")."""

from __future__ import annotations

import re
from decimal import Decimal

from bot.i18n import Catalog

catalog = Catalog.load()

#: "{count} votes", "{count} more changes"; not "{done}/{total} units" (the glossary's form).
COUNTED = re.compile(
    r"(?<![/\w])\{(\w+)\}\)?\s+(?:(?:more|new|member|valid|bonus)\s+)?"
    r"(units|votes|ballots|seats|approvals|delegates|days|hours|minutes|changes|points"
    r"|characters|documents|titles|reminders|pieces|criteria|people|lines|admins|sections|errors)\b"
)

#: Counts that are never 1: a fixed limit of many, or a length past such a limit.
NEVER_ONE = {
    "titles.name_too_long": "a fixed limit (MAX_TITLE_NAME)",
    "titles.too_many": "a fixed limit of titles",
    "remind.err_too_many": "a fixed limit of reminders",
    "assess.evidence_full": "a fixed limit of evidence pieces",
    "assess.reason_too_long": "a fixed limit of characters",
    "setup.name_too_long": "a fixed limit of characters",
    "fileerrors.too_long": "a fixed limit of characters",
    "fileerrors.name_too_long": "a length over the limit",
    "fileerrors.no_such_day": "the days of a month: 28 to 31",
    "election.rules_head": "the runoff time, chosen among 24, 48 and 72 hours (RULE_CHOICES)",
    "election.rule_runoff_hours": "the runoff time, chosen among 24, 48 and 72 hours",
    "election.runoff_void_head": "the runoff time, chosen among 24, 48 and 72 hours",
    "election.runoff_void_deputy": "the runoff time, chosen among 24, 48 and 72 hours",
    "election.round_deadline_how": "the runoff time, chosen among 24, 48 and 72 hours",
    "election.btn_round_hours": "the runoff time, chosen among 24, 48 and 72 hours",
    "pledge.too_long": "a length over the limit",
    "documents.cli_written": "the documents of a year: six",
    "summary.rank_line": "a unit's total score",
}


def _counted(key: str, text: str) -> list[str]:
    return [m.group(0) for m in COUNTED.finditer(text)]


def test_every_count_before_a_plural_noun_has_its_singular_form() -> None:
    missing = []
    for key in sorted(catalog.keys("en")):
        if key.endswith("_one") or key in NEVER_ONE:
            continue
        found = _counted(key, catalog.texts["en"][key])
        if found and not catalog.has("en", f"{key}_one"):
            missing.append(f"{key}: {found}")
    assert missing == [], "\n".join(missing)


def test_no_english_text_hedges_a_plural_with_s_in_brackets() -> None:
    """ "{count} unit(s)" reads as a form, not a sentence: the count picks the form instead."""
    hedged = [k for k in sorted(catalog.keys("en")) if "(s)" in catalog.texts["en"][k]]
    assert hedged == []


def test_singular_forms_say_the_noun_once_without_s() -> None:
    for key in catalog.keys("en"):
        if key.endswith("_one"):
            assert catalog.has("en", key.removesuffix("_one")), key
            assert not _counted(key, catalog.texts["en"][key]), key


def test_the_never_one_list_names_real_keys() -> None:
    for key in NEVER_ONE:
        assert catalog.has("en", key), key
        assert _counted(key, catalog.texts["en"][key]), f"{key} no longer needs the exception"


def test_plural_picks_the_form_by_count() -> None:
    tx = catalog.for_lang("en")
    line = "summary.vote_line"
    assert tx.plural(line, 1, candidate="KHA", votes=1, chosen="") == "• KHA: 1 vote"
    assert tx.plural(line, 2, candidate="KHA", votes=2, chosen="") == "• KHA: 2 votes"
    assert tx.plural(line, 0, candidate="KHA", votes=0, chosen="") == "• KHA: 0 votes"
    bonus = "scale.bonus_line"
    assert tx.plural(bonus, Decimal("1.0"), total="1") == "➕ Bonus: up to 1 point"
    assert tx.plural(bonus, Decimal("1.5"), total="1.5") == "➕ Bonus: up to 1.5 points"
    locked = "year.deadline_locked"
    one = tx.plural(locked, 1, phase="P", action="submit", count=1, codes="KHA")
    assert one.endswith("1 unit did not submit: KHA.")
    two = tx.plural(locked, 2, phase="P", action="submit", count=2, codes="KHA, KTM")
    assert two.endswith("2 units did not submit: KHA, KTM.")
    vi = catalog.for_lang("vi")
    assert vi.plural(line, 1, candidate="KHA", votes=1, chosen="") == "• KHA: 1 phiếu"
